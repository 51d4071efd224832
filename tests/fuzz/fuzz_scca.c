/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes the Prefetch path: the reader's probe, our header read (the
 * fallback for files libscca refuses) and the events' message, attrs and
 * locator made of what it read, and libscca (loaded as the reader loads
 * it, through its table) over the bytes through a memory file, every value
 * the reader asks for.
 */
#define _GNU_SOURCE 1 /* memfd_create */
#include "core/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "analyze/prefetch/pf_header.h"
#include "analyze/prefetch/pf_info.h"
#include "analyze/prefetch/prefetch.h"
#include "analyze/prefetch/scca_lib.h"
#include "core/buf.h"

static void events(const struct ll_pf_info *pi)
{
	struct ll_buf b;

	ll_buf_init(&b);
	for (size_t i = 0; i < pi->nruns; i++) {
		(void)ll_pf_message(&b, pi, i);
		(void)ll_pf_attrs(&b, pi, i);
		(void)ll_pf_locator(&b, pi->exe, i);
	}
	ll_buf_release(&b);
}

static void header(const uint8_t *data, size_t size)
{
	struct ll_pf_info pi = { 0 };

	(void)ll_pf_kind(data, size);
	(void)ll_pf_declared_size(data, size);
	if (ll_pf_header_read(&pi, data, size) == 0)
		events(&pi);
	ll_pf_info_release(&pi);
}

static void library(const struct ll_scca_api *ls, libscca_file_t *f)
{
	struct ll_pf_info pi = { 0 };
	char buf[4096];
	size_t sz = 0;
	int n = 0;

	ls->file_get_format_version(f, &pi.version, NULL);
	ls->file_get_prefetch_hash(f, &pi.hash, NULL);
	ls->file_get_run_count(f, &pi.run_count, NULL);
	if (ls->file_get_utf8_executable_filename_size(f, &sz, NULL) == 1 && sz &&
	    sz <= sizeof(pi.exe))
		ls->file_get_utf8_executable_filename(f, (uint8_t *)pi.exe, sz, NULL);
	pi.exe[sizeof(pi.exe) - 1] = '\0';
	pi.nruns = LL_PF_RUNS;
	for (size_t i = 0; i < pi.nruns; i++)
		ls->file_get_last_run_time(f, (int)i, &pi.runs[i], NULL);
	if (ls->file_get_number_of_filenames(f, &n, NULL) == 1)
		for (int i = 0; i < n && i < 4096; i++)
			if (ls->file_get_utf8_filename_size(f, i, &sz, NULL) == 1 && sz &&
			    sz <= sizeof(buf) &&
			    ls->file_get_utf8_filename(f, i, (uint8_t *)buf, sz, NULL) == 1)
				(void)ll_pf_info_add_file(&pi, buf, strnlen(buf, sz));
	if (ls->file_get_number_of_volumes(f, &n, NULL) == 1)
		for (int i = 0; i < n && i < 256; i++) {
			libscca_volume_information_t *v = NULL;
			uint32_t serial = 0;
			uint64_t created = 0;

			if (ls->file_get_volume_information(f, i, &v, NULL) != 1)
				continue;
			ls->volume_information_get_serial_number(v, &serial, NULL);
			ls->volume_information_get_creation_time(v, &created, NULL);
			if (ls->volume_information_get_utf8_device_path_size(v, &sz, NULL) == 1 &&
			    sz && sz <= sizeof(buf) &&
			    ls->volume_information_get_utf8_device_path(v, (uint8_t *)buf, sz,
									  NULL) == 1)
				(void)ll_pf_info_add_volume(&pi, buf, strnlen(buf, sz), serial, created);
			ls->volume_information_free(&v, NULL);
		}
	events(&pi);
	ll_pf_info_release(&pi);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct ll_scca_api *ls = ll_scca_api_get();
	libscca_file_t *f = NULL;
	libscca_error_t *err = NULL;
	char path[64], msg[8192];
	int fd = -1;

	header(data, size);
	if (!ls || ll_source_prefetch.probe(data, size, size) == 0)
		return 0;
	if ((fd = memfd_create("fuzz-scca", MFD_CLOEXEC)) < 0 ||
	    write(fd, data, size) != (ssize_t)size)
		goto out;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (ls->file_initialize(&f, NULL) != 1)
		goto out;
	if (ls->file_open(f, path, LIBSCCA_OPEN_READ, &err) == 1) {
		library(ls, f);
		ls->file_close(f, NULL);
	} else if (err) {
		ls->error_backtrace_sprint(err, msg, sizeof(msg));
		ls->error_free(&err);
	}
out:
	if (f)
		ls->file_free(&f, NULL);
	if (fd >= 0)
		close(fd);
	return 0;
}

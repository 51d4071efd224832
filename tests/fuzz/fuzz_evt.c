/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes the EVT path: the reader's probe, libevt (loaded as the reader
 * loads it, in its own namespace) over the bytes through a memory file, and
 * our message table on every record's strings and on the raw input cut
 * into strings.
 */
#define _GNU_SOURCE 1 /* memfd_create */
#include "core/compat.h"

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "analyze/winlog/evt_lib.h"
#include "analyze/winlog/evt_messages.h"
#include "analyze/source.h"
#include "core/buf.h"

extern const struct ll_source_kind ll_source_evt;

static const uint16_t codes[] = { 517, 528, 529, 592, 601, 636, 7035, 7036, 7045, 65535 };

static void messages(const char *source, const char *const *s, size_t n)
{
	struct ll_buf msg = LL_BUF_INIT, user = LL_BUF_INIT;
	struct ll_evt_rec r = { source, "S-1-5-18", s, n };

	for (size_t i = 0; i < LL_ARRAY_SIZE(codes); i++)
		ll_evt_message(&msg, &user, &r, codes[i]);
	ll_buf_release(&msg);
	ll_buf_release(&user);
}

/* The input as NUL-separated strings (at most 32), for the templates. */
static void raw_strings(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	const char *s[32];
	size_t n = 0, start = 0;

	if (!copy)
		return;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (size_t i = 0; i <= size && n < LL_ARRAY_SIZE(s); i++) {
		if (copy[i] == '\0') {
			s[n++] = copy + start;
			start = i + 1;
		}
	}
	messages("Security", s, n);
	messages("Service Control Manager", s, n);
	free(copy);
}

static void record(const struct ll_evt_api *api, libevt_record_t *rec)
{
	char buf[4096], *s[64];
	size_t n = 0;
	uint32_t u32;
	uint16_t u16;
	off64_t off;
	int k = 0;

	api->record_get_identifier(rec, &u32, NULL);
	api->record_get_offset(rec, &off, NULL);
	api->record_get_creation_time(rec, &u32, NULL);
	api->record_get_written_time(rec, &u32, NULL);
	api->record_get_event_identifier(rec, &u32, NULL);
	api->record_get_event_type(rec, &u16, NULL);
	api->record_get_event_category(rec, &u16, NULL);
	if (api->record_get_utf8_source_name_size(rec, &n, NULL) == 1 && n && n <= sizeof(buf))
		api->record_get_utf8_source_name(rec, (uint8_t *)buf, n, NULL);
	if (api->record_get_utf8_user_security_identifier_size(rec, &n, NULL) == 1 && n &&
	    n <= sizeof(buf))
		api->record_get_utf8_user_security_identifier(rec, (uint8_t *)buf, n, NULL);
	if (api->record_get_number_of_strings(rec, &k, NULL) != 1)
		return;
	n = 0;
	for (int i = 0; i < k && n < LL_ARRAY_SIZE(s); i++) {
		size_t sz = 0;

		if (api->record_get_utf8_string_size(rec, i, &sz, NULL) != 1 || !sz || sz > (1u << 20) ||
		    !(s[n] = malloc(sz)))
			continue;
		if (api->record_get_utf8_string(rec, i, (uint8_t *)s[n], sz, NULL) == 1) {
			s[n][sz - 1] = '\0';
			n++;
		} else {
			free(s[n]);
		}
	}
	messages("Security", (const char *const *)s, n);
	for (size_t i = 0; i < n; i++)
		free(s[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct ll_evt_api *api = ll_evt_api_get();
	libevt_file_t *f = NULL;
	char path[64];
	int fd = -1, n = 0;

	raw_strings(data, size);
	if (!api || ll_source_evt.probe(data, size, size) == 0)
		return 0;
	if ((fd = memfd_create("fuzz-evt", MFD_CLOEXEC)) < 0 ||
	    write(fd, data, size) != (ssize_t)size)
		goto out;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (api->file_initialize(&f, NULL) != 1)
		goto out;
	if (api->file_open(f, path, LIBEVT_OPEN_READ, NULL) == 1) {
		if (api->file_get_number_of_records(f, &n, NULL) == 1)
			for (int i = 0; i < n && i < 256; i++) {
				libevt_record_t *r = NULL;

				if (api->file_get_record_by_index(f, i, &r, NULL) == 1) {
					record(api, r);
					api->record_free(&r, NULL);
				}
			}
		if (api->file_get_number_of_recovered_records(f, &n, NULL) == 1)
			for (int i = 0; i < n && i < 256; i++) {
				libevt_record_t *r = NULL;

				if (api->file_get_recovered_record_by_index(f, i, &r, NULL) == 1) {
					record(api, r);
					api->record_free(&r, NULL);
				}
			}
		api->file_close(f, NULL);
	}
out:
	if (f)
		api->file_free(&f, NULL);
	if (fd >= 0)
		close(fd);
	return 0;
}

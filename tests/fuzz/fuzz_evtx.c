/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes the EVTX path: the chunk walk, libevtx over the bytes (from
 * memory), and our XML reader and message table on every record's XML and
 * on the raw input as XML.
 */
#include "core/compat.h"

#include <libevtx.h>
#include <libbfio.h>

#include "analyze/winlog/evtx_messages.h"
#include "analyze/winlog/evtx_scan.h"
#include "analyze/winlog/evtx_xml.h"
#include "core/buf.h"

#include "fuzz_mem.h"

static void xml(struct ll_evtx_doc *d, const char *s, size_t n)
{
	struct ll_buf msg = LL_BUF_INIT, user = LL_BUF_INIT;

	if (ll_evtx_xml_parse(d, s, n) == 0) {
		ll_evtx_message(&msg, &user, d, 4624);
		ll_evtx_message(&msg, &user, d, 1);
		ll_evtx_message(&msg, &user, d, 99999);
		ll_evtx_doc_get(d, "CommandLine");
	}
	ll_buf_release(&msg);
	ll_buf_release(&user);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem m = { data, size };
	struct ll_evtx_doc d = { 0 };
	struct ll_evtx_map map;
	libevtx_file_t *f = NULL;
	libbfio_handle_t *h = NULL;
	/* the reader's workaround for libbfio's memory range overread: slack */
	uint8_t *copy = calloc(1, size + (128u << 10));
	uint64_t off;
	int n = 0;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (ll_evtx_map_build(&map, mem_read64, &m, size) == 0) {
		ll_evtx_map_find(&map, 1, true, &off);
		ll_evtx_map_has_live(&map, 2, 0);
		ll_evtx_map_release(&map);
	}
	xml(&d, (const char *)data, size);
	if (size >= 4096 && !memcmp(data, "ElfFile", 7) &&
	    libevtx_file_initialize(&f, NULL) == 1 &&
	    libbfio_memory_range_initialize(&h, NULL) == 1 &&
	    libbfio_memory_range_set(h, copy, size, NULL) == 1 &&
	    libevtx_file_open_file_io_handle(f, h, LIBEVTX_OPEN_READ, NULL) == 1) {
		libevtx_file_get_number_of_records(f, &n, NULL);
		for (int i = 0; i < n && i < 64; i++) {
			libevtx_record_t *r = NULL;
			size_t xs = 0;
			char *x;

			if (libevtx_file_get_record_by_index(f, i, &r, NULL) != 1)
				continue;
			if (libevtx_record_get_utf8_xml_string_size(r, &xs, NULL) == 1 && xs &&
			    xs < (1u << 24) && (x = malloc(xs))) {
				if (libevtx_record_get_utf8_xml_string(r, (uint8_t *)x, xs, NULL) == 1)
					xml(&d, x, strnlen(x, xs));
				free(x);
			}
			libevtx_record_free(&r, NULL);
		}
		libevtx_file_close(f, NULL);
	}
	if (f)
		libevtx_file_free(&f, NULL);
	if (h)
		libbfio_handle_free(&h, NULL);
	ll_evtx_doc_release(&d);
	free(copy);
	return 0;
}

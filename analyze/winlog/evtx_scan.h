/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where each EVTX record lies in the file. libevtx 20181227 reports offset 0
 * for every record, so the locator's chunk and offset come from this scan
 * of the chunk layout (live records by walking each chunk, recovered ones by
 * their signature in the chunk's free space).
 */
#ifndef LL_ANALYZE_EVTX_SCAN_H
#define LL_ANALYZE_EVTX_SCAN_H

#include "core/compat.h"

struct ll_evtx_loc {
	uint64_t id;      /* record number in the record header */
	uint64_t offset;  /* file offset of the record */
	uint64_t written; /* header written time (FILETIME) */
	bool live;        /* inside the chunk's used area */
};

struct ll_evtx_map {
	struct ll_evtx_loc *v;
	size_t n, cap;
};

/* Reads `n` bytes at `off` into buf; returns bytes read or < 0. */
typedef int64_t (*ll_evtx_read_fn)(void *arg, uint64_t off, void *buf, size_t n);

/* Scans a file of `size` bytes; damaged chunks are skipped. */
int ll_evtx_map_build(struct ll_evtx_map *m, ll_evtx_read_fn rd, void *arg,
		      uint64_t size);
/* The offset of record `id`, preferring a live (or recovered) copy; false if unknown. */
bool ll_evtx_map_find(const struct ll_evtx_map *m, uint64_t id, bool live,
		      uint64_t *offset);
/* True if a live record has this id and header time (a recovered copy is a duplicate). */
bool ll_evtx_map_has_live(const struct ll_evtx_map *m, uint64_t id, uint64_t written);
void ll_evtx_map_release(struct ll_evtx_map *m);

#endif

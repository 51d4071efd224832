/* SPDX-License-Identifier: Apache-2.0 */
/* An E01 segment file's section chain checked against its own checksums. */
#ifndef LL_COLLECT_EWF_SECTIONS_H
#define LL_COLLECT_EWF_SECTIONS_H

#include "core/compat.h"

/* Reads `len` bytes at `off`; returns the count read (short at the end) or < 0. */
typedef int64_t (*ll_ewf_read_at_fn)(void *payload, uint64_t off, void *buf, size_t len);

/* What the walk found besides damage. */
struct ll_ewf_sections {
	uint64_t sections;
	bool done;              /* ends in "done" (last segment) rather than "next" */
	bool has_md5, has_sha1; /* a hash or digest section stored them */
	uint8_t md5[16], sha1[20];
	uint64_t chunks;        /* chunk count of the volume section, 0 if none */
	uint64_t media_size;    /* sectors * bytes per sector of the volume section */
};

/*
 * Walks the EWF 1 (E01, EnCase 1-7) section chain of one segment file of
 * `file_size` bytes read through `read_at`: every section header's Adler-32,
 * that each section lies inside the file after the one before, the
 * checksums of the volume/disk/data, table/table2, hash and digest
 * sections, that header/header2 sections inflate, and that the chain ends
 * in "done" or "next". The chunk data of "sectors" is left to
 * ll_ewf_hash_chunks. Returns 0, LL_EVERIFY (damage; the message names
 * the section and its file offset), LL_EUNSUPPORTED (not an EWF 1 file), or
 * another negative error from `read_at`.
 */
int ll_ewf_sections_check(struct ll_ewf_sections *out, ll_ewf_read_at_fn read_at,
			  void *payload, uint64_t file_size);

#endif

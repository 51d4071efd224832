/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The NTFS change journal ($Extend/$UsnJrnl:$J, issue #19 item 6): a bounded
 * scan of USN_RECORD_V2/V3 records, wherever the bytes come from (a file
 * system walked by libtsk, a loose $J). No library: libtsk's own walk
 * (tsk_ntfs_usnjentry_walk) stops at the first damaged record, gives no
 * offsets and skips V3 records; usnjls, built on it, is the tests' oracle.
 */
#ifndef LL_ANALYZE_USN_PARSE_H
#define LL_ANALYZE_USN_PARSE_H

#include "core/compat.h"

#include <stddef.h>
#include <stdint.h>

/* Fixed parts of the records (the name follows at name_off). */
#define LL_USN_V2_FIXED 60u
#define LL_USN_V3_FIXED 76u
#define LL_USN_V4_FIXED 64u
/* An NTFS name is at most 255 UTF-16 units. */
#define LL_USN_NAME_MAX 510u
/* The largest record accepted: a V3 header, the longest name, alignment. */
#define LL_USN_REC_MAX 592u

/* One record as read; `name` borrowed for the callback. */
struct ll_usn_rec {
	uint64_t off;          /* byte offset of the record in $J */
	uint32_t len;          /* RecordLength */
	uint16_t major, minor;
	uint64_t ref;          /* MFT entry of the file (48 bits for NTFS) */
	uint16_t ref_seq;
	uint64_t parent;
	uint16_t parent_seq;
	uint64_t ref_hi, parent_hi; /* V3: the upper 64 bits of the 128-bit ids (0 on NTFS) */
	uint64_t usn;
	uint64_t filetime;     /* 100 ns ticks since 1601, UTC */
	uint32_t reason, source_info, security_id, attributes;
	const uint8_t *name;   /* UTF-16LE, name_len bytes */
	uint16_t name_len;
};

/*
 * Checks the record whose bytes are data[0..len) (len = what is available,
 * possibly more than the record) and fills `r` (r->off set by the caller).
 * 0 for a record, 1 for a V4 range record (valid, no name: counted, not an
 * event), LL_ECORRUPT with the field and offset named otherwise.
 */
int ll_usn_rec_parse(struct ll_usn_rec *r, const uint8_t *data, size_t len, uint64_t off);

/* Reads n bytes at `off` of the journal into buf; returns the count (0 at the end) or < 0. */
typedef int64_t (*ll_usn_read_fn)(void *payload, uint64_t off, void *buf, size_t n);
/*
 * Where data next begins at or after `off` (the end of a sparse run, of a
 * file's hole), or `off` itself when it is in data. May be NULL.
 */
typedef uint64_t (*ll_usn_data_fn)(void *payload, uint64_t off);

struct ll_usn_scan_cb {
	ll_usn_read_fn read;
	ll_usn_data_fn next_data;
	void *io;          /* read's and next_data's payload */
	/* Each record; < 0 stops the scan (returned). */
	int (*record)(const struct ll_usn_rec *r, void *payload);
	/* A damaged record at `off` (why names the field); < 0 stops the scan. */
	int (*damaged)(uint64_t off, const char *why, void *payload);
	void *payload;
};

struct ll_usn_scan_stats {
	uint64_t records, v4, damaged;
	uint64_t sparse_skipped;  /* bytes stepped over without reading (holes, runs) */
	uint64_t zero_skipped;    /* zero bytes read and stepped over */
	uint64_t first_off;       /* offset of the first record, UINT64_MAX when none */
};

/*
 * Scans a journal of `size` bytes: zero padding and holes are stepped over
 * (8-byte aligned, as Windows writes records), each record is checked
 * before anything of it is used, and after a damaged one the scan resumes
 * at the next 8-byte aligned offset that holds a plausible record. Returns
 * 0, a callback's negative value, or the read function's error.
 */
int ll_usn_scan(struct ll_usn_scan_stats *st, uint64_t size, const struct ll_usn_scan_cb *cb);

/*
 * Content sniffing of a loose $J: after leading zeros (8-byte aligned), a
 * plausible record, and the one after it when the head holds it. True
 * only when the head has a record: a $J extracted with its sparse start
 * as zeros longer than the head is not recognised by content.
 */
bool ll_usn_probe(const uint8_t *head, size_t len);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * USN records into events, wherever the journal's bytes come from: a loose
 * $J (usn_reader.c) or $Extend/$UsnJrnl:$J of a file system the image
 * reader walks (tsk/tsk_usn.c). One event per record, at its time.
 */
#ifndef LL_ANALYZE_USN_EVENT_H
#define LL_ANALYZE_USN_EVENT_H

#include "core/compat.h"

#include <stdint.h>

#include "analyze/source.h"
#include "analyze/usn/usn_parse.h"
#include "core/buf.h"

/* The reasons an encryption run leaves (the burst detector counts them). */
#define LL_USN_REASON_DATA_OVERWRITE 0x00000001u
#define LL_USN_REASON_DATA_EXTEND 0x00000002u
#define LL_USN_REASON_FILE_CREATE 0x00000100u
#define LL_USN_REASON_FILE_DELETE 0x00000200u
#define LL_USN_REASON_RENAME_OLD_NAME 0x00001000u
#define LL_USN_REASON_RENAME_NEW_NAME 0x00002000u

/* Damaged records named one by one per journal; the rest are counted. */
#define LL_USN_WARN_MAX 20

/*
 * Appends the reason flags' names in ascending bit order, one space
 * between, as usnjls prints them (USN_REASON_ without its prefix); the
 * three flags libtsk does not know are named too (TRANSACTED_CHANGE,
 * INTEGRITY_CHANGE, DESIRED_STORAGE_CLASS_CHANGE), any other bit as
 * UNKNOWN_0x…; "" for none.
 */
int ll_usn_reason_names(struct ll_buf *out, uint32_t reason);
/* The same for the source info and the file attributes. */
int ll_usn_source_names(struct ll_buf *out, uint32_t source_info);
int ll_usn_attr_names(struct ll_buf *out, uint32_t attributes);

/*
 * Appends UTF-16LE (`len` bytes) as UTF-8, as a record's name is written:
 * a NUL or an unpaired surrogate becomes U+FFFD. < 0 only for memory.
 */
int ll_usn_utf16_name(struct ll_buf *out, const uint8_t *p, size_t len);

/* Where a journal lies, for its events and warnings. */
struct ll_usn_where {
	const char *label;      /* warnings: "'img' /$Extend/$UsnJrnl:$J (part_offset=…)" */
	const char *path;       /* the events' path: the journal's own */
	const char *loc_prefix; /* "part_offset=…;inode=…;" or "" for a loose file */
	/*
	 * The parent directory's path from its reference (usn_path.h: the
	 * image's MFT through libtsk, or a loose $MFT of the same item), or
	 * NULL (a loose $J alone: the name only). 1 resolved into `dir`
	 * ("" for the root), 0 not (`note` says why), < 0 out of memory.
	 */
	int (*resolve)(void *payload, uint64_t parent, uint16_t parent_seq, struct ll_buf *dir,
		       struct ll_buf *note);
	void *resolve_payload;
};

/*
 * Scans a journal of `size` bytes through `rd` (`nd` may be NULL) and
 * writes its records as events; damaged records are warnings naming the
 * file and offset and rejected records, never the item's failure. < 0
 * only for what stops the reader (memory, storage, a read error). `st`
 * gets the scan's counts.
 */
int ll_usn_read(struct ll_usn_scan_stats *st, struct ll_source_ctx *ctx,
		const struct ll_usn_where *w, uint64_t size, ll_usn_read_fn rd, ll_usn_data_fn nd,
		void *payload);

#endif

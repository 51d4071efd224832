/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One FILE record of a loose $MFT (issue #19, part 2): the bytes of a
 * record as a responder's copy of $MFT holds them, read without libtsk
 * (which needs a whole file system) and without trusting a byte of them:
 * the update sequence array is checked on every sector before the record
 * is believed, and the $FILE_NAME attribute gives the parent reference
 * (entry and sequence number) and the name a change journal's parent
 * reference is resolved through. Pure: no I/O, no allocation.
 */
#ifndef LL_ANALYZE_MFT_RECORD_H
#define LL_ANALYZE_MFT_RECORD_H

#include "core/compat.h"

#include <stddef.h>
#include <stdint.h>

/* The sector the update sequence array protects (NTFS writes 512 on every disk it makes). */
#define LL_MFT_SECTOR 512
/* The record sizes a $MFT may hold (1 KiB on nearly every volume; 4 KiB on 4Kn disks). */
#define LL_MFT_RECORD_MIN 1024
#define LL_MFT_RECORD_MAX 4096

struct ll_mft_record {
	uint16_t seq;          /* the entry's sequence number */
	bool in_use;           /* flags bit 0: allocated */
	bool is_dir;           /* flags bit 1: a directory */
	uint64_t base;         /* the base record's entry for an extension record, else 0 */
	bool has_name;         /* a $FILE_NAME was found (then the fields below are set) */
	uint64_t parent;       /* its parent reference: entry (48 bits) */
	uint16_t parent_seq;   /* and sequence number */
	uint8_t name_space;    /* 0 POSIX, 1 Win32, 2 DOS, 3 Win32 and DOS */
	const uint8_t *name;   /* UTF-16LE, in the caller's buffer */
	size_t name_len;       /* bytes */
};

/*
 * The record size a $MFT's first record says (bytes allocated, offset
 * 0x1C): LL_MFT_RECORD_MIN..MAX, a power of two. 0, or LL_ECORRUPT naming
 * the field.
 */
int ll_mft_record_size(uint32_t *out, const uint8_t *rec, size_t len);

/*
 * Parses the record in `rec` (`len` bytes, the record size; the update
 * sequence array is applied in place, so `rec` is the caller's copy).
 * `off` is the record's offset in the $MFT, for messages. 0 for a record;
 * LL_ENOTFOUND for a slot never written (no "FILE" signature: zeros, or
 * "BAAD" as chkdsk marks a record it gave up on); LL_ECORRUPT with the
 * reason and the offset of the byte at fault in the last error (a sector
 * whose last two bytes are not the update sequence number, an attribute
 * that runs past the record, a $FILE_NAME too short for its name). The
 * Win32 (or POSIX) name is preferred over the DOS 8.3 one.
 */
int ll_mft_record_parse(struct ll_mft_record *out, uint8_t *rec, size_t len, uint64_t off);

#endif

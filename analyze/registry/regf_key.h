/* SPDX-License-Identifier: Apache-2.0 */
/* A registry key and its values as the hive walk hands them on, and the decoding of value data. */
#ifndef LL_ANALYZE_REGF_KEY_H
#define LL_ANALYZE_REGF_KEY_H

#include "core/compat.h"

#include <stddef.h>
#include <stdint.h>

struct ll_buf;

/* Value types (winnt.h). */
enum {
	LL_REG_NONE = 0,
	LL_REG_SZ = 1,
	LL_REG_EXPAND_SZ = 2,
	LL_REG_BINARY = 3,
	LL_REG_DWORD = 4,
	LL_REG_DWORD_BE = 5,
	LL_REG_LINK = 6,
	LL_REG_MULTI_SZ = 7,
	LL_REG_QWORD = 11,
};

/*
 * One value: its name ("" for the key's default value), type and data.
 * `len` bytes of data are kept (at most the walk's value limit); `size` is
 * the size the hive gives, so a cut value is visible (len < size).
 */
struct ll_regf_value {
	const char *name;
	uint32_t type;
	const uint8_t *data;
	size_t len;
	uint64_t size;
};

/*
 * One key. `path` is the key path as regfexport prints it (the root key's
 * name first, components joined by '\'); `rel` points into it after the
 * root's name and its separator ("" for the root itself), the path the
 * interpretations match (registry names compare without case). The values
 * are read only for the keys the interpretations want (nvals_read == 0
 * otherwise); all strings and data are borrowed for the callback.
 */
struct ll_regf_key {
	const char *path;
	const char *rel;
	unsigned depth;
	int64_t offset;     /* libregf's offset of the key's named-key cell */
	uint64_t filetime;  /* last written, FILETIME */
	uint32_t nsubkeys, nvalues;
	const struct ll_regf_value *values;
	size_t nvals_read;
};

/* The value named `name` (without case), or NULL. */
const struct ll_regf_value *ll_regf_key_value(const struct ll_regf_key *k, const char *name);

/*
 * Appends UTF-16LE text as UTF-8, up to the first NUL (or the end): unpaired
 * surrogates become U+FFFD, an odd last byte is dropped.
 */
int ll_regf_utf16_append(struct ll_buf *out, const uint8_t *data, size_t len);

/*
 * Appends a value's data as text: strings (REG_SZ, REG_EXPAND_SZ, REG_LINK)
 * as UTF-8; REG_MULTI_SZ's strings joined by "; "; REG_DWORD, REG_DWORD_BE
 * and REG_QWORD in decimal; anything else (and a number of the wrong size)
 * in hex, at most 64 bytes, then "…". Returns 0 or LL_ENOMEM.
 */
int ll_regf_value_text(struct ll_buf *out, const struct ll_regf_value *v);

/* A REG_DWORD (or a 4-byte REG_BINARY) as a number; false if it is not one. */
bool ll_regf_value_u32(uint32_t *out, const struct ll_regf_value *v);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Decoding Linux login records (wtmp, btmp, utmp: glibc struct utmp) from bytes, without a case. */
#ifndef LL_ANALYZE_UTMP_PARSE_H
#define LL_ANALYZE_UTMP_PARSE_H

#include "core/compat.h"

struct ll_tl_row;

/* One record of glibc's struct utmp on Linux (x86_64, i386, arm, arm64 …). */
#define LL_UTMP_RECORD 384

/* ut_type values of glibc <utmp.h>: one more is impossible. */
enum ll_utmp_type {
	LL_UTMP_EMPTY = 0,
	LL_UTMP_RUN_LVL = 1,
	LL_UTMP_BOOT_TIME = 2,
	LL_UTMP_NEW_TIME = 3,
	LL_UTMP_OLD_TIME = 4,
	LL_UTMP_INIT_PROCESS = 5,
	LL_UTMP_LOGIN_PROCESS = 6,
	LL_UTMP_USER_PROCESS = 7,
	LL_UTMP_DEAD_PROCESS = 8,
	LL_UTMP_ACCOUNTING = 9,
};

/* A string field: the bytes before its first NUL (the whole field when it has none). */
struct ll_utmp_str {
	const char *p;
	size_t n;
};

/*
 * A decoded record. Strings point into the record bytes given to
 * ll_utmp_decode and live as long as they do.
 */
struct ll_utmp_rec {
	int type;                  /* 0..9 */
	int32_t pid;
	struct ll_utmp_str line, id, user, host;
	int16_t exit_termination, exit_status;
	int32_t session;
	int64_t sec;               /* ut_tv.tv_sec, >= 0 */
	int32_t usec;              /* ut_tv.tv_usec, 0..999999 */
	uint8_t addr[16];          /* ut_addr_v6 as stored (network byte order) */
	bool all_zero;             /* every byte of the record is zero */
};

/*
 * Decodes the LL_UTMP_RECORD bytes at `rec` by their little-endian offsets.
 * Returns 0, or LL_ECORRUPT with the reason in `why` (an impossible type, a
 * time before 1970 or microseconds out of range, a control byte inside a
 * string field).
 */
int ll_utmp_decode(struct ll_utmp_rec *r, const uint8_t *rec, char *why, size_t whylen);

/* "USER_PROCESS" … for 0..9, else NULL. */
const char *ll_utmp_type_name(int type);

/*
 * The client address text: IPv4 when only the first word of ut_addr_v6 is
 * set, else IPv6; "" when all zero. `out` has room for 46 bytes.
 */
void ll_utmp_addr_text(char out[46], const struct ll_utmp_rec *r);

/*
 * Fills row->msg, attrs, raw ("sec.usec") and user for a decoded record
 * (row buffers are reset first; loc and host are left alone). user is set
 * only for process records (INIT, LOGIN, USER, DEAD, ACCOUNTING): the
 * "reboot", "runlevel", "shutdown" of the others are not accounts.
 */
int ll_utmp_format(struct ll_tl_row *row, const struct ll_utmp_rec *r);

/*
 * Content sniffing (no magic exists): the whole records in `head` must
 * decode, at least one must be a non-empty record with a time between 1980
 * and 2038, and strings must be NUL-padded. 0 = not login records.
 */
int ll_utmp_probe(const uint8_t *head, size_t len, uint64_t file_size);

#endif

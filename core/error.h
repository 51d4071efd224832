/* SPDX-License-Identifier: Apache-2.0 */
/* Error codes and the thread-local last-error message (libgit2 style). */
#ifndef LL_CORE_ERROR_H
#define LL_CORE_ERROR_H

#include "core/compat.h"

enum ll_err {
	LL_OK = 0,
	LL_EINVAL = -1,      /* caller misuse, bad option value */
	LL_ENOMEM = -2,
	LL_EIO = -3,         /* read/write failure, output problem */
	LL_ENOTFOUND = -4,   /* input missing */
	LL_EEXISTS = -5,     /* refusing to overwrite */
	LL_EUNSUPPORTED = -6,
	LL_ECORRUPT = -7,    /* malformed input */
	LL_EVERIFY = -8,     /* hash, chain or signature mismatch */
	LL_EINTERNAL = -9,
	LL_EINTERRUPTED = -10 /* stopped by a signal */
};

/*
 * Records `code` and a printf-style message as this thread's last error and
 * returns `code`, so callers can write `return ll_error_set(...)`.
 */
int ll_error_set(int code, const char *fmt, ...) LL_PRINTF(2, 3);

/* Prefixes the current message with context ("reading 'x': <old message>"). */
int ll_error_context(const char *fmt, ...) LL_PRINTF(1, 2);

/* The last message (never NULL; "" when none) and code. Borrowed. */
const char *ll_error_message(void);
int ll_error_code(void);
void ll_error_clear(void);

/* Short stable name of a code for JSON ("corrupt", "io", ...). */
const char *ll_error_name(int code);

/* Drains OpenSSL's error queue into the message; returns `code`. */
int ll_error_set_openssl(int code, const char *what);

/*
 * As ll_error_set, and records where in lifeline's source the error was set
 * (`file:line`, SQLite's SQLITE_CORRUPT_BKPT); the message is unchanged.
 * ll_error_set, ll_error_clear and ll_error_set_at itself replace the place.
 */
int ll_error_set_at(const char *file, int line, int code, const char *fmt, ...)
	LL_PRINTF(4, 5);

/* `file:line` recorded by the last LL_CORRUPT ("" when none). Borrowed. */
const char *ll_error_where(void);

/* Malformed input: LL_ECORRUPT with the message and the source place. */
#define LL_CORRUPT(...) \
	ll_error_set_at(__FILE__, __LINE__, LL_ECORRUPT, __VA_ARGS__)

/*
 * An impossible state, a bug in lifeline: prints "lifeline: BUG: file:line:
 * message" to stderr and exits 70 (docs/exit-codes.md). The one exit allowed
 * in modules (CONVENTIONS §3).
 */
_Noreturn void ll_bug(const char *file, int line, const char *fmt, ...)
	LL_PRINTF(3, 4);
#define LL_BUG(...) ll_bug(__FILE__, __LINE__, __VA_ARGS__)

#endif

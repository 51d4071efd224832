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

#define LL_CORRUPT(...) ll_error_set(LL_ECORRUPT, __VA_ARGS__)

#endif

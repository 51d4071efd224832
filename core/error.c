/* SPDX-License-Identifier: Apache-2.0 */
/* Thread-local last error, the one place error text is formatted. */
#include "core/compat.h"
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#define LL_ERRMSG_MAX 2048

static _Thread_local char last_msg[LL_ERRMSG_MAX];
static _Thread_local int last_code;
static _Thread_local char last_where[256];

int ll_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	va_end(ap);
	last_code = code;
	last_where[0] = '\0';
	return code;
}

int ll_error_set_at(const char *file, int line, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	va_end(ap);
	last_code = code;
	snprintf(last_where, sizeof(last_where), "%s:%d", file, line);
	return code;
}

const char *ll_error_where(void)
{
	return last_where;
}

void ll_bug(const char *file, int line, const char *fmt, ...)
{
	char msg[LL_ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fflush(stdout);
	/* one write, so the line is not split among other threads' output */
	fprintf(stderr, "lifeline: BUG: %s:%d: %s\n", file, line, msg);
	exit(70);
}

int ll_error_context(const char *fmt, ...)
{
	char ctx[LL_ERRMSG_MAX];
	char old[LL_ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx, sizeof(ctx), fmt, ap);
	va_end(ap);
	memcpy(old, last_msg, sizeof(old));
	/* truncation of a very long message is acceptable */
	size_t n = strnlen(ctx, sizeof(ctx) - 1);
	memcpy(last_msg, ctx, n);
	if (old[0] && n + 2 < sizeof(last_msg)) {
		last_msg[n++] = ':';
		last_msg[n++] = ' ';
		size_t m = strnlen(old, sizeof(last_msg) - n - 1);
		memcpy(last_msg + n, old, m);
		n += m;
	}
	last_msg[n] = '\0';
	return last_code;
}

const char *ll_error_message(void)
{
	return last_msg;
}

int ll_error_code(void)
{
	return last_code;
}

void ll_error_clear(void)
{
	last_msg[0] = '\0';
	last_code = 0;
	last_where[0] = '\0';
}

const char *ll_error_name(int code)
{
	switch (code) {
	case LL_OK: return "ok";
	case LL_EINVAL: return "invalid";
	case LL_ENOMEM: return "nomem";
	case LL_EIO: return "io";
	case LL_ENOTFOUND: return "notfound";
	case LL_EEXISTS: return "exists";
	case LL_EUNSUPPORTED: return "unsupported";
	case LL_ECORRUPT: return "corrupt";
	case LL_EVERIFY: return "verify";
	case LL_EINTERRUPTED: return "interrupted";
	default: return "internal";
	}
}

int ll_error_set_openssl(int code, const char *what)
{
	char detail[512] = "";
	unsigned long e;
	size_t len = 0;

	while ((e = ERR_get_error()) != 0) {
		char one[256];

		ERR_error_string_n(e, one, sizeof(one));
		if (len < sizeof(detail) - 1)
			len += (size_t)snprintf(detail + len, sizeof(detail) - len,
						"%s%s", len ? "; " : "", one);
	}
	if (detail[0])
		return ll_error_set(code, "%s: %s", what, detail);
	return ll_error_set(code, "%s", what);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* The sticky-error report writer (out.h). */
#include "core/compat.h"
#include "casefile/report/out.h"

#include <stdarg.h>
#include <stdio.h>

#include "casefile/report/html.h"
#include "core/buf.h"
#include "core/error.h"

static void keep(struct ll_out *o, int rc)
{
	if (rc < 0 && o->rc == 0)
		o->rc = rc;
}

void ll_out_puts(struct ll_out *o, const char *markup)
{
	if (o->rc == 0)
		keep(o, ll_buf_puts(o->b, markup));
}

void ll_out_vprintf(struct ll_out *o, const char *fmt, va_list ap)
{
	char small[512];
	va_list again;
	int n;

	if (o->rc)
		return;
	va_copy(again, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n < 0) {
		keep(o, ll_error_set(LL_EINVAL, "cannot format report text"));
	} else if ((size_t)n < sizeof(small)) {
		keep(o, ll_buf_put(o->b, small, (size_t)n));
	} else {
		keep(o, ll_buf_grow(o->b, (size_t)n + 1));
		if (o->rc == 0) {
			vsnprintf(o->b->ptr + o->b->len, (size_t)n + 1, fmt, again);
			o->b->len += (size_t)n;
		}
	}
	va_end(again);
}

void ll_out_printf(struct ll_out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ll_out_vprintf(o, fmt, ap);
	va_end(ap);
}

void ll_out_user(struct ll_out *o, const char *s)
{
	if (o->rc == 0)
		keep(o, ll_html_user(o->b, s));
}

void ll_out_user_max(struct ll_out *o, const char *s, size_t max)
{
	if (o->rc == 0)
		keep(o, ll_html_user_max(o->b, s, max));
}

void ll_out_text_max(struct ll_out *o, const char *s, size_t max)
{
	if (o->rc == 0)
		keep(o, ll_html_text_max(o->b, s, max));
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Splits a rule file into its YAML documents, keeping the file's line numbers. */
#include "core/compat.h"
#include "analyze/detect/rule_docs.h"

#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

/* `---` or `...` at the start of a line, then a blank or the line's end. */
static bool marker(const char *p, const char *end)
{
	if (end - p < 3 || (memcmp(p, "---", 3) && memcmp(p, "...", 3)))
		return false;
	p += 3;
	return p == end || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
}

/* Something besides blanks, comments and directives between `a` and `b`. */
static bool has_content(const char *a, const char *b)
{
	for (const char *p = a; p < b;) {
		const char *nl = memchr(p, '\n', (size_t)(b - p));
		const char *e = nl ? nl : b, *q = p;

		if (marker(p, e)) /* "--- {title: x}": content after the marker */
			q = p + 3;
		while (q < e && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q < e && *q != '#' && !(q == p && *q == '%'))
			return true;
		p = nl ? nl + 1 : b;
	}
	return false;
}

static int push(struct ll_buf **v, size_t *n, const char *a, const char *b, size_t line)
{
	struct ll_buf *nv = ll_reallocarray(*v, *n + 1, sizeof(*nv));
	int rc = 0;

	if (!nv)
		return ll_error_set(LL_ENOMEM, "out of memory");
	*v = nv;
	ll_buf_init(&nv[*n]);
	for (size_t i = 1; i < line && rc == 0; i++)
		rc = ll_buf_putc(&nv[*n], '\n');
	if (rc == 0)
		rc = ll_buf_put(&nv[*n], a, (size_t)(b - a));
	/* an empty buffer still has its terminating NUL */
	if (rc == 0 && !nv[*n].ptr)
		rc = ll_buf_puts(&nv[*n], "");
	if (rc < 0) {
		ll_buf_release(&nv[*n]);
		return rc;
	}
	(*n)++;
	return 0;
}

int ll_rule_docs_split(struct ll_buf **out, size_t *n, const char *text, size_t len)
{
	const char *end = text + len, *start = text, *p = text;
	size_t line = 1, start_line = 1;
	int rc = 0;

	*out = NULL;
	*n = 0;
	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl + 1 : end;

		if (p > start && marker(p, nl ? nl : end)) {
			/* `...` ends the document before it; `---` begins the next */
			const char *cut = p[0] == '.' ? e : p;

			if (has_content(start, cut))
				rc = push(out, n, start, cut, start_line);
			start = cut;
			start_line = p[0] == '.' ? line + 1 : line;
		}
		p = e;
		line++;
	}
	if (rc == 0 && has_content(start, end))
		rc = push(out, n, start, end, start_line);
	if (rc == 0 && *n == 0)
		rc = push(out, n, text, end, 1);
	if (rc < 0) {
		ll_rule_docs_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void ll_rule_docs_free(struct ll_buf *docs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ll_buf_release(&docs[i]);
	ll_free(docs);
}

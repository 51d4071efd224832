/* SPDX-License-Identifier: Apache-2.0 */
/* A strict RFC 4180 CSV reader: every malformed byte is an error with its place. */
#include "core/compat.h"
#include "analyze/harm/csv.h"

#include "core/alloc.h"
#include "core/error.h"

void ll_csv_init(struct ll_csv *c, const char *data, size_t len)
{
	memset(c, 0, sizeof(*c));
	c->data = data;
	c->len = len;
	c->line = 1;
	ll_buf_init(&c->arena);
	if (len >= 3 && (uint8_t)data[0] == 0xef && (uint8_t)data[1] == 0xbb &&
	    (uint8_t)data[2] == 0xbf)
		c->pos = 3;
}

void ll_csv_release(struct ll_csv *c)
{
	ll_buf_release(&c->arena);
	ll_free(c->offs);
	ll_free(c->fields);
	c->offs = NULL;
	c->fields = NULL;
	c->cap = 0;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid. */
static size_t utf8_len(const uint8_t *p, size_t avail)
{
	uint32_t cp;
	size_t n;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (n > avail)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static int push_field(struct ll_csv *c, size_t start, size_t *n)
{
	if (*n >= LL_CSV_MAX_FIELDS)
		return ll_error_set(LL_ECORRUPT, "line %" PRIu64 ": more than %u fields",
				    c->line, LL_CSV_MAX_FIELDS);
	if (*n >= c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 32;
		size_t *o = ll_reallocarray(c->offs, nc, sizeof(*o));

		if (!o)
			return ll_error_set(LL_ENOMEM, "out of memory");
		c->offs = o;
		c->cap = nc;
	}
	c->offs[(*n)++] = start;
	return ll_buf_putc(&c->arena, '\0');
}

int ll_csv_next(struct ll_csv_record *rec, struct ll_csv *c)
{
	const uint8_t *d = (const uint8_t *)c->data;
	size_t n = 0, start;
	uint64_t rec_line = c->line, quote_line = 0;
	bool quoted = false, after_quote = false, in_field = false;
	int rc;

	if (c->pos >= c->len)
		return 0;
	ll_buf_reset(&c->arena);
	start = 0;
	while (c->pos < c->len) {
		uint8_t ch = d[c->pos];
		size_t ul;

		if (c->arena.len > LL_CSV_MAX_RECORD)
			return ll_error_set(LL_ECORRUPT, "line %" PRIu64 ": record longer than %u bytes%s",
					    rec_line, LL_CSV_MAX_RECORD,
					    quoted ? " (an unclosed quote?)" : "");
		if (c->line - rec_line >= LL_CSV_MAX_RECORD_LINES)
			return ll_error_set(LL_ECORRUPT, "line %" PRIu64 ", field %zu: quoted field opened on line %" PRIu64 " still open after %u lines (an unclosed quote?)",
					    rec_line, n + 1, quote_line, LL_CSV_MAX_RECORD_LINES);
		if (ch == 0)
			return ll_error_set(LL_ECORRUPT, "line %" PRIu64 ", field %zu: NUL byte",
					    c->line, n + 1);
		if (quoted) {
			if (ch == '"') {
				if (c->pos + 1 < c->len && d[c->pos + 1] == '"') {
					if ((rc = ll_buf_putc(&c->arena, '"')) < 0)
						return rc;
					c->pos += 2;
					continue;
				}
				quoted = false;
				after_quote = true;
				c->pos++;
				continue;
			}
			if (ch == '\n')
				c->line++;
			ul = utf8_len(d + c->pos, c->len - c->pos);
			if (!ul)
				return ll_error_set(LL_ECORRUPT, "line %" PRIu64 ", field %zu: invalid UTF-8",
						    c->line, n + 1);
			if ((rc = ll_buf_put(&c->arena, d + c->pos, ul)) < 0)
				return rc;
			c->pos += ul;
			continue;
		}
		if (ch == ',') {
			if ((rc = push_field(c, start, &n)) < 0)
				return rc;
			start = c->arena.len;
			after_quote = false;
			in_field = false;
			c->pos++;
			continue;
		}
		if (ch == '\r' || ch == '\n') {
			if (ch == '\r') {
				if (c->pos + 1 >= c->len || d[c->pos + 1] != '\n')
					return ll_error_set(LL_ECORRUPT, "line %" PRIu64 ", field %zu: bare carriage return",
							    c->line, n + 1);
				c->pos++;
			}
			c->pos++;
			c->line++;
			goto end;
		}
		if (after_quote)
			return ll_error_set(LL_ECORRUPT, "line %" PRIu64 ", field %zu: text after a closing quote",
					    c->line, n + 1);
		if (ch == '"') {
			if (in_field)
				return ll_error_set(LL_ECORRUPT, "line %" PRIu64 ", field %zu: quote inside an unquoted field",
						    c->line, n + 1);
			quoted = true;
			quote_line = c->line;
			in_field = true;
			c->pos++;
			continue;
		}
		ul = utf8_len(d + c->pos, c->len - c->pos);
		if (!ul)
			return ll_error_set(LL_ECORRUPT, "line %" PRIu64 ", field %zu: invalid UTF-8",
					    c->line, n + 1);
		if ((rc = ll_buf_put(&c->arena, d + c->pos, ul)) < 0)
			return rc;
		in_field = true;
		c->pos += ul;
	}
	if (quoted)
		return ll_error_set(LL_ECORRUPT, "line %" PRIu64 ", field %zu: quoted field not closed before the end of the file (opened on line %" PRIu64 ")",
				    rec_line, n + 1, quote_line);
end:
	if ((rc = push_field(c, start, &n)) < 0)
		return rc;
	{
		char **f = ll_reallocarray(c->fields, c->cap, sizeof(*f));

		if (!f)
			return ll_error_set(LL_ENOMEM, "out of memory");
		c->fields = f;
	}
	for (size_t i = 0; i < n; i++)
		c->fields[i] = c->arena.ptr + c->offs[i];
	rec->fields = c->fields;
	rec->n = n;
	rec->line = rec_line;
	return 1;
}

int ll_csv_put_field(struct ll_buf *b, const char *s)
{
	int rc;

	if (!strpbrk(s, ",\"\r\n"))
		return ll_buf_puts(b, s);
	if ((rc = ll_buf_putc(b, '"')) < 0)
		return rc;
	for (; *s; s++) {
		if (*s == '"' && (rc = ll_buf_putc(b, '"')) < 0)
			return rc;
		if ((rc = ll_buf_putc(b, *s)) < 0)
			return rc;
	}
	return ll_buf_putc(b, '"');
}

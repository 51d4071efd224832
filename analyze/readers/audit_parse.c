/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Linux audit record grammar, as auditd writes audit.log:
 *   [node=HOST ]type=TYPE msg=audit(SEC.MSEC:SERIAL): key=value … [msg='key=value …'][\x1dKEY="value" …]
 * Values are bare, "double-quoted" (never holding a quote: the kernel and
 * libaudit hex-encode such values) or, for the fields auditd encodes, hex.
 */
#include "core/compat.h"
#include "analyze/readers/audit_parse.h"

#include "core/alloc.h"
#include "core/error.h"

#define MAX_FIELDS 65536 /* a 1 MiB line cannot hold more useful ones */

static int bad(struct ll_audit_rec *r, const char *why)
{
	r->why = why;
	return ll_error_set(LL_ECORRUPT, "%s", why);
}

void ll_audit_rec_init(struct ll_audit_rec *r)
{
	memset(r, 0, sizeof(*r));
}

void ll_audit_rec_release(struct ll_audit_rec *r)
{
	ll_free(r->f);
	memset(r, 0, sizeof(*r));
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool keychar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || digit(c) ||
	       c == '_' || c == '-' || c == '[' || c == ']' || c == '.';
}

static bool span_eq(struct ll_span s, const char *w)
{
	size_t n = strlen(w);

	return s.n == n && !memcmp(s.p, w, n);
}

static int add(struct ll_audit_rec *r, struct ll_span key, struct ll_span val, bool quoted,
	       uint8_t where)
{
	if (r->nf == r->capf) {
		size_t cap = r->capf ? r->capf * 2 : 32;
		struct ll_audit_field *f;

		if (r->nf >= MAX_FIELDS)
			return bad(r, "more than 65536 fields");
		if (!(f = ll_reallocarray(r->f, cap, sizeof(*f))))
			return ll_error_set(LL_ENOMEM, "audit fields");
		r->f = f;
		r->capf = cap;
	}
	r->f[r->nf++] = (struct ll_audit_field){ key, val, quoted, where };
	return 0;
}

/*
 * Fields from s[*i] to `end`. With `stop` (the ' closing msg='…'), an
 * unquoted value or word also ends there and the list must be closed by it.
 */
static int fields(struct ll_audit_rec *r, const char *s, size_t *pi, size_t end,
		  uint8_t where, char stop)
{
	size_t i = *pi;
	size_t prev = SIZE_MAX; /* field whose unquoted value a bare word extends */
	size_t text = SIZE_MAX; /* free-text field that a bare word extends */
	int rc;

	for (;;) {
		size_t k, e;

		while (i < end && s[i] == ' ')
			i++;
		if (i >= end) {
			if (stop)
				return bad(r, "unbalanced quotes: msg=' is not closed");
			break;
		}
		if (stop && s[i] == stop) {
			i++;
			break;
		}
		for (k = i; k < end && keychar(s[k]); k++)
			;
		if (k > i && k < end && s[k] == '=') {
			struct ll_span key = { s + i, k - i }, val;
			size_t v = k + 1;

			if (where == LL_AUDIT_OUTER && span_eq(key, "msg") && v < end && s[v] == '\'') {
				i = v + 1;
				if ((rc = fields(r, s, &i, end, LL_AUDIT_NESTED, '\'')) < 0)
					return rc;
				prev = text = SIZE_MAX;
				continue;
			}
			if (v < end && s[v] == '"') {
				const char *q = memchr(s + v + 1, '"', end - v - 1);

				if (!q)
					return bad(r, "unbalanced quotes: a value's \" is not closed");
				val = (struct ll_span){ s + v + 1, (size_t)(q - s) - v - 1 };
				if ((rc = add(r, key, val, true, where)) < 0)
					return rc;
				i = (size_t)(q - s) + 1;
				prev = text = SIZE_MAX;
				continue;
			}
			for (e = v; e < end && s[e] != ' ' && !(stop && s[e] == stop); e++)
				;
			val = (struct ll_span){ s + v, e - v };
			if ((rc = add(r, key, val, false, where)) < 0)
				return rc;
			prev = r->nf - 1;
			text = SIZE_MAX;
			i = e;
			continue;
		}
		/* a bare word, or a free-standing "quoted string" */
		if (s[i] == '"') {
			const char *q = memchr(s + i + 1, '"', end - i - 1);

			if (!q)
				return bad(r, "unbalanced quotes: a \" is not closed");
			e = (size_t)(q - s) + 1;
		} else {
			for (e = i; e < end && s[e] != ' ' && !(stop && s[e] == stop); e++)
				;
		}
		if (prev != SIZE_MAX && s[i] != '"') {
			struct ll_audit_field *f = &r->f[prev];

			f->val.n = (size_t)(s + e - f->val.p);
		} else if (text != SIZE_MAX) {
			struct ll_audit_field *f = &r->f[text];

			f->val.n = (size_t)(s + e - f->val.p);
		} else {
			if ((rc = add(r, (struct ll_span){ s + i, 0 }, (struct ll_span){ s + i, e - i },
				      false, where)) < 0)
				return rc;
			text = r->nf - 1;
			prev = SIZE_MAX;
		}
		i = e;
	}
	*pi = i;
	return 0;
}

/* Reads 1..max digits at s[*i] into *v. */
static bool number(uint64_t *v, const char *s, size_t *i, size_t len, size_t max)
{
	size_t k = *i;
	uint64_t x = 0;

	while (k < len && digit(s[k]) && k - *i < max) {
		uint64_t d = (uint64_t)(s[k] - '0');

		if (x > (UINT64_MAX - d) / 10)
			return false;
		x = x * 10 + d;
		k++;
	}
	if (k == *i || (k < len && digit(s[k])))
		return false;
	*v = x;
	*i = k;
	return true;
}

int ll_audit_parse(struct ll_audit_rec *r, const char *s, size_t len)
{
	const char *gs;
	size_t i = 0, t, end;
	uint64_t sec, ms, serial;
	int rc;

	r->nf = 0;
	r->why = NULL;
	r->node = (struct ll_span){ 0 };
	if (len >= 5 && !memcmp(s, "node=", 5)) {
		for (i = 5; i < len && s[i] != ' '; i++)
			;
		r->node = (struct ll_span){ s + 5, i - 5 };
		while (i < len && s[i] == ' ')
			i++;
	}
	if (len - i < 5 || memcmp(s + i, "type=", 5))
		return bad(r, "not an audit record (no type=)");
	for (t = i += 5; i < len && s[i] != ' '; i++)
		;
	if (i == t)
		return bad(r, "not an audit record (empty type=)");
	r->type = (struct ll_span){ s + t, i - t };
	while (i < len && s[i] == ' ')
		i++;
	if (len - i < 10 || memcmp(s + i, "msg=audit(", 10))
		return bad(r, "not an audit record (no msg=audit( after type=)");
	t = i += 10;
	/* SEC.MSEC:SERIAL — auditd always writes three digits of milliseconds */
	if (!number(&sec, s, &i, len, 12) || i >= len || s[i] != '.')
		return bad(r, "bad time in msg=audit(SEC.MSEC:SERIAL)");
	/* 12 digits fit int64; whether the time is storable is audit.c's
	 * ll_time_ns_from_sec (the line is still an audit record, rejected there) */
	i++;
	if (len - i < 4 || !digit(s[i]) || !digit(s[i + 1]) || !digit(s[i + 2]) || s[i + 3] != ':')
		return bad(r, "bad time in msg=audit(SEC.MSEC:SERIAL): milliseconds are not 3 digits");
	ms = (uint64_t)(s[i] - '0') * 100 + (uint64_t)(s[i + 1] - '0') * 10 + (uint64_t)(s[i + 2] - '0');
	i += 4;
	if (!number(&serial, s, &i, len, 20))
		return bad(r, "bad serial in msg=audit(SEC.MSEC:SERIAL)");
	if (len - i < 2 || s[i] != ')' || s[i + 1] != ':')
		return bad(r, "bad time in msg=audit(SEC.MSEC:SERIAL): no closing \"):\"");
	r->time = (struct ll_span){ s + t, i - t };
	r->sec = (int64_t)sec;
	r->msec = (uint32_t)ms;
	r->serial = serial;
	i += 2;
	gs = memchr(s + i, '\x1d', len - i);
	end = gs ? (size_t)(gs - s) : len;
	if ((rc = fields(r, s, &i, end, LL_AUDIT_OUTER, 0)) < 0)
		return rc;
	if (gs) {
		i = end + 1;
		if ((rc = fields(r, s, &i, len, LL_AUDIT_ENRICHED, 0)) < 0)
			return rc;
	}
	return 0;
}

bool ll_audit_type_is(const struct ll_audit_rec *r, const char *t)
{
	return span_eq(r->type, t);
}

/* libauparse's escaped fields (typetab.h: ESCAPED, ESCAPED_FILE, ESCAPED_KEY, PROCTITLE, TTY_DATA). */
static const char *const encodable[] = {
	"path", "comm", "exe", "file", "name", "watch", "cwd", "cmd", "acct", "dir", "key",
	"vm", "old-chardev", "new-chardev", "old-disk", "new-disk", "old-fs", "new-fs",
	"old-net", "new-net", "device", "cgroup", "old-rng", "new-rng", "ocomm",
	"proctitle", "grp", "new_group", "invalid_context", "sw", "root_dir", "data",
};

/* EXECVE's argument fields: aN, aN[M]. */
static bool execve_arg(struct ll_span k)
{
	size_t i = 1;

	if (k.n < 2 || k.p[0] != 'a' || !digit(k.p[1]))
		return false;
	while (i < k.n && digit(k.p[i]))
		i++;
	if (i == k.n)
		return true;
	if (k.p[i] != '[' || k.p[k.n - 1] != ']' || i + 2 >= k.n)
		return false;
	for (i++; i < k.n - 1; i++)
		if (!digit(k.p[i]))
			return false;
	return true;
}

bool ll_audit_field_encodable(const struct ll_audit_rec *r, const struct ll_span key)
{
	for (size_t i = 0; i < LL_ARRAY_SIZE(encodable); i++)
		if (span_eq(key, encodable[i]))
			return true;
	return ll_audit_type_is(r, "EXECVE") && execve_arg(key);
}

static int hexval(char c)
{
	if (digit(c))
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool ll_audit_field_is_hex(const struct ll_audit_rec *r, const struct ll_audit_field *f)
{
	if (f->quoted || !f->key.n || f->where == LL_AUDIT_ENRICHED || !f->val.n ||
	    (f->val.n & 1) || !ll_audit_field_encodable(r, f->key))
		return false;
	for (size_t i = 0; i < f->val.n; i++)
		if (hexval(f->val.p[i]) < 0)
			return false;
	return true;
}

int ll_audit_field_value(struct ll_buf *out, const struct ll_audit_rec *r,
			 const struct ll_audit_field *f)
{
	bool title, key;
	size_t nul_tail = 0; /* proctitle: NULs at the end (argv's terminator) */
	int rc;

	if (!ll_audit_field_is_hex(r, f))
		return ll_buf_put(out, f->val.p, f->val.n);
	title = span_eq(f->key, "proctitle");
	key = span_eq(f->key, "key");
	if ((rc = ll_buf_grow(out, f->val.n / 2 + 1)) < 0)
		return rc;
	for (size_t i = 0; i < f->val.n; i += 2) {
		char c = (char)(hexval(f->val.p[i]) * 16 + hexval(f->val.p[i + 1]));

		nul_tail = c == '\0' ? nul_tail + 1 : 0;
		if (title && c == '\0')
			c = ' ';
		else if (key && c == '\x01')
			c = ',';
		out->ptr[out->len++] = c;
	}
	if (title)
		out->len -= nul_tail;
	out->ptr[out->len] = '\0';
	return 1;
}

const struct ll_audit_field *ll_audit_find(const struct ll_audit_rec *r, const char *key, int where)
{
	for (size_t i = 0; i < r->nf; i++)
		if ((where < 0 || r->f[i].where == where) && span_eq(r->f[i].key, key))
			return &r->f[i];
	return NULL;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Reads and writes sha256sum-format manifests, defensively (untrusted input in verify). */
#include "core/compat.h"
#include "casefile/manifest.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

void ll_manifest_release(struct ll_manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		ll_free(m->v[i].path);
	ll_free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

int ll_manifest_add(struct ll_manifest *m, const char *path,
		    const char sha256[65], uint64_t size)
{
	struct ll_manifest_entry *e;

	/* The digest comes from the case database or a file just hashed: a value
	 * that is not 64 lowercase hex digits (a damaged or edited case) is
	 * refused, never copied as 64 bytes from a shorter string. */
	if (!sha256 || strspn(sha256, "0123456789abcdef") != 64 || sha256[64])
		return ll_error_set(LL_ECORRUPT, "'%s': recorded SHA-256 '%s' is not 64 lowercase hex digits",
				    path, sha256 ? sha256 : "");
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		void *v = ll_reallocarray(m->v, cap, sizeof(*m->v));

		if (!v)
			return ll_error_set(LL_ENOMEM, "out of memory");
		m->v = v;
		m->cap = cap;
	}
	e = &m->v[m->n];
	if (!(e->path = ll_strdup(path)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	memcpy(e->sha256, sha256, 64);
	e->sha256[64] = '\0';
	e->size = size;
	m->n++;
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct ll_manifest_entry *x = a, *y = b;

	return strcmp(x->path, y->path);
}

void ll_manifest_sort(struct ll_manifest *m)
{
	if (m->n > 1)
		qsort(m->v, m->n, sizeof(*m->v), cmp_entry);
}

ptrdiff_t ll_manifest_find(const struct ll_manifest *m, const char *path)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(m->v[mid].path, path);

		if (c == 0)
			return (ptrdiff_t)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

bool ll_manifest_path_ok(const char *path)
{
	const char *p = path, *comp = path;

	if (!*path || *path == '/')
		return false;
	for (;; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '/' || c == '\0') {
			size_t n = (size_t)(p - comp);

			if (n == 0 || (n == 1 && comp[0] == '.') ||
			    (n == 2 && comp[0] == '.' && comp[1] == '.'))
				return false;
			if (c == '\0')
				return true;
			comp = p + 1;
			continue;
		}
	}
}

/*
 * RFC 8493 §2.1.3: in a manifest's file path CR, LF and '%' (and only
 * those) are percent-encoded. Decodes `len` bytes of `p` into a new string;
 * NULL with LL_ECORRUPT for another escape or a raw CR, LL_ENOMEM.
 */
static char *path_decode(const char *p, size_t len, size_t lineno)
{
	struct ll_buf b = LL_BUF_INIT;

	for (size_t i = 0; i < len; i++) {
		char c = p[i];

		if (c == '\r' || c == '\0') {
			ll_error_set(LL_ECORRUPT, "line %zu: raw %s in the path", lineno,
				     c ? "CR (must be %0D)" : "NUL");
			goto fail;
		}
		if (c == '%') {
			char h[3] = { i + 1 < len ? p[i + 1] : 0, i + 2 < len ? p[i + 2] : 0, 0 };

			if (!strcmp(h, "25"))
				c = '%';
			else if (!strcasecmp(h, "0A"))
				c = '\n';
			else if (!strcasecmp(h, "0D"))
				c = '\r';
			else {
				ll_error_set(LL_ECORRUPT,
					     "line %zu: '%%' in the path not written %%25 (RFC 8493 2.1.3)",
					     lineno);
				goto fail;
			}
			i += 2;
		}
		if (ll_buf_putc(&b, c) < 0) {
			ll_error_set(LL_ENOMEM, "out of memory");
			goto fail;
		}
	}
	return ll_buf_detach(&b);
fail:
	ll_buf_release(&b);
	return NULL;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

int ll_manifest_parse(struct ll_manifest *out, const char *data, size_t len)
{
	struct ll_manifest m = LL_MANIFEST_INIT;
	size_t pos = 0, lineno = 0;
	char *path = NULL;
	int rc = 0;

	while (pos < len) {
		const char *line = data + pos, *nl;
		size_t linelen;
		char hex[65];

		lineno++;
		nl = memchr(line, '\n', len - pos);
		if (!nl) {
			rc = ll_error_set(LL_ECORRUPT, "line %zu: no newline at the end of the file", lineno);
			goto out;
		}
		linelen = (size_t)(nl - line);
		pos += linelen + 1;
		if (linelen < 67 || line[64] != ' ' || line[65] != ' ') {
			rc = ll_error_set(LL_ECORRUPT, "line %zu: not '<sha256>  <path>'", lineno);
			goto out;
		}
		for (size_t i = 0; i < 64; i++) {
			if (!is_hex(line[i])) {
				rc = ll_error_set(LL_ECORRUPT, "line %zu: bad hex digit in the hash", lineno);
				goto out;
			}
			hex[i] = (char)(line[i] | 0x20); /* lowercase */
		}
		hex[64] = '\0';
		if (!(path = path_decode(line + 66, linelen - 66, lineno))) {
			rc = ll_error_code();
			goto out;
		}
		if (!ll_manifest_path_ok(path)) {
			rc = ll_error_set(LL_ECORRUPT, "line %zu: unsafe path", lineno);
			goto out;
		}
		if (m.n >= LL_MANIFEST_MAX_ENTRIES) {
			rc = ll_error_set(LL_ECORRUPT, "line %zu: too many entries", lineno);
			goto out;
		}
		if ((rc = ll_manifest_add(&m, path, hex, 0)) < 0)
			goto out;
		ll_free(path);
		path = NULL;
	}
	ll_manifest_sort(&m);
	for (size_t i = 1; i < m.n; i++) {
		if (strcmp(m.v[i - 1].path, m.v[i].path) == 0) {
			rc = ll_error_set(LL_ECORRUPT, "'%s' is listed twice", m.v[i].path);
			goto out;
		}
	}
	*out = m;
	m.v = NULL;
	m.n = m.cap = 0; /* transferred */
out:
	ll_free(path);
	ll_manifest_release(&m);
	return rc;
}

int ll_manifest_format(struct ll_buf *out, const struct ll_manifest *m)
{
	int rc;

	for (size_t i = 0; i < m->n; i++) {
		if ((rc = ll_buf_put(out, m->v[i].sha256, 64)) < 0 ||
		    (rc = ll_buf_puts(out, "  ")) < 0)
			return rc;
		for (const char *p = m->v[i].path; *p; p++) {
			rc = *p == '%'	  ? ll_buf_puts(out, "%25")
			     : *p == '\n' ? ll_buf_puts(out, "%0A")
			     : *p == '\r' ? ll_buf_puts(out, "%0D")
					  : ll_buf_putc(out, *p);
			if (rc < 0)
				return rc;
		}
		if ((rc = ll_buf_putc(out, '\n')) < 0)
			return rc;
	}
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Canonical JSON through jansson. */
#include "core/compat.h"
#include "core/json.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/name.h"

#define LL_JSON_FLAGS (JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII)

/*
 * jansson reports some allocation failures as syntax errors ("string or '}'
 * expected"): its allocator notes them, so a parse that failed for want of
 * memory says LL_ENOMEM, not LL_ECORRUPT.
 */
static _Thread_local bool json_alloc_failed;

static void *json_alloc(size_t size)
{
	void *p = ll_malloc(size);

	if (!p)
		json_alloc_failed = true;
	return p;
}

void ll_json_init(void)
{
	json_set_alloc_funcs(json_alloc, ll_free);
}

char *ll_json_dump(const json_t *v)
{
	/* jansson's text is ll_malloc memory after ll_json_init, malloc's before: ll_free frees both */
	return json_dumps(v, LL_JSON_FLAGS | JSON_ENCODE_ANY);
}

int ll_json_load(json_t **out, const char *text, size_t flags)
{
	json_error_t err;

	json_alloc_failed = false;
	if ((*out = json_loads(text, flags, &err)))
		return 0;
	if (json_alloc_failed)
		return ll_error_set(LL_ENOMEM, "out of memory");
	return ll_error_set(LL_ECORRUPT, "bad JSON at column %d: %s", err.column, err.text);
}

int ll_json_canonical(char **out, const char *text)
{
	json_t *v;
	int rc;

	if (!text || !*text) {
		*out = ll_strdup("{}");
		return *out ? 0 : ll_error_set(LL_ENOMEM, "out of memory");
	}
	if ((rc = ll_json_load(&v, text, JSON_REJECT_DUPLICATES)) < 0)
		return rc;
	if (!json_is_object(v)) {
		json_decref(v);
		return ll_error_set(LL_ECORRUPT, "details must be a JSON object");
	}
	*out = ll_json_dump(v);
	json_decref(v);
	return *out ? 0 : ll_error_set(LL_ENOMEM, "out of memory");
}

int ll_json_set_str(json_t *obj, const char *key, const char *s)
{
	if (json_object_set_new(obj, key, s ? json_string(s) : json_null()) != 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t need;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		need = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((need == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (need == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return need;
}

json_t *ll_json_string_lossy(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out;
	size_t o = 0;
	json_t *v;

	for (size_t i = 0; i < len;) {
		size_t k = utf8_seq(p + i, len - i);

		if (k == 0 || (k == 1 && p[i] == 0))
			break;
		i += k;
		if (i == len)
			return json_stringn(s, len);
	}
	if (len == 0)
		return json_string("");
	if (len > (SIZE_MAX - 1) / 3 || !(out = ll_malloc(len * 3 + 1)))
		return NULL;
	for (size_t i = 0; i < len;) {
		size_t k = utf8_seq(p + i, len - i);

		if (k == 0 || (k == 1 && p[i] == 0)) {
			out[o++] = (char)0xef;
			out[o++] = (char)0xbf;
			out[o++] = (char)0xbd;
			i++;
			continue;
		}
		memcpy(out + o, p + i, k);
		o += k;
		i += k;
	}
	v = json_stringn(out, o);
	ll_free(out);
	return v;
}

json_t *ll_json_name(const char *s, bool esc)
{
	struct ll_buf b = LL_BUF_INIT;
	json_t *v;

	if (!s)
		return json_null();
	if (!esc)
		return json_string(s);
	v = ll_name_pct_encode(&b, s) == 0 ? json_string(b.ptr ? b.ptr : "") : NULL;
	ll_buf_release(&b);
	return v;
}

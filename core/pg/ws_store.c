/* SPDX-License-Identifier: Apache-2.0 */
/*
 * DIR/store.json: which server and case an attached workspace belongs to.
 * Never a password: a file a colleague copies, a backup or a case file's
 * annex must not carry the server's credentials; a store.json holding one
 * is refused (edited by hand), naming the file.
 */
#include "core/compat.h"
#include "core/pg/pg_ws.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/pg/pg_conn.h"

bool ll_ws_attached(const char *dir)
{
	char p[4096];
	struct stat sb;

	snprintf(p, sizeof(p), "%s/%s", dir, LL_WS_STORE_FILE);
	return stat(p, &sb) == 0;
}

bool ll_ws_url_has_password(const char *url)
{
	PQconninfoOption *o = PQconninfoParse(url, NULL);
	bool has = false;

	if (!o)
		return false;
	for (PQconninfoOption *i = o; i->keyword; i++)
		if (!strcmp(i->keyword, "password") && i->val && *i->val)
			has = true;
	PQconninfoFree(o);
	return has;
}

int ll_ws_url_strip(char **out, const char *url)
{
	struct ll_buf b = LL_BUF_INIT;
	const char *auth = strstr(url, "://"), *end, *at, *colon, *q;
	int rc;

	*out = NULL;
	if (!auth)
		return ll_error_set(LL_EINVAL, "'%s' is not a postgresql:// URL", "the store");
	auth += 3;
	end = auth + strcspn(auth, "/?");
	at = memchr(auth, '@', (size_t)(end - auth));
	colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	/* user:password@ -> user@ */
	if ((rc = ll_buf_put(&b, url, (size_t)((colon ? colon : end) - url))) < 0 ||
	    (colon && (rc = ll_buf_put(&b, at, (size_t)(end - at))) < 0))
		goto out;
	/* the path, then the query parameters but password=… */
	q = strchr(end, '?');
	if ((rc = ll_buf_put(&b, end, (size_t)((q ? q : end + strlen(end)) - end))) < 0)
		goto out;
	if (q) {
		const char *p = q + 1;
		bool first = true;

		while (*p) {
			size_t n = strcspn(p, "&");

			if (strncmp(p, "password=", 9) != 0) {
				if ((rc = ll_buf_put(&b, first ? "?" : "&", 1)) < 0 ||
				    (rc = ll_buf_put(&b, p, n)) < 0)
					goto out;
				first = false;
			}
			p += n;
			if (*p == '&')
				p++;
		}
	}
	if (ll_ws_url_has_password(b.ptr)) {
		rc = ll_error_set(LL_EINVAL, "cannot take the password out of the store URL; give it "
				  "in PGPASSWORD or ~/.pgpass instead");
		goto out;
	}
	*out = ll_buf_detach(&b);
	return 0;
out:
	ll_buf_release(&b);
	return rc;
}

void ll_ws_store_release(struct ll_ws_store *s)
{
	if (!s)
		return;
	ll_free(s->url);
	ll_free(s->case_id);
	for (size_t i = 0; i < s->nevidence_dirs; i++)
		ll_free(s->evidence_dirs[i]);
	ll_free(s->evidence_dirs);
	memset(s, 0, sizeof(*s));
}

int ll_ws_store_read(struct ll_ws_store *out, const char *dir)
{
	char p[4096];
	json_error_t err;
	json_t *doc, *v;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	snprintf(p, sizeof(p), "%s/%s", dir, LL_WS_STORE_FILE);
	if (!(doc = json_load_file(p, JSON_REJECT_DUPLICATES, &err)))
		return ll_error_set(access(p, F_OK) ? LL_ENOTFOUND : LL_ECORRUPT,
				    "%s: line %d: %s", p, err.line, err.text);
	if (!json_is_string(v = json_object_get(doc, "store")) ||
	    !ll_pg_is_url(json_string_value(v))) {
		rc = ll_error_set(LL_ECORRUPT, "%s: field \"store\": not a postgresql:// URL", p);
		goto out;
	}
	if (ll_ws_url_has_password(json_string_value(v))) {
		rc = ll_error_set(LL_ECORRUPT, "%s: field \"store\": holds a password; a workspace "
				  "never stores one (remove it; give it in PGPASSWORD or ~/.pgpass)", p);
		goto out;
	}
	out->url = ll_strdup(json_string_value(v));
	if (!json_is_string(v = json_object_get(doc, "case_id")) || !*json_string_value(v)) {
		rc = ll_error_set(LL_ECORRUPT, "%s: field \"case_id\": missing or not text", p);
		goto out;
	}
	out->case_id = ll_strdup(json_string_value(v));
	if (!json_is_integer(v = json_object_get(doc, "case_key")) || json_integer_value(v) < 1) {
		rc = ll_error_set(LL_ECORRUPT, "%s: field \"case_key\": missing or not a positive integer", p);
		goto out;
	}
	out->case_key = json_integer_value(v);
	if (json_is_integer(v = json_object_get(doc, "last_sync_ns")))
		out->last_sync_ns = json_integer_value(v);
	if (json_is_string(v = json_object_get(doc, "head")))
		snprintf(out->head, sizeof(out->head), "%s", json_string_value(v));
	if ((v = json_object_get(doc, "evidence_dirs")) && !json_is_array(v)) {
		rc = ll_error_set(LL_ECORRUPT, "%s: field \"evidence_dirs\": not a list", p);
		goto out;
	}
	for (size_t i = 0; v && i < json_array_size(v); i++) {
		json_t *d = json_array_get(v, i);
		char **n;

		/* a relative root would mean another place from another directory */
		if (!json_is_string(d) || json_string_value(d)[0] != '/') {
			rc = ll_error_set(LL_ECORRUPT, "%s: field \"evidence_dirs\"[%zu]: not an "
					  "absolute path", p, i);
			goto out;
		}
		if (!(n = ll_reallocarray(out->evidence_dirs, out->nevidence_dirs + 1,
					  sizeof(*n))) ||
		    !(n[out->nevidence_dirs] = ll_strdup(json_string_value(d)))) {
			if (n)
				out->evidence_dirs = n;
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
		out->evidence_dirs = n;
		out->nevidence_dirs++;
	}
	/* the incremental pull's state (absent in an older store.json: a full pull) */
	out->gen = -1;
	if ((v = json_object_get(doc, "head_seq")) &&
	    (!json_is_integer(v) || json_integer_value(v) < 0)) {
		rc = ll_error_set(LL_ECORRUPT, "%s: field \"head_seq\": not a sequence number", p);
		goto out;
	}
	out->head_seq = v ? json_integer_value(v) : 0;
	if ((v = json_object_get(doc, "pull_gen")) &&
	    (!json_is_integer(v) || json_integer_value(v) < -1)) {
		rc = ll_error_set(LL_ECORRUPT, "%s: field \"pull_gen\": not a generation", p);
		goto out;
	}
	if (v)
		out->gen = json_integer_value(v);
	if (!out->url || !out->case_id)
		rc = ll_error_set(LL_ENOMEM, "out of memory");
out:
	json_decref(doc);
	if (rc < 0)
		ll_ws_store_release(out);
	return rc;
}

int ll_ws_store_add_evidence_dir(struct ll_ws_store *s, const char *dir)
{
	char *abs = realpath(dir, NULL), **n;
	struct stat sb;

	if (!abs)
		return ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO,
				    "--evidence-dir '%s': %s", dir, strerror(errno));
	if (stat(abs, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		ll_error_set(LL_EINVAL, "--evidence-dir '%s': not a directory", dir);
		free(abs);
		return LL_EINVAL;
	}
	for (size_t i = 0; i < s->nevidence_dirs; i++)
		if (!strcmp(s->evidence_dirs[i], abs)) {
			free(abs);
			return 0;
		}
	if (!(n = ll_reallocarray(s->evidence_dirs, s->nevidence_dirs + 1, sizeof(*n)))) {
		free(abs);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	s->evidence_dirs = n;
	if (!(n[s->nevidence_dirs] = ll_strdup(abs))) {
		free(abs);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	s->nevidence_dirs++;
	free(abs);
	return 0;
}

int ll_ws_store_write(const char *dir, const struct ll_ws_store *s)
{
	char p[4096], tmp[4200];
	json_t *doc;
	int rc = 0;

	if (ll_ws_url_has_password(s->url))
		return ll_error_set(LL_EINVAL, "refusing to write a password into %s/%s", dir,
				    LL_WS_STORE_FILE);
	snprintf(p, sizeof(p), "%s/%s", dir, LL_WS_STORE_FILE);
	snprintf(tmp, sizeof(tmp), "%s.tmp", p);
	doc = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s}", "format", "lifeline-store/1", "store",
			s->url, "case_id", s->case_id, "case_key", (json_int_t)s->case_key,
			"last_sync_ns", (json_int_t)s->last_sync_ns, "head", s->head);
	if (doc && (json_object_set_new(doc, "head_seq", json_integer(s->head_seq)) ||
		    json_object_set_new(doc, "pull_gen", json_integer(s->gen)))) {
		json_decref(doc);
		doc = NULL;
	}
	if (!doc)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if (s->nevidence_dirs) {
		json_t *a = json_array();

		for (size_t i = 0; a && i < s->nevidence_dirs; i++)
			json_array_append_new(a, json_string(s->evidence_dirs[i]));
		if (!a || json_object_set_new(doc, "evidence_dirs", a) != 0) {
			json_decref(doc);
			return ll_error_set(LL_ENOMEM, "out of memory");
		}
	}
	if (json_dump_file(doc, tmp, JSON_INDENT(2) | JSON_SORT_KEYS) != 0)
		rc = ll_error_set(LL_EIO, "cannot write '%s': %s", tmp, strerror(errno));
	else if (rename(tmp, p) != 0)
		rc = ll_error_set(LL_EIO, "cannot rename '%s' to '%s': %s", tmp, p, strerror(errno));
	json_decref(doc);
	return rc;
}

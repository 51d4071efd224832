/* SPDX-License-Identifier: Apache-2.0 */
/* The examiner's profile file beside the certificate (core/expert/profile.h). */
#include "core/compat.h"
#include "core/expert/profile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/json.h"
#include "core/name.h"

static const char *const text_keys[] = {
	"name", "role", "organisation", "accreditation", "contact",
};

bool ll_profile_update_any(const struct ll_profile_update *u)
{
	return u->name || u->role || u->organisation || u->accreditation || u->contact ||
	       u->set_qualifications;
}

int ll_profile_path(char **out, const char *cert_path)
{
	struct ll_buf b = LL_BUF_INIT;
	size_t n = strlen(cert_path);

	/* examiner.crt -> examiner.profile.json; any other name gets the suffix */
	if (n > 4 && (!strcmp(cert_path + n - 4, ".crt") || !strcmp(cert_path + n - 4, ".pem")))
		n -= 4;
	if (ll_buf_put(&b, cert_path, n) < 0 || ll_buf_puts(&b, ".profile.json") < 0) {
		ll_buf_release(&b);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	*out = ll_buf_detach(&b);
	return 0;
}

static int check_text(const char *path, const char *field, const char *s)
{
	int rc;

	if ((rc = ll_text_check(field, s)) < 0)
		return ll_error_context("profile '%s'", path);
	if (strlen(s) > LL_PROFILE_MAX_TEXT)
		return ll_error_set(LL_ECORRUPT, "profile '%s': field '%s' is longer than %d bytes",
				    path, field, LL_PROFILE_MAX_TEXT);
	return 0;
}

/* Every field of a profile has the type and size the report expects. */
static int check_profile(const char *path, const json_t *p)
{
	const json_t *v;
	const char *key;
	size_t i;
	int rc;

	if (!json_is_object(p))
		return ll_error_set(LL_ECORRUPT, "profile '%s': not a JSON object", path);
	if (strcmp(json_string_value(json_object_get(p, "format")) ?
			   json_string_value(json_object_get(p, "format")) : "",
		   LL_PROFILE_FORMAT))
		return ll_error_set(LL_ECORRUPT, "profile '%s': field 'format' is not '%s'", path,
				    LL_PROFILE_FORMAT);
	json_object_foreach((json_t *)p, key, v) {
		bool known = !strcmp(key, "format") || !strcmp(key, "certificate_sha256") ||
			     !strcmp(key, "qualifications");

		for (i = 0; i < LL_ARRAY_SIZE(text_keys); i++)
			known |= !strcmp(key, text_keys[i]);
		if (!known)
			return ll_error_set(LL_ECORRUPT, "profile '%s': unknown field '%s'", path, key);
		if (!strcmp(key, "qualifications")) {
			const json_t *q;
			size_t j;

			if (!json_is_array(v) || json_array_size(v) > LL_PROFILE_MAX_QUALIFICATIONS)
				return ll_error_set(LL_ECORRUPT,
						    "profile '%s': field 'qualifications' is not a list of at most %d texts",
						    path, LL_PROFILE_MAX_QUALIFICATIONS);
			json_array_foreach(v, j, q) {
				if (!json_is_string(q))
					return ll_error_set(LL_ECORRUPT,
							    "profile '%s': qualifications[%zu] is not a text",
							    path, j);
				if ((rc = check_text(path, "qualification", json_string_value(q))) < 0)
					return rc;
			}
		} else if (!json_is_string(v)) {
			return ll_error_set(LL_ECORRUPT, "profile '%s': field '%s' is not a text", path,
					    key);
		} else if ((rc = check_text(path, key, json_string_value(v))) < 0) {
			return rc;
		}
	}
	return 0;
}

static int read_profile(json_t **out, const char *path, const char *cert_fpr)
{
	struct ll_buf text = LL_BUF_INIT;
	json_t *p = NULL;
	const char *fpr;
	int rc;

	*out = NULL;
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return 0;
	if ((rc = ll_buf_read_file(&text, path)) < 0)
		goto out;
	if (memchr(text.ptr, '\0', text.len)) {
		rc = ll_error_set(LL_ECORRUPT, "profile '%s': a NUL byte at offset %zu", path,
				  (size_t)((char *)memchr(text.ptr, '\0', text.len) - text.ptr));
		goto out;
	}
	if ((rc = ll_json_load(&p, text.ptr, JSON_REJECT_DUPLICATES)) < 0) {
		ll_error_context("profile '%s'", path);
		goto out;
	}
	if ((rc = check_profile(path, p)) < 0)
		goto out;
	/* bound to one certificate: another key's profile names another expert */
	fpr = json_string_value(json_object_get(p, "certificate_sha256"));
	if (!fpr || strcmp(fpr, cert_fpr) != 0) {
		rc = ll_error_set(LL_EVERIFY,
				  "profile '%s' was written for certificate %.16s…, not for the certificate in use (%.16s…); "
				  "set it again with 'lifeline key profile'",
				  path, fpr ? fpr : "(none)", cert_fpr);
		goto out;
	}
	*out = p;
	p = NULL;
out:
	json_decref(p);
	ll_buf_release(&text);
	return rc;
}

int ll_profile_load(json_t **out, const char *cert_path, const char *cert_fpr)
{
	char *path = NULL;
	int rc;

	*out = NULL;
	if ((rc = ll_profile_path(&path, cert_path)) < 0)
		return rc;
	rc = read_profile(out, path, cert_fpr);
	ll_free(path);
	return rc;
}

static int set_text(json_t *p, const char *key, const char *v)
{
	if (!v)
		return 0;
	if (!*v)
		return json_object_del(p, key), 0;
	if ((strlen(v) > LL_PROFILE_MAX_TEXT))
		return ll_error_set(LL_EINVAL, "the %s is longer than %d bytes", key,
				    LL_PROFILE_MAX_TEXT);
	if (ll_text_check(key, v) < 0)
		return LL_EINVAL;
	return json_object_set_new(p, key, json_string(v)) < 0 ?
		       ll_error_set(LL_ENOMEM, "out of memory") : 0;
}

/* the file's text and a final newline, as a text file has */
static int write_text(const char *path, const char *text)
{
	struct ll_buf b = LL_BUF_INIT;
	int rc;

	if ((rc = ll_buf_printf(&b, "%s\n", text)) == 0)
		rc = ll_write_new_file(path, 0644, b.ptr, b.len);
	ll_buf_release(&b);
	return rc;
}

int ll_profile_update(json_t **out, const char *cert_path, const char *cert_fpr,
		      const struct ll_profile_update *u)
{
	const char *vals[] = { u->name, u->role, u->organisation, u->accreditation, u->contact };
	struct ll_buf tmp = LL_BUF_INIT;
	char *path = NULL, *text = NULL;
	json_t *p = NULL;
	int rc;

	if ((rc = ll_profile_path(&path, cert_path)) < 0)
		return rc;
	if ((rc = read_profile(&p, path, cert_fpr)) == LL_EVERIFY) {
		/* a profile of an older certificate at the same path is replaced, not merged */
		p = NULL;
	} else if (rc < 0) {
		goto out;
	}
	if (!p && !(p = json_pack("{s:s}", "format", LL_PROFILE_FORMAT))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	json_object_set_new(p, "certificate_sha256", json_string(cert_fpr));
	for (size_t i = 0; i < LL_ARRAY_SIZE(text_keys); i++)
		if ((rc = set_text(p, text_keys[i], vals[i])) < 0)
			goto out;
	if (u->set_qualifications) {
		json_t *q = json_array();

		if (u->nqualifications > LL_PROFILE_MAX_QUALIFICATIONS) {
			json_decref(q);
			rc = ll_error_set(LL_EINVAL, "%zu qualifications, more than %d",
					  u->nqualifications, LL_PROFILE_MAX_QUALIFICATIONS);
			goto out;
		}
		for (size_t i = 0; q && i < u->nqualifications; i++) {
			const char *s = u->qualifications[i];

			if (!*s || strlen(s) > LL_PROFILE_MAX_TEXT ||
			    ll_text_check("the qualification", s) < 0) {
				json_decref(q);
				rc = *s && strlen(s) <= LL_PROFILE_MAX_TEXT ?
					     LL_EINVAL :
					     ll_error_set(LL_EINVAL,
							  "qualification %zu is empty or longer than %d bytes",
							  i + 1, LL_PROFILE_MAX_TEXT);
				goto out;
			}
			json_array_append_new(q, json_string(s));
		}
		if (!q || json_array_size(q) != u->nqualifications) {
			json_decref(q);
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
		json_object_set_new(p, "qualifications", q);
	}
	if (!(text = json_dumps(p, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENSURE_ASCII))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	/* written beside, then renamed: a crash leaves the old profile or the new one */
	if ((rc = ll_buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid())) < 0)
		goto out;
	unlink(tmp.ptr);
	if ((rc = write_text(tmp.ptr, text)) < 0)
		goto out;
	if (rename(tmp.ptr, path) != 0) {
		rc = ll_error_set(LL_EIO, "cannot write '%s': %s", path, strerror(errno));
		unlink(tmp.ptr);
		goto out;
	}
	if (out) {
		*out = p;
		p = NULL;
	}
	rc = 0;
out:
	free(text);
	json_decref(p);
	ll_free(path);
	ll_buf_release(&tmp);
	return rc;
}

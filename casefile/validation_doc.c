/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checks a validation.json before the case file shows it. The file comes from
 * another run, maybe another machine or person: the annex must never show a
 * figure that is not in it, nor a result its own counts contradict.
 */
#include "core/compat.h"
#include "casefile/validation_doc.h"

#include <string.h>

#include "core/buf.h"
#include "core/error.h"

static int bad(const char *path, const char *field, const char *why)
{
	return ll_error_set(LL_ECORRUPT, "%s: %s: %s", path, field, why);
}

static int need_str(const char *path, const json_t *o, const char *key, const char *where)
{
	char f[160];

	if (json_is_string(json_object_get(o, key)))
		return 0;
	snprintf(f, sizeof(f), "%s%s", where, key);
	return bad(path, f, "missing or not a string");
}

/* counts.{compared,equal,differing}: whole numbers >= 0, equal <= compared */
static int check_counts(const char *path, const json_t *c, const char *where,
			json_int_t *compared, json_int_t *differing)
{
	static const char *const keys[] = { "compared", "equal", "differing" };
	json_int_t v[3];
	char f[160];

	for (size_t i = 0; i < 3; i++) {
		const json_t *x = json_object_get(c, keys[i]);

		snprintf(f, sizeof(f), "%scounts.%s", where, keys[i]);
		if (!json_is_integer(x) || json_integer_value(x) < 0)
			return bad(path, f, "missing or not a whole number >= 0");
		v[i] = json_integer_value(x);
	}
	if (v[1] > v[0]) {
		snprintf(f, sizeof(f), "%scounts", where);
		return bad(path, f, "more equal than compared");
	}
	*compared = v[0];
	*differing = v[2];
	return 0;
}

static int check_one(const char *path, const json_t *ch, size_t i)
{
	char where[64], f[160];
	const char *st;
	json_int_t n = 0, diff = 0;
	const json_t *d;
	size_t k;
	int rc;

	snprintf(where, sizeof(where), "checks[%zu].", i);
	if (!json_is_object(ch))
		return bad(path, where, "not an object");
	if ((rc = need_str(path, ch, "id", where)) < 0 ||
	    (rc = need_str(path, ch, "compared", where)) < 0 ||
	    (rc = need_str(path, ch, "status", where)) < 0 ||
	    (rc = need_str(path, ch, "limits", where)) < 0)
		return rc;
	st = json_string_value(json_object_get(ch, "status"));
	snprintf(f, sizeof(f), "%sstatus", where);
	if (strcmp(st, "pass") && strcmp(st, "fail") && strcmp(st, "not run"))
		return bad(path, f, "not pass, fail or not run");
	if (!strcmp(st, "not run"))
		return need_str(path, ch, "reason", where);
	if (!json_is_object(json_object_get(ch, "peer")) ||
	    !json_is_string(json_object_get(json_object_get(ch, "peer"), "tool"))) {
		snprintf(f, sizeof(f), "%speer.tool", where);
		return bad(path, f, "missing or not a string");
	}
	if ((rc = check_counts(path, json_object_get(ch, "counts"), where, &n, &diff)) < 0)
		return rc;
	if (!strcmp(st, "pass") && (diff > 0 || n == 0))
		return bad(path, f, "\"pass\" contradicts the counts (a difference, or nothing compared)");
	snprintf(f, sizeof(f), "%sdata", where);
	if (!json_is_array(json_object_get(ch, "data")))
		return bad(path, f, "missing or not an array");
	json_array_foreach(json_object_get(ch, "data"), k, d) {
		char dw[96];
		json_int_t dn, dd;

		snprintf(dw, sizeof(dw), "%sdata[%zu].", where, k);
		if ((rc = need_str(path, d, "name", dw)) < 0 ||
		    (rc = check_counts(path, json_object_get(d, "counts"), dw, &dn, &dd)) < 0)
			return rc;
	}
	return 0;
}

int ll_validation_parse(json_t **out, const char *text, size_t len, const char *path)
{
	json_error_t err;
	json_t *doc, *checks, *lf = NULL;
	size_t i;
	int rc = 0;

	*out = NULL;
	if (!(doc = json_loadb(text ? text : "", len, JSON_REJECT_DUPLICATES, &err)))
		return ll_error_set(LL_ECORRUPT, "%s: line %d, column %d (byte %d): %s", path,
				    err.line, err.column, err.position, err.text);
	if (!json_is_object(doc))
		rc = bad(path, "(top)", "not a JSON object");
	else if (!json_is_string(json_object_get(doc, "schema")) ||
		 strcmp(json_string_value(json_object_get(doc, "schema")), LL_VALIDATION_SCHEMA))
		rc = bad(path, "schema", "not \"" LL_VALIDATION_SCHEMA "\"");
	else if (!json_is_object(lf = json_object_get(doc, "lifeline")))
		rc = bad(path, "lifeline", "missing or not an object");
	if (rc == 0 && (rc = need_str(path, lf, "version", "lifeline.")) == 0 &&
	    (rc = need_str(path, lf, "sha256", "lifeline.")) == 0 &&
	    (rc = need_str(path, doc, "date", "")) == 0 && (rc = need_str(path, doc, "host", "")) == 0) {
		if (!json_is_array(checks = json_object_get(doc, "checks")) || !json_array_size(checks))
			rc = bad(path, "checks", "missing, not an array, or empty");
		for (i = 0; rc == 0 && i < json_array_size(checks); i++)
			rc = check_one(path, json_array_get(checks, i), i);
	}
	if (rc < 0) {
		json_decref(doc);
		return rc;
	}
	*out = doc;
	return 0;
}

int ll_validation_load(json_t **out, struct ll_buf *raw, const char *path)
{
	int rc;

	*out = NULL;
	if ((rc = ll_buf_read_file(raw, path)) < 0)
		return rc;
	return ll_validation_parse(out, raw->ptr, raw->len, path);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* What the report does not rest on, for its disclosure (model_disclosure.h). */
#include "core/compat.h"
#include "casefile/report/model_disclosure.h"

#include <string.h>

#include <sqlite3.h>

#include "casefile/report/model.h"
#include "core/error.h"
#include "core/store.h"

/*
 * One row per inventory host (the first row's spelling, in file order) that
 * no exhibit of the case came from. `hostname` is COLLATE NOCASE in the
 * table; the short name (before the first dot) matches an exhibit's --host
 * too, as logs name FS03 what the inventory calls FS03.offsec.lan.
 */
static const char not_collected_sql[] =
	"SELECT s.hostname, group_concat(s.system, ', '), max(s.life_critical), min(s.locator)"
	" FROM systems s"
	" WHERE NOT EXISTS (SELECT 1 FROM systems s2, json_each(s2.row, '$.evidence_refs') j"
	"                   JOIN evidence e ON e.id = j.value"
	"                   WHERE s2.hostname = s.hostname)"
	"   AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.host IS NOT NULL AND ("
	"         e.host = s.hostname COLLATE NOCASE"
	"         OR e.host = substr(s.hostname, 1, instr(s.hostname || '.', '.') - 1) COLLATE NOCASE"
	"         OR substr(e.host, 1, instr(e.host || '.', '.') - 1) = s.hostname COLLATE NOCASE))"
	" GROUP BY s.hostname ORDER BY min(s.id)";

static int not_collected(json_t *arr, struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, st, not_collected_sql)) < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(s, 0);
		const char *sys = (const char *)sqlite3_column_text(s, 1);
		const char *loc = (const char *)sqlite3_column_text(s, 3);
		json_t *o = json_pack("{s:s, s:s, s:b, s:s}", "hostname", h ? h : "", "systems",
				      sys ? sys : "", "life_critical",
				      sqlite3_column_int(s, 2) != 0, "locator", loc ? loc : "");

		if (!o || json_array_append_new(arr, o) < 0) {
			sqlite3_finalize(s);
			return ll_error_set(LL_ENOMEM, "out of memory");
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : ll_store_error(st, "reading the inventory");
}

/* exhibits that no analysis read (the model's analyses name their item) */
static int not_examined(json_t *arr, const json_t *root)
{
	const json_t *ev = json_object_get(root, "evidence"), *an = json_object_get(root, "analyses");
	const json_t *x, *a;
	size_t i, j;

	json_array_foreach(ev, i, x) {
		const char *id = ll_model_str(x, "id");
		bool read = false;

		json_array_foreach(an, j, a)
			if (!strcmp(ll_model_str(a, "evidence"), id))
				read = true;
		if (!read && json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "id", id,
								  "kind", ll_model_str(x, "kind"),
								  "description",
								  ll_model_str(x, "description"))) < 0)
			return ll_error_set(LL_ENOMEM, "out of memory");
	}
	return 0;
}

/* every finding id the correlation document cites, at any depth ("findings": [ids], "finding": id) */
static void cited_findings(json_t *set, const json_t *v, int depth)
{
	const char *k;
	const json_t *x, *y;
	size_t i;

	if (depth > 32)
		return;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, x) {
			if (!strcmp(k, "findings") && json_is_array(x)) {
				json_array_foreach(x, i, y)
					if (json_is_integer(y))
						json_array_append(json_object_get(set, "ids"), (json_t *)y);
			} else if (!strcmp(k, "finding") && json_is_integer(x)) {
				json_array_append(json_object_get(set, "ids"), (json_t *)x);
			} else {
				cited_findings(set, x, depth + 1);
			}
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			cited_findings(set, x, depth + 1);
	}
}

static bool has_id(const json_t *ids, json_int_t id)
{
	const json_t *v;
	size_t i;

	json_array_foreach(ids, i, v)
		if (json_integer_value(v) == id)
			return true;
	return false;
}

int ll_model_disclosure(json_t **out, struct ll_store *st, const json_t *root)
{
	const json_t *fs = json_object_get(root, "findings"), *corr = json_object_get(root, "correlation"), *f;
	json_t *d = NULL, *nc = json_array(), *ne = json_array(), *set = json_pack("{s:[]}", "ids");
	json_t *cited = json_array(), *uncited = json_array();
	json_int_t total = json_integer_value(json_object_get(root, "event_count"));
	json_int_t used = json_integer_value(json_object_get(root, "cited_events_total"));
	int64_t hosts = 0;
	size_t i;
	int rc;

	if (!nc || !ne || !set || !cited || !uncited) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = ll_store_get_int(&hosts, st,
				   "SELECT count(DISTINCT hostname) FROM systems", NULL,
				   "counting the inventory")) < 0 ||
	    (rc = not_collected(nc, st)) < 0 || (rc = not_examined(ne, root)) < 0)
		goto out;
	cited_findings(set, corr, 0);
	json_array_foreach(fs, i, f) {
		json_int_t id = json_integer_value(json_object_get(f, "id"));

		json_array_append_new(has_id(json_object_get(set, "ids"), id) ? cited : uncited,
				      json_integer(id));
	}
	if (used > total)
		used = total; /* a cited id whose event is gone is not an event relied on */
	d = json_pack("{s:I, s:O, s:O, s:I, s:I, s:I, s:I, s:O, s:O, s:b}",
		      "inventory_hosts", (json_int_t)hosts, "systems_not_collected", nc,
		      "sources_not_examined", ne, "events_total", total, "events_cited", used,
		      "events_not_cited", total - used, "findings_total",
		      (json_int_t)json_array_size(fs), "findings_cited", cited,
		      "findings_not_cited", uncited, "correlation", json_is_object(corr));
	if (!d) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	*out = d;
	rc = 0;
out:
	json_decref(nc);
	json_decref(ne);
	json_decref(set);
	json_decref(cited);
	json_decref(uncited);
	return rc;
}

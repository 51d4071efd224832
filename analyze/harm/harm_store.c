/* SPDX-License-Identifier: Apache-2.0 */
/* Stores validated hospital rows in their tables and as timeline events. */
#include "core/compat.h"
#include "analyze/harm/harm.h"

#include <sqlite3.h>

#include "analyze/source.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/case.h"
#include "core/error.h"
#include "core/event.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/store.h"
#include "core/time.h"

void ll_harm_batch_init(struct ll_harm_batch *b, struct ll_source_ctx *ctx)
{
	b->ctx = ctx;
	b->seen = json_object();
}

void ll_harm_batch_release(struct ll_harm_batch *b)
{
	json_decref(b->seen);
	b->seen = NULL;
}

static const char *str(const json_t *row, const char *key)
{
	return json_string_value(json_object_get(row, key));
}

static int64_t ns_of(const json_t *row, const char *key)
{
	int64_t ns = 0;
	bool zone;
	const char *s = str(row, key);

	if (s)
		ll_time_parse_rfc3339(&ns, &zone, s, true);
	return ns;
}

static void bind_str(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

/* An id already stored for another file of the case is a duplicate too. */
static int check_duplicate(struct ll_harm_batch *b, const char *table,
			   const char *key_sql, const char *key,
			   const char *what, const char *locator)
{
	struct ll_store *st = b->ctx->cs->store;
	sqlite3_stmt *s = NULL;
	const char *prev = json_string_value(json_object_get(b->seen, key));
	char sql[256];
	int rc;

	if (prev)
		return ll_error_set(LL_ECORRUPT, "duplicate %s '%s' (already at %s)", what, key, prev);
	snprintf(sql, sizeof(sql), "SELECT locator FROM %s WHERE %s", table, key_sql);
	if ((rc = ll_store_prepare(&s, st, sql)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		rc = ll_error_set(LL_ECORRUPT, "duplicate %s '%s' (already imported from %s)",
				  what, key, (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (rc < 0)
		return rc;
	json_object_set_new(b->seen, key, json_string(locator));
	return 0;
}

static int add_event(int64_t *id_out, struct ll_harm_batch *b, const char *row_text,
		     const char *locator, int64_t ns, const char *raw,
		     const char *desc, const char *cat, const char *parser,
		     const char *host, const char *msg)
{
	struct ll_event e = { 0 };

	e.evidence_id = b->ctx->ev->id;
	e.time_ns = ns;
	e.time_desc = desc;
	e.time_raw = raw;
	e.time_rule = "RFC 3339 with offset, as documented by the hospital";
	e.source = cat;
	e.parser = parser;
	e.category = cat;
	e.host = host;
	e.event_code = -1;
	e.locator = locator;
	e.message = msg;
	e.attrs = row_text;
	return ll_event_add(b->ctx->w, &e, id_out);
}

static int add_harm(struct ll_harm_batch *b, const json_t *row, const char *row_text,
		    const char *loc, const char *parser)
{
	struct ll_buf msg = LL_BUF_INIT;
	sqlite3_stmt *s = NULL;
	const char *id = str(row, "event_id");
	int64_t ev = 0;
	json_t *d = json_object_get(row, "disruption_ids");
	int rc;

	if ((rc = check_duplicate(b, "harm_events", "id = ?", id, "harm event id", loc)) < 0)
		return rc;
	ll_buf_printf(&msg, "%s: patient %s, %s %s, %s harm (%s), causality %s", id,
		      str(row, "patient_pseudonym"), str(row, "site_code"), str(row, "unit"),
		      str(row, "harm_level"), str(row, "harm_scale"), str(row, "causality"));
	ll_buf_printf(&msg, ", %s", str(row, "care_process"));
	if (json_object_get(row, "delay_minutes"))
		ll_buf_printf(&msg, ", delay %" JSON_INTEGER_FORMAT " min",
			      json_integer_value(json_object_get(row, "delay_minutes")));
	if (json_array_size(d)) {
		size_t i;
		json_t *x;

		ll_buf_puts(&msg, ", disruptions");
		json_array_foreach(d, i, x)
			ll_buf_printf(&msg, "%s%s", i ? ";" : " ", json_string_value(x));
	}
	if ((rc = add_event(&ev, b, row_text, loc, ns_of(row, "event_start"),
			    str(row, "event_start"), "Harm Event Start", "harm", parser,
			    NULL, msg.ptr)) < 0)
		goto out;
	if ((rc = ll_store_prepare(&s, b->ctx->cs->store,
				   "INSERT INTO harm_events(id, evidence_id, locator, event_id,"
				   " patient, site_code, unit, start_ns, time_precision,"
				   " care_process, harm_level, causality, row)"
				   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) < 0)
		goto out;
	bind_str(s, 1, id);
	bind_str(s, 2, b->ctx->ev->id);
	bind_str(s, 3, loc);
	sqlite3_bind_int64(s, 4, ev);
	bind_str(s, 5, str(row, "patient_pseudonym"));
	bind_str(s, 6, str(row, "site_code"));
	bind_str(s, 7, str(row, "unit"));
	sqlite3_bind_int64(s, 8, ns_of(row, "event_start"));
	bind_str(s, 9, str(row, "time_precision"));
	bind_str(s, 10, str(row, "care_process"));
	bind_str(s, 11, str(row, "harm_level"));
	bind_str(s, 12, str(row, "causality"));
	bind_str(s, 13, row_text);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = ll_store_error(b->ctx->cs->store, "storing a harm event");
out:
	sqlite3_finalize(s);
	ll_buf_release(&msg);
	return rc;
}

static int add_disruption(struct ll_harm_batch *b, const json_t *row,
			  const char *row_text, const char *loc, const char *parser)
{
	struct ll_buf msg = LL_BUF_INIT, msg2 = LL_BUF_INIT;
	sqlite3_stmt *s = NULL;
	const char *id = str(row, "disruption_id");
	const char *sys = str(row, "affected_system"), *asset = str(row, "linked_asset");
	int64_t ev1 = 0, ev2 = 0;
	int rc;

	if ((rc = check_duplicate(b, "disruptions", "id = ?", id, "disruption id", loc)) < 0)
		return rc;
	ll_buf_printf(&msg, "%s: %s %s %s (%s) began", id, str(row, "site_code"),
		      str(row, "unit"), str(row, "disruption_type"), str(row, "severity"));
	if (sys)
		ll_buf_printf(&msg, ", system %s", sys);
	if (asset)
		ll_buf_printf(&msg, ", asset %s", asset);
	if (json_object_get(row, "count_affected"))
		ll_buf_printf(&msg, ", %" JSON_INTEGER_FORMAT " %s affected",
			      json_integer_value(json_object_get(row, "count_affected")),
			      str(row, "count_unit") ? str(row, "count_unit") : "");
	ll_buf_printf(&msg2, "%s: %s %s %s ended", id, str(row, "site_code"),
		      str(row, "unit"), str(row, "disruption_type"));
	if ((rc = add_event(&ev1, b, row_text, loc, ns_of(row, "start"), str(row, "start"),
			    "Disruption Start", "disruption", parser, asset, msg.ptr)) < 0 ||
	    (rc = add_event(&ev2, b, row_text, loc, ns_of(row, "end"), str(row, "end"),
			    "Disruption End", "disruption", parser, asset, msg2.ptr)) < 0)
		goto out;
	if ((rc = ll_store_prepare(&s, b->ctx->cs->store,
				   "INSERT INTO disruptions(id, evidence_id, locator, event_id,"
				   " end_event_id, site_code, unit, type, affected_system,"
				   " linked_asset, severity, start_ns, end_ns, time_precision, row)"
				   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) < 0)
		goto out;
	bind_str(s, 1, id);
	bind_str(s, 2, b->ctx->ev->id);
	bind_str(s, 3, loc);
	sqlite3_bind_int64(s, 4, ev1);
	sqlite3_bind_int64(s, 5, ev2);
	bind_str(s, 6, str(row, "site_code"));
	bind_str(s, 7, str(row, "unit"));
	bind_str(s, 8, str(row, "disruption_type"));
	bind_str(s, 9, sys);
	bind_str(s, 10, asset);
	bind_str(s, 11, str(row, "severity"));
	sqlite3_bind_int64(s, 12, ns_of(row, "start"));
	sqlite3_bind_int64(s, 13, ns_of(row, "end"));
	bind_str(s, 14, str(row, "time_precision"));
	bind_str(s, 15, row_text);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = ll_store_error(b->ctx->cs->store, "storing a disruption");
out:
	sqlite3_finalize(s);
	ll_buf_release(&msg);
	ll_buf_release(&msg2);
	return rc;
}

static int add_metric(struct ll_harm_batch *b, const json_t *row,
		      const char *row_text, const char *loc, const char *parser)
{
	struct ll_buf msg = LL_BUF_INIT, key = LL_BUF_INIT;
	sqlite3_stmt *s = NULL;
	json_t *den = json_object_get(row, "denominator");
	int64_t ev = 0;
	int rc;

	ll_buf_printf(&key, "%s/%s/%s/%s", str(row, "site_code"), str(row, "unit"),
		      str(row, "metric"), str(row, "period_start"));
	if (json_object_get(b->seen, key.ptr)) {
		rc = ll_error_set(LL_ECORRUPT, "duplicate metric row %s (already at %s)", key.ptr,
				  json_string_value(json_object_get(b->seen, key.ptr)));
		goto out;
	}
	json_object_set_new(b->seen, key.ptr, json_string(loc));
	ll_buf_printf(&msg, "%s %s %s = %g", str(row, "site_code"), str(row, "unit"),
		      str(row, "metric"), json_real_value(json_object_get(row, "value")));
	if (den)
		ll_buf_printf(&msg, " of %g", json_real_value(den));
	ll_buf_printf(&msg, " (%s to %s)", str(row, "period_start"), str(row, "period_end"));
	if ((rc = add_event(&ev, b, row_text, loc, ns_of(row, "period_start"),
			    str(row, "period_start"), "Metric Period Start", "metric", parser,
			    NULL, msg.ptr)) < 0)
		goto out;
	if ((rc = ll_store_prepare(&s, b->ctx->cs->store,
				   "INSERT INTO metrics(evidence_id, locator, event_id, site_code,"
				   " unit, metric, start_ns, end_ns, value, denominator, row)"
				   " VALUES (?,?,?,?,?,?,?,?,?,?,?)")) < 0)
		goto out;
	bind_str(s, 1, b->ctx->ev->id);
	bind_str(s, 2, loc);
	sqlite3_bind_int64(s, 3, ev);
	bind_str(s, 4, str(row, "site_code"));
	bind_str(s, 5, str(row, "unit"));
	bind_str(s, 6, str(row, "metric"));
	sqlite3_bind_int64(s, 7, ns_of(row, "period_start"));
	sqlite3_bind_int64(s, 8, ns_of(row, "period_end"));
	sqlite3_bind_double(s, 9, json_real_value(json_object_get(row, "value")));
	if (den)
		sqlite3_bind_double(s, 10, json_real_value(den));
	bind_str(s, 11, row_text);
	if (sqlite3_step(s) != SQLITE_DONE) {
		if (sqlite3_extended_errcode(b->ctx->cs->store->db) == SQLITE_CONSTRAINT_UNIQUE)
			rc = ll_error_set(LL_ECORRUPT, "duplicate metric row %s (already imported from another file)",
					  key.ptr);
		else
			rc = ll_store_error(b->ctx->cs->store, "storing a metric");
	}
out:
	sqlite3_finalize(s);
	ll_buf_release(&msg);
	ll_buf_release(&key);
	return rc;
}

static int add_system(struct ll_harm_batch *b, const json_t *row,
		      const char *row_text, const char *loc)
{
	sqlite3_stmt *s = NULL;
	const char *host = str(row, "hostname");
	char lower[256];
	size_t n = 0;
	int rc;

	for (const char *p = host; *p && n + 1 < sizeof(lower); p++)
		lower[n++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
	lower[n] = '\0';
	/*
	 * One host may serve several clinical systems (EHR and PACS on one
	 * server): only the same host listed twice for the same system is a
	 * duplicate.
	 */
	{
		char key[384];

		snprintf(key, sizeof(key), "%s|%s", lower, str(row, "system"));
		if ((rc = check_duplicate(b, "systems",
					  "lower(hostname) || '|' || system = ?", key,
					  "host and system", loc)) < 0)
			return rc;
	}
	if ((rc = ll_store_prepare(&s, b->ctx->cs->store,
				   "INSERT INTO systems(evidence_id, locator, hostname, system,"
				   " role, site_code, unit, life_critical, row)"
				   " VALUES (?,?,?,?,?,?,?,?,?)")) < 0)
		return rc;
	bind_str(s, 1, b->ctx->ev->id);
	bind_str(s, 2, loc);
	bind_str(s, 3, host);
	bind_str(s, 4, str(row, "system"));
	bind_str(s, 5, str(row, "role"));
	bind_str(s, 6, str(row, "site_code"));
	bind_str(s, 7, str(row, "unit"));
	sqlite3_bind_int(s, 8, strcmp(str(row, "life_critical"), "yes") == 0);
	bind_str(s, 9, row_text);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = ll_store_error(b->ctx->cs->store, "storing a system");
	sqlite3_finalize(s);
	return rc;
}

int ll_harm_batch_add(struct ll_harm_batch *b, enum ll_harm_kind k,
		      const json_t *row, const char *locator)
{
	char *text = ll_json_dump(row);
	const char *parser = ll_harm_schema_id(k);
	int rc;

	if (!text || !b->seen)
		return ll_error_set(LL_ENOMEM, "out of memory");
	switch (k) {
	case LL_HARM_EVENTS: rc = add_harm(b, row, text, locator, parser); break;
	case LL_HARM_DISRUPTIONS: rc = add_disruption(b, row, text, locator, parser); break;
	case LL_HARM_METRICS: rc = add_metric(b, row, text, locator, parser); break;
	case LL_HARM_SYSTEMS: rc = add_system(b, row, text, locator); break;
	default: rc = ll_error_set(LL_EINTERNAL, "bad harm kind"); break;
	}
	ll_free(text);
	return rc;
}

int ll_harm_clear(struct ll_store *st, const char *evidence_id)
{
	static const char *const tables[] = { "systems", "disruptions", "harm_events", "metrics" };
	int rc = 0;

	for (size_t i = 0; i < LL_ARRAY_SIZE(tables) && rc == 0; i++) {
		sqlite3_stmt *s = NULL;
		char sql[96];

		snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE evidence_id = ?", tables[i]);
		if ((rc = ll_store_prepare(&s, st, sql)) < 0)
			break;
		sqlite3_bind_text(s, 1, evidence_id, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = ll_store_error(st, "clearing hospital data");
		sqlite3_finalize(s);
	}
	return rc;
}

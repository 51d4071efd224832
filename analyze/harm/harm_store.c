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
#include "core/event/event.h"
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

	if (!text || !b->seen) {
		ll_free(text);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
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
		char sql[96];

		snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE evidence_id = ?", tables[i]);
		rc = ll_store_run_text(st, sql, evidence_id, "clearing hospital data");
	}
	return rc;
}

/*
 * The row column parsed; a row that does not parse reads as none, as it
 * always did, but running out of memory is an error (*rc).
 */
static json_t *col_row(int *rc, sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	json_t *v = NULL;

	if (t && ll_json_load(&v, t, 0) == LL_ENOMEM)
		*rc = LL_ENOMEM;
	return v;
}

/* `v` (n elements of `size` bytes) with one more, zeroed, at the end; NULL leaves `v` as it was. */
static void *grow(void *v, size_t n, size_t size)
{
	char *nv = ll_reallocarray(v, n + 1, size);

	if (nv)
		memset(nv + n * size, 0, size);
	return nv;
}

static int load_systems(struct ll_harm_data *d, sqlite3_stmt *s)
{
	struct ll_harm_system *x;
	int rc = 0;

	if (!(x = grow(d->systems, d->nsystems, sizeof(*x))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	d->systems = x;
	x = &x[d->nsystems++];
	x->hostname = ll_store_column_dup(&rc, s, 0);
	x->system = ll_store_column_dup(&rc, s, 1);
	x->site_code = ll_store_column_dup(&rc, s, 2);
	x->unit = ll_store_column_dup(&rc, s, 3);
	x->life_critical = sqlite3_column_int64(s, 4) != 0;
	x->locator = ll_store_column_dup(&rc, s, 5);
	return rc;
}

static int load_disruption(struct ll_harm_data *d, sqlite3_stmt *s)
{
	struct ll_harm_disruption *x;
	int rc = 0;

	if (!(x = grow(d->disruptions, d->ndisruptions, sizeof(*x))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	d->disruptions = x;
	x = &x[d->ndisruptions++];
	x->id = ll_store_column_dup(&rc, s, 0);
	x->site_code = ll_store_column_dup(&rc, s, 1);
	x->unit = ll_store_column_dup(&rc, s, 2);
	x->type = ll_store_column_dup(&rc, s, 3);
	x->affected_system = ll_store_column_dup(&rc, s, 4);
	x->linked_asset = ll_store_column_dup(&rc, s, 5);
	x->severity = ll_store_column_dup(&rc, s, 6);
	x->start_ns = sqlite3_column_int64(s, 7);
	x->end_ns = sqlite3_column_int64(s, 8);
	x->time_precision = ll_store_column_dup(&rc, s, 9);
	x->event_id = sqlite3_column_int64(s, 10);
	x->end_event_id = sqlite3_column_int64(s, 11);
	x->locator = ll_store_column_dup(&rc, s, 12);
	x->row = col_row(&rc, s, 13);
	return rc;
}

static int load_harm_event(struct ll_harm_data *d, sqlite3_stmt *s)
{
	struct ll_harm_event *x;
	int rc = 0;

	if (!(x = grow(d->events, d->nevents, sizeof(*x))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	d->events = x;
	x = &x[d->nevents++];
	x->id = ll_store_column_dup(&rc, s, 0);
	x->patient = ll_store_column_dup(&rc, s, 1);
	x->site_code = ll_store_column_dup(&rc, s, 2);
	x->unit = ll_store_column_dup(&rc, s, 3);
	x->start_ns = sqlite3_column_int64(s, 4);
	x->time_precision = ll_store_column_dup(&rc, s, 5);
	x->care_process = ll_store_column_dup(&rc, s, 6);
	x->harm_level = ll_store_column_dup(&rc, s, 7);
	x->causality = ll_store_column_dup(&rc, s, 8);
	x->event_id = sqlite3_column_int64(s, 9);
	x->locator = ll_store_column_dup(&rc, s, 10);
	x->row = col_row(&rc, s, 11);
	return rc;
}

static int load_table(struct ll_harm_data *d, struct ll_store *st, const char *sql,
		      int (*one)(struct ll_harm_data *, sqlite3_stmt *))
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	if ((rc = ll_store_prepare(&s, st, sql)) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = one(d, s)) < 0)
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = ll_store_error(st, "reading hospital data");
	sqlite3_finalize(s);
	return rc;
}

int ll_harm_load(struct ll_harm_data *out, struct ll_store *st)
{
	struct ll_harm_data d = { 0 };
	int rc;

	if ((rc = load_table(&d, st,
			     "SELECT hostname, system, site_code, unit, life_critical, locator"
			     " FROM systems ORDER BY hostname", load_systems)) < 0 ||
	    (rc = load_table(&d, st,
			     "SELECT id, site_code, unit, type, affected_system, linked_asset,"
			     " severity, start_ns, end_ns, time_precision, event_id,"
			     " end_event_id, locator, row FROM disruptions ORDER BY id",
			     load_disruption)) < 0 ||
	    (rc = load_table(&d, st,
			     "SELECT id, patient, site_code, unit, start_ns, time_precision,"
			     " care_process, harm_level, causality, event_id, locator, row"
			     " FROM harm_events ORDER BY id", load_harm_event)) < 0) {
		ll_harm_data_release(&d);
		return rc;
	}
	*out = d;
	return 0;
}

void ll_harm_data_release(struct ll_harm_data *d)
{
	for (size_t i = 0; i < d->nsystems; i++) {
		struct ll_harm_system *x = &d->systems[i];

		ll_free(x->hostname);
		ll_free(x->system);
		ll_free(x->site_code);
		ll_free(x->unit);
		ll_free(x->locator);
	}
	for (size_t i = 0; i < d->ndisruptions; i++) {
		struct ll_harm_disruption *x = &d->disruptions[i];

		ll_free(x->id);
		ll_free(x->site_code);
		ll_free(x->unit);
		ll_free(x->type);
		ll_free(x->affected_system);
		ll_free(x->linked_asset);
		ll_free(x->severity);
		ll_free(x->time_precision);
		ll_free(x->locator);
		json_decref(x->row);
	}
	for (size_t i = 0; i < d->nevents; i++) {
		struct ll_harm_event *x = &d->events[i];

		ll_free(x->id);
		ll_free(x->patient);
		ll_free(x->site_code);
		ll_free(x->unit);
		ll_free(x->time_precision);
		ll_free(x->care_process);
		ll_free(x->harm_level);
		ll_free(x->causality);
		ll_free(x->locator);
		json_decref(x->row);
	}
	ll_free(d->systems);
	ll_free(d->disruptions);
	ll_free(d->events);
	memset(d, 0, sizeof(*d));
}

void ll_harm_metric_keys_free(struct ll_harm_metric_key *keys, size_t n)
{
	for (size_t i = 0; keys && i < n; i++) {
		ll_free(keys[i].site_code);
		ll_free(keys[i].unit);
		ll_free(keys[i].metric);
	}
	ll_free(keys);
}

/*
 * Every row of the prepared `s` into a growing array of `size`-byte
 * elements, each zeroed then filled by `fill`; finalizes `s`. On failure
 * *v and *nv hold what was read, for the caller's free.
 */
static int read_rows(void **v, size_t *nv, struct ll_store *st, sqlite3_stmt *s, size_t size,
		     int (*fill)(void *elem, sqlite3_stmt *s), const char *what)
{
	size_t cap = 0;
	int rc = 0, step;
	char *x;

	*v = NULL;
	*nv = 0;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (*nv == cap) {
			cap = cap ? 2 * cap : 16;
			if (!(x = ll_reallocarray(*v, cap, size))) {
				rc = ll_error_set(LL_ENOMEM, "out of memory");
				break;
			}
			*v = x;
		}
		x = (char *)*v + *nv * size;
		memset(x, 0, size);
		++*nv;
		if ((rc = fill(x, s)) < 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = ll_store_error(st, what);
	sqlite3_finalize(s);
	return rc;
}

static int fill_metric_key(void *elem, sqlite3_stmt *s)
{
	struct ll_harm_metric_key *k = elem;
	int rc = 0;

	k->site_code = ll_store_column_dup(&rc, s, 0);
	k->unit = ll_store_column_dup(&rc, s, 1);
	k->metric = ll_store_column_dup(&rc, s, 2);
	return rc;
}

int ll_harm_metric_keys(struct ll_harm_metric_key **out, size_t *n, struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	void *v;
	int rc;

	if ((rc = ll_store_prepare(&s, st,
				   "SELECT DISTINCT site_code, unit, metric FROM metrics"
				   " ORDER BY site_code, unit, metric")) < 0)
		return rc;
	if ((rc = read_rows(&v, n, st, s, sizeof(**out), fill_metric_key, "reading metrics")) < 0) {
		ll_harm_metric_keys_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

static int fill_metric_row(void *elem, sqlite3_stmt *s)
{
	struct ll_harm_metric_row *r = elem;

	r->value = sqlite3_column_double(s, 0);
	r->has_denominator = sqlite3_column_type(s, 1) != SQLITE_NULL;
	r->denominator = r->has_denominator ? sqlite3_column_double(s, 1) : 0;
	r->start_ns = sqlite3_column_int64(s, 2);
	r->end_ns = sqlite3_column_int64(s, 3);
	return 0;
}

int ll_harm_metric_rows(struct ll_harm_metric_row **out, size_t *n, struct ll_store *st,
			const struct ll_harm_metric_key *key, int64_t from, int64_t to)
{
	sqlite3_stmt *s = NULL;
	void *v;
	int rc;

	if ((rc = ll_store_prepare(&s, st,
				   "SELECT value, denominator, start_ns, end_ns FROM metrics"
				   " WHERE site_code = ? AND unit = ? AND metric = ?"
				   " AND start_ns >= ? AND end_ns <= ? ORDER BY start_ns")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, key->site_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, key->unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, key->metric, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, from);
	sqlite3_bind_int64(s, 5, to);
	if ((rc = read_rows(&v, n, st, s, sizeof(**out), fill_metric_row, "reading metrics")) < 0) {
		ll_free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

static int fill_host_ref(void *elem, sqlite3_stmt *s)
{
	struct ll_harm_host_ref *r = elem;
	int rc = 0;

	r->hostname = ll_store_column_dup(&rc, s, 0);
	r->locator = ll_store_column_dup(&rc, s, 1);
	return rc;
}

int ll_harm_hosts_of_exhibit(struct ll_harm_host_ref **out, size_t *n, struct ll_store *st,
			     const char *id)
{
	sqlite3_stmt *s = NULL;
	void *v;
	int rc;

	*out = NULL;
	*n = 0;
	/* evidence_refs is the row's validated `;`-list, stored as a JSON array */
	if ((rc = ll_store_prepare(&s, st,
				   "SELECT s.hostname, s.locator FROM systems s,"
				   " json_each(s.row, '$.evidence_refs') j"
				   " WHERE j.type = 'text' AND j.value = ? ORDER BY s.id")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if ((rc = read_rows(&v, n, st, s, sizeof(**out), fill_host_ref,
			    "reading the inventory's evidence_refs")) < 0) {
		ll_harm_host_refs_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

void ll_harm_host_refs_free(struct ll_harm_host_ref *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ll_free(v[i].hostname);
		ll_free(v[i].locator);
	}
	ll_free(v);
}

void ll_harm_host_addrs_free(struct ll_harm_host_addr *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		ll_free(v[i].hostname);
		ll_free(v[i].addr);
	}
	ll_free(v);
}

static int fill_host_addr(void *elem, sqlite3_stmt *s)
{
	struct ll_harm_host_addr *x = elem;
	int rc = 0;

	x->hostname = ll_store_column_dup(&rc, s, 0);
	x->addr = ll_store_column_dup(&rc, s, 1);
	return rc;
}

int ll_harm_host_addrs(struct ll_harm_host_addr **out, size_t *n, struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	void *v;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = ll_store_prepare(&s, st,
				   "SELECT DISTINCT s.hostname, a.value FROM systems s,"
				   " json_each(json_extract(s.row, '$.ip_addresses')) a"
				   " WHERE json_valid(s.row) AND a.type = 'text'"
				   " ORDER BY 1, 2")) < 0)
		return rc;
	if ((rc = read_rows(&v, n, st, s, sizeof(**out), fill_host_addr,
			    "reading the inventory's addresses")) < 0) {
		ll_harm_host_addrs_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Batched event insertion. */
#include "core/compat.h"
#include "core/event/event.h"

#include <limits.h>
#include <sqlite3.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/time.h"
#include "core/store.h"

int ll_event_writer_init(struct ll_event_writer *w, struct ll_store *st,
			 int64_t clock_offset_s)
{
	memset(w, 0, sizeof(*w));
	w->st = st;
	w->clock_offset_s = clock_offset_s;
	ll_buf_init(&w->arena);
	return ll_store_prepare(&w->ins, st,
				"INSERT INTO events(evidence_id, time_ns, orig_ns, time_desc,"
				" time_raw, rule_id, source, parser, category, host, user,"
				" path, event_code, locator, message, attrs)"
				" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
}

void ll_event_writer_emit(struct ll_event_writer *w, ll_event_emit_fn fn,
			  void *payload)
{
	memset(w, 0, sizeof(*w));
	ll_buf_init(&w->arena);
	w->emit = fn;
	w->emit_payload = payload;
}

/* Forgets the cached rule ids: after a rollback they may name rows that are gone. */
static void rules_forget(struct ll_event_writer *w)
{
	for (size_t i = 0; i < LL_EVENT_RULE_CACHE; i++) {
		ll_free(w->rules[i].text);
		w->rules[i].text = NULL;
	}
	w->rule_next = 0;
}

/*
 * The time_rules id of a rule text, inserted on first use. A file has one
 * rule or a few, so a small cache compared by content answers nearly
 * every row without a statement.
 */
static int rule_id(struct ll_event_writer *w, const char *rule, size_t len,
		   int64_t *id)
{
	struct ll_event_rule *slot;
	char *copy;

	for (size_t i = 0; i < LL_EVENT_RULE_CACHE; i++)
		if (w->rules[i].text && w->rules[i].len == len &&
		    memcmp(w->rules[i].text, rule, len) == 0) {
			*id = w->rules[i].id;
			return 0;
		}
	if ((!w->rule_ins &&
	     ll_store_prepare(&w->rule_ins, w->st,
			      "INSERT OR IGNORE INTO time_rules(rule) VALUES (?)") < 0) ||
	    (!w->rule_sel &&
	     ll_store_prepare(&w->rule_sel, w->st,
			      "SELECT id FROM time_rules WHERE rule = ?") < 0))
		return ll_error_context("storing a time rule");
	sqlite3_reset(w->rule_ins);
	sqlite3_bind_text(w->rule_ins, 1, rule, (int)len, SQLITE_STATIC);
	if (sqlite3_step(w->rule_ins) != SQLITE_DONE)
		return ll_store_error(w->st, "storing a time rule");
	sqlite3_reset(w->rule_sel);
	sqlite3_bind_text(w->rule_sel, 1, rule, (int)len, SQLITE_STATIC);
	if (sqlite3_step(w->rule_sel) != SQLITE_ROW) {
		sqlite3_reset(w->rule_sel);
		return ll_store_error(w->st, "reading a time rule");
	}
	*id = sqlite3_column_int64(w->rule_sel, 0);
	sqlite3_reset(w->rule_sel);
	if (!(copy = ll_malloc(len + 1)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	memcpy(copy, rule, len);
	copy[len] = '\0';
	slot = &w->rules[w->rule_next];
	w->rule_next = (w->rule_next + 1) % LL_EVENT_RULE_CACHE;
	ll_free(slot->text);
	slot->text = copy;
	slot->len = len;
	slot->id = *id;
	return 0;
}

/* Binds the rule of a row (NULL: none) as its id at parameter `i`. */
static int bind_rule(struct ll_event_writer *w, sqlite3_stmt *s, int i,
		     const char *rule, size_t len)
{
	int64_t id = 0;
	int rc;

	if (!rule)
		return sqlite3_bind_null(s, i) == SQLITE_OK ? 0 : ll_store_error(w->st, "binding");
	if ((rc = rule_id(w, rule, len, &id)) < 0)
		return rc;
	sqlite3_bind_int64(s, i, id);
	return 0;
}

static void bind_opt(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static bool event_valid(const struct ll_event *e)
{
	return e->evidence_id && e->source && e->parser && e->locator && e->message;
}

/*
 * The fields every row of a statement shares, at their parameter numbers
 * (2, 3, 4 and 16 are the per-row ones). Every parameter is bound on each
 * call, NULLs included, so no sqlite3_clear_bindings is needed.
 */
static int bind_common(struct ll_event_writer *w, sqlite3_stmt *s,
		       const struct ll_event *e)
{
	sqlite3_bind_text(s, 1, e->evidence_id, -1, SQLITE_STATIC);
	bind_opt(s, 5, e->time_raw);
	sqlite3_bind_text(s, 7, e->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, e->parser, -1, SQLITE_STATIC);
	bind_opt(s, 9, e->category);
	bind_opt(s, 10, e->host);
	bind_opt(s, 11, e->user);
	bind_opt(s, 12, e->path);
	if (e->event_code >= 0)
		sqlite3_bind_int64(s, 13, e->event_code);
	else
		sqlite3_bind_null(s, 13);
	sqlite3_bind_text(s, 14, e->locator, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 15, e->message, -1, SQLITE_STATIC);
	return bind_rule(w, s, 6, e->time_rule, e->time_rule ? strlen(e->time_rule) : 0);
}

/* time_ns and orig_ns of one row at parameters `t` and `t + 1`. */
static void bind_time(struct ll_event_writer *w, sqlite3_stmt *s, int t, int64_t ns)
{
	if (w->clock_offset_s) {
		sqlite3_bind_int64(s, t, ns + w->clock_offset_s * LL_NS_PER_SEC); /* offset_ok */
		sqlite3_bind_int64(s, t + 1, ns);
	} else {
		sqlite3_bind_int64(s, t, ns);
		sqlite3_bind_null(s, t + 1);
	}
}

static int insert_one(struct ll_event_writer *w, const struct ll_event *e,
		      int64_t *id_out)
{
	sqlite3_stmt *s = w->ins;
	int rc;

	sqlite3_reset(s);
	if ((rc = bind_common(w, s, e)) < 0)
		return rc;
	bind_time(w, s, 2, e->time_ns);
	sqlite3_bind_text(s, 4, e->time_desc, -1, SQLITE_STATIC);
	bind_opt(s, 16, e->attrs);
	if (sqlite3_step(s) != SQLITE_DONE)
		return ll_store_error(w->st, "storing event");
	if (id_out)
		*id_out = sqlite3_last_insert_rowid(w->st->db);
	return 0;
}

/* The string fields of an event, in a fixed order (pending[].off). */
static void fields(const char **f[LL_EVENT_NSTR], struct ll_event *e)
{
	const char **v[LL_EVENT_NSTR] = {
		&e->evidence_id, &e->time_desc, &e->time_raw, &e->time_rule,
		&e->source, &e->parser, &e->category, &e->host, &e->user,
		&e->path, &e->locator, &e->message, &e->attrs,
	};

	memcpy(f, v, sizeof(v));
}

/* The statement parameter (1-based, within a row) of each field above. */
static const int field_param[LL_EVENT_NSTR] = { 1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16 };
#define FIELD_RULE 3

static int stash(struct ll_event_writer *w, const struct ll_event *e)
{
	struct ll_event c = *e;
	const char **f[LL_EVENT_NSTR];
	size_t k = w->npending;
	int rc;

	if (k == 0)
		ll_buf_reset(&w->arena);
	fields(f, &c);
	for (size_t i = 0; i < LL_EVENT_NSTR; i++) {
		size_t len;

		if (!*f[i]) {
			w->pending[k].off[i] = SIZE_MAX;
			continue;
		}
		len = strlen(*f[i]);
		if (len > INT_MAX)
			return ll_error_set(LL_EINVAL, "event field of %zu bytes", len);
		w->pending[k].off[i] = w->arena.len;
		w->pending[k].len[i] = (int)len;
		if ((rc = ll_buf_put(&w->arena, *f[i], len + 1)) < 0)
			return rc;
	}
	w->pending[k].time_ns = e->time_ns;
	w->pending[k].event_code = e->event_code;
	w->npending++;
	return 0;
}

/* Pending event `k` with its strings pointing into the arena. */
static void unstash(struct ll_event *e, const struct ll_event_writer *w, size_t k)
{
	const char **f[LL_EVENT_NSTR];

	memset(e, 0, sizeof(*e));
	fields(f, e);
	for (size_t i = 0; i < LL_EVENT_NSTR; i++)
		*f[i] = w->pending[k].off[i] == SIZE_MAX ? NULL
							 : w->arena.ptr + w->pending[k].off[i];
	e->time_ns = w->pending[k].time_ns;
	e->event_code = w->pending[k].event_code;
}

/* Row k of the batch statement: parameters 16k+1 … 16k+16, in column order. */
static int prepare_batch(struct ll_event_writer *w)
{
	struct ll_buf sql = LL_BUF_INIT;
	int rc;

	ll_buf_init(&sql);
	ll_buf_puts(&sql, "INSERT OR FAIL INTO events(evidence_id, time_ns, orig_ns,"
			  " time_desc, time_raw, rule_id, source, parser, category,"
			  " host, user, path, event_code, locator, message, attrs) VALUES");
	for (int k = 0; k < LL_EVENT_BATCH; k++) {
		ll_buf_puts(&sql, k ? ",(" : "(");
		for (int c = 1; c <= 16; c++)
			ll_buf_printf(&sql, "%s?%d", c > 1 ? "," : "", 16 * k + c);
		ll_buf_putc(&sql, ')');
	}
	rc = ll_store_prepare(&w->batch_ins, w->st, sql.ptr);
	ll_buf_release(&sql);
	return rc;
}

/* Binds pending row k at parameters b+1 … b+16, lengths known from stash. */
static int bind_pending(struct ll_event_writer *w, sqlite3_stmt *s, int b, size_t k)
{
	const char *arena = w->arena.ptr;

	for (size_t i = 0; i < LL_EVENT_NSTR; i++) {
		size_t off = w->pending[k].off[i];
		int p = b + field_param[i];

		if (i == FIELD_RULE) {
			int rc = bind_rule(w, s, p, off == SIZE_MAX ? NULL : arena + off,
					   (size_t)w->pending[k].len[i]);

			if (rc < 0)
				return rc;
		} else if (off == SIZE_MAX) {
			sqlite3_bind_null(s, p);
		} else {
			sqlite3_bind_text(s, p, arena + off, w->pending[k].len[i],
					  SQLITE_STATIC);
		}
	}
	bind_time(w, s, b + 2, w->pending[k].time_ns);
	if (w->pending[k].event_code >= 0)
		sqlite3_bind_int64(s, b + 13, w->pending[k].event_code);
	else
		sqlite3_bind_null(s, b + 13);
	return 0;
}

int ll_event_flush(struct ll_event_writer *w)
{
	struct ll_event e;
	sqlite3_stmt *s;
	size_t n = w->npending;
	int rc = 0;

	w->npending = 0;
	if (n < LL_EVENT_BATCH) {
		for (size_t k = 0; k < n && rc == 0; k++) {
			unstash(&e, w, k);
			rc = insert_one(w, &e, NULL);
		}
		return rc;
	}
	if (!w->batch_ins && (rc = prepare_batch(w)) < 0)
		return rc;
	s = w->batch_ins;
	sqlite3_reset(s);
	for (size_t k = 0; k < n && rc == 0; k++)
		rc = bind_pending(w, s, 16 * (int)k, k);
	if (rc == 0 && sqlite3_step(s) != SQLITE_DONE)
		rc = ll_store_error(w->st, "storing events");
	sqlite3_reset(s);
	return rc;
}

void ll_event_discard(struct ll_event_writer *w)
{
	w->count -= w->npending;
	w->npending = 0;
	rules_forget(w);
}

void ll_event_writer_batch(struct ll_event_writer *w)
{
	w->batch = true;
}

/* The clock offset moves no time outside the storable range (checked once here). */
static int offset_ok(const struct ll_event_writer *w, int64_t ns)
{
	if (w->clock_offset_s && ll_time_ns_shift(&ns, w->clock_offset_s) < 0)
		return ll_error_context("clock offset %+" PRId64 " s", w->clock_offset_s);
	return 0;
}

/* The load's limits (struct ll_event_writer): may `n` more events be stored? */
static int within_limits(struct ll_event_writer *w, size_t n)
{
	uint64_t avail;
	int rc;

	if (w->stopped == LL_EVENT_STOP_BUDGET ||
	    (w->max_events && w->count + n > w->max_events)) {
		w->stopped = LL_EVENT_STOP_BUDGET;
		return ll_error_set(LL_EUNSUPPORTED,
				    "more than %" PRIu64 " events in this item (the --max-events budget); the rest was not read",
				    w->max_events);
	}
	if (w->space_dir && w->min_free &&
	    (w->stopped == LL_EVENT_STOP_SPACE ||
	     w->count / LL_EVENT_SPACE_EVERY != (w->count + n) / LL_EVENT_SPACE_EVERY)) {
		if ((rc = ll_fs_free_bytes(&avail, w->space_dir)) < 0)
			return rc;
		if (w->stopped == LL_EVENT_STOP_SPACE || avail < w->min_free) {
			w->stopped = LL_EVENT_STOP_SPACE;
			return ll_error_set(LL_EIO,
					    "only %" PRIu64 " bytes free in '%s', less than the --min-free %" PRIu64 "; the rest was not read",
					    avail, w->space_dir, w->min_free);
		}
	}
	return 0;
}

int ll_event_add(struct ll_event_writer *w, const struct ll_event *e,
		 int64_t *id_out)
{
	int rc;

	if (!event_valid(e) || !e->time_desc)
		return ll_error_set(LL_EINVAL, "event lacks a required field");
	if ((rc = offset_ok(w, e->time_ns)) < 0)
		return rc;
	if ((rc = within_limits(w, 1)) < 0)
		return rc;
	if (w->emit) {
		if (id_out)
			return ll_error_set(LL_EUNSUPPORTED,
					    "an event's row id is not known in emit mode");
		if ((rc = w->emit(w->emit_payload, e, 1, &e->time_ns, &e->time_desc,
				  &e->attrs)) < 0)
			return rc;
		w->count++;
		return 0;
	}
	if (w->batch && !id_out) {
		if ((rc = stash(w, e)) < 0)
			return rc;
		w->count++;
		return w->npending == LL_EVENT_BATCH ? ll_event_flush(w) : 0;
	}
	if (w->npending && (rc = ll_event_flush(w)) < 0)
		return rc;
	if ((rc = insert_one(w, e, id_out)) < 0)
		return rc;
	w->count++;
	return 0;
}

/*
 * INSERT … VALUES (…), (…): row k's own fields are parameters 17 + 4k….
 * OR FAIL: a statement of several rows that may abort half-way needs a
 * statement journal (a copy of every page it touches, to undo the rows
 * already written), which made these inserts slower than single ones. A
 * row that fails a NOT NULL check makes the reader fail and the driver
 * rolls the whole file back, so the rows before it need no undoing here.
 */
static int prepare_times(struct ll_event_writer *w, size_t n)
{
	char sql[1024];
	size_t len;
	int k;

	len = (size_t)snprintf(sql, sizeof(sql),
			       "INSERT OR FAIL INTO events(evidence_id, time_ns, orig_ns,"
			       " time_desc, time_raw, rule_id, source, parser, category,"
			       " host, user, path, event_code, locator, message, attrs) VALUES");
	for (k = 0; k < (int)n && len < sizeof(sql); k++) {
		int t = 17 + 4 * k;

		len += (size_t)snprintf(sql + len, sizeof(sql) - len,
					"%s(?1,?%d,?%d,?%d,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?%d)",
					k ? "," : "", t, t + 1, t + 2, t + 3);
	}
	if (len >= sizeof(sql))
		return ll_error_set(LL_EINTERNAL, "event statement too long");
	return ll_store_prepare(&w->times[n], w->st, sql);
}

/*
 * Batch mode: the rows of one add_times join the pending batch, in their
 * order, as ll_event_add's do. A file's MACB times as a statement of their
 * own cost one statement per file, more than its rows (bench/timeline.sh,
 * bench/artefacts.sh: the walks are mostly such files).
 */
static int stash_times(struct ll_event_writer *w, const struct ll_event *e, size_t n,
		       const int64_t *time_ns, const char *const *time_desc,
		       const char *const *attrs)
{
	struct ll_event row = *e;
	int rc;

	for (size_t k = 0; k < n; k++) {
		row.time_ns = time_ns[k];
		row.time_desc = time_desc[k];
		row.attrs = attrs[k];
		if ((rc = stash(w, &row)) < 0)
			return rc;
		w->count++;
		if (w->npending == LL_EVENT_BATCH && (rc = ll_event_flush(w)) < 0)
			return rc;
	}
	return 0;
}

int ll_event_add_times(struct ll_event_writer *w, const struct ll_event *e,
		       size_t n, const int64_t *time_ns,
		       const char *const *time_desc, const char *const *attrs)
{
	sqlite3_stmt *s;
	int rc;

	if (n == 0 || n > LL_EVENT_MAX_TIMES)
		return ll_error_set(LL_EINVAL, "%zu event times in one statement", n);
	if (!event_valid(e))
		return ll_error_set(LL_EINVAL, "event lacks a required field");
	for (size_t k = 0; k < n; k++) {
		if (!time_desc[k])
			return ll_error_set(LL_EINVAL, "event lacks a required field");
		if ((rc = offset_ok(w, time_ns[k])) < 0)
			return rc;
	}
	if ((rc = within_limits(w, n)) < 0)
		return rc;
	if (w->emit) {
		if ((rc = w->emit(w->emit_payload, e, n, time_ns, time_desc, attrs)) < 0)
			return rc;
		w->count += n;
		return 0;
	}
	if (w->batch)
		return stash_times(w, e, n, time_ns, time_desc, attrs);
	if (w->npending && (rc = ll_event_flush(w)) < 0)
		return rc;
	if (!w->times[n] && (rc = prepare_times(w, n)) < 0)
		return rc;
	s = w->times[n];
	sqlite3_reset(s);
	if ((rc = bind_common(w, s, e)) < 0)
		return rc;
	for (size_t k = 0; k < n; k++) {
		int t = 17 + 4 * (int)k;

		bind_time(w, s, t, time_ns[k]);
		sqlite3_bind_text(s, t + 2, time_desc[k], -1, SQLITE_STATIC);
		bind_opt(s, t + 3, attrs[k]);
	}
	if (sqlite3_step(s) != SQLITE_DONE)
		return ll_store_error(w->st, "storing events");
	w->count += n;
	return 0;
}

void ll_event_writer_release(struct ll_event_writer *w)
{
	sqlite3_finalize(w->ins);
	w->ins = NULL;
	for (size_t i = 0; i <= LL_EVENT_MAX_TIMES; i++) {
		sqlite3_finalize(w->times[i]);
		w->times[i] = NULL;
	}
	sqlite3_finalize(w->batch_ins);
	w->batch_ins = NULL;
	sqlite3_finalize(w->rule_ins);
	w->rule_ins = NULL;
	sqlite3_finalize(w->rule_sel);
	w->rule_sel = NULL;
	rules_forget(w);
	w->npending = 0;
	ll_buf_release(&w->arena);
}

int ll_event_delete_evidence(struct ll_store *st, const char *evidence_id,
			     const char *source)
{
	/*
	 * The finding links go first and explicitly: the timeline driver loads
	 * with foreign keys off, so ON DELETE CASCADE would not fire.
	 */
	static const char *const sql[2][3] = {
		{ "DELETE FROM finding_events WHERE event_id IN"
		  " (SELECT id FROM events WHERE evidence_id = ?1)",
		  "DELETE FROM detect_unevaluated WHERE event_id IN"
		  " (SELECT id FROM events WHERE evidence_id = ?1)",
		  "DELETE FROM events WHERE evidence_id = ?1" },
		{ "DELETE FROM finding_events WHERE event_id IN"
		  " (SELECT id FROM events WHERE evidence_id = ?1 AND source = ?2)",
		  "DELETE FROM detect_unevaluated WHERE event_id IN"
		  " (SELECT id FROM events WHERE evidence_id = ?1 AND source = ?2)",
		  "DELETE FROM events WHERE evidence_id = ?1 AND source = ?2" },
	};
	int rc = 0;

	for (size_t i = 0; i < 3 && rc == 0; i++) {
		sqlite3_stmt *s = NULL;

		if ((rc = ll_store_prepare(&s, st, sql[source != NULL][i])) < 0)
			return rc;
		sqlite3_bind_text(s, 1, evidence_id, -1, SQLITE_STATIC);
		if (source)
			sqlite3_bind_text(s, 2, source, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = ll_store_error(st, "deleting events");
		sqlite3_finalize(s);
	}
	return rc;
}

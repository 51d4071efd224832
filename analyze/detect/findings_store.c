/* SPDX-License-Identifier: Apache-2.0 */
/* The SQL of the findings tables: detect writes them, the readers load typed rows. */
#include "core/compat.h"
#include "analyze/detect/findings.h"

#include <sqlite3.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/store.h"

struct ll_findings_writer {
	struct ll_store *st;
	sqlite3_stmt *ins, *link, *uneval;
};

int ll_findings_writer_new(struct ll_findings_writer **out, struct ll_store *st)
{
	struct ll_findings_writer *w = ll_calloc(1, sizeof(*w));
	int rc;

	if (!w)
		return ll_error_set(LL_ENOMEM, "out of memory");
	w->st = st;
	if ((rc = ll_store_prepare(&w->ins, st,
		"INSERT INTO findings (rule_id, title, source, severity, techniques,"
		" confidence, host, first_ns, last_ns, event_count, description, details,"
		" ruleset, ruleset_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) < 0 ||
	    (rc = ll_store_prepare(&w->link, st,
		"INSERT OR IGNORE INTO finding_events (finding_id, event_id) VALUES (?, ?)")) < 0 ||
	    (rc = ll_store_prepare(&w->uneval, st,
		"INSERT OR REPLACE INTO detect_unevaluated (ruleset, rule_id, title, event_id,"
		" error, time_ns) VALUES (?,?,?,?,?,?)")) < 0) {
		ll_findings_writer_free(w);
		return rc;
	}
	*out = w;
	return 0;
}

void ll_findings_writer_free(struct ll_findings_writer *w)
{
	if (!w)
		return;
	sqlite3_finalize(w->ins);
	sqlite3_finalize(w->link);
	sqlite3_finalize(w->uneval);
	ll_free(w);
}

static void bind_opt(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

int ll_findings_writer_add(struct ll_findings_writer *w, const struct ll_finding *f,
			   const char *ruleset, const char *ruleset_sha256)
{
	sqlite3_stmt *s = w->ins;
	char *details = NULL;
	int64_t fid;
	int rc = 0;

	if (f->details && !(details = json_dumps(f->details, JSON_COMPACT | JSON_SORT_KEYS)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, f->rule_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, f->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, f->severity, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, f->techniques, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, f->confidence, -1, SQLITE_STATIC);
	bind_opt(s, 7, f->host);
	sqlite3_bind_int64(s, 8, f->first_ns);
	sqlite3_bind_int64(s, 9, f->last_ns);
	sqlite3_bind_int64(s, 10, (sqlite3_int64)f->nevents);
	bind_opt(s, 11, f->description);
	if (details)
		sqlite3_bind_text(s, 12, details, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, 12);
	sqlite3_bind_text(s, 13, ruleset, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 14, ruleset_sha256, -1, SQLITE_STATIC);
	ll_free(details);
	if (sqlite3_step(s) != SQLITE_DONE)
		return ll_store_error(w->st, "storing a finding");
	fid = sqlite3_last_insert_rowid(w->st->db);
	for (size_t i = 0; i < f->nevents && rc == 0; i++) {
		sqlite3_reset(w->link);
		sqlite3_bind_int64(w->link, 1, fid);
		sqlite3_bind_int64(w->link, 2, f->event_ids[i]);
		if (sqlite3_step(w->link) != SQLITE_DONE)
			rc = ll_store_error(w->st, "linking a finding to its events");
	}
	return rc;
}

int ll_findings_writer_unevaluated(struct ll_findings_writer *w, const char *ruleset,
				   const char *rule_id, const char *title, int64_t event_id,
				   const char *error, int64_t time_ns)
{
	sqlite3_stmt *s = w->uneval;

	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, ruleset, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rule_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, event_id);
	sqlite3_bind_text(s, 5, error, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 6, time_ns);
	if (sqlite3_step(s) != SQLITE_DONE)
		return ll_store_error(w->st, "recording a rule not evaluated");
	return 0;
}

int ll_findings_delete_ruleset(struct ll_store *st, const char *ruleset)
{
	static const char *const sql[] = {
		"DELETE FROM finding_events WHERE finding_id IN"
		" (SELECT id FROM findings WHERE ruleset = ?1)",
		"DELETE FROM detect_unevaluated WHERE ruleset = ?1",
		"DELETE FROM findings WHERE ruleset = ?1",
	};
	int rc = 0;

	for (size_t i = 0; i < LL_ARRAY_SIZE(sql) && rc == 0; i++)
		rc = ll_store_run_text(st, sql[i], ruleset, "removing earlier findings");
	return rc;
}

static void row_release(struct ll_finding_row *f)
{
	ll_free(f->rule_id);
	ll_free(f->title);
	ll_free(f->source);
	ll_free(f->severity);
	ll_free(f->techniques);
	ll_free(f->confidence);
	ll_free(f->host);
	ll_free(f->description);
	ll_free(f->details);
	ll_free(f->ruleset);
	ll_free(f->ruleset_sha256);
	ll_free(f->events);
}

void ll_finding_list_release(struct ll_finding_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		row_release(&l->v[i]);
	ll_free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int load_events(struct ll_finding_row *f, struct ll_store *st, sqlite3_stmt *ev,
		       size_t max)
{
	int step = SQLITE_DONE;

	sqlite3_reset(ev);
	sqlite3_bind_int64(ev, 1, f->id);
	while ((max == 0 || f->nevents < max) && (step = sqlite3_step(ev)) == SQLITE_ROW) {
		int64_t *nv = ll_reallocarray(f->events, f->nevents + 1, sizeof(*nv));

		if (!nv)
			return ll_error_set(LL_ENOMEM, "out of memory");
		f->events = nv;
		nv[f->nevents++] = sqlite3_column_int64(ev, 0);
	}
	if (max && f->nevents == max)
		return 0;
	return step == SQLITE_DONE ? 0 : ll_store_error(st, "reading the events of a finding");
}

static int load_row(struct ll_finding_row *f, sqlite3_stmt *s)
{
	int rc = 0;

	f->id = sqlite3_column_int64(s, 0);
	f->rule_id = ll_store_column_dup(&rc, s, 1);
	f->title = ll_store_column_dup(&rc, s, 2);
	f->source = ll_store_column_dup(&rc, s, 3);
	f->severity = ll_store_column_dup(&rc, s, 4);
	f->techniques = ll_store_column_dup(&rc, s, 5);
	f->confidence = ll_store_column_dup(&rc, s, 6);
	f->host = ll_store_column_dup(&rc, s, 7);
	f->first_ns = sqlite3_column_int64(s, 8);
	f->last_ns = sqlite3_column_int64(s, 9);
	f->event_count = sqlite3_column_int64(s, 10);
	f->description = ll_store_column_dup(&rc, s, 11);
	f->details = ll_store_column_dup(&rc, s, 12);
	f->ruleset = ll_store_column_dup(&rc, s, 13);
	f->ruleset_sha256 = ll_store_column_dup(&rc, s, 14);
	return rc;
}

int ll_findings_load(struct ll_finding_list *out, struct ll_store *st, const char *rule_id,
		     size_t max_events)
{
	struct ll_finding_list l = { NULL, 0 };
	sqlite3_stmt *s = NULL, *ev = NULL;
	int rc, step;

	if ((rc = ll_store_prepare(&s, st,
		"SELECT id, rule_id, title, source, severity, techniques, confidence, host,"
		" first_ns, last_ns, event_count, description, details, ruleset, ruleset_sha256"
		" FROM findings WHERE (?1 IS NULL OR rule_id = ?1)"
		" ORDER BY first_ns, id")) < 0 ||
	    (rc = ll_store_prepare(&ev, st,
		"SELECT event_id FROM finding_events WHERE finding_id = ? ORDER BY event_id")) < 0)
		goto out;
	if (rule_id)
		sqlite3_bind_text(s, 1, rule_id, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct ll_finding_row *nv = ll_reallocarray(l.v, l.n + 1, sizeof(*nv));

		if (!nv) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
		l.v = nv;
		memset(&l.v[l.n], 0, sizeof(l.v[l.n]));
		if ((rc = load_row(&l.v[l.n++], s)) < 0 ||
		    (rc = load_events(&l.v[l.n - 1], st, ev, max_events)) < 0)
			goto out;
	}
	if (step != SQLITE_DONE) {
		rc = ll_store_error(st, "reading findings");
		goto out;
	}
	*out = l;
	l.v = NULL;
	l.n = 0;
out:
	sqlite3_finalize(s);
	sqlite3_finalize(ev);
	ll_finding_list_release(&l);
	return rc;
}

void ll_unevaluated_list_release(struct ll_unevaluated_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		ll_free(l->v[i].rule_id);
		ll_free(l->v[i].title);
		ll_free(l->v[i].error);
		ll_free(l->v[i].ruleset);
	}
	ll_free(l->v);
	l->v = NULL;
	l->n = 0;
}

int ll_findings_unevaluated(struct ll_unevaluated_list *out, struct ll_store *st,
			    const char *rule_id)
{
	struct ll_unevaluated_list l = { NULL, 0 };
	sqlite3_stmt *s = NULL;
	int rc, step;

	if ((rc = ll_store_prepare(&s, st,
		"SELECT rule_id, title, event_id, error, ruleset FROM detect_unevaluated"
		" WHERE (?1 IS NULL OR rule_id = ?1) ORDER BY event_id, rule_id")) < 0)
		return rc;
	if (rule_id)
		sqlite3_bind_text(s, 1, rule_id, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct ll_unevaluated *nv = ll_reallocarray(l.v, l.n + 1, sizeof(*nv)), *u;

		if (!nv) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
		l.v = nv;
		u = &l.v[l.n++];
		memset(u, 0, sizeof(*u));
		u->rule_id = ll_store_column_dup(&rc, s, 0);
		u->title = ll_store_column_dup(&rc, s, 1);
		u->event_id = sqlite3_column_int64(s, 2);
		u->error = ll_store_column_dup(&rc, s, 3);
		u->ruleset = ll_store_column_dup(&rc, s, 4);
		if (rc < 0)
			goto out;
	}
	if (step != SQLITE_DONE) {
		rc = ll_store_error(st, "reading rules not evaluated");
		goto out;
	}
	*out = l;
	l.v = NULL;
	l.n = 0;
out:
	sqlite3_finalize(s);
	ll_unevaluated_list_release(&l);
	return rc;
}

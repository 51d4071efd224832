/* SPDX-License-Identifier: Apache-2.0 */
/* `analyze detect`: runs a rule set and the fs detectors, stores findings, logs custody. */
#include "core/compat.h"
#include "analyze/detect/detect.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "analyze/detect/detect_rules.h"
#include "analyze/sigma/sigma.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/case.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/store.h"
#include "core/time.h"

#define NS INT64_C(1000000000)

struct hit {
	size_t rule;
	char *host;
	int64_t t, id;
};

/* Rules by channel, so an event meets only the rules that can match it. */
struct chan {
	const char *channel;
	size_t *rules;
	size_t n;
};

struct index {
	struct chan *c;
	size_t n;
	size_t *any;     /* rules with no channel restriction */
	size_t nany;
};

struct run {
	struct ll_store *st;
	sqlite3_stmt *ins, *link;
	const char *ruleset, *sha;
	size_t count;
};

static int push_rule(size_t **v, size_t *n, size_t r)
{
	size_t *nv = ll_reallocarray(*v, *n + 1, sizeof(*nv));

	if (!nv)
		return ll_error_set(LL_ENOMEM, "out of memory");
	*v = nv;
	nv[(*n)++] = r;
	return 0;
}

static int index_build(struct index *ix, const struct ll_ruleset *rs)
{
	int rc = 0;

	for (size_t r = 0; r < rs->nrules && rc == 0; r++) {
		const char *ch[16];
		int n = ll_sigma_rule_channels(rs->rules[r], ch, LL_ARRAY_SIZE(ch));

		if (n < 0) {
			rc = push_rule(&ix->any, &ix->nany, r);
			continue;
		}
		for (int k = 0; k < n && rc == 0; k++) {
			size_t c;

			for (c = 0; c < ix->n; c++)
				if (!strcmp(ix->c[c].channel, ch[k]))
					break;
			if (c == ix->n) {
				struct chan *nc = ll_reallocarray(ix->c, ix->n + 1, sizeof(*nc));

				if (!nc)
					return ll_error_set(LL_ENOMEM, "out of memory");
				ix->c = nc;
				nc[ix->n++] = (struct chan){ ch[k], NULL, 0 };
			}
			/* a rule listing one channel twice (4688 and Sysmon 1 differ) stays once */
			if (ix->c[c].n == 0 || ix->c[c].rules[ix->c[c].n - 1] != r)
				rc = push_rule(&ix->c[c].rules, &ix->c[c].n, r);
		}
	}
	return rc;
}

static void index_release(struct index *ix)
{
	for (size_t i = 0; i < ix->n; i++)
		ll_free(ix->c[i].rules);
	ll_free(ix->c);
	ll_free(ix->any);
}

static int cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	int c;

	if (x->rule != y->rule)
		return (x->rule > y->rule) - (x->rule < y->rule);
	c = strcmp(x->host ? x->host : "", y->host ? y->host : "");
	if (c)
		return c;
	if (x->t != y->t)
		return (x->t > y->t) - (x->t < y->t);
	return (x->id > y->id) - (x->id < y->id);
}

/* Stores one finding and its event links. */
static int store_finding(void *ctx, const struct ll_finding *f)
{
	struct run *run = ctx;
	sqlite3_stmt *s = run->ins;
	char *details = f->details ? json_dumps(f->details, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	int64_t fid;
	int rc = 0;

	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, f->rule_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, f->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, f->severity, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, f->techniques, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, f->confidence, -1, SQLITE_STATIC);
	if (f->host)
		sqlite3_bind_text(s, 7, f->host, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 7);
	sqlite3_bind_int64(s, 8, f->first_ns);
	sqlite3_bind_int64(s, 9, f->last_ns);
	sqlite3_bind_int64(s, 10, (sqlite3_int64)f->nevents);
	if (f->description)
		sqlite3_bind_text(s, 11, f->description, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 11);
	if (details)
		sqlite3_bind_text(s, 12, details, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, 12);
	sqlite3_bind_text(s, 13, run->ruleset, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 14, run->sha, -1, SQLITE_STATIC);
	free(details);
	if (sqlite3_step(s) != SQLITE_DONE)
		return ll_store_error(run->st, "storing a finding");
	fid = sqlite3_last_insert_rowid(run->st->db);
	for (size_t i = 0; i < f->nevents && rc == 0; i++) {
		sqlite3_reset(run->link);
		sqlite3_bind_int64(run->link, 1, fid);
		sqlite3_bind_int64(run->link, 2, f->event_ids[i]);
		if (sqlite3_step(run->link) != SQLITE_DONE)
			rc = ll_store_error(run->st, "linking a finding to its events");
	}
	run->count++;
	return rc;
}

/* Groups the hits of each rule per host, split at gaps longer than `gap`. */
static int group_hits(struct run *run, const struct ll_ruleset *rs, bool builtin,
		      struct hit *h, size_t n, int64_t gap)
{
	int64_t *ids = ll_calloc(n + 1, sizeof(*ids));
	int rc = 0;

	if (!ids)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if (n) /* qsort(NULL, 0) is undefined behaviour */
		qsort(h, n, sizeof(*h), cmp_hit);
	for (size_t i = 0; i < n && rc == 0;) {
		const struct ll_sigma_meta *m = ll_sigma_rule_meta(rs->rules[h[i].rule]);
		struct ll_finding f = { 0 };
		size_t j = i + 1, k = 0;
		json_t *d;

		while (j < n && h[j].rule == h[i].rule &&
		       !strcmp(h[j].host ? h[j].host : "", h[i].host ? h[i].host : "") &&
		       ll_time_within(h[j - 1].t, h[j].t, gap))
			j++;
		for (size_t q = i; q < j; q++)
			ids[k++] = h[q].id;
		d = json_pack("{s:s, s:s?, s:s}", "rule_file", m->origin ? m->origin : "",
			      "status", m->status, "ruleset", run->ruleset);
		f.rule_id = m->id;
		f.title = m->title;
		f.source = builtin ? "builtin" : "sigma";
		f.severity = m->level;
		f.techniques = m->techniques;
		f.confidence = m->confidence;
		f.host = h[i].host;
		f.description = m->description;
		f.first_ns = h[i].t;
		f.last_ns = h[j - 1].t;
		f.event_ids = ids;
		f.nevents = k;
		f.details = d;
		rc = store_finding(run, &f);
		json_decref(d);
		i = j;
	}
	ll_free(ids);
	return rc;
}

static int delete_ruleset(struct ll_store *st, const char *ruleset)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, st,
		"DELETE FROM finding_events WHERE finding_id IN"
		" (SELECT id FROM findings WHERE ruleset = ?1)")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, ruleset, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = ll_store_error(st, "removing earlier findings");
	sqlite3_finalize(s);
	if (rc < 0 ||
	    (rc = ll_store_prepare(&s, st, "DELETE FROM detect_unevaluated WHERE ruleset = ?1")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, ruleset, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = ll_store_error(st, "removing earlier findings");
	sqlite3_finalize(s);
	if (rc < 0 || (rc = ll_store_prepare(&s, st, "DELETE FROM findings WHERE ruleset = ?1")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, ruleset, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = ll_store_error(st, "removing earlier findings");
	sqlite3_finalize(s);
	return rc;
}

/*
 * A rule whose answer for an event is unknown (a PCRE2 limit or error):
 * stored, counted, and listed in the report (the first LL_DETECT_UNEVAL_LIST).
 */
static int not_evaluated(struct ll_detect_report *rep, sqlite3_stmt *ins,
			 struct ll_store *st, const struct ll_sigma_rule *r,
			 int64_t event_id, int code)
{
	const struct ll_sigma_meta *m = ll_sigma_rule_meta(r);
	char why[160];

	ll_sigma_match_error_text(why, sizeof(why), code);
	rep->not_evaluated++;
	if (json_array_size(rep->unevaluated) < LL_DETECT_UNEVAL_LIST)
		json_array_append_new(rep->unevaluated,
				      json_pack("{s:s, s:s, s:I, s:s}", "rule_id", m->id,
						"title", m->title, "event_id",
						(json_int_t)event_id, "error", why));
	sqlite3_reset(ins);
	sqlite3_bind_text(ins, 1, rep->ruleset, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, m->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 3, m->title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 4, event_id);
	sqlite3_bind_text(ins, 5, why, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(ins, 6, ll_time_now_ns());
	if (sqlite3_step(ins) != SQLITE_DONE)
		return ll_store_error(st, "recording a rule not evaluated");
	return 0;
}

/* Scans every EVTX event and Linux audit record once; appends matches to *hits. */
static int scan(struct ll_detect_report *rep, struct ll_store *st, const struct ll_ruleset *rs,
		const struct index *ix, struct hit **hits, size_t *nhits)
{
	struct ll_sigma_event ev = { 0 };
	sqlite3_stmt *s = NULL, *ins = NULL;
	size_t cap = 0;
	int rc, step;

	if ((rc = ll_store_prepare(&ins, st,
		"INSERT OR REPLACE INTO detect_unevaluated (ruleset, rule_id, title, event_id,"
		" error, time_ns) VALUES (?,?,?,?,?,?)")) < 0)
		return rc;
	if ((rc = ll_store_prepare(&s, st,
		"SELECT id, time_ns, host, attrs, source = 'audit' FROM events"
		" WHERE source IN ('evtx', 'audit') AND attrs IS NOT NULL ORDER BY id")) < 0) {
		sqlite3_finalize(ins);
		return rc;
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(s, 3);
		const struct chan *c = NULL;
		json_t *attrs = json_loadb(text, (size_t)sqlite3_column_bytes(s, 3), 0, NULL);
		bool audit = sqlite3_column_int(s, 4) != 0;

		rep->events++;
		/* Sigma's auditd rules name the record type `type` */
		if (audit && attrs && json_object_get(attrs, "record_type"))
			json_object_set(attrs, "type", json_object_get(attrs, "record_type"));
		if (!attrs || ll_sigma_event_set(&ev, attrs) < 0) {
			json_decref(attrs);
			continue;
		}
		if (audit)
			ev.channel = LL_SIGMA_AUDITD;
		for (size_t i = 0; ev.channel && i < ix->n; i++)
			if (!strcmp(ix->c[i].channel, ev.channel)) {
				c = &ix->c[i];
				break;
			}
		/* rules for any channel are Windows rules: not for audit records */
		for (int pass = 0; pass < (audit ? 1 : 2) && rc == 0; pass++) {
			const size_t *v = pass ? ix->any : c ? c->rules : NULL;
			size_t n = pass ? ix->nany : c ? c->n : 0;

			for (size_t k = 0; k < n && rc == 0; k++) {
				const char *host = (const char *)sqlite3_column_text(s, 2);

				bool m = ll_sigma_rule_match(rs->rules[v[k]], &ev);

				if (ev.match_error) {
					rc = not_evaluated(rep, ins, st, rs->rules[v[k]],
							   sqlite3_column_int64(s, 0), ev.match_error);
					continue;
				}
				if (!m)
					continue;
				if (*nhits == cap) {
					size_t nc = cap ? cap * 2 : 256;
					struct hit *nh = ll_reallocarray(*hits, nc, sizeof(*nh));

					if (!nh) {
						rc = ll_error_set(LL_ENOMEM, "out of memory");
						break;
					}
					*hits = nh;
					cap = nc;
				}
				(*hits)[*nhits] = (struct hit){ v[k], host ? ll_strdup(host) : NULL,
								sqlite3_column_int64(s, 1),
								sqlite3_column_int64(s, 0) };
				(*nhits)++;
				rep->matches++;
			}
		}
		json_decref(attrs);
		if (rc < 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = ll_store_error(st, "reading events");
	sqlite3_finalize(s);
	sqlite3_finalize(ins);
	ll_sigma_event_release(&ev);
	return rc;
}

static int prepare_run(struct run *run, struct ll_store *st)
{
	int rc;

	run->st = st;
	if ((rc = ll_store_prepare(&run->ins, st,
		"INSERT INTO findings (rule_id, title, source, severity, techniques,"
		" confidence, host, first_ns, last_ns, event_count, description, details,"
		" ruleset, ruleset_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) < 0)
		return rc;
	return ll_store_prepare(&run->link, st,
		"INSERT OR IGNORE INTO finding_events (finding_id, event_id) VALUES (?, ?)");
}

static int custody(struct ll_detect_report *rep, struct ll_store *st,
		   const struct ll_signer *signer, const struct ll_detect_opts *o)
{
	struct ll_custody_request req = { .action = "detect" };
	struct ll_custody_entry out;
	json_t *d = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:O, s:I, s:I}",
			      "rules", (json_int_t)rep->rules, "ruleset", rep->ruleset,
			      "ruleset_sha256", rep->sha256,
			      "rule_files", (json_int_t)rep->files,
			      "findings", (json_int_t)rep->findings,
			      "fs_findings", (json_int_t)rep->fs_findings,
			      "skipped", rep->by_reason,
			      "events_scanned", (json_int_t)rep->events,
			      "not_evaluated", (json_int_t)rep->not_evaluated);
	char *text;
	int rc;

	if (!o->no_fs)
		json_object_set_new(d, "fs_thresholds", ll_fs_thresholds_json(&o->th));
	text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(d);
	if (!text)
		return ll_error_set(LL_ENOMEM, "out of memory");
	req.details = text;
	req.note = "analyze detect";
	rc = ll_custody_append(&out, st, signer, &req);
	free(text);
	if (rc == 0)
		rep->custody_seq = out.seq;
	return rc;
}

int ll_detect_run(struct ll_detect_report *rep, struct ll_case *cs,
		  const struct ll_signer *signer, const struct ll_detect_opts *o)
{
	struct ll_ruleset *rs = NULL;
	struct index ix = { 0 };
	struct run run = { 0 };
	struct hit *hits = NULL;
	size_t nhits = 0;
	struct ll_buf path;
	bool builtin = !o->rules;
	char real[PATH_MAX];
	int rc, began = 0;

	memset(rep, 0, sizeof(*rep));
	rep->skips = json_array();
	rep->by_reason = json_object();
	rep->unevaluated = json_array();
	ll_buf_init(&path);
	if (builtin)
		ll_buf_printf(&path, "%s/builtin", ll_rules_dir());
	else
		ll_buf_puts(&path, o->rules);
	if ((rc = ll_ruleset_load(&rs, path.ptr)) < 0)
		goto out;
	if (builtin)
		snprintf(rep->ruleset, sizeof(rep->ruleset), "builtin");
	else
		snprintf(rep->ruleset, sizeof(rep->ruleset), "%s",
			 realpath(o->rules, real) ? real : o->rules);
	memcpy(rep->sha256, rs->sha256, sizeof(rep->sha256));
	rep->files = rs->files;
	rep->rules = rs->nrules;
	rep->skipped = rs->nskips;
	for (size_t i = 0; i < rs->nskips; i++) {
		json_t *c = json_object_get(rep->by_reason, rs->skips[i].reason);

		json_object_set_new(rep->by_reason, rs->skips[i].reason,
				    json_integer(c ? json_integer_value(c) + 1 : 1));
		json_array_append_new(rep->skips, json_pack("{s:s, s:s, s:s}", "path",
			rs->skips[i].path, "reason", rs->skips[i].reason,
			"detail", rs->skips[i].detail));
	}
	if ((rc = index_build(&ix, rs)) < 0)
		goto out;
	if ((rc = ll_store_begin(cs->store)) < 0)
		goto out;
	began = 1;
	if ((rc = prepare_run(&run, cs->store)) < 0 ||
	    (rc = delete_ruleset(cs->store, rep->ruleset)) < 0 ||
	    (rc = scan(rep, cs->store, rs, &ix, &hits, &nhits)) < 0)
		goto out;
	run.ruleset = rep->ruleset;
	run.sha = rep->sha256;
	if ((rc = group_hits(&run, rs, builtin, hits, nhits,
			     (o->cluster_gap_s > 0 ? o->cluster_gap_s : 3600) * NS)) < 0)
		goto out;
	rep->findings = run.count;
	if (!o->no_fs) {
		ll_buf_reset(&path);
		run.ruleset = "fs-detectors";
		run.sha = rep->sha256;
		run.count = 0;
		if ((rc = delete_ruleset(cs->store, "fs-detectors")) < 0 ||
		    (rc = ll_fs_detect_run(cs->store, &o->th, ll_rules_dir(), store_finding,
					   &run)) < 0)
			goto out;
		rep->fs_findings = run.count;
	}
	if ((rc = custody(rep, cs->store, signer, o)) < 0)
		goto out;
	rc = ll_store_commit(cs->store);
	began = 0;
out:
	if (began)
		ll_store_rollback(cs->store);
	sqlite3_finalize(run.ins);
	sqlite3_finalize(run.link);
	for (size_t i = 0; i < nhits; i++)
		ll_free(hits[i].host);
	ll_free(hits);
	index_release(&ix);
	ll_ruleset_free(rs);
	ll_buf_release(&path);
	return rc;
}

void ll_detect_report_release(struct ll_detect_report *rep)
{
	json_decref(rep->skips);
	json_decref(rep->by_reason);
	json_decref(rep->unevaluated);
	rep->skips = rep->by_reason = rep->unevaluated = NULL;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* `analyze detect`: runs a rule set and the fs detectors, stores findings, logs custody. */
#include "core/compat.h"
#include "analyze/detect/detect.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/detect/detect_corr.h"
#include "analyze/detect/detect_rules.h"
#include "analyze/detect/usn_burst.h"
#include "analyze/detect/findings.h"
#include "analyze/sigma/sigma.h"
#include "analyze/sigma/sigma_linux.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/event/event.h"
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
	struct ll_findings_writer *w;
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
	int rc = ll_findings_writer_add(run->w, f, run->ruleset, run->sha);

	if (rc == 0)
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
		/* the rule's own French, kept beside its English for a French report (docs/rules.md) */
		if (d && m->title_fr)
			json_object_set_new(d, "title_fr", json_string(m->title_fr));
		if (d && m->description_fr)
			json_object_set_new(d, "description_fr", json_string(m->description_fr));
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

/*
 * A rule whose answer for an event is unknown (a PCRE2 limit or error):
 * stored, counted, and listed in the report (the first LL_DETECT_UNEVAL_LIST).
 */
static int not_evaluated(struct ll_detect_report *rep, struct ll_findings_writer *w,
			 const struct ll_sigma_rule *r, int64_t event_id, int code)
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
	return ll_findings_writer_unevaluated(w, rep->ruleset, m->id, m->title, event_id, why,
					      ll_time_now_ns());
}

struct scan {
	struct ll_detect_report *rep;
	struct ll_findings_writer *w;
	const struct ll_ruleset *rs;
	const struct index *ix;
	struct hit **hits;
	size_t *nhits, cap;
	struct ll_sigma_event ev;
	struct ll_corr_run *corr;
	const struct ll_detect_opts *o;
	uint64_t total; /* the events to scan, when o->progress asks */
};

/* The index entry of `channel`, or NULL. */
static const struct chan *chan_of(const struct index *ix, const char *channel)
{
	for (size_t i = 0; channel && i < ix->n; i++)
		if (!strcmp(ix->c[i].channel, channel))
			return &ix->c[i];
	return NULL;
}

/*
 * Matches one event against the rules of its channels: an EVTX event's
 * channel and the rules of any channel; an audit record's (auditd, and
 * process_creation for EXECVE); a syslog or journal event's sshd, auth and
 * syslog (analyze/sigma/sigma_linux.h).
 */
static int scan_event(const struct ll_attr_event *e, void *payload)
{
	struct scan *sc = payload;
	struct ll_sigma_event *ev = &sc->ev;
	const struct index *ix = sc->ix;
	json_t *attrs = json_loadb(e->attrs, e->attrs_len, 0, NULL);
	bool audit = e->audit, evtx = !audit && e->source && !strcmp(e->source, "evtx");
	const char *chs[4];
	size_t nch = 0;
	int rc = 0;

	sc->rep->events++;
	if (sc->o->progress)
		sc->o->progress(sc->o->progress_payload, sc->rep->events, sc->total);
	/* Sigma's auditd rules name the record type `type` */
	if (audit && attrs && json_object_get(attrs, "record_type"))
		json_object_set(attrs, "type", json_object_get(attrs, "record_type"));
	if (audit && attrs) {
		chs[nch++] = LL_SIGMA_AUDITD;
		if (ll_sigma_linux_execve(attrs))
			chs[nch++] = LL_SIGMA_LINUX_PROC;
	} else if (!evtx && json_is_object(attrs)) {
		nch = ll_sigma_linux_prepare(attrs, e->message, chs, LL_ARRAY_SIZE(chs));
	}
	if (!attrs || ll_sigma_event_set(ev, attrs) < 0) {
		json_decref(attrs);
		return 0;
	}
	if (evtx)
		chs[nch++] = ev->channel;
	/* rules for any channel are Windows rules: for EVTX events only */
	for (size_t pass = 0; pass < nch + (evtx ? 1 : 0) && rc == 0; pass++) {
		const struct chan *c = pass < nch ? chan_of(ix, chs[pass]) : NULL;
		const size_t *v = pass == nch ? ix->any : c ? c->rules : NULL;
		size_t n = pass == nch ? ix->nany : c ? c->n : 0;

		if (!evtx)
			ev->channel = chs[pass];
		for (size_t k = 0; k < n && rc == 0; k++) {
			bool m = ll_sigma_rule_match(sc->rs->rules[v[k]], ev);

			if (ev->match_error) {
				rc = not_evaluated(sc->rep, sc->w, sc->rs->rules[v[k]], e->id,
						   ev->match_error);
				continue;
			}
			if (!m)
				continue;
			sc->rep->matches++;
			/* a rule only correlations use gives no finding of its own */
			if ((rc = ll_corr_feed(sc->corr, v[k], ev, e->host, e->time_ns, e->id)) <= 0)
				continue;
			rc = 0;
			if (*sc->nhits == sc->cap) {
				size_t nc = sc->cap ? sc->cap * 2 : 256;
				struct hit *nh = ll_reallocarray(*sc->hits, nc, sizeof(*nh));

				if (!nh) {
					rc = ll_error_set(LL_ENOMEM, "out of memory");
					break;
				}
				*sc->hits = nh;
				sc->cap = nc;
			}
			(*sc->hits)[*sc->nhits] = (struct hit){ v[k], e->host ? ll_strdup(e->host) : NULL,
								e->time_ns, e->id };
			(*sc->nhits)++;
		}
	}
	json_decref(attrs);
	return rc;
}

/* Scans every EVTX event, Linux audit record, syslog and journal event once; appends matches to *hits. */
static int scan(struct ll_detect_report *rep, struct ll_store *st, struct ll_findings_writer *w,
		const struct ll_ruleset *rs, const struct index *ix, struct hit **hits,
		size_t *nhits, struct ll_corr_run *corr, const struct ll_detect_opts *o)
{
	struct scan sc = { rep, w, rs, ix, hits, nhits, 0, { 0 }, corr, o, 0 };
	int rc = o->progress ? ll_event_count_attrs(&sc.total, st) : 0;

	if (rc == 0)
		rc = ll_event_scan_attrs(st, scan_event, &sc);

	ll_sigma_event_release(&sc.ev);
	return rc;
}

static int custody(struct ll_detect_report *rep, struct ll_store *st,
		   const struct ll_signer *signer, const struct ll_detect_opts *o)
{
	struct ll_custody_request req = { .action = "detect" };
	struct ll_custody_entry out;
	json_t *d = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:O, s:I, s:I}",
			      "rules", (json_int_t)rep->rules, "ruleset", rep->ruleset,
			      "ruleset_sha256", rep->sha256,
			      "rule_files", (json_int_t)rep->files,
			      "findings", (json_int_t)rep->findings,
			      "fs_findings", (json_int_t)rep->fs_findings,
			      "first_logon_findings", (json_int_t)rep->first_logon_findings,
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
	struct ll_corr_run *corr = NULL;
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
	if ((rc = ll_ruleset_load_ext(&rs, path.ptr, o->workers ? LL_RULESET_LOAD_WORKER : 0)) < 0)
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
	/*
	 * No larger cache here: the one scan in time order, the movement build's,
	 * reads through a connection and a cache of its own (movement_build.c);
	 * the rules read in row order (bench/README.md, thirteenth session).
	 */
	if ((rc = ll_store_begin(cs->store)) < 0)
		goto out;
	began = 1;
	if ((rc = ll_findings_writer_new(&run.w, cs->store)) < 0 ||
	    (rc = ll_findings_delete_ruleset(cs->store, rep->ruleset)) < 0 ||
	    (rc = ll_corr_run_new(&corr, rs)) < 0 ||
	    (rc = scan(rep, cs->store, run.w, rs, &ix, &hits, &nhits, corr, o)) < 0)
		goto out;
	run.ruleset = rep->ruleset;
	run.sha = rep->sha256;
	if ((rc = group_hits(&run, rs, builtin, hits, nhits,
			     (o->cluster_gap_s > 0 ? o->cluster_gap_s : 3600) * NS)) < 0 ||
	    (rc = ll_corr_emit(corr, builtin, rep->ruleset, store_finding, &run)) < 0)
		goto out;
	rep->findings = run.count;
	if (!o->no_fs) {
		ll_buf_reset(&path);
		run.ruleset = "fs-detectors";
		run.sha = rep->sha256;
		run.count = 0;
		if ((rc = ll_findings_delete_ruleset(cs->store, "fs-detectors")) < 0 ||
		    (rc = ll_fs_detect_run(cs->store, &o->th, ll_rules_dir(), store_finding,
					   &run)) < 0 ||
		    (rc = ll_usn_burst_run(cs->store, &o->th, store_finding, &run)) < 0)
			goto out;
		rep->fs_findings = run.count;
	}
	if (o->before_custody && (rc = o->before_custody(o->before_custody_payload, rep)) < 0)
		goto out;
	if ((rc = custody(rep, cs->store, signer, o)) < 0)
		goto out;
	rc = ll_store_commit(cs->store);
	began = 0;
out:
	if (began)
		ll_store_rollback(cs->store);
	ll_findings_writer_free(run.w);
	ll_corr_run_free(corr);
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

/* SPDX-License-Identifier: Apache-2.0 */
/* Sigma correlations in `analyze detect`: references, matches with their groups, findings. */
#include "core/compat.h"
#include "analyze/detect/detect_corr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/detect/corr_window.h"
#include "analyze/detect/detect_rules.h"
#include "analyze/sigma/sigma.h"
#include "analyze/sigma/sigma_corr.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

/* Index of the detection rule `ref` names (id, then name), or SIZE_MAX; *corr when it is a correlation. */
static size_t find_rule(struct ll_sigma_rule *const *rules, size_t n, const char *ref, bool *corr)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			const struct ll_sigma_meta *m = ll_sigma_rule_meta(rules[i]);
			const char *name = pass ? ll_sigma_rule_name(rules[i]) : m->id;

			if (name && !strcmp(name, ref)) {
				*corr = ll_sigma_rule_corr(rules[i]) != NULL;
				return i;
			}
		}
	return SIZE_MAX;
}

int ll_corr_resolve(struct ll_ruleset *rs)
{
	const char **bad = ll_calloc(rs->nrules ? rs->nrules : 1, sizeof(*bad));
	bool *bad_corr = ll_calloc(rs->nrules ? rs->nrules : 1, sizeof(*bad_corr));
	size_t keep = 0;
	int rc = 0;

	if (!bad || !bad_corr) {
		ll_free(bad);
		ll_free(bad_corr);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	/* first decide, over the whole set as loaded; then take the refused out */
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct ll_sigma_corr *c = ll_sigma_rule_corr(rs->rules[i]);

		for (size_t r = 0; c && r < c->nrules && !bad[i]; r++)
			if (find_rule(rs->rules, rs->nrules, c->rules[r], &bad_corr[i]) == SIZE_MAX ||
			    bad_corr[i])
				bad[i] = c->rules[r];
	}
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct ll_sigma_meta *m = ll_sigma_rule_meta(rs->rules[i]);
		bool corr = bad_corr[i];

		if (!bad[i]) {
			rs->rules[keep++] = rs->rules[i];
			continue;
		}
		if (rc == 0) {
			struct ll_buf d;

			ll_buf_init(&d);
			ll_buf_printf(&d, "rule '%s': correlation '%s' (%s) references %s rule '%s'",
				      m->origin ? m->origin : "", m->title, m->id,
				      corr ? "the correlation" : "an unknown", bad[i]);
			if (corr)
				ll_buf_puts(&d, " (a correlation of correlations is not supported)");
			rc = ll_ruleset_add_skip(rs, m->origin ? m->origin : m->id,
						 corr ? "correlation of a correlation"
						      : "correlation: unknown rule", d.ptr ? d.ptr : "");
			ll_buf_release(&d);
		}
		ll_sigma_rule_free(rs->rules[i]);
	}
	rs->nrules = keep;
	ll_free(bad);
	ll_free(bad_corr);
	return rc;
}

/* Where a referenced rule's matches go: correlation `corr`, as its rule number `ref`. */
struct feed {
	size_t corr;
	uint32_t ref;
};

struct chit {
	size_t corr;
	uint32_t ref;
	char *key;      /* host and group values, length-prefixed: groups never run together */
	char *host;
	char *val;      /* value_count: the counted value */
	int64_t t, id;
};

struct ll_corr_run {
	const struct ll_ruleset *rs;
	struct feed **feeds;     /* per rule */
	size_t *nfeeds;
	bool *wanted;            /* per rule: its own findings are wanted */
	struct chit *h;
	size_t n, cap;
	uint64_t missing;
};

void ll_corr_run_free(struct ll_corr_run *run)
{
	if (!run)
		return;
	for (size_t i = 0; run->feeds && i < run->rs->nrules; i++)
		ll_free(run->feeds[i]);
	for (size_t i = 0; i < run->n; i++) {
		ll_free(run->h[i].key);
		ll_free(run->h[i].host);
		ll_free(run->h[i].val);
	}
	ll_free(run->h);
	ll_free(run->feeds);
	ll_free(run->nfeeds);
	ll_free(run->wanted);
	ll_free(run);
}

int ll_corr_run_new(struct ll_corr_run **out, const struct ll_ruleset *rs)
{
	struct ll_corr_run *run = ll_calloc(1, sizeof(*run));
	size_t n = rs->nrules ? rs->nrules : 1;
	bool *gen;

	*out = NULL;
	if (!run)
		return ll_error_set(LL_ENOMEM, "out of memory");
	run->rs = rs;
	run->feeds = ll_calloc(n, sizeof(*run->feeds));
	run->nfeeds = ll_calloc(n, sizeof(*run->nfeeds));
	run->wanted = ll_calloc(n, sizeof(*run->wanted));
	gen = ll_calloc(n, sizeof(*gen));
	if (!run->feeds || !run->nfeeds || !run->wanted || !gen) {
		ll_free(gen);
		ll_corr_run_free(run);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < rs->nrules; i++)
		run->wanted[i] = true;
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct ll_sigma_corr *c = ll_sigma_rule_corr(rs->rules[i]);

		for (size_t r = 0; c && r < c->nrules; r++) {
			bool corr;
			size_t b = find_rule(rs->rules, rs->nrules, c->rules[r], &corr);
			struct feed *f;

			if (b == SIZE_MAX || corr) { /* ll_corr_resolve took such rules out */
				ll_free(gen);
				ll_corr_run_free(run);
				return ll_error_set(LL_EINTERNAL, "correlation reference '%s' unresolved",
						    c->rules[r]);
			}
			if (!(f = ll_reallocarray(run->feeds[b], run->nfeeds[b] + 1, sizeof(*f)))) {
				ll_free(gen);
				ll_corr_run_free(run);
				return ll_error_set(LL_ENOMEM, "out of memory");
			}
			run->feeds[b] = f;
			f[run->nfeeds[b]++] = (struct feed){ i, (uint32_t)r };
			run->wanted[b] = false;
			gen[b] = gen[b] || c->generate;
		}
	}
	/* Sigma: a referenced rule gives no finding of its own unless a correlation says `generate` */
	for (size_t i = 0; i < rs->nrules; i++)
		run->wanted[i] = run->wanted[i] || gen[i];
	ll_free(gen);
	*out = run;
	return 0;
}

uint64_t ll_corr_missing(const struct ll_corr_run *run)
{
	return run ? run->missing : 0;
}

/* "LEN:VALUE", or "~" for none (without printf: this runs for every match) */
static void key_part(struct ll_buf *b, const char *s)
{
	size_t len;

	if (!s) {
		ll_buf_putc(b, '~');
		return;
	}
	len = strlen(s);
	ll_buf_put_u64(b, len);
	ll_buf_putc(b, ':');
	ll_buf_put(b, s, len);
}

/* One match for correlation f->corr: its group, or nothing when a group-by field is absent. */
static int feed_one(struct ll_corr_run *run, const struct feed *f, const struct ll_sigma_event *ev,
		    const char *host, int64_t t, int64_t id, bool pc)
{
	const struct ll_sigma_corr *c = ll_sigma_rule_corr(run->rs->rules[f->corr]);
	struct ll_buf key;
	const char *val = NULL;
	struct chit *h;
	int rc = 0;

	ll_buf_init(&key);
	key_part(&key, host);
	for (size_t k = 0; k < c->ngroup; k++) {
		const char *field = c->alias[k][f->ref] ? c->alias[k][f->ref] : c->group[k];
		const char *v = ll_sigma_event_get(ev, field, pc);

		if (!v || !*v) {
			run->missing++;
			goto out;
		}
		key_part(&key, v);
	}
	if (c->type == LL_CORR_VALUE_COUNT &&
	    (!(val = ll_sigma_event_get(ev, c->field, pc)) || !*val)) {
		run->missing++;
		goto out;
	}
	if (run->n == run->cap) {
		size_t nc = run->cap ? run->cap * 2 : 256;

		if (!(h = ll_reallocarray(run->h, nc, sizeof(*h)))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
		run->h = h;
		run->cap = nc;
	}
	h = &run->h[run->n];
	*h = (struct chit){ f->corr, f->ref, ll_buf_detach(&key), host ? ll_strdup(host) : NULL,
			    val ? ll_strdup(val) : NULL, t, id };
	if (!h->key || (host && !h->host) || (val && !h->val)) {
		ll_free(h->key);
		ll_free(h->host);
		ll_free(h->val);
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	run->n++;
out:
	ll_buf_release(&key);
	return rc;
}

int ll_corr_feed(struct ll_corr_run *run, size_t rule, const struct ll_sigma_event *ev,
		 const char *host, int64_t time_ns, int64_t id)
{
	bool pc = ll_sigma_rule_proc_creation(run->rs->rules[rule]);
	int rc;

	for (size_t i = 0; i < run->nfeeds[rule]; i++)
		if ((rc = feed_one(run, &run->feeds[rule][i], ev, host, time_ns, id, pc)) < 0)
			return rc;
	return run->wanted[rule] ? 1 : 0;
}

static int cmp3(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

/* By correlation, group, time, event; an event's later rules first (temporal_ordered's order). */
static int cmp_chit(const void *pa, const void *pb)
{
	const struct chit *a = pa, *b = pb;
	int c;

	if (a->corr != b->corr)
		return a->corr < b->corr ? -1 : 1;
	if ((c = strcmp(a->key, b->key)))
		return c;
	if ((c = cmp3(a->t, b->t)) || (c = cmp3(a->id, b->id)))
		return c;
	return cmp3(b->ref, a->ref);
}

static int cmp_val(const void *pa, const void *pb)
{
	const struct chit *const *a = pa, *const *b = pb;

	return strcmp((*a)->val, (*b)->val);
}

struct group {
	struct ll_corr_run *run;
	const struct ll_sigma_corr *c;
	const struct ll_sigma_meta *m;
	const struct chit *first;        /* the group's first match: host and values */
	struct ll_corr_hit *h;
	bool builtin;
	const char *ruleset;
	ll_finding_cb emit;
	void *ctx;
};

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * A hit's group-by values as a JSON object, read back from its key (the
 * host's part, then each value as "LEN:VALUE", never absent nor empty) when
 * a finding is written: made for every match, the object and its dump were
 * a tenth of `analyze detect` on sshd logs (bench/README.md, thirteenth
 * session). The members are put in the order of their names, as the text
 * each hit used to keep (dumped with JSON_SORT_KEYS, then loaded) gave
 * them; a name given twice keeps its last value, as before.
 */
static json_t *group_of(const struct ll_sigma_corr *c, const char *key)
{
	json_t *g = json_object(), *out = json_object(), *v;
	const char **names = NULL, *name, *p = key;
	size_t n = 0;

	if (!g || !out)
		goto fail;
	if (*p == '~')
		p++;
	else
		p = strchr(p, ':') + 1 + strtoull(p, NULL, 10);
	for (size_t k = 0; k < c->ngroup; k++) {
		char *colon;
		size_t len = strtoull(p, &colon, 10);

		/* a value that is not UTF-8 makes no string: left out, as json_string did */
		json_object_set_new(g, c->group[k], json_stringn(colon + 1, len));
		p = colon + 1 + len;
	}
	if (!(names = ll_calloc(json_object_size(g) + 1, sizeof(*names))))
		goto fail;
	json_object_foreach(g, name, v)
		names[n++] = name;
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++)
		if (json_object_set(out, names[i], json_object_get(g, names[i])) < 0)
			goto fail;
	ll_free(names);
	json_decref(g);
	return out;
fail:
	ll_free(names);
	json_decref(g);
	json_decref(out);
	return NULL;
}

/* ": key=value, key=value" of a correlation's group, appended to a title (`colon`: ": ", or French's) */
static void group_suffix(struct ll_buf *b, json_t *grp, const char *colon)
{
	const char *key;
	json_t *v;
	int n = 0;

	if (!grp)
		return;
	json_object_foreach(grp, key, v)
		ll_buf_printf(b, "%s%s=%s", n++ ? ", " : colon, key, json_string_value(v));
}

static int window(void *ctx, const struct ll_corr_window *w)
{
	struct group *g = ctx;
	size_t total = 0, k = 0;
	int64_t *ids = ll_calloc(LL_CORR_CITE_MAX, sizeof(*ids));
	struct ll_finding f = { 0 };
	struct ll_buf title;
	json_t *d, *refs = json_array(), *grp;
	int rc;

	if (!ids || !refs) {
		ll_free(ids);
		json_decref(refs);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	for (size_t i = w->first; i <= w->last; i++) {
		if (i > w->first && g->h[i].id == g->h[i - 1].id)
			continue; /* one event matching two referenced rules is cited once */
		total++;
		if (k < LL_CORR_CITE_MAX)
			ids[k++] = g->h[i].id;
	}
	for (size_t r = 0; r < g->c->nrules; r++)
		json_array_append_new(refs, json_string(g->c->rules[r]));
	grp = group_of(g->c, g->first->key);
	d = json_pack("{s:s, s:s?, s:s, s:s, s:o, s:o?, s:I, s:I, s:I, s:I, s:b}",
		      "rule_file", g->m->origin ? g->m->origin : "", "status", g->m->status,
		      "ruleset", g->ruleset, "correlation", ll_corr_type_name(g->c->type),
		      "rules", refs, "group", grp,
		      "timespan_s", (json_int_t)(g->c->timespan_ns / INT64_C(1000000000)),
		      "count", (json_int_t)w->count, "events_total", (json_int_t)total,
		      "events_cited", (json_int_t)k, "events_truncated", total > k);
	if (d && g->c->field)
		json_object_set_new(d, "field", json_string(g->c->field));
	/* the group's values in the title: the address or account is what a reader looks for */
	ll_buf_init(&title);
	ll_buf_puts(&title, g->m->title);
	group_suffix(&title, g->c->ngroup ? grp : NULL, ": ");
	if (d && g->m->title_fr) { /* the rule's own French, with the same values (a French report) */
		struct ll_buf fr = LL_BUF_INIT;

		ll_buf_puts(&fr, g->m->title_fr);
		group_suffix(&fr, g->c->ngroup ? grp : NULL, "\xc2\xa0: ");
		if (fr.ptr)
			json_object_set_new(d, "title_fr", json_string(fr.ptr));
		ll_buf_release(&fr);
	}
	if (d && g->m->description_fr)
		json_object_set_new(d, "description_fr", json_string(g->m->description_fr));
	f.rule_id = g->m->id;
	f.title = title.ptr ? title.ptr : g->m->title;
	f.source = g->builtin ? "builtin" : "sigma";
	f.severity = g->m->level;
	f.techniques = g->m->techniques;
	f.confidence = g->m->confidence;
	f.host = g->first->host;
	f.description = g->m->description;
	f.first_ns = g->h[w->first].t;
	f.last_ns = g->h[w->last].t;
	f.event_ids = ids;
	f.nevents = k;
	f.details = d;
	rc = d ? g->emit(g->ctx, &f) : ll_error_set(LL_ENOMEM, "out of memory");
	json_decref(d);
	ll_buf_release(&title);
	ll_free(ids);
	return rc;
}

/* One correlation's group: hits [i, j) of run->h, sorted. */
static int eval_group(struct group *g, struct chit *v, size_t n)
{
	const struct ll_sigma_corr *c = g->c;
	struct chit **byval = NULL;
	size_t m = 0, nvals = 0;
	int rc;

	if (!(g->h = ll_calloc(n, sizeof(*g->h))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	if (c->type == LL_CORR_VALUE_COUNT) {
		/* numbers for the values: sort the group's matches by value once */
		if (!(byval = ll_calloc(n, sizeof(*byval)))) {
			ll_free(g->h);
			return ll_error_set(LL_ENOMEM, "out of memory");
		}
		for (size_t i = 0; i < n; i++)
			byval[i] = &v[i];
		qsort(byval, n, sizeof(*byval), cmp_val);
		for (size_t i = 0; i < n; i++) {
			if (i && strcmp(byval[i]->val, byval[i - 1]->val))
				nvals++;
			byval[i]->ref = (uint32_t)nvals; /* ref is not used by value_count: the value's number */
		}
		nvals++;
	}
	for (size_t i = 0; i < n; i++) {
		/* counts take each event once, even when it matched two referenced rules */
		if ((c->type == LL_CORR_EVENT_COUNT || c->type == LL_CORR_VALUE_COUNT) && m &&
		    g->h[m - 1].id == v[i].id)
			continue;
		g->h[m++] = (struct ll_corr_hit){ v[i].t, v[i].id,
						   c->type == LL_CORR_VALUE_COUNT ? 0 : v[i].ref,
						   c->type == LL_CORR_VALUE_COUNT ? v[i].ref : 0 };
	}
	g->first = &v[0];
	rc = ll_corr_windows(c, g->h, m, nvals, window, g);
	ll_free(byval);
	ll_free(g->h);
	g->h = NULL;
	return rc;
}

int ll_corr_emit(struct ll_corr_run *run, bool builtin, const char *ruleset, ll_finding_cb emit,
		 void *ctx)
{
	int rc = 0;

	if (run->n > 1) /* qsort(NULL, 0) is undefined */
		qsort(run->h, run->n, sizeof(*run->h), cmp_chit);
	for (size_t i = 0; i < run->n && rc == 0;) {
		size_t j = i + 1;
		struct group g = { .run = run, .builtin = builtin, .ruleset = ruleset,
				   .emit = emit, .ctx = ctx };

		while (j < run->n && run->h[j].corr == run->h[i].corr &&
		       !strcmp(run->h[j].key, run->h[i].key))
			j++;
		g.c = ll_sigma_rule_corr(run->rs->rules[run->h[i].corr]);
		g.m = ll_sigma_rule_meta(run->rs->rules[run->h[i].corr]);
		rc = eval_group(&g, &run->h[i], j - i);
		i = j;
	}
	return rc;
}

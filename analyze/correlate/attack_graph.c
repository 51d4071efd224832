/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The attack graph and its walk (docs/correlation.md, "The attack path").
 * A path starts at a connected first access: a finding on host A citing an
 * edge from an external actor X into A, and A counts as reached only at the
 * first logon X's address succeeded with there. From a reached host the walk
 * follows, in time order, the successful movement edges whose source
 * resolved to it and the commands run on it, by an account the attacker
 * reached it as, that name another host: an edge into B is usable only
 * after the path reached its source. A finding on a host no such link
 * reaches never joins the path, however close in time.
 */
#include "core/compat.h"
#include "analyze/correlate/attack_graph_int.h"

#include <ctype.h>

#include "core/alloc.h"
#include "core/error.h"

bool ll_attack_impact_techniques(const char *techniques)
{
	/* encryption, inhibit recovery (backups, shadow copies), indicator removal (logs),
	 * destruction, defacement, service stop, disk wipe */
	static const char *const t[] = { "T1486", "T1490", "T1070", "T1485", "T1491", "T1489",
					 "T1561" };

	for (size_t i = 0; techniques && i < LL_ARRAY_SIZE(t); i++)
		if (strstr(techniques, t[i]))
			return true;
	return false;
}

bool ll_ag_account_eq(const char *a, const char *b)
{
	const char *p;

	if (!a || !b || !*a || !*b)
		return false;
	if ((p = strrchr(a, '\\')))
		a = p + 1;
	if ((p = strrchr(b, '\\')))
		b = p + 1;
	return strcasecmp(a, b) == 0;
}

static int cmp_edge_event(const void *a, const void *b)
{
	const struct ll_movement_edge *x = *(const struct ll_movement_edge *const *)a;
	const struct ll_movement_edge *y = *(const struct ll_movement_edge *const *)b;

	return (x->event_id > y->event_id) - (x->event_id < y->event_id);
}

/* The external actor's edge into the finding's own host that the finding cites, if any. */
static const struct ll_movement_edge *cited_entry(const struct ll_finding_row *r,
						  struct ll_movement_edge **by_event, size_t n)
{
	for (size_t i = 0; i < r->nevents; i++) {
		struct ll_movement_edge key = { .event_id = r->events[i] }, *kp = &key, **hit;

		hit = bsearch(&kp, by_event, n, sizeof(*by_event), cmp_edge_event);
		if (hit && ll_movement_external(*hit) && ll_movement_host_eq((*hit)->to_host, r->host))
			return *hit;
	}
	return NULL;
}

static int classify(struct ll_attack_graph *g)
{
	struct ll_movement_edge **by_event = NULL;

	if (!(g->f = ll_calloc(g->fl.n + 1, sizeof(*g->f))) ||
	    !(by_event = ll_calloc(g->ml.n + 1, sizeof(*by_event)))) {
		ll_free(by_event);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < g->ml.n; i++)
		by_event[i] = &g->ml.v[i];
	qsort(by_event, g->ml.n, sizeof(*by_event), cmp_edge_event);
	for (size_t i = 0; i < g->fl.n; i++) {
		const struct ll_finding_row *r = &g->fl.v[i];

		g->f[i].r = r;
		g->f[i].impact = ll_attack_impact_techniques(r->techniques);
		/* an informational finding is a feed of a correlation, no attacker action */
		if (r->host && !(r->severity && !strcmp(r->severity, "informational")))
			g->f[i].entry = cited_entry(r, by_event, g->ml.n);
	}
	g->nf = g->fl.n;
	ll_free(by_event);
	return 0;
}

int ll_attack_graph_build(struct ll_attack_graph **out, struct ll_store *st,
			  const char *const *hosts, size_t nhosts)
{
	struct ll_attack_graph *g = ll_calloc(1, sizeof(*g));
	const char **known = NULL;
	size_t nk = 0;
	int rc;

	*out = NULL;
	if (!g)
		return ll_error_set(LL_ENOMEM, "out of memory");
	g->st = st;
	if ((rc = ll_findings_load(&g->fl, st, NULL, 0)) < 0 ||
	    (rc = ll_movement_load(&g->ml, st, NULL, NULL)) < 0 || (rc = classify(g)) < 0)
		goto fail;
	/* the names a command may name: the inventory's, the findings' and the edges' hosts */
	if (!(known = ll_calloc(nhosts + g->fl.n + g->ml.n + 1, sizeof(*known)))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < nhosts; i++)
		known[nk++] = hosts[i];
	for (size_t i = 0; i < g->fl.n; i++)
		if (g->fl.v[i].host)
			known[nk++] = g->fl.v[i].host;
	for (size_t i = 0; i < g->ml.n; i++)
		known[nk++] = g->ml.v[i].to_host;
	if ((rc = ll_ag_cmdlinks(g, known, nk)) < 0)
		goto fail;
	ll_free(known);
	*out = g;
	return 0;
fail:
	ll_free(known);
	ll_attack_graph_free(g);
	return rc;
}

void ll_attack_graph_free(struct ll_attack_graph *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->ncl; i++) {
		struct ag_cmdlink *c = &g->cl[i];

		ll_free(c->from);
		ll_free(c->to);
		ll_free(c->account);
		ll_free(c->evidence_id);
		ll_free(c->locator);
		ll_free(c->command);
	}
	ll_free(g->cl);
	ll_free(g->f);
	ll_finding_list_release(&g->fl);
	ll_movement_list_release(&g->ml);
	ll_free(g);
}

static int find_reach(const struct ag_run *run, const char *host)
{
	for (size_t i = 0; host && i < run->n; i++)
		if (ll_movement_host_eq(run->v[i].host, host))
			return (int)i;
	return -1;
}

static void add_account(struct ag_reach *r, const char *acct)
{
	if (!acct || !*acct)
		return;
	for (size_t i = 0; i < r->naccounts; i++)
		if (ll_ag_account_eq(r->accounts[i], acct))
			return;
	if (r->naccounts < AG_MAX_ACCOUNTS)
		r->accounts[r->naccounts++] = acct;
}

static bool holds_account(const struct ag_reach *r, const char *acct)
{
	for (size_t i = 0; i < r->naccounts; i++)
		if (ll_ag_account_eq(r->accounts[i], acct))
			return true;
	return false;
}

/* Appends a reached host; -1 on allocation failure. */
static int reach_add(struct ag_run *run, const char *host, int64_t t,
		     const struct ll_movement_edge *e, const struct ag_cmdlink *c, int prev)
{
	struct ag_reach *nv = ll_reallocarray(run->v, run->n + 1, sizeof(*nv));

	if (!nv)
		return ll_error_set(LL_ENOMEM, "out of memory");
	run->v = nv;
	memset(&nv[run->n], 0, sizeof(*nv));
	nv[run->n] = (struct ag_reach){ .host = host, .t = t, .e = e, .c = c, .prev = prev };
	if (e)
		add_account(&nv[run->n], e->account);
	run->n++;
	return 0;
}

static bool same_actor(const struct ll_movement_edge *e, const char *addr)
{
	return ll_movement_external(e) && e->from_addr && !strcmp(e->from_addr, addr);
}

/* One movement edge met in time order. */
static int step_edge(struct ag_run *run, const struct ll_movement_edge *e, const char *actor)
{
	int to = find_reach(run, e->to_host), from;

	if (!e->success)
		return 0;
	if (same_actor(e, actor)) { /* the attacker's own address again, after the first access */
		if (e->time_ns < run->v[0].t)
			return 0;
		if (to >= 0)
			add_account(&run->v[to], e->account);
		return to >= 0 ? 0 : reach_add(run, e->to_host, e->time_ns, e, NULL, -1);
	}
	from = find_reach(run, e->from_host);
	/* usable only once the path has reached its source */
	if (from < 0 || run->v[from].t > e->time_ns || ll_movement_host_eq(e->from_host, e->to_host))
		return 0;
	if (to >= 0) {
		add_account(&run->v[to], e->account);
		return 0;
	}
	return reach_add(run, e->to_host, e->time_ns, e, NULL, from);
}

/* One command naming another host, met in time order. */
static int step_cmd(struct ag_run *run, const struct ag_cmdlink *c)
{
	int from = find_reach(run, c->from);

	if (from < 0 || run->v[from].t > c->t || find_reach(run, c->to) >= 0)
		return 0;
	/* the account that ran it must be one the attacker reached the host as */
	if (!holds_account(&run->v[from], c->account))
		return 0;
	return reach_add(run, c->to, c->t, NULL, c, from);
}

/* The hosts a first access reaches, each at its earliest time. */
static int walk(struct ag_run *run, const struct ll_attack_graph *g, const struct ag_finding *s)
{
	const char *actor = s->entry->from_addr;
	const struct ll_movement_edge *arrive = NULL;
	size_t i = 0, k = 0;
	int rc;

	run->start = s;
	/* the host is reached at the first logon from the actor that succeeded there */
	for (size_t j = 0; j < g->ml.n && !arrive; j++) {
		const struct ll_movement_edge *e = &g->ml.v[j];

		if (e->success && same_actor(e, actor) && ll_movement_host_eq(e->to_host, s->r->host) &&
		    e->time_ns >= s->r->first_ns)
			arrive = e;
	}
	if (!arrive)
		return 0;
	if ((rc = reach_add(run, arrive->to_host, arrive->time_ns, arrive, NULL, -1)) < 0)
		return rc;
	/* merge the edges and the commands in time order, from the arrival on */
	while (i < g->ml.n || k < g->ncl) {
		bool edge = k >= g->ncl || (i < g->ml.n && g->ml.v[i].time_ns <= g->cl[k].t);

		if (edge) {
			const struct ll_movement_edge *e = &g->ml.v[i++];

			/* step_edge decides whether its source was reached before it */
			if (e != arrive && (rc = step_edge(run, e, actor)) < 0)
				return rc;
		} else {
			const struct ag_cmdlink *c = &g->cl[k++];

			if ((rc = step_cmd(run, c)) < 0)
				return rc;
		}
	}
	return 0;
}

int ll_attack_graph_path(struct ll_attack_path *out, const struct ll_attack_graph *g,
			 const char *system, const char *host, int64_t until_ns)
{
	struct ag_run run = { 0 }, none = { 0 };
	int target = -1, rc = 0;

	memset(out, 0, sizeof(*out));
	out->until_ns = until_ns;
	if (!(out->system = ll_strdup(system ? system : "")) || !(out->host = ll_strdup(host)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	/* the earliest first access (findings are in time order) whose path reaches the host */
	for (size_t i = 0; i < g->nf && target < 0; i++) {
		const struct ag_finding *s = &g->f[i];

		if (!s->entry || s->r->first_ns > until_ns)
			continue;
		ll_free(run.v);
		run = (struct ag_run){ 0 };
		if ((rc = walk(&run, g, s)) < 0)
			goto out;
		target = find_reach(&run, host);
		if (target >= 0 && run.v[target].t > until_ns)
			target = -1;
	}
	if (target >= 0) {
		rc = ll_ag_steps(out, g, &run, target);
		if (rc == 0)
			rc = ll_ag_hypotheses(out, g, &run, target);
	} else {
		rc = ll_ag_hypotheses(out, g, &none, -1);
	}
out:
	ll_free(run.v);
	return rc;
}

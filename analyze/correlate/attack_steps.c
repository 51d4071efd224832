/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The steps of one attack path and its hypotheses, each with the sentence
 * a judge reads and the events it rests on (docs/correlation.md, "Link
 * confidence"): the first access's findings and the external actor's logon
 * are high (their events name the actor); a movement edge is high (the
 * record on the host reached names the source and the account); a command
 * naming the next host, run by the attacker's account, is medium; a finding
 * on a host after the path reached it is medium (same host and the
 * attacker's presence there, nothing naming the act's author). Anything
 * else that only time puts near the disruption is a low hypothesis.
 */
#include "core/compat.h"
#include "analyze/correlate/attack_graph_int.h"

#include <stdarg.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/event/event_cite.h"
#include "core/time.h"

/* Events cited per step with their places (all of a finding's are in the finding itself). */
#define MAX_CITES 5

/* French typography in basis_fr: a no-break space before ":", a narrow one before ";" */
#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"

static const char *const conf_names[] = { "none", "low", "medium", "high" };

const char *ll_corr_conf_name(enum ll_corr_conf c)
{
	return c <= LL_CONF_HIGH ? conf_names[c] : "none";
}

static void tstr(char out[48], int64_t ns)
{
	ll_time_format(out, 48, ns, 0);
}

static struct ll_attack_step *step_new(struct ll_attack_step **v, size_t *n)
{
	struct ll_attack_step *nv = ll_reallocarray(*v, *n + 1, sizeof(*nv));

	if (!nv)
		return NULL;
	*v = nv;
	memset(&nv[*n], 0, sizeof(*nv));
	return &nv[(*n)++];
}

/* printf into a new string; NULL on allocation failure. */
static char *fmt(const char *f, ...) LL_PRINTF(1, 2);
static char *fmt(const char *f, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, f);
	n = vsnprintf(NULL, 0, f, ap);
	va_end(ap);
	if (n < 0 || !(s = ll_malloc((size_t)n + 1)))
		return NULL;
	va_start(ap, f);
	vsnprintf(s, (size_t)n + 1, f, ap);
	va_end(ap);
	return s;
}

/*
 * Cites event `id` in the step and appends "event N (E2 line=…)" to `words`
 * and "événement N (E2 line=…)" to `words_fr` (same size), when not NULL.
 */
static int cite(struct ll_attack_step *s, const struct ll_attack_graph *g, int64_t id,
		char *words, size_t wlen, char *words_fr)
{
	struct ll_attack_cite *nv;
	struct ll_event_cite ev;
	size_t used = strlen(words);
	int rc;

	if ((rc = ll_event_cite_load(&ev, g->st, id)) < 0)
		return rc;
	if (!(nv = ll_reallocarray(s->cites, s->ncites + 1, sizeof(*nv)))) {
		ll_event_cite_release(&ev);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	s->cites = nv;
	nv[s->ncites] = (struct ll_attack_cite){ id, ev.evidence_id, ev.locator };
	ev.evidence_id = ev.locator = NULL;
	s->ncites++;
	snprintf(words + used, wlen - used, "%sevent %lld (%s %s)", used ? ", " : "", (long long)id,
		 nv[s->ncites - 1].evidence_id, nv[s->ncites - 1].locator);
	if (words_fr) {
		used = strlen(words_fr);
		snprintf(words_fr + used, wlen - used, "%sévénement %lld (%s %s)", used ? ", " : "",
			 (long long)id, nv[s->ncites - 1].evidence_id, nv[s->ncites - 1].locator);
	}
	ll_event_cite_release(&ev);
	return 0;
}

/* The finding's first events, cited; `words` gets them in words. */
static int cite_finding(struct ll_attack_step *s, const struct ll_attack_graph *g,
			const struct ll_finding_row *r, char *words, size_t wlen, char *words_fr)
{
	int rc = 0;

	words[0] = words_fr[0] = '\0';
	for (size_t i = 0; i < r->nevents && i < MAX_CITES && rc == 0; i++)
		rc = cite(s, g, r->events[i], words, wlen, words_fr);
	if (rc == 0 && r->nevents > MAX_CITES) {
		size_t used = strlen(words);

		snprintf(words + used, wlen - used, " and %zu more events of finding %lld",
			 r->nevents - MAX_CITES, (long long)r->id);
		used = strlen(words_fr);
		snprintf(words_fr + used, wlen - used, " et %zu autres événements de la constatation %lld",
			 r->nevents - MAX_CITES, (long long)r->id);
	}
	return rc;
}

static int finding_step(struct ll_attack_step **v, size_t *n, const struct ll_attack_graph *g,
			const struct ll_finding_row *r, enum ll_corr_conf conf, const char *why,
			const char *why_fr)
{
	struct ll_attack_step *s = step_new(v, n);
	char words[1024], words_fr[1024], t[48];
	int rc;

	if (!s)
		return ll_error_set(LL_ENOMEM, "out of memory");
	s->kind = LL_STEP_FINDING;
	s->time_ns = r->first_ns;
	s->conf = conf;
	s->finding_id = r->id;
	if (!(s->from = ll_strdup(r->host ? r->host : "")) || !(s->to = ll_strdup(s->from)) ||
	    !(s->title = ll_strdup(r->title ? r->title : "")))
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = cite_finding(s, g, r, words, sizeof(words), words_fr)) < 0)
		return rc;
	tstr(t, r->first_ns);
	/* the French names no title: the report shows the finding's own, in French, beside it */
	if (!(s->basis = fmt("finding %lld \"%s\" on %s at %s, %s: %s", (long long)r->id, s->title,
			     s->from, t, why, words[0] ? words : "no event cited")) ||
	    !(s->basis_fr = fmt("constatation %lld sur %s le %s, %s" NBSP ": %s", (long long)r->id, s->from,
				t, why_fr, words_fr[0] ? words_fr : "aucun événement cité")))
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

static int edge_step(struct ll_attack_step **v, size_t *n, const struct ll_attack_graph *g,
		     const struct ll_movement_edge *e, enum ll_corr_conf conf)
{
	struct ll_attack_step *s = step_new(v, n);
	const char *from = e->from_host ? e->from_host : e->from_addr ? e->from_addr : e->from_name;
	char words[512] = "";
	int rc;

	if (!s)
		return ll_error_set(LL_ENOMEM, "out of memory");
	s->kind = LL_STEP_EDGE;
	s->time_ns = e->time_ns;
	s->conf = conf;
	s->edge_id = e->id;
	if (!(s->edge_kind = ll_strdup(e->kind)) || !(s->from = ll_strdup(from ? from : "")) ||
	    !(s->to = ll_strdup(e->to_host)) || !(s->basis = ll_strdup(e->basis)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	/* the basis already names the event and its place; the cites give them typed */
	if ((rc = cite(s, g, e->event_id, words, sizeof(words), NULL)) < 0)
		return rc;
	if (e->logon_event_id && (rc = cite(s, g, e->logon_event_id, words, sizeof(words), NULL)) < 0)
		return rc;
	/* the French from the edge's own fields (attack_steps_fr.c), citing the same events */
	return ll_ag_edge_basis_fr(&s->basis_fr, e, s->cites, s->ncites);
}

/* A command on one host naming the next; `why` says whose account ran it. */
static int cmd_step(struct ll_attack_step **v, size_t *n, const struct ag_cmdlink *c,
		    enum ll_corr_conf conf, const char *why, const char *why_fr)
{
	struct ll_attack_step *s = step_new(v, n);
	struct ll_attack_cite *ct;
	char t[48];

	if (!s)
		return ll_error_set(LL_ENOMEM, "out of memory");
	tstr(t, c->t);
	s->kind = LL_STEP_EDGE;
	s->time_ns = c->t;
	s->conf = conf;
	s->finding_id = c->finding_id;
	if (!(s->edge_kind = ll_strdup("command")) || !(s->from = ll_strdup(c->from)) ||
	    !(s->to = ll_strdup(c->to)) || !(ct = ll_calloc(1, sizeof(*ct))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	s->cites = ct;
	s->ncites = 1;
	ct->event_id = c->event_id;
	if (!(ct->evidence_id = ll_strdup(c->evidence_id)) || !(ct->locator = ll_strdup(c->locator)) ||
	    !(s->basis = fmt("on %s at %s, %s ran \"%s\", which names %s; %s: event %lld (%s %s), finding %lld",
			     c->from, t, c->account ? c->account : "an account the log does not name",
			     c->command, c->to, why, (long long)c->event_id, c->evidence_id, c->locator,
			     (long long)c->finding_id)) ||
	    !(s->basis_fr = fmt("sur %s le %s, %s a exécuté «" NBSP "%s" NBSP "», qui nomme %s" NNBSP "; %s" NBSP
				": événement %lld (%s %s), constatation %lld", c->from, t,
				c->account ? c->account : "un compte que le journal ne nomme pas", c->command,
				c->to, why_fr, (long long)c->event_id, c->evidence_id, c->locator,
				(long long)c->finding_id)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

static bool step_has_finding(const struct ll_attack_path *p, int64_t id)
{
	for (size_t i = 0; i < p->nsteps; i++)
		if (p->steps[i].kind == LL_STEP_FINDING && p->steps[i].finding_id == id)
			return true;
	return false;
}

/* How the path got to reach `r`, in words ("from 203.0.113.45 as labadmin"), and in French. */
static void reached_how(char *out, char *out_fr, size_t len, const struct ag_run *run,
			const struct ag_reach *r)
{
	char t[48];

	tstr(t, r->t);
	if (r->e) {
		const char *src = r->prev < 0 ? r->e->from_addr : run->v[r->prev].host;

		snprintf(out, len, "after the attacker reached %s at %s (%s from %s%s%s)", r->host, t,
			 r->e->kind, src, r->e->account ? " as " : "", r->e->account ? r->e->account : "");
		snprintf(out_fr, len, "après que l’attaquant a atteint %s le %s (%s depuis %s%s%s)", r->host, t,
			 r->e->kind, src, r->e->account ? " en tant que " : "",
			 r->e->account ? r->e->account : "");
	} else {
		snprintf(out, len, "after the attacker reached %s at %s (a command on %s naming it)",
			 r->host, t, run->v[r->prev].host);
		snprintf(out_fr, len, "après que l’attaquant a atteint %s le %s (une commande sur %s le nommant)",
			 r->host, t, run->v[r->prev].host);
	}
}

static bool cmd_is_step(const struct ll_attack_path *p, const struct ag_cmdlink *c)
{
	for (size_t k = 0; k < p->nsteps; k++)
		if (p->steps[k].kind == LL_STEP_EDGE && p->steps[k].edge_id == 0 &&
		    p->steps[k].cites[0].event_id == c->event_id && !strcmp(p->steps[k].to, c->to))
			return true;
	return false;
}

/*
 * Later commands between two hosts of the path, run by an account the
 * attacker held on the source (xfreerdp /v:FS03 ten days after the first
 * command): steps too, medium, not hypotheses.
 */
static int corroborating(struct ll_attack_path *p, const struct ll_attack_graph *g,
			 const struct ag_run *run, const int *hops, int nh)
{
	char why[512], why_fr[512], t[48];
	int rc;

	for (size_t i = 0; i < g->ncl; i++) {
		const struct ag_cmdlink *c = &g->cl[i];
		const struct ag_reach *src = NULL;
		bool to_on_path = false;

		for (int h = 0; h < nh; h++) {
			const struct ag_reach *r = &run->v[hops[h]];

			if (ll_movement_host_eq(r->host, c->from) && r->t <= c->t)
				src = r;
			to_on_path = to_on_path || ll_movement_host_eq(r->host, c->to);
		}
		if (!src || !to_on_path || c->t > p->until_ns || cmd_is_step(p, c))
			continue;
		bool held = false;

		for (size_t k = 0; k < src->naccounts; k++)
			held = held || ll_ag_account_eq(src->accounts[k], c->account);
		if (!held)
			continue;
		tstr(t, src->t);
		snprintf(why, sizeof(why), "%s is an account the attacker reached %s as (at %s)",
			 c->account, c->from, t);
		snprintf(why_fr, sizeof(why_fr), "%s est un compte sous lequel l’attaquant a atteint %s (le %s)",
			 c->account, c->from, t);
		if ((rc = cmd_step(&p->steps, &p->nsteps, c, LL_CONF_MEDIUM, why, why_fr)) < 0)
			return rc;
	}
	return 0;
}

/* Time order; a stable insertion sort keeps a finding before the command it cites. */
static void sort_steps(struct ll_attack_step *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct ll_attack_step x = v[i];
		size_t j = i;

		for (; j > 0 && v[j - 1].time_ns > x.time_ns; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

int ll_ag_steps(struct ll_attack_path *p, const struct ll_attack_graph *g, const struct ag_run *run,
		int target)
{
	const struct ag_finding *s = run->start;
	const char *actor = s->entry->from_addr;
	int hops[64], nh = 0, rc;
	char why[512], why_fr[512];

	for (int i = target; i >= 0 && nh < (int)LL_ARRAY_SIZE(hops); i = run->v[i].prev)
		hops[nh++] = i;
	if (!(p->actor = ll_strdup(actor)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	p->start_finding = s->r->id;
	/* the first access: the actor's findings on its host up to the logon that got in */
	for (size_t i = 0; i < g->nf; i++) {
		const struct ag_finding *f = &g->f[i];

		if (!f->entry || strcmp(f->entry->from_addr, actor) != 0 ||
		    !ll_movement_host_eq(f->r->host, run->v[hops[nh - 1]].host) ||
		    f->r->first_ns < s->r->first_ns || f->r->first_ns > run->v[hops[nh - 1]].t)
			continue;
		snprintf(why, sizeof(why), "a first access: its events name %s, an address no inventory host has (external), as the source",
			 actor);
		snprintf(why_fr, sizeof(why_fr), "un premier accès" NBSP ": ses événements désignent comme source %s, "
			 "une adresse qu’aucun hôte de l’inventaire ne possède (externe)", actor);
		if ((rc = finding_step(&p->steps, &p->nsteps, g, f->r, LL_CONF_HIGH, why, why_fr)) < 0)
			return rc;
	}
	for (int h = nh - 1; h >= 0; h--) {
		const struct ag_reach *r = &run->v[hops[h]];
		/* a host stays the attacker's after the path moved on: its later findings too */
		int64_t leave = p->until_ns;

		/* the link into this host */
		if (r->e)
			rc = edge_step(&p->steps, &p->nsteps, g, r->e, LL_CONF_HIGH);
		else {
			char t[48];

			tstr(t, run->v[r->prev].t);
			snprintf(why, sizeof(why), "%s is an account the attacker reached %s as (at %s)",
				 r->c->account, r->c->from, t);
			snprintf(why_fr, sizeof(why_fr), "%s est un compte sous lequel l’attaquant a atteint %s (le %s)",
				 r->c->account, r->c->from, t);
			rc = cmd_step(&p->steps, &p->nsteps, r->c, LL_CONF_MEDIUM, why, why_fr);
		}
		if (rc < 0)
			return rc;
		/* the findings on it from the arrival to the disruption */
		reached_how(why, why_fr, sizeof(why), run, r);
		for (size_t i = 0; i < g->nf; i++) {
			const struct ll_finding_row *fr = g->f[i].r;

			if (!ll_movement_host_eq(fr->host, r->host) || fr->first_ns < r->t ||
			    fr->first_ns > leave || step_has_finding(p, fr->id) ||
			    (fr->severity && !strcmp(fr->severity, "informational")))
				continue;
			if ((rc = finding_step(&p->steps, &p->nsteps, g, fr, LL_CONF_MEDIUM, why, why_fr)) < 0)
				return rc;
			if (h == 0 && g->f[i].impact)
				p->impact = true;
		}
	}
	if ((rc = corroborating(p, g, run, hops, nh)) < 0)
		return rc;
	sort_steps(p->steps, p->nsteps);
	p->complete = true;
	p->conf = LL_CONF_HIGH;
	for (size_t i = 0; i < p->nsteps; i++)
		if (p->steps[i].conf < p->conf)
			p->conf = p->steps[i].conf;
	return 0;
}

int ll_ag_hypotheses(struct ll_attack_path *p, const struct ll_attack_graph *g,
		     const struct ag_run *run, int target)
{
	const struct ag_finding *first = NULL;
	char why[512], why_fr[512], t[48];
	int rc;

	/* findings on the host before the disruption that the path does not reach */
	for (size_t i = 0; i < g->nf; i++) {
		const struct ll_finding_row *r = g->f[i].r;

		if (!ll_movement_host_eq(r->host, p->host) || r->first_ns > p->until_ns ||
		    step_has_finding(p, r->id))
			continue;
		if (target >= 0) {
			tstr(t, run->v[target].t);
			snprintf(why, sizeof(why), "before the attack path reached %s (%s); only time puts it before the disruption",
				 p->host, t);
			snprintf(why_fr, sizeof(why_fr), "avant que le chemin d’attaque n’atteigne %s (%s)" NNBSP "; seul le "
				 "temps la place avant l’interruption", p->host, t);
		} else {
			snprintf(why, sizeof(why), "no edge or command connects %s to a first access; only time puts it before the disruption",
				 p->host);
			snprintf(why_fr, sizeof(why_fr), "aucun lien ni commande ne relie %s à un premier accès" NNBSP "; seul "
				 "le temps la place avant l’interruption", p->host);
		}
		if ((rc = finding_step(&p->hyps, &p->nhyps, g, r, LL_CONF_LOW, why, why_fr)) < 0)
			return rc;
	}
	/* commands naming the host that the walk could not use */
	for (size_t i = 0; i < g->ncl; i++) {
		const struct ag_cmdlink *c = &g->cl[i];
		if (!ll_movement_host_eq(c->to, p->host) || c->t > p->until_ns || cmd_is_step(p, c))
			continue;
		snprintf(why, sizeof(why), "no logon of the attacker shows %s on %s before it, so only time ties it to the attack",
			 c->account ? c->account : "that account", c->from);
		snprintf(why_fr, sizeof(why_fr), "aucune connexion de l’attaquant ne montre %s sur %s avant elle" NNBSP "; "
			 "seul le temps la rattache à l’attaque", c->account ? c->account : "ce compte", c->from);
		if ((rc = cmd_step(&p->hyps, &p->nhyps, c, LL_CONF_LOW, why, why_fr)) < 0)
			return rc;
	}
	if (target >= 0)
		return 0;
	/* the earliest first access of the case, which nothing connects to this host */
	for (size_t i = 0; i < g->nf && !first; i++)
		if (g->f[i].entry && g->f[i].r->first_ns <= p->until_ns &&
		    !ll_movement_host_eq(g->f[i].r->host, p->host))
			first = &g->f[i];
	if (first) {
		snprintf(why, sizeof(why), "the earliest first access of the case (from %s); no edge or command connects %s to %s, only time",
			 first->entry->from_addr, first->r->host, p->host);
		snprintf(why_fr, sizeof(why_fr), "le premier accès le plus ancien de l’affaire (depuis %s)" NNBSP "; aucun "
			 "lien ni commande ne relie %s à %s, seul le temps", first->entry->from_addr, first->r->host,
			 p->host);
		if ((rc = finding_step(&p->hyps, &p->nhyps, g, first->r, LL_CONF_LOW, why, why_fr)) < 0)
			return rc;
	}
	return 0;
}

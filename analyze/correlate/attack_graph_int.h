/* SPDX-License-Identifier: Apache-2.0 */
/* Inside the attack graph: its nodes and links (attack_graph.c, attack_cmdlink.c, attack_steps.c). */
#ifndef LL_ANALYZE_CORRELATE_ATTACK_GRAPH_INT_H
#define LL_ANALYZE_CORRELATE_ATTACK_GRAPH_INT_H

#include "analyze/correlate/attack_graph.h"
#include "analyze/detect/findings.h"
#include "analyze/movement/movement.h"

/* Accounts the attacker is known to hold on a host (by the edges that reached it). */
#define AG_MAX_ACCOUNTS 16

/*
 * A command run on host `from` whose text names host `to` (xfreerdp
 * /v:FS03, deploy.py --target FS03): it says what was launched on `from`,
 * not that `to` accepted it, so at most medium, and only when the account
 * that ran it is one the attacker reached `from` as.
 */
struct ag_cmdlink {
	int64_t t, event_id, finding_id;
	char *from, *to, *account; /* account may be NULL */
	char *evidence_id, *locator, *command;
};

/* A finding, and the external actor's edge it cites when it is a first access. */
struct ag_finding {
	const struct ll_finding_row *r;
	const struct ll_movement_edge *entry; /* NULL: not a connected first access */
	bool impact;
};

struct ll_attack_graph {
	struct ll_store *st;
	struct ll_finding_list fl;
	struct ll_movement_list ml;
	struct ag_finding *f;
	size_t nf;
	struct ag_cmdlink *cl; /* in time order */
	size_t ncl;
};

/* A host the path reached: when, by which link, from which earlier node (-1: the actor). */
struct ag_reach {
	const char *host;
	int64_t t;
	const struct ll_movement_edge *e; /* the edge, or NULL for a command */
	const struct ag_cmdlink *c;
	int prev;
	const char *accounts[AG_MAX_ACCOUNTS];
	size_t naccounts;
};

struct ag_run {
	struct ag_reach *v;
	size_t n;
	const struct ag_finding *start;
};

/* The commands on one host that name another host (`known` names), from the findings' events. */
int ll_ag_cmdlinks(struct ll_attack_graph *g, const char *const *known, size_t nknown);

/* Accounts compare without case and without a domain prefix ("OFFSEC\admmig" = "admmig"). */
bool ll_ag_account_eq(const char *a, const char *b);

/* The steps and hypotheses of the path to `host` from a run (attack_steps.c). */
int ll_ag_steps(struct ll_attack_path *p, const struct ll_attack_graph *g, const struct ag_run *run,
		int target);
/* A movement edge's step sentence in French, citing `cites` (attack_steps_fr.c). */
int ll_ag_edge_basis_fr(char **out, const struct ll_movement_edge *e,
			const struct ll_attack_cite *cites, size_t ncites);
int ll_ag_hypotheses(struct ll_attack_path *p, const struct ll_attack_graph *g,
		     const struct ag_run *run, int target);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The attack path (issue 17 items 4, 5; docs/correlation.md "The attack
 * path"): per host behind a disrupted clinical system, the connected path
 * from the earliest first access whose finding names an external actor,
 * through movement edges and commands naming the next host, to the findings
 * on that host; and the links that rest on time alone, kept apart as
 * hypotheses. Built by analyze/correlate/attack_graph.c, written into the
 * correlation document and read back from it (attack_path_json.c) for the
 * case file's report.
 */
#ifndef LL_ANALYZE_CORRELATE_ATTACK_PATH_H
#define LL_ANALYZE_CORRELATE_ATTACK_PATH_H

#include "core/compat.h"

#include <jansson.h>

/* How strong a link is (docs/correlation.md, "Link confidence"). */
enum ll_corr_conf { LL_CONF_NONE = 0, LL_CONF_LOW, LL_CONF_MEDIUM, LL_CONF_HIGH };

const char *ll_corr_conf_name(enum ll_corr_conf c); /* "none", "low", "medium", "high" */

enum ll_attack_step_kind { LL_STEP_FINDING, LL_STEP_EDGE };

/* One event a step rests on: the reader finds it by evidence item and locator. */
struct ll_attack_cite {
	int64_t event_id;
	char *evidence_id, *locator;
};

struct ll_attack_step {
	enum ll_attack_step_kind kind;
	char *edge_kind;   /* an edge: its movement kind (ssh-accepted…) or "command"; NULL otherwise */
	char *from, *to;   /* an edge: the source (host, or an external actor's address) and the
			      host reached; a finding: its host, in both */
	int64_t time_ns;
	enum ll_corr_conf conf;
	char *basis;       /* the sentence a judge reads, with the events and their places */
	char *basis_fr;    /* the same in French (a French report), NULL in a document written before */
	int64_t finding_id; /* 0: none */
	int64_t edge_id;   /* row of movement_edges, 0: none (a command) */
	char *title;       /* a finding's title, NULL otherwise */
	struct ll_attack_cite *cites;
	size_t ncites;
};

struct ll_attack_path {
	char *system, *host;  /* the disrupted clinical system and the host behind it */
	int64_t until_ns;     /* the disruption's start (plus its time precision) */
	bool complete;        /* a connected path from a first access reaches the host */
	bool impact;          /* an impact finding on the host is a step */
	char *actor;          /* the external actor the path starts from; NULL */
	int64_t start_finding; /* the first access it starts at (earliest intrusion); 0 */
	enum ll_corr_conf conf; /* the weakest step; NONE when not complete */
	struct ll_attack_step *steps;  /* in time order */
	size_t nsteps;
	struct ll_attack_step *hyps;   /* time-only links: at most low, never steps */
	size_t nhyps;
};

struct ll_attack_paths {
	struct ll_attack_path *v;
	size_t n;
};

void ll_attack_path_release(struct ll_attack_path *p);
void ll_attack_paths_release(struct ll_attack_paths *l);

/* The "attack_paths" entry of docs/formats/correlation.md; NULL on allocation failure. */
json_t *ll_attack_path_json(const struct ll_attack_path *p);

/*
 * The read API: the attack paths of a stored `lifeline.correlate/1`
 * document (ll_correlate_load's text, parsed), as typed steps. A document
 * without "attack_paths" (written before them) gives none; a malformed one
 * fails naming the field. Release with ll_attack_paths_release.
 */
int ll_attack_paths_from_doc(struct ll_attack_paths *out, const json_t *doc);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The attack graph (issue 17 item 4): hosts and external actors are nodes;
 * movement edges (table movement_edges), commands on a host that name
 * another host, and findings (host, time, techniques, events) connect them.
 * `analyze correlate` builds it once and asks it for the path to each host
 * behind a disrupted system.
 */
#ifndef LL_ANALYZE_CORRELATE_ATTACK_GRAPH_H
#define LL_ANALYZE_CORRELATE_ATTACK_GRAPH_H

#include "analyze/correlate/attack_path.h"

struct ll_store;
struct ll_attack_graph;

/*
 * Loads the findings (every cited event), the movement edges and the
 * commands naming another host; `hosts` are the names a command may name
 * besides the hosts of findings and edges (the inventory's).
 */
int ll_attack_graph_build(struct ll_attack_graph **out, struct ll_store *st,
			  const char *const *hosts, size_t nhosts);
void ll_attack_graph_free(struct ll_attack_graph *g);

/*
 * The attack path to `host` before `until_ns`, and the hypotheses about it
 * (docs/correlation.md, "The attack path"). `system` is copied into it.
 */
int ll_attack_graph_path(struct ll_attack_path *out, const struct ll_attack_graph *g,
			 const char *system, const char *host, int64_t until_ns);

/* Whether a finding's techniques make it an impact finding (encryption, notes, backups, logs). */
bool ll_attack_impact_techniques(const char *techniques);

#endif

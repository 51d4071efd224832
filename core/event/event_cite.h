/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One event as a link of the attack path cites it (analyze/correlate/
 * attack_graph.c): where it is (evidence item, locator), when, on which
 * host, by whom, and its message — what a reader checks the link against.
 */
#ifndef LL_CORE_EVENT_CITE_H
#define LL_CORE_EVENT_CITE_H

#include "core/compat.h"

struct ll_store;

struct ll_event_cite {
	int64_t id, time_ns;
	char *evidence_id, *locator; /* never NULL once loaded */
	char *host, *user, *message; /* NULL where the column is */
};

/* Loads event `id`; LL_ENOTFOUND (named) when the case has none of that id. */
int ll_event_cite_load(struct ll_event_cite *out, struct ll_store *st, int64_t id);
void ll_event_cite_release(struct ll_event_cite *c);

#endif

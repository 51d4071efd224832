/* SPDX-License-Identifier: Apache-2.0 */
/* The host of each evidence item, from what is recorded, given to its events that name none. */
#ifndef LL_ANALYZE_HOSTS_H
#define LL_ANALYZE_HOSTS_H

#include "core/compat.h"

#include <jansson.h>

struct ll_store;

/* The warning prefix of a conflict, in the item's timeline analysis record. */
#define LL_HOSTS_CONFLICT "host conflict: "

/*
 * For every registered item of the case: the host named by, in this order,
 * `collect … --host` (evidence.host), the hospital inventory (systems.csv
 * rows whose evidence_refs list the item), the item's own file systems
 * (/etc/hostname, fs_volumes.hostname). The first is used; every other
 * source that names a different host (core/hostname.h ll_hostname_same) is
 * a conflict, reported — in the item's timeline analysis record (warnings
 * starting with LL_HOSTS_CONFLICT, replaced at each pass) and in *out —
 * never dropped. The host is then given to the item's events that name
 * none (core/event/event.h ll_event_set_item_host). Runs in its own transaction;
 * calling it again gives the same result (docs/guides/analyst.md "Hosts").
 *
 * *out: one object per item with a host or a conflict: {"id", "host",
 * "from", "sources": [{"source", "name", "where"}], "conflicts": [text],
 * "events": the rows given the host by this run: written now, or by
 * ll_hosts_give_item before (its counts in `given`, an object by item id,
 * or NULL), the larger}.
 */
int ll_hosts_apply(json_t **out, struct ll_store *st, const json_t *given);

struct ll_evidence;
/*
 * The host ll_hosts_apply gives item `ev` (the first of its sources, in
 * the same order), into *out (ll_free), or NULL when nothing names one.
 */
int ll_hosts_item_host(char **out, struct ll_store *st, const struct ll_evidence *ev);

/*
 * Gives item `ev`'s events that name no host the host ll_hosts_apply would
 * give them now (*changed: the rows written), inside the caller's
 * transaction: `analyze timeline` before an item's commit, while its rows
 * are the bulk load's fresh pages. ll_hosts_apply still decides, after.
 */
int ll_hosts_give_item(int64_t *changed, struct ll_store *st, const struct ll_evidence *ev);

#endif

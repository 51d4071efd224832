/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Disclosure (issue 18 item 6): what the case holds that the report does
 * not rest on — inventory systems no exhibit came from, exhibits no
 * analysis read, events and findings no conclusion cites — with where each
 * is in the case file.
 */
#ifndef LL_CASEFILE_MODEL_DISCLOSURE_H
#define LL_CASEFILE_MODEL_DISCLOSURE_H

#include "core/compat.h"

#include <jansson.h>

struct ll_store;

/*
 * Reads the store and the model loaded so far (`root`: evidence, analyses,
 * findings, correlation, event_count, cited_events_total) into
 *   {inventory_hosts, systems_not_collected:[{hostname, systems, life_critical,
 *    locator}], sources_not_examined:[{id, kind, description}],
 *    events_total, events_cited, events_not_cited,
 *    findings_total, findings_cited:[id…], findings_not_cited:[id…],
 *    correlation: bool}.
 * A host counts as collected when one of its inventory rows names, in
 * evidence_refs, an exhibit of the case, or an exhibit was collected with
 * its name (--host: the full or the short name, case-insensitively).
 */
int ll_model_disclosure(json_t **out, struct ll_store *st, const json_t *root);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The built-in "first logon from a new external address" detector (issue 17
 * item 3; docs/rules.md "First logon from a new external address"). It reads
 * the movement edges, so `analyze detect` runs it right after building them.
 */
#ifndef LL_ANALYZE_DETECT_FIRST_LOGON_H
#define LL_ANALYZE_DETECT_FIRST_LOGON_H

#include "core/compat.h"

struct ll_store;

/* The rule set its findings are stored under: a re-run replaces exactly these. */
#define LL_FIRST_LOGON_RULESET "first-logon"
#define LL_FIRST_LOGON_RULE_ID "movement.first_logon_external"

/*
 * One finding per (host reached, external source address) at the pair's
 * earliest successful logon edge (ssh, 4624 network or RDP, RDP 1149/21/25
 * and 4778, wtmp, audit logins) in the stored edges: citing the edge's
 * event, on the host reached, medium, T1078 and T1133. Private
 * ("unresolved") sources and failed logons give none. Replaces the previous
 * run's findings in one transaction; `ruleset_sha256` is detect's rule-set
 * hash, recorded with them. `*count` gets the number stored.
 */
int ll_first_logon_run(struct ll_store *st, const char *ruleset_sha256, size_t *count);

#endif

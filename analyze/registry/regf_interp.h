/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a few keys of SYSTEM, SOFTWARE and NTUSER.DAT say, beyond their
 * last-written time: the computer's name, its time zone, services, Run
 * keys, installed programs, recent documents, the RDP client's servers.
 * Pure functions over the walk's keys (no library), so unit tests and the
 * fuzz target reach them.
 */
#ifndef LL_ANALYZE_REGF_INTERP_H
#define LL_ANALYZE_REGF_INTERP_H

#include "core/compat.h"

#include "analyze/registry/regf_key.h"

/* What the hive says of itself, read before the walk. */
struct ll_regf_hive_info {
	unsigned current_cs; /* Select\Current: ControlSetNNN in use; 0 unknown */
};

/*
 * One interpreted fact of a key: `kind` (computer_name, time_zone,
 * control_set, service, run, installed_program, recent_doc, rdp_server),
 * a category for the event (system, persistence, program, user-activity),
 * `value` the value it comes from ("" for the key itself), a readable
 * message and its attributes as a JSON object. All borrowed for the call.
 */
struct ll_regf_fact {
	const char *kind;
	const char *category;
	const char *value;
	const char *message;
	const char *attrs;
};

typedef int (*ll_regf_fact_fn)(void *payload, const struct ll_regf_fact *f);

/* Whether the key at `rel` (below the root) is one interpreted (its values are read). */
bool ll_regf_wants_values(const char *rel);

/*
 * The facts of key `k`, each handed to `emit` (a negative return stops with
 * it). Returns 0, LL_ENOMEM or emit's error.
 */
int ll_regf_interpret(const struct ll_regf_key *k, const struct ll_regf_hive_info *info,
		      ll_regf_fact_fn emit, void *payload);

/*
 * The number NNN of a path's first component "ControlSetNNN" (without
 * case; 1..999), with *rest after its separator ("" at the end); 0 if it is
 * not one.
 */
unsigned ll_regf_control_set(const char *rel, const char **rest);

/* The control set number that Select\Current's text names ("1" → 1), 0 if not 1..999. */
unsigned ll_regf_parse_current(const char *text);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The report's attack paths (issue 17 item 7): per disrupted clinical system,
 * the ordered path from the attacker's first access to the host behind it,
 * each step with its basis, confidence and events, the links resting on time
 * alone kept apart as hypotheses, and a graph of hosts and edges with times.
 */
#ifndef LL_CASEFILE_REPORT_PATH_H
#define LL_CASEFILE_REPORT_PATH_H

#include "core/compat.h"

#include "casefile/report/lang.h"

struct ll_buf;
struct ll_casefile_model;
struct ll_attack_path;

/*
 * Appends the attack paths of the model's correlation document (nothing when
 * there is no correlation; a paragraph saying so when it has no paths).
 * `heading` is a literal of the report ("8.1 Attack paths").
 */
int ll_report_paths(struct ll_buf *out, const struct ll_casefile_model *m, const char *heading,
		    enum ll_lang lang);

/* Appends an inline <svg> graph of one path: its hosts as nodes, its edges as arrows with times. */
int ll_report_path_svg(struct ll_buf *out, const struct ll_attack_path *p, enum ll_lang lang);

#endif

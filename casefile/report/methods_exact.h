/* SPDX-License-Identifier: Apache-2.0 */
/* The report's "exact methods": binary, command lines as run, rule sets with their SHA-256. */
#ifndef LL_CASEFILE_REPORT_METHODS_EXACT_H
#define LL_CASEFILE_REPORT_METHODS_EXACT_H

#include "core/compat.h"

#include <jansson.h>

#include "casefile/report/lang.h"

struct ll_buf;

/*
 * Appends, inside the methods section, the lifeline binary (version and the
 * SHA-256 of the running executable, /proc/self/exe, which builds this
 * report), each recorded analysis's command line as it was run (analyses'
 * `command`, shell-quoted for reading; "not recorded" for runs of an older
 * lifeline), and each rule set `analyze detect` ran (custody entries
 * "detect": name, SHA-256, rule files and rules). `root` is the model
 * (model.h). Strings from the case are escaped and isolated.
 */
int ll_report_methods_exact(struct ll_buf *out, const json_t *root, enum ll_lang lang);

/* `argv` (a JSON array of strings) as one line a shell would split back into it. */
int ll_report_shell_line(struct ll_buf *out, const json_t *argv);

#endif

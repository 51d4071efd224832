/* SPDX-License-Identifier: Apache-2.0 */
/* `lifeline timeline export --dir DIR`: the split exports' command side (cli/cmd_timeline.c parses). */
#ifndef LL_CLI_TIMELINE_EXPORT_SPLIT_H
#define LL_CLI_TIMELINE_EXPORT_SPLIT_H

#include "core/compat.h"

#include "casefile/export/export.h"

struct ll_cli;

/*
 * Writes the split export of the open case into `dir` and reports it
 * (stderr, or --json); `o->index` NULL takes "lifeline-<case id>". Returns
 * the exit code.
 */
int ll_cli_timeline_split(struct ll_cli *cli, const char *dir, const char *format,
			  struct ll_export_split_opts *o, const struct ll_export_filter *filter);

#endif

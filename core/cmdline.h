/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The command line of the running lifeline process, kept once by main() so
 * that what records an analysis (core/analysis.c) can store the exact
 * command and options it ran with (issue 18 item 3: methods, exactly).
 */
#ifndef LL_CORE_CMDLINE_H
#define LL_CORE_CMDLINE_H

#include "core/compat.h"

/* Keeps `argv` (borrowed: main's own array lives until exit). */
void ll_cmdline_set(int argc, char **argv);
/*
 * The command line as a JSON array text of strings, argv[0] reduced to
 * "lifeline" (the binary's path says nothing about the method and differs
 * between machines); an argument that is not UTF-8 is kept with its bad
 * bytes replaced (ll_json_string_lossy). NULL when none was set (a unit
 * test) or out of memory; free with ll_free.
 */
char *ll_cmdline_json(void);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Linux logs (syslog, journal, audit EXECVE) for Sigma's linux logsources. */
#ifndef LL_ANALYZE_SIGMA_LINUX_H
#define LL_ANALYZE_SIGMA_LINUX_H

#include "core/compat.h"

#include <jansson.h>

/* Pseudo-channels the logsource mapping (sigma_logsource.c) keys Linux rules on. */
#define LL_SIGMA_LINUX_SYSLOG "linux:syslog"
#define LL_SIGMA_LINUX_AUTH "linux:auth"
#define LL_SIGMA_LINUX_SSHD "linux:sshd"
#define LL_SIGMA_LINUX_PROC "linux:process_creation"

/*
 * Adds the Sigma fields of a syslog or journal event to its `attrs`:
 * `message` (the text after "program[pid]: "), and for sshd lines `User`,
 * `SourceIp`, `SourcePort`, `AuthMethod`, `Outcome` (success | failure),
 * `InvalidUser`; for PAM session lines `User`, `Session`; for sudo `User`,
 * `TargetUser`, `CommandLine`, `CurrentDirectory`. Writes the channels it
 * belongs to (sshd, auth, syslog: most specific first) to `channels`;
 * returns how many.
 */
size_t ll_sigma_linux_prepare(json_t *attrs, const char *message, const char **channels,
			      size_t max);
/*
 * An audit EXECVE record as process_creation: `CommandLine` (the decoded
 * arguments) and `Image` (exe, or the first argument). False for any other record.
 */
bool ll_sigma_linux_execve(json_t *attrs);

#endif

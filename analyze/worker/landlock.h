/* SPDX-License-Identifier: Apache-2.0 */
/* A worker's file-system confinement before it reads evidence (Landlock). */
#ifndef LL_ANALYZE_WORKER_LANDLOCK_H
#define LL_ANALYZE_WORKER_LANDLOCK_H

#include "core/compat.h"

#include <jansson.h>

/* The prefix of the warning a worker gives when the kernel has no Landlock. */
#define LL_LANDLOCK_UNAVAILABLE "Landlock unavailable"

/*
 * Confines the calling process, for good, to reading: the system trees the
 * readers' libraries load from (the dynamic loader's cache and library
 * directories, the zone database, OpenSSL's configuration, NSS's files for
 * the later drop to "nobody", /proc/self) and exactly the `n` files of
 * `files` (the item's files the parent named; NULL entries and names that
 * do not open are skipped). Every file-system right the kernel's Landlock
 * ABI knows is handled (ABI 1-2: read, write, make, remove, refer; 3:
 * truncate; 5: device ioctl) and only READ_FILE and READ_DIR granted; from
 * ABI 4 TCP bind and connect, from ABI 6 abstract UNIX sockets and signals
 * to other processes are refused too. Sets no_new_privs (Landlock needs it).
 * Descriptors already open are not affected; the file of `reopen_fd` (-1:
 * none) may be opened again for reading (the scratch file a gzip'd
 * journal is inflated into is read back through /proc/self/fd).
 *
 * Returns 1 when the ruleset is in force; 0 when the kernel has no Landlock
 * (ENOSYS, EOPNOTSUPP: an old kernel, the LSM disabled), with `why` set to
 * "Landlock unavailable: ..." (the caller warns); a negative LL_E* code when
 * a step failed (the process must then exit).
 */
int ll_landlock_confine(const char *const *files, size_t n, int reopen_fd,
	char *why, size_t whylen);

/*
 * A worker's step before it reads anything: ll_landlock_confine on the
 * item's files the parent named (`path`, `mapping`, the `nsegs` segments;
 * all NULL for a worker whose inputs are descriptors only) and the file of
 * `scratch_fd` (-1: none). When Landlock
 * is unavailable the warning goes into `warnings` (the item's record, sent
 * as WARN frames), or on stderr when `warnings` is NULL. Returns 0 or a
 * negative LL_E* code.
 */
int ll_landlock_worker(const char *path, const char *mapping,
	const char *const *segs, size_t nsegs, int scratch_fd,
	json_t *warnings);

/* The kernel's Landlock ABI version, or 0 when it has none. */
int ll_landlock_abi(void);

/*
 * For the parent's WARN frames: true when `text` is a Landlock warning
 * `list` already holds (the item's record names it once); the first one of
 * the run is also printed on stderr.
 */
bool ll_landlock_warn_seen(const json_t *list, const char *text);

/*
 * For the item's analysis record: `from`'s warnings appended to `to`, but a
 * Landlock warning `to` already holds is not repeated (each of the item's
 * workers gives it). 0 or LL_ENOMEM.
 */
int ll_landlock_warn_extend(json_t *to, const json_t *from);

#ifdef LL_TEST_HOOKS
/*
 * LIFELINE_TEST_WORKER=prepopen: what a hostile parser could do before the
 * lock-down; opens each path of LIFELINE_TEST_PREPOPEN (':'-separated) for
 * reading and for writing and prints on stderr what happened.
 */
void ll_landlock_test_prepopen(void);
#endif

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* The probe worker's side (worker_probe.c); the parent's is probe.h. */
#ifndef LL_ANALYZE_WORKER_WORKER_PROBE_H
#define LL_ANALYZE_WORKER_WORKER_PROBE_H

#include "core/compat.h"

/*
 * `lifeline __worker --probe ARGS…` (argv after "--probe"): --item ID,
 * --whole 0|1, --cpu S, --as BYTES and one --file INDEX:REL per file,
 * whose descriptor is 4, 5, … in that order; 3 is the frame pipe. Locks
 * down, then per file picks the reader (ll_timeline_pick_reader) and
 * sends FILE{index, kind or "none"} and END (docs/formats/worker-frames.md).
 * Returns the exit code: 0, or 3 after a message on stderr.
 */
int ll_worker_probe_main(int argc, char **argv);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Which reader reads a file, decided by content in a sandboxed probe worker (issue #16). */
#ifndef LL_ANALYZE_WORKER_PROBE_H
#define LL_ANALYZE_WORKER_PROBE_H

#include "core/compat.h"

struct ll_case;
struct ll_evidence;
struct ll_source_kind;

/* The answers of a run's probe workers, item by item (opaque). */
struct ll_worker_probe;

/* A cache for one run over the items of `cs` (borrowed until ll_worker_probe_free). */
int ll_worker_probe_new(struct ll_worker_probe **out, struct ll_case *cs);

/* Frees the answers. NULL: no-op. */
void ll_worker_probe_free(struct ll_worker_probe *p);

/*
 * *out: the reader of file `index` of `ev` by content (its first 64 KiB,
 * gzip undone), or NULL when none recognises it; `whole`: whole-item
 * readers only (an image item's first file). With `p`, the first call
 * for an item starts `lifeline __worker --probe` with all its files (an
 * image: its first file) and caches the answers, so the evidence is
 * sniffed in a sandboxed process, not in the one holding the key and the
 * case store; `ev` must stay alive and the same while p is. Without `p`,
 * ll_timeline_pick_reader(abs, whole) in this process.
 *
 * Returns 0; 1 when the probe worker failed on this file (killed, a
 * refused answer, …): the error message then says why, worded as a reader
 * worker's cause; < 0 (LL_ENOMEM) when this process failed.
 */
int ll_worker_probe_pick(const struct ll_source_kind **out, struct ll_worker_probe *p,
			 const struct ll_evidence *ev, size_t index, const char *abs, bool whole);

/*
 * The parent's check of a probe worker's answer `kind` ("none", or a
 * reader's name): *out the registered reader (NULL for "none"). A name
 * not registered, or a reader that does not read whole items when
 * `whole`, is refused (LL_ECORRUPT).
 */
int ll_worker_probe_check(const struct ll_source_kind **out, const char *kind, bool whole);

#endif

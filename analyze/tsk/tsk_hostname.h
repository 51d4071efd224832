/* SPDX-License-Identifier: Apache-2.0 */
/* Private to analyze/tsk/: a file system's /etc/hostname, from the walk to fs_volumes.hostname. */
#ifndef LL_ANALYZE_TSK_TSK_HOSTNAME_H
#define LL_ANALYZE_TSK_TSK_HOSTNAME_H

#include "core/compat.h"
#include "analyze/worker/frame_fs.h"

struct ll_source_ctx;
struct ll_tsk_store;

/*
 * The walk found /etc/hostname on the volume `h` names (its row already
 * stored or sent): in a worker it goes to the parent as an FS_HOSTNAME
 * frame; in process it is judged at once (ll_tsk_hostname_apply).
 */
int ll_tsk_hostname_found(struct ll_tsk_store *ts, struct ll_source_ctx *ctx,
			  const struct ll_frame_fs_hostname *h);

/*
 * The parent's step: the content is evidence, so it is checked here
 * (core/hostname.h: one line, a host name's syntax, at most 253 bytes);
 * a name that passes is stored on its volume's row; one that does not is
 * refused with a warning in the item's analysis record naming why, and
 * nothing is stored. Returns < 0 only when storing fails.
 */
int ll_tsk_hostname_apply(struct ll_tsk_store *ts, struct ll_source_ctx *ctx,
			  const struct ll_frame_fs_hostname *h);

#endif

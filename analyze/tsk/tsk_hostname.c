/* SPDX-License-Identifier: Apache-2.0 */
/* A file system's /etc/hostname: sent by the worker, judged and kept by the parent. */
#include "core/compat.h"
#include "analyze/tsk/tsk_hostname.h"

#include "analyze/source.h"
#include "analyze/tsk/tsk_store.h"
#include "core/hostname.h"

int ll_tsk_hostname_found(struct ll_tsk_store *ts, struct ll_source_ctx *ctx,
			  const struct ll_frame_fs_hostname *h)
{
	if (ll_tsk_store_sends(ts))
		return ll_tsk_store_send_hostname(ts, h);
	return ll_tsk_hostname_apply(ts, ctx, h);
}

int ll_tsk_hostname_apply(struct ll_tsk_store *ts, struct ll_source_ctx *ctx,
			  const struct ll_frame_fs_hostname *h)
{
	char name[LL_HOSTNAME_MAX + 1], why[160];

	if (ll_hostname_from_file(name, h->raw, h->len, h->size, why, sizeof(why)) < 0) {
		ll_source_warn(ctx, "'%s': /etc/hostname of the file system at offset %" PRIu64
			       "%s refused as the image's host name: %s; not stored",
			       ctx->rel_path, h->offset, h->pool_block ? " (pool volume)" : "",
			       why);
		return 0;
	}
	return ll_tsk_store_set_hostname(ts, h->offset, h->pool_block, name);
}

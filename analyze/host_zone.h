/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The zone of an item's host for its local-time logs (issue #19): an image
 * of the same host whose SYSTEM hive gave its TimeZoneInformation (kept in
 * fs_volumes.tz, analyze/tsk/tsk_hosts.h) gives its rule to the host's logs
 * analysed without --tz; with --tz the given zone is used and a difference
 * is said; when an image of the case is not analysed yet, the log is read
 * without it and the warning says to run it again after the image.
 */
#ifndef LL_ANALYZE_HOST_ZONE_H
#define LL_ANALYZE_HOST_ZONE_H

#include "core/compat.h"

#include "analyze/source.h"

/* The words handed to the reader (opts->host_zone): zone, key, image, volume. */
#define LL_HOST_ZONE_MAX 768

/* The warning prefix of a --tz that differs from the host's own zone. */
#define LL_HOST_ZONE_CONFLICT "zone conflict: "

/*
 * The readers whose times are the host's wall clock without a zone, the
 * ones whose kind says host_local_time (analyze/source.h): their zone is
 * looked up at their turn (the pool starts none of them early, as an image
 * stored before may give it).
 */
bool ll_host_zone_reader(const struct ll_source_kind *k);

/*
 * For the file of ctx->ev about to be read by `k` (ctx->cs, ctx->ev and
 * ctx->stats set): when `k` reads local times without a zone, finds the
 * zone of the item's host, says what is done (ll_source_warn) and, with no
 * --tz, points ropts->host_zone at `buf` (LL_HOST_ZONE_MAX bytes). 0, or
 * < 0 for the store or memory.
 */
int ll_host_zone_apply(struct ll_source_ctx *ctx, const struct ll_source_kind *k,
		       struct ll_timeline_opts *ropts, char *buf);

#endif

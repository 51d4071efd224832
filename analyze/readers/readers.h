/* SPDX-License-Identifier: Apache-2.0 */
/* The log readers of analyze/readers/ for the reader registry (analyze/sources.c). */
#ifndef LL_ANALYZE_READERS_H
#define LL_ANALYZE_READERS_H

#include "core/compat.h"

#include "analyze/source.h"

extern const struct ll_source_kind ll_source_evtx;
extern const struct ll_source_kind ll_source_evt;
extern const struct ll_source_kind ll_source_syslog;

/*
 * The latest instant an RFC 3164 file's last line can have, for its year:
 * the file's recorded modification time, else the item's acquisition,
 * else the case copy's mtime (reads ctx->cs's store: the parent's side).
 */
struct ll_source_anchor;
int ll_syslog_anchor(struct ll_source_anchor *a, const struct ll_source_ctx *ctx);
extern const struct ll_source_kind ll_source_weblog;
extern const struct ll_source_kind ll_source_csvmap;
extern const struct ll_source_kind ll_source_journal;
extern const struct ll_source_kind ll_source_history;
extern const struct ll_source_kind ll_source_dpkg;
extern const struct ll_source_kind ll_source_apt;
extern const struct ll_source_kind ll_source_audit;
extern const struct ll_source_kind ll_source_utmp;

#endif

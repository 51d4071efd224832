/* SPDX-License-Identifier: Apache-2.0 */
/* The log readers of analyze/readers/ for the reader registry (analyze/sources.c). */
#ifndef LL_ANALYZE_READERS_H
#define LL_ANALYZE_READERS_H

#include "core/compat.h"

#include "analyze/source.h"

extern const struct ll_source_kind ll_source_evtx;
extern const struct ll_source_kind ll_source_evt;
extern const struct ll_source_kind ll_source_syslog;
extern const struct ll_source_kind ll_source_weblog;
extern const struct ll_source_kind ll_source_csvmap;
extern const struct ll_source_kind ll_source_journal;
extern const struct ll_source_kind ll_source_history;
extern const struct ll_source_kind ll_source_dpkg;
extern const struct ll_source_kind ll_source_apt;
extern const struct ll_source_kind ll_source_audit;
extern const struct ll_source_kind ll_source_utmp;

#endif

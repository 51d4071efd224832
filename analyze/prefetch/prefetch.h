/* SPDX-License-Identifier: Apache-2.0 */
/* The Windows Prefetch reader (libscca), for the reader registry (analyze/sources.c). */
#ifndef LL_ANALYZE_PREFETCH_H
#define LL_ANALYZE_PREFETCH_H

#include "core/compat.h"

#include "analyze/source.h"

extern const struct ll_source_kind ll_source_prefetch;

#endif

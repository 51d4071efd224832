/* SPDX-License-Identifier: Apache-2.0 */
/* The loose $UsnJrnl:$J reader, for the reader registry (analyze/sources.c). */
#ifndef LL_ANALYZE_USN_H
#define LL_ANALYZE_USN_H

#include "core/compat.h"

#include "analyze/source.h"

extern const struct ll_source_kind ll_source_usnjrnl;

#endif

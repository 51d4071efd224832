/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A Windows time-zone rule read back from its words (issue #19): the image
 * worker says the rule of an image's SYSTEM hive in ll_regf_tz_describe's
 * words, which the case keeps (fs_volumes.tz); a local-time log of the
 * same host analysed later gets the rule from them, so the words are the
 * only form the rule is stored in and they must read back exactly. Pure.
 */
#ifndef LL_ANALYZE_REGF_TZPARSE_H
#define LL_ANALYZE_REGF_TZPARSE_H

#include "core/compat.h"

#include <stddef.h>

#include "analyze/registry/regf_name.h"

/*
 * Reads "NAME (UTC±HH:MM[, daylight UTC±HH:MM from WHEN to WHEN])" at the
 * start of `words` (anything after the closing parenthesis is left: the
 * key it came from), WHEN being "the first|second|third|fourth|last
 * <weekday> of <month> HH:MM" or "YYYY-MM-DD HH:MM". The offsets come back
 * as `bias` and `dst_bias` (std_bias 0: only the sums matter); the rule is
 * checked (ll_regf_tz_check). *end (may be NULL) gets the length read.
 * 0, or LL_EINVAL naming the byte where the words stop making sense.
 */
int ll_regf_tz_parse(struct ll_regf_tz *out, const char *words, size_t *end);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The report's language beyond its words (lang.h has the words, LL_TXT):
 * the name of the language, numbers in prose, dates beside ISO 8601, and
 * French typography's non-breaking spaces. Evidence text never passes here.
 */
#ifndef LL_CASEFILE_REPORT_LANG_FMT_H
#define LL_CASEFILE_REPORT_LANG_FMT_H

#include "core/compat.h"

#include "casefile/report/lang.h"

/* French typography: a no-break space before ":" and inside « », a narrow one before ; ? ! */
#define LL_NBSP "\xc2\xa0"
#define LL_NNBSP "\xe2\x80\xaf"

/* "en", "fr": the HTML lang attribute and the value kept in the case file's config. */
const char *ll_lang_code(enum ll_lang lang);

/*
 * lifeline's own scale words (severity, confidence, a chain's status) in the
 * language; any other value is the data's and is returned as found.
 */
const char *ll_lang_scale_word(enum ll_lang lang, const char *s);

/* "en" or "fr", exactly (one spelling each); -1 otherwise, `lang` untouched. */
int ll_lang_parse(enum ll_lang *lang, const char *s);

/*
 * An integer in prose: French groups thousands with a narrow no-break space
 * ("4 684"); English keeps the digits as the report always printed them.
 * `out` needs 32 bytes.
 */
const char *ll_lang_int(char *out, size_t outlen, enum ll_lang lang, long long v);

/* A decimal in prose with `digits` decimals: "1,5" in French, "1.5" in English. */
const char *ll_lang_dec(char *out, size_t outlen, enum ll_lang lang, double v, int digits);

/*
 * The language's usual form of an RFC 3339 UTC time, shown beside it:
 * "2 November 2024 22:31:40 UTC" / "02/11/2024 22:31:40 UTC" (day precision:
 * "2 November 2024" / "02/11/2024"). Empty when `utc` does not parse.
 */
const char *ll_lang_date(char *out, size_t outlen, enum ll_lang lang, const char *utc);

/*
 * A local time of zone_time.h ("2021-11-13 15:36:00 CET (+0100)") in the
 * language's order: French "13/11/2021 15:36:00 CET (+0100)"; English as is.
 * Rewrites `s` in place.
 */
void ll_lang_local(char *s, enum ll_lang lang);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* A recorded time at its recorded precision (time_precision.h). */
#include "core/compat.h"
#include "casefile/report/facts/time_precision.h"

#include <stdio.h>
#include <string.h>

/* "YYYY-MM-DD" followed by "T" or the end: the date part of an ISO 8601 time */
static bool iso_date(const char *s)
{
	for (int i = 0; i < 10; i++) {
		bool digit = s[i] >= '0' && s[i] <= '9';

		if ((i == 4 || i == 7) ? s[i] != '-' : !digit)
			return false;
	}
	return s[10] == 'T' || s[10] == '\0';
}

bool ll_time_at_precision(char *out, size_t outlen, const char *iso, const char *precision, enum ll_lang lang)
{
	if (!outlen)
		return false;
	if (!iso)
		iso = "";
	if (precision && !strcmp(precision, "day") && iso_date(iso)) {
		snprintf(out, outlen, "%.10s %s", iso, LL_TXT(lang, "(day; no time recorded)", "(jour ; heure non enregistrée)"));
		return true;
	}
	if (precision && !strcmp(precision, "approx"))
		snprintf(out, outlen, "%s %s", LL_TXT(lang, "approx.", "vers"), iso);
	else
		snprintf(out, outlen, "%s", iso);
	return false;
}

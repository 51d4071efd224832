/* SPDX-License-Identifier: Apache-2.0 */
/* Local times beside UTC (see zone_time.h). */
#include "core/compat.h"
#include "casefile/report/zone_time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/time.h"

const char *ll_report_zone(const char *tz, const json_t *analyses)
{
	const json_t *a;
	size_t i;

	if (tz && *tz)
		return tz;
	json_array_foreach(analyses, i, a) {
		const json_t *o = json_object_get(a, "options");
		const char *z;

		if (json_is_string(o)) { /* stored as JSON text by some paths */
			json_t *p = json_loads(json_string_value(o), 0, NULL);
			static char keep[128];

			z = json_string_value(json_object_get(p, "tz"));
			if (z && *z && strcmp(z, "UTC") != 0 && strlen(z) < sizeof(keep) &&
			    ll_time_zone_valid(z)) {
				snprintf(keep, sizeof(keep), "%s", z);
				json_decref(p);
				return keep;
			}
			json_decref(p);
			continue;
		}
		z = json_string_value(json_object_get(o, "tz"));
		/* a zone the system does not know would print as UTC under its name */
		if (z && *z && strcmp(z, "UTC") != 0 && ll_time_zone_valid(z))
			return z;
	}
	return NULL;
}

/* "+02:00" / "-0530": seconds east of UTC; false for an IANA name */
static bool fixed_offset(const char *z, long *off)
{
	int h = 0, m = 0;

	if (z[0] != '+' && z[0] != '-')
		return false;
	if (sscanf(z + 1, "%2d:%2d", &h, &m) != 2 && sscanf(z + 1, "%2d%2d", &h, &m) != 2)
		return false;
	*off = (h * 3600L + m * 60L) * (z[0] == '-' ? -1 : 1);
	return true;
}

void ll_report_zone_time(char *out, size_t outlen, const char *utc, const char *zone)
{
	int64_t ns;
	bool had;
	time_t t;
	struct tm tm;
	long off;

	if (outlen)
		out[0] = '\0';
	if (!zone || !utc || ll_time_parse_rfc3339(&ns, &had, utc, false) < 0)
		return;
	t = (time_t)(ns >= 0 ? ns / LL_NS_PER_SEC : -((-ns + LL_NS_PER_SEC - 1) / LL_NS_PER_SEC));
	if (fixed_offset(zone, &off)) {
		t += off;
		if (gmtime_r(&t, &tm))
			snprintf(out, outlen, "%04d-%02d-%02d %02d:%02d:%02d (%s)", tm.tm_year + 1900,
				 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, zone);
		return;
	} else {
		const char *old = getenv("TZ");
		char *saved = old ? ll_strdup(old) : NULL;
		char spec[160];

		snprintf(spec, sizeof(spec), ":%s", zone);
		setenv("TZ", spec, 1);
		tzset();
		if (localtime_r(&t, &tm))
			strftime(out, outlen, "%Y-%m-%d %H:%M:%S %Z (%z)", &tm);
		if (saved)
			setenv("TZ", saved, 1);
		else
			unsetenv("TZ");
		tzset();
		ll_free(saved);
	}
}

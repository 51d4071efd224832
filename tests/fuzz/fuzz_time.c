/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes RFC 3339 parsing and the checked conversion every reader's time goes
 * through (core/time.c). Properties: a time is stored exactly when its instant,
 * computed in 128 bits, fits int64 ns; a stored time prints back as the same
 * instant; a refused one leaves the output alone and says it is out of range.
 */
#include "core/compat.h"

#include "core/error.h"
#include "core/time.h"

static __int128 wide(const struct ll_time_wall *w)
{
	return ((__int128)ll_days_from_civil(w->y, w->mon, w->d) * 86400 + w->h * 3600 +
		w->mi * 60 + w->s - w->offset_s) * 1000000000 + w->frac_ns;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[96], back[48];
	struct ll_time_wall w;
	int64_t ns = 42, again;
	bool zone;

	if (size >= sizeof(s))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	for (int allow = 0; allow < 2; allow++) {
		int rw = ll_time_parse_rfc3339_wall(&w, s, allow);
		int rc;

		ns = 42;
		rc = ll_time_parse_rfc3339(&ns, &zone, s, allow);
		if (rw < 0) {
			if (rc == 0)
				abort();
			continue;
		}
		if ((rc == 0) != (wide(&w) >= INT64_MIN && wide(&w) <= INT64_MAX))
			abort();
		if (rc < 0) {
			if (!ll_time_range_error() || ns != 42)
				abort();
			continue;
		}
		if (ns != (int64_t)wide(&w) || zone != w.had_zone)
			abort();
		ll_time_format(back, sizeof(back), ns, 9);
		if (ll_time_parse_rfc3339(&again, &zone, back, false) < 0 || again != ns)
			abort();
	}
	/* the other entry points with the input's bytes as numbers */
	if (size >= 16) {
		int64_t a, b;
		uint64_t u;

		memcpy(&a, data, 8);
		memcpy(&b, data + 8, 8);
		memcpy(&u, data, 8);
		ns = 42;
		if (ll_time_ns_from_sec(&ns, a, b, NULL) == 0 &&
		    (b < 0 || b >= LL_NS_PER_SEC ||
		     (__int128)a * 1000000000 + b != (__int128)ns))
			abort();
		if (ll_time_ns_from_filetime(&ns, u) == 0 &&
		    ((__int128)u * 100 - (__int128)INT64_C(11644473600) * 1000000000) != ns)
			abort();
		ns = a;
		if (ll_time_ns_shift(&ns, b) == 0 && (__int128)a + (__int128)b * 1000000000 != ns)
			abort();
		if (ll_time_ns_from_civil(&ns, a, (unsigned)b % 13, (unsigned)(b >> 8) % 32,
					  (unsigned)(b >> 16) % 24, (unsigned)(b >> 24) % 60,
					  (unsigned)(b >> 32) % 61, (int64_t)((uint64_t)b >> 34) % LL_NS_PER_SEC,
					  a % 86400) == 0 &&
		    (a < -1000000 || a > 1000000))
			abort();
	}
	return 0;
}

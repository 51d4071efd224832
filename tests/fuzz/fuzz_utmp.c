/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes the login records decoder (analyze/readers/utmp_parse.c): the probe on the
 * whole input, then every 384-byte record decoded and, when it decodes,
 * turned into an event's message, attributes and time text as in a case.
 */
#include "core/compat.h"

#include "analyze/readers/textlog.h"
#include "analyze/readers/utmp_parse.h"
#include "core/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ll_tl_row row;
	size_t sum = 0;

	ll_tl_row_init(&row);
	sum += (size_t)ll_utmp_probe(data, size, size);
	for (size_t off = 0; size - off >= LL_UTMP_RECORD; off += LL_UTMP_RECORD) {
		struct ll_utmp_rec r;
		char why[160];

		if (ll_utmp_decode(&r, data + off, why, sizeof(why)) < 0) {
			sum += strlen(why);
			continue;
		}
		if (ll_utmp_format(&row, &r) == 0)
			/* touch every string the reader hands over */
			sum += strlen(row.msg.ptr) + strlen(row.attrs.ptr) +
			       strlen(row.raw.ptr) + strlen(row.user.ptr);
	}
	ll_tl_row_release(&row);
	return sum == SIZE_MAX;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes a zone rule's words read back (analyze/registry/regf_tzparse.c):
 * the words come from the case (fs_volumes.tz), whose zone name is a
 * hive's text. Whatever parses is a rule ll_regf_tz_check accepts, its
 * name shorter than the buffer, the end inside the input; said again in
 * words, it reads back to the same rule.
 */
#include "core/compat.h"

#include <stdlib.h>
#include <string.h>

#include "analyze/registry/regf_tzparse.h"
#include "analyze/registry/regf_tzrule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ll_regf_tz z, back;
	char *s, words[512];
	size_t end;

	if (size > 4096 || !(s = malloc(size + 1)))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (ll_regf_tz_parse(&z, s, &end) == 0) {
		if (end > strlen(s) || ll_regf_tz_check(&z) < 0 || strlen(z.name) >= sizeof(z.name))
			__builtin_trap();
		ll_regf_tz_describe(words, sizeof(words), &z);
		/* a name of printable ASCII (as the hive reader leaves it) reads back whole */
		if (strlen(words) < sizeof(words) - 1 && ll_regf_tz_parse(&back, words, NULL) == 0 &&
		    (back.bias != z.bias || back.dst_bias != z.dst_bias ||
		     memcmp(&back.dst_start, &z.dst_start, sizeof(z.dst_start)) ||
		     memcmp(&back.std_start, &z.std_start, sizeof(z.std_start))))
			__builtin_trap();
	}
	free(s);
	return 0;
}

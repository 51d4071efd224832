/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes the mapping file parser, CSV record splitting and the mapped time
 * formats. Input: a mapping, a line "---", then CSV lines. The line-by-line
 * quote scanner must agree with the splitter on whether a record is still
 * open (the mapped CSV reader's caps and resynchronisation rely on it).
 */
#include "core/compat.h"

#include "analyze/readers/csvmap_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size, *sep = NULL;
	struct ll_csvmap m;
	const char *fields[64];
	char *out = malloc(size + 65);

	if (!out)
		return 0;
	for (const char *p = s; p + 5 <= end; p++)
		if (!memcmp(p, "\n---\n", 5)) {
			sep = p;
			break;
		}
	if (ll_csvmap_parse(&m, s, sep ? (size_t)(sep - s) : size, "fuzz") < 0)
		memcpy(m.time_format, "%Y-%m-%d %H:%M:%S%z", 20);
	s = sep ? sep + 5 : s;
	{
		/* the rest as one record, newlines and all, and line by line */
		size_t n = (size_t)(end - s), maxf = n + 2;
		const char **all = malloc(maxf * sizeof(*all));
		char *o2 = malloc(n + maxf + 1);
		char delim = m.delimiter ? m.delimiter : ',';
		struct ll_csv_quotes whole = { .field_start = true }, lines = { .field_start = true };
		uint64_t no = 1;

		if (all && o2) {
			bool open = ll_csv_split(o2, all, maxf, s, n, delim) < 0;

			ll_csv_quotes_scan(&whole, s, n, delim, 1);
			for (const char *p = s; p < end; no++) {
				const char *nl = memchr(p, '\n', (size_t)(end - p));
				size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

				ll_csv_quotes_scan(&lines, p, l, delim, no);
				if (!lines.in_quote)
					lines.field_start = false; /* the newline is a byte of the field */
				p = nl ? nl + 1 : end;
				if (!nl)
					break;
			}
			if (open != whole.in_quote || whole.in_quote != lines.in_quote)
				abort();
		}
		free(all);
		free(o2);
	}
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		int64_t ns, w[7];
		bool z;
		int k = ll_csv_split(out, fields, 64, s, n, m.delimiter ? m.delimiter : ',');

		for (int i = 0; i < k; i++)
			ll_csvmap_time(&ns, &z, w, m.time_format, fields[i], strlen(fields[i]));
		ll_csvmap_time(&ns, &z, w, m.time_format, s, n);
		s = nl ? nl + 1 : end;
	}
	free(out);
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes the identifying-data scanners: the input (any bytes, not only
 * UTF-8) is checked as one free-text value and each of its lines as a
 * column name. They must not read past the end, whatever the folding and
 * the look-ahead of the NIR, date, address and civility scanners meet.
 */
#include "core/compat.h"

#include "analyze/harm/harm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	(void)ll_harm_pii_text(s);
	for (char *line = s, *nl; line; line = nl ? nl + 1 : NULL) {
		if ((nl = strchr(line, '\n')))
			*nl = '\0';
		(void)ll_harm_pii_column(line);
	}
	free(s);
	return 0;
}

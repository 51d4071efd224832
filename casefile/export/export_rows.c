/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the timeline exports: body-file seconds, CSV quoting (the rows come from export_store.c). */
#include "core/compat.h"
#include "casefile/export/export_rows.h"

#include "core/time.h"

int64_t ll_export_body_seconds(bool is_null, int64_t ns)
{
	if (is_null)
		return 0;
	if (ns >= 0)
		return ns / LL_NS_PER_SEC;
	return -((-(ns + 1)) / LL_NS_PER_SEC) - 1;
}

void ll_export_csv_field(FILE *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

bool ll_export_formula_lead(const char *s)
{
	static const char *const wide[] = {
		"\xef\xbc\x9d", /* U+FF1D FULLWIDTH EQUALS SIGN */
		"\xef\xbc\x8b", /* U+FF0B FULLWIDTH PLUS SIGN */
		"\xef\xbc\x8d", /* U+FF0D FULLWIDTH HYPHEN-MINUS */
		"\xef\xbc\xa0", /* U+FF20 FULLWIDTH COMMERCIAL AT */
	};

	/* Spreadsheets that trim spaces on import (Google Sheets by default,
	 * LibreOffice's "Trim spaces") read " =1" as a formula too. */
	for (;;) {
		if (*s == ' ')
			s += 1;
		else if (!strncmp(s, "\xc2\xa0", 2)) /* U+00A0 NO-BREAK SPACE */
			s += 2;
		else if (!strncmp(s, "\xe3\x80\x80", 3)) /* U+3000 IDEOGRAPHIC SPACE */
			s += 3;
		else
			break;
	}
	if (*s && strchr("=+-@\t\r", *s))
		return true;
	for (size_t i = 0; i < LL_ARRAY_SIZE(wide); i++)
		if (!strncmp(s, wide[i], 3))
			return true;
	return false;
}

void ll_export_csv_cell(FILE *out, const char *s)
{
	if (!ll_export_formula_lead(s)) {
		ll_export_csv_field(out, s);
		return;
	}
	/* OWASP CSV injection: quoted, prefixed with ', quotes doubled */
	fputs("\"'", out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

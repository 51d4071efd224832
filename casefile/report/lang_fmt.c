/* SPDX-License-Identifier: Apache-2.0 */
/* Numbers and dates of the report in its language (lang_fmt.h). */
#include "core/compat.h"
#include "casefile/report/lang_fmt.h"

#include <stdio.h>
#include <string.h>

#include "core/time.h"

const char *ll_lang_code(enum ll_lang lang)
{
	return lang == LL_LANG_FR ? "fr" : "en";
}

int ll_lang_parse(enum ll_lang *lang, const char *s)
{
	if (s && !strcmp(s, "en")) {
		*lang = LL_LANG_EN;
		return 0;
	}
	if (s && !strcmp(s, "fr")) {
		*lang = LL_LANG_FR;
		return 0;
	}
	return -1;
}

const char *ll_lang_int(char *out, size_t outlen, enum ll_lang lang, long long v)
{
	char digits[32];
	size_t n, o = 0;
	int k;

	k = snprintf(digits, sizeof(digits), "%lld", v);
	if (lang != LL_LANG_FR || k < 5) { /* "1234" stays whole, as French usage has it */
		snprintf(out, outlen, "%s", digits);
		return out;
	}
	n = (size_t)k;
	for (size_t i = 0; i < n && o + 4 < outlen; i++) {
		size_t left = n - i;

		if (i && digits[i - 1] != '-' && left % 3 == 0) {
			memcpy(out + o, LL_NNBSP, 3);
			o += 3;
		}
		out[o++] = digits[i];
	}
	out[o < outlen ? o : outlen - 1] = '\0';
	return out;
}

const char *ll_lang_dec(char *out, size_t outlen, enum ll_lang lang, double v, int digits)
{
	char *dot;

	snprintf(out, outlen, "%.*f", digits, v);
	if (lang == LL_LANG_FR && (dot = strchr(out, '.')))
		*dot = ',';
	return out;
}

static const char *const months_en[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

const char *ll_lang_date(char *out, size_t outlen, enum ll_lang lang, const char *utc)
{
	int y, mo, d, h = 0, mi = 0, s = 0, n = 0;

	if (outlen)
		out[0] = '\0';
	if (!utc || sscanf(utc, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10 || mo < 1 || mo > 12)
		return out;
	if (utc[10] == 'T' || utc[10] == ' ') {
		if (sscanf(utc + 11, "%2d:%2d:%2d", &h, &mi, &s) != 3)
			return out;
		if (lang == LL_LANG_FR)
			snprintf(out, outlen, "%02d/%02d/%04d %02d:%02d:%02d UTC", d, mo, y, h, mi, s);
		else
			snprintf(out, outlen, "%d %s %04d %02d:%02d:%02d UTC", d, months_en[mo - 1], y, h, mi, s);
	} else if (lang == LL_LANG_FR) {
		snprintf(out, outlen, "%02d/%02d/%04d", d, mo, y);
	} else {
		snprintf(out, outlen, "%d %s %04d", d, months_en[mo - 1], y);
	}
	return out;
}

void ll_lang_local(char *s, enum ll_lang lang)
{
	char t[11];

	if (lang != LL_LANG_FR || strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return;
	/* YYYY-MM-DD -> DD/MM/YYYY, the same ten bytes */
	snprintf(t, sizeof(t), "%.2s/%.2s/%.4s", s + 8, s + 5, s);
	memcpy(s, t, 10);
}

const char *ll_lang_scale_word(enum ll_lang lang, const char *s)
{
	static const char *const fr[][2] = {
		{ "none", "aucune" }, { "low", "faible" }, { "medium", "moyenne" }, { "high", "élevée" },
		{ "critical", "critique" }, { "linked", "reliée" }, { "hypothesis", "hypothèse" },
		{ "unlinked", "non reliée" }, { "not-linked", "non reliée" },
		/* the other chain statuses (docs/formats/correlation.md) */
		{ "not-linked-to-attack", "non reliée à l’attaque" },
		{ "causality-unlikely", "causalité jugée peu probable" },
		{ "causality-not-assessed", "causalité non évaluée" },
	};

	if (lang == LL_LANG_FR && s)
		for (size_t i = 0; i < LL_ARRAY_SIZE(fr); i++)
			if (!strcmp(s, fr[i][0]))
				return fr[i][1];
	return s;
}

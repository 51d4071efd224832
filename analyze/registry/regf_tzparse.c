/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ll_regf_tz_describe's words back into a rule (regf_tzparse.h). The name
 * is whatever precedes the last " (UTC" after which the rest parses: a
 * zone's name is the hive's text (printable ASCII, ll_regf_time_zone) and
 * may itself hold parentheses.
 */
#include "core/compat.h"
#include "analyze/registry/regf_tzparse.h"

#include <stdio.h>
#include <string.h>

#include "analyze/registry/regf_tzrule.h"
#include "core/error.h"

struct cur {
	const char *s;
	size_t at;
};

static bool lit(struct cur *c, const char *w)
{
	size_t n = strlen(w);

	if (strncmp(c->s + c->at, w, n))
		return false;
	c->at += n;
	return true;
}

/* `digits` decimal digits exactly */
static bool num(struct cur *c, unsigned digits, unsigned *out)
{
	unsigned v = 0;

	for (unsigned i = 0; i < digits; i++) {
		char ch = c->s[c->at + i];

		if (ch < '0' || ch > '9')
			return false;
		v = v * 10 + (unsigned)(ch - '0');
	}
	c->at += digits;
	*out = v;
	return true;
}

/* 1 to 5 digits (a SYSTEMTIME's year, as "%u" writes it: any uint16) */
static bool year(struct cur *c, unsigned *out)
{
	unsigned v = 0, n = 0;

	while (n < 5 && c->s[c->at] >= '0' && c->s[c->at] <= '9')
		v = v * 10 + (unsigned)(c->s[c->at++] - '0'), n++;
	*out = v;
	return n > 0 && v <= UINT16_MAX;
}

/* "UTC+HH:MM" → the bias it means (UTC = local + bias) */
static bool offset(struct cur *c, int32_t *bias)
{
	unsigned h, m;
	char sign;

	if (!lit(c, "UTC"))
		return false;
	sign = c->s[c->at];
	if (sign != '+' && sign != '-')
		return false;
	c->at++;
	if (!num(c, 2, &h) || !lit(c, ":") || !num(c, 2, &m))
		return false;
	*bias = (int32_t)(h * 60 + m) * (sign == '+' ? -1 : 1);
	return true;
}

static bool pick(struct cur *c, const char *const *names, size_t n, unsigned first,
		 uint16_t *out)
{
	for (size_t i = 0; i < n; i++)
		if (lit(c, names[i])) {
			*out = (uint16_t)(first + i);
			return true;
		}
	return false;
}

static bool when(struct cur *c, struct ll_regf_tz_date *t)
{
	static const char *const week[] = { "first ", "second ", "third ", "fourth ", "last " };
	static const char *const dow[] = { "Sunday ", "Monday ", "Tuesday ", "Wednesday ",
					   "Thursday ", "Friday ", "Saturday " };
	/* longest first where one name starts another: none among the months */
	static const char *const mon[] = { "January ", "February ", "March ", "April ", "May ",
					   "June ", "July ", "August ", "September ", "October ",
					   "November ", "December " };
	unsigned y, mo, d, h, mi;

	memset(t, 0, sizeof(*t));
	if (lit(c, "the ")) {
		if (!pick(c, week, LL_ARRAY_SIZE(week), 1, &t->day) ||
		    !pick(c, dow, LL_ARRAY_SIZE(dow), 0, &t->dow) || !lit(c, "of ") ||
		    !pick(c, mon, LL_ARRAY_SIZE(mon), 1, &t->month))
			return false;
	} else {
		if (!year(c, &y) || !lit(c, "-") || !num(c, 2, &mo) || !lit(c, "-") ||
		    !num(c, 2, &d) || !lit(c, " ") || y == 0 || mo < 1 || mo > 12 || d < 1 ||
		    d > 31)
			return false;
		t->year = (uint16_t)y;
		t->month = (uint16_t)mo;
		t->day = (uint16_t)d;
	}
	if (!num(c, 2, &h) || !lit(c, ":") || !num(c, 2, &mi) || h > 23 || mi > 59)
		return false;
	t->hour = (uint16_t)h;
	t->minute = (uint16_t)mi;
	return true;
}

/* The part from " (UTC" on; false when it is not the describe's. */
static bool rule_at(struct ll_regf_tz *z, struct cur *c)
{
	int32_t dst;

	if (!lit(c, " (") || !offset(c, &z->bias))
		return false;
	if (lit(c, ")"))
		return true;
	if (!lit(c, ", daylight ") || !offset(c, &dst) || !lit(c, " from ") ||
	    !when(c, &z->dst_start) || !lit(c, " to ") || !when(c, &z->std_start) || !lit(c, ")"))
		return false;
	z->dst_bias = dst - z->bias;
	return true;
}

int ll_regf_tz_parse(struct ll_regf_tz *out, const char *words, size_t *end)
{
	size_t n = strlen(words);

	memset(out, 0, sizeof(*out));
	/* from the last " (UTC" back: the first whose rest reads as a rule */
	for (size_t i = n; i-- > 0;) {
		struct ll_regf_tz z = { 0 };
		struct cur c = { words, i };

		if (strncmp(words + i, " (UTC", 5) || !rule_at(&z, &c))
			continue;
		if (i >= sizeof(z.name))
			return ll_error_set(LL_EINVAL, "time-zone words: a name of %zu bytes", i);
		memcpy(z.name, words, i);
		z.name[i] = '\0';
		if (!strcmp(z.name, "unnamed zone"))
			z.name[0] = '\0';
		if (ll_regf_tz_check(&z) < 0)
			return ll_error_set(LL_EINVAL, "time-zone words '%.80s': %s", words,
					    ll_error_message());
		*out = z;
		if (end)
			*end = c.at;
		return 0;
	}
	return ll_error_set(LL_EINVAL, "time-zone words '%.80s': no \"NAME (UTC+HH:MM...)\" rule",
			    words);
}

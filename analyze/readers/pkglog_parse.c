/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Grammar of the two Debian package logs: dpkg.log ("2024-01-05 10:12:01
 * install nmap:amd64 <none> 7.93") and apt's history.log, records of
 * "Key: value" lines opened by "Start-Date: 2024-01-05  10:12:01". Both
 * are written in the host's local time with no zone.
 */
#include "core/compat.h"

#include "analyze/readers/pkglog_parse.h"
#include "analyze/readers/textlog.h"
#include "core/error.h"

/* "YYYY-MM-DD" + `sep` spaces (1..max) + "HH:MM:SS"; returns bytes used or 0. */
static size_t date_time(struct ll_pkg_time *t, const char *s, size_t n, size_t max_sep)
{
	int64_t y, mo, d, h, mi, se;
	size_t i = 10, sp = 0;

	if (n < 19 || (y = ll_tl_digits(s, 4)) < 0 || s[4] != '-' ||
	    (mo = ll_tl_digits(s + 5, 2)) < 0 || s[7] != '-' || (d = ll_tl_digits(s + 8, 2)) < 0)
		return 0;
	while (i < n && s[i] == ' ' && sp < max_sep)
		i++, sp++;
	if (!sp || n - i < 8 || (h = ll_tl_digits(s + i, 2)) < 0 || s[i + 2] != ':' ||
	    (mi = ll_tl_digits(s + i + 3, 2)) < 0 || s[i + 5] != ':' ||
	    (se = ll_tl_digits(s + i + 6, 2)) < 0)
		return 0;
	if (!ll_tl_valid_date(y, (unsigned)mo, (unsigned)d) || h > 23 || mi > 59 || se > 60)
		return 0;
	*t = (struct ll_pkg_time){ y, (unsigned)mo, (unsigned)d, (unsigned)h, (unsigned)mi,
				   (unsigned)(se == 60 ? 59 : se) };
	return i + 8;
}

static bool word_char(char c)
{
	return c != ' ' && c != '\t';
}

int ll_dpkg_parse(struct ll_dpkg_line *out, const char *s, size_t n)
{
	static const char *const actions[] = { "startup", "status", "install", "upgrade",
					       "configure", "trigproc", "disappear", "remove",
					       "purge", "conffile" };
	size_t i = date_time(&out->t, s, n, 1), k;
	bool known = false;

	if (!i || i >= n || s[i] != ' ')
		return LL_ECORRUPT;
	out->time = (struct ll_span){ s, i };
	out->rest = (struct ll_span){ s + i + 1, n - i - 1 };
	i++;
	k = i;
	while (i < n && word_char(s[i]))
		i++;
	out->action = (struct ll_span){ s + k, i - k };
	for (size_t a = 0; a < LL_ARRAY_SIZE(actions); a++)
		if (strlen(actions[a]) == out->action.n && !memcmp(actions[a], s + k, out->action.n))
			known = true;
	if (!known)
		return LL_ECORRUPT;
	out->nw = 0;
	while (i < n && out->nw < LL_ARRAY_SIZE(out->w)) {
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		k = i;
		while (i < n && word_char(s[i]))
			i++;
		out->w[out->nw++] = (struct ll_span){ s + k, i - k };
	}
	return 0;
}

int ll_apt_field(struct ll_span *key, struct ll_span *val, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] != ':' && s[i] != ' ')
		i++;
	if (!i || i + 1 >= n || s[i] != ':' || s[i + 1] != ' ')
		return 0;
	*key = (struct ll_span){ s, i };
	*val = (struct ll_span){ s + i + 2, n - i - 2 };
	return 1;
}

int ll_apt_time(struct ll_pkg_time *t, const char *s, size_t n)
{
	size_t used = date_time(t, s, n, 2);

	while (used && used < n && s[used] == ' ')
		used++;
	return used && used == n ? 0 : LL_ECORRUPT;
}

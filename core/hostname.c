/* SPDX-License-Identifier: Apache-2.0 */
/* Host names: syntax check, /etc/hostname's content, same-host comparison. */
#include "core/compat.h"
#include "core/hostname.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool label_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

int ll_hostname_check(const char *s, size_t len, char *why, size_t whylen)
{
	size_t start = 0;

	if (len == 0) {
		snprintf(why, whylen, "empty");
		return -1;
	}
	if (len > 1 && s[len - 1] == '.')
		len--; /* the root's dot */
	if (len > LL_HOSTNAME_MAX) {
		snprintf(why, whylen, "%zu bytes, over the %d a host name may have", len,
			 LL_HOSTNAME_MAX);
		return -1;
	}
	for (size_t i = 0; i <= len; i++) {
		unsigned char c = i < len ? (unsigned char)s[i] : '.';

		if (c == '.') {
			size_t l = i - start;

			if (l == 0 || l > 63) {
				snprintf(why, whylen, "label at byte %zu is %s", start,
					 l ? "over 63 bytes" : "empty");
				return -1;
			}
			if (s[start] == '-' || s[i - 1] == '-') {
				snprintf(why, whylen, "label at byte %zu starts or ends with '-'",
					 start);
				return -1;
			}
			start = i + 1;
		} else if (!label_byte(c)) {
			snprintf(why, whylen,
				 "byte 0x%02X at offset %zu is not a letter, digit, '-', '_' or '.'",
				 c, i);
			return -1;
		}
	}
	return 0;
}

static bool blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

int ll_hostname_from_file(char out[LL_HOSTNAME_MAX + 1], const uint8_t *raw, size_t len,
			  uint64_t size, char *why, size_t whylen)
{
	const char *name = NULL;
	size_t nlen = 0, i = 0;

	out[0] = '\0';
	if (size > LL_HOSTNAME_FILE_MAX || len > LL_HOSTNAME_FILE_MAX || len > size) {
		snprintf(why, whylen, "%" PRIu64 " bytes, larger than a host name file (%d)",
			 size, LL_HOSTNAME_FILE_MAX);
		return -1;
	}
	if (memchr(raw, 0, len)) {
		snprintf(why, whylen, "a NUL byte at offset %zu",
			 (size_t)((const uint8_t *)memchr(raw, 0, len) - raw));
		return -1;
	}
	while (i < len) {
		size_t a = i, b;

		while (i < len && raw[i] != '\n')
			i++;
		b = i++;
		while (a < b && blank(raw[a]))
			a++;
		while (b > a && blank(raw[b - 1]))
			b--;
		if (a == b || raw[a] == '#')
			continue;
		if (name) {
			snprintf(why, whylen, "a second name line at offset %zu", a);
			return -1;
		}
		name = (const char *)raw + a;
		nlen = b - a;
	}
	if (!name) {
		snprintf(why, whylen, "no name in it");
		return -1;
	}
	if (ll_hostname_check(name, nlen, why, whylen) < 0)
		return -1;
	if (nlen > 1 && name[nlen - 1] == '.')
		nlen--;
	memcpy(out, name, nlen);
	out[nlen] = '\0';
	return 0;
}

/* Length without a trailing dot. */
static size_t core_len(const char *s)
{
	size_t l = strlen(s);

	return l > 1 && s[l - 1] == '.' ? l - 1 : l;
}

bool ll_hostname_same(const char *a, const char *b)
{
	size_t la = core_len(a), lb = core_len(b);
	const char *da = memchr(a, '.', la), *db = memchr(b, '.', lb);

	if (la == lb && !strncasecmp(a, b, la))
		return true;
	if (!da && db)
		return (size_t)(db - b) == la && !strncasecmp(a, b, la);
	if (da && !db)
		return (size_t)(da - a) == lb && !strncasecmp(a, b, lb);
	return false;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Disk-image segment sets among an item's files, by the names imaging tools give them. */
#include "core/compat.h"
#include "analyze/segments.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/evidence.h"

enum family { F_NONE, F_EWF, F_NUM, F_ALPHA };

static bool alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* The extension of `p` (after the last '.' of its last component), or NULL. */
static const char *ext_of(const char *p)
{
	const char *dot = strrchr(p, '.'), *slash = strrchr(p, '/');

	return dot && (!slash || dot > slash) && dot[1] ? dot + 1 : NULL;
}

static enum family family_of(const char *x)
{
	size_t n = x ? strlen(x) : 0, i;

	if (!n || n > 8)
		return F_NONE;
	if (n == 3 && strchr("EeLs", x[0]) && alnum(x[1]) && alnum(x[2]))
		return F_EWF;
	if (n == 4 && strchr("EL", x[0]) && x[1] == 'x' && alnum(x[2]) && alnum(x[3]))
		return F_EWF;
	for (i = 0; i < n && x[i] >= '0' && x[i] <= '9'; i++)
		;
	if (i == n)
		return F_NUM;
	for (i = 0; i < n && x[i] >= 'a' && x[i] <= 'z'; i++)
		;
	return i == n && n >= 2 ? F_ALPHA : F_NONE;
}

/* The first segment's extension: x01, 000 or 001, aa… */
static bool is_first(enum family f, const char *x)
{
	size_t n = strlen(x);

	switch (f) {
	case F_EWF:
		return x[n - 2] == '0' && x[n - 1] == '1';
	case F_NUM:
		for (size_t i = 0; i + 1 < n; i++)
			if (x[i] != '0')
				return false;
		return x[n - 1] == '0' || x[n - 1] == '1';
	case F_ALPHA:
		for (size_t i = 0; i < n; i++)
			if (x[i] != 'a')
				return false;
		return true;
	default:
		return false;
	}
}

/* `b` is the extension after `a` (same length; numbers and letters count up). */
static bool is_next(enum family f, const char *a, const char *b)
{
	size_t n = strlen(a);
	char t[9];
	char lo = f == F_NUM ? '0' : 'a', hi = f == F_NUM ? '9' : 'z';
	size_t i = n;

	if (f == F_EWF)
		return strcmp(a, b) < 0; /* libewf checks the numbers in the headers */
	memcpy(t, a, n + 1);
	while (i > 0) {
		if (t[i - 1] != hi) {
			t[i - 1]++;
			return !strcmp(t, b);
		}
		t[i - 1] = lo;
		i--;
	}
	return false;
}

/*
 * Same stem, family and extension length as `ref`; for EWF the same first
 * letter, except that segments after E99…EZZ go on with F, G… (libewf).
 */
static bool same_set(const char *ref, const char *p, enum family f)
{
	const char *rx = ext_of(ref), *px = ext_of(p);

	if (!px || strlen(p) != strlen(ref) || strncmp(p, ref, (size_t)(rx - ref)) ||
	    family_of(px) != f)
		return false;
	return f != F_EWF || px[0] == rx[0] ||
	       (rx[0] == 'E' && px[0] > 'E' && px[0] <= 'Z' && px[0] != 'L');
}

int ll_segments_set(size_t **out, size_t *n, const struct ll_evidence *ev, size_t first)
{
	const char *ref = ev->files[first].path, *rx = ext_of(ref);
	enum family f = family_of(rx);
	size_t *v = ll_calloc(ev->nfiles ? ev->nfiles : 1, sizeof(*v)), k = 1;

	if (!v)
		return ll_error_set(LL_ENOMEM, "out of memory");
	v[0] = first;
	*out = v;
	*n = 1;
	if (f == F_NONE || !is_first(f, rx))
		return 0;
	/* the next segment each time: a name one step after the last one taken */
	for (;;) {
		const char *last = ext_of(ev->files[v[k - 1]].path);
		size_t best = SIZE_MAX;

		for (size_t i = 0; i < ev->nfiles; i++) {
			const char *p = ev->files[i].path;

			if (!same_set(ref, p, f) || !is_next(f, last, ext_of(p)))
				continue;
			if (best == SIZE_MAX || strcmp(ext_of(p), ext_of(ev->files[best].path)) < 0)
				best = i;
		}
		if (best == SIZE_MAX || k >= ev->nfiles)
			break;
		v[k++] = best;
	}
	/* split raw: every segment but the last is as long as the first */
	if (f != F_EWF)
		for (size_t i = 1; i < k; i++)
			if (ev->files[v[i]].size > ev->files[first].size ||
			    (i + 1 < k && ev->files[v[i]].size != ev->files[first].size)) {
				k = 1;
				break;
			}
	*n = k;
	return 0;
}

int ll_segments_map(size_t **out, const struct ll_evidence *ev)
{
	size_t *map = ll_calloc(ev->nfiles ? ev->nfiles : 1, sizeof(*map));
	int rc;

	if (!map)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < ev->nfiles; i++)
		map[i] = i;
	/* a set starts at a first-segment name (.000 and .001 may both look like one) */
	for (size_t j = 0; j < ev->nfiles; j++) {
		const char *x = ext_of(ev->files[j].path);
		enum family f = family_of(x);
		size_t *set = NULL, n = 0;

		if (f == F_NONE || !is_first(f, x) || map[j] != j)
			continue;
		if ((rc = ll_segments_set(&set, &n, ev, j)) < 0) {
			ll_free(map);
			return rc;
		}
		/* whatever the files' order: the set from the lowest first segment wins */
		for (size_t k = 1; k < n; k++)
			if (strcmp(x, ext_of(ev->files[map[set[k]]].path)) < 0)
				map[set[k]] = j;
		ll_free(set);
	}
	*out = map;
	return 0;
}

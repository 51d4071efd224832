/* SPDX-License-Identifier: Apache-2.0 */
/* VMDK descriptor + extent sets among an item's files (vdisk_sets.h). */
#include "core/compat.h"
#include "analyze/vdisk_sets.h"

#include "core/alloc.h"
#include "core/case.h"
#include "core/evidence.h"

#define DESCRIPTOR "# Disk DescriptorFile"
#define MAX_DESCRIPTOR 65536

static bool starts(const uint8_t *p, size_t n, const char *word)
{
	size_t w = strlen(word);

	return n > w && !memcmp(p, word, w) && (p[w] == ' ' || p[w] == '\t');
}

/* The decimal number after the access word of an extent line, 0 when none. */
static uint64_t sectors_of(const uint8_t *p, size_t n)
{
	size_t i = 0;
	uint64_t v = 0;

	while (i < n && p[i] != ' ' && p[i] != '\t')
		i++;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	for (; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
		if (v > (UINT64_MAX - 9) / 10)
			return 0;
		v = v * 10 + (uint64_t)(p[i] - '0');
	}
	return v;
}

size_t ll_vmdk_descriptor_extents(const uint8_t *data, size_t len, ll_vmdk_extent_fn fn,
				  void *payload)
{
	size_t at = 0, seen = 0, lineno = 0;
	char name[256];

	while (at < len) {
		const uint8_t *line = data + at, *nl = memchr(line, '\n', len - at);
		size_t n = nl ? (size_t)(nl - line) : len - at;
		const uint8_t *q1, *q2;

		at += n + 1;
		lineno++;
		/* a descriptor embedded in a sparse extent ends at its padding */
		if (memchr(line, 0, n))
			break;
		if (!starts(line, n, "RW") && !starts(line, n, "RDONLY") &&
		    !starts(line, n, "NOACCESS"))
			continue;
		if (!(q1 = memchr(line, '"', n)) ||
		    !(q2 = memchr(q1 + 1, '"', n - (size_t)(q1 + 1 - line))))
			continue;
		seen++;
		/* an extent named with a path, or too long, names no file of the item */
		if ((size_t)(q2 - q1 - 1) >= sizeof(name) || q2 == q1 + 1 ||
		    memchr(q1 + 1, '/', (size_t)(q2 - q1 - 1)))
			continue;
		memcpy(name, q1 + 1, (size_t)(q2 - q1 - 1));
		name[q2 - q1 - 1] = '\0';
		fn(name, sectors_of(line, n), lineno, payload);
	}
	return seen;
}

static const char *base_of(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

struct mark {
	size_t *map;
	const struct ll_evidence *ev;
	size_t descriptor;
};

static void mark_extent(const char *name, uint64_t sectors, size_t line, void *payload)
{
	LL_UNUSED(sectors);
	LL_UNUSED(line);
	struct mark *m = payload;

	for (size_t i = 0; i < m->ev->nfiles; i++) {
		if (i == m->descriptor || m->map[i] != i || strcmp(base_of(m->ev->files[i].path), name))
			continue;
		/* a file that leads a set of its own stays its lead (no cycles) */
		for (size_t k = 0; k < m->ev->nfiles; k++)
			if (k != i && m->map[k] == i)
				return;
		m->map[i] = m->descriptor;
	}
}

/* Reads file i of ev when it may be a descriptor; *len 0 when it is not one. */
static uint8_t *read_descriptor(const struct ll_case *cs, const struct ll_evidence *ev,
				size_t i, size_t *len)
{
	char *abs;
	FILE *f;
	uint8_t *buf = NULL;

	*len = 0;
	if (ev->files[i].size > MAX_DESCRIPTOR || ev->files[i].size < sizeof(DESCRIPTOR) - 1)
		return NULL;
	if (!(abs = ll_case_path(cs, ev->files[i].path)))
		return NULL;
	f = fopen(abs, "rb");
	ll_free(abs);
	if (!f)
		return NULL;
	/* the signature first: an item of many small logs costs 21 bytes a file */
	{
		char sig[sizeof(DESCRIPTOR) - 1];

		if (fread(sig, 1, sizeof(sig), f) != sizeof(sig) || memcmp(sig, DESCRIPTOR, sizeof(sig))) {
			fclose(f);
			return NULL;
		}
	}
	if ((buf = ll_malloc(MAX_DESCRIPTOR))) {
		memcpy(buf, DESCRIPTOR, sizeof(DESCRIPTOR) - 1);
		*len = sizeof(DESCRIPTOR) - 1 +
		       fread(buf + sizeof(DESCRIPTOR) - 1, 1, MAX_DESCRIPTOR - (sizeof(DESCRIPTOR) - 1), f);
	}
	fclose(f);
	return buf;
}

void ll_vdisk_sets_map(size_t *map, const struct ll_case *cs, const struct ll_evidence *ev)
{
	if (ev->nfiles < 2)
		return;
	for (size_t i = 0; i < ev->nfiles; i++) {
		size_t len;
		uint8_t *d = read_descriptor(cs, ev, i, &len);
		struct mark m = { map, ev, i };

		/* a descriptor already read as another's extent leads nothing */
		if (!d || map[i] != i) {
			ll_free(d);
			continue;
		}
		ll_vmdk_descriptor_extents(d, len, mark_extent, &m);
		ll_free(d);
	}
	ll_vdisk_chain_map(map, cs, ev); /* a differencing disk's parents, read with it */
}

size_t ll_vdisk_descriptor_of(const struct ll_case *cs, const struct ll_evidence *ev,
			      size_t index)
{
	size_t *map, d = SIZE_MAX;

	if (ev->nfiles < 2 || !(map = ll_calloc(ev->nfiles, sizeof(*map))))
		return SIZE_MAX;
	for (size_t i = 0; i < ev->nfiles; i++)
		map[i] = i;
	ll_vdisk_sets_map(map, cs, ev);
	if (map[index] != index)
		d = map[index];
	ll_free(map);
	return d;
}

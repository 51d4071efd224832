/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A differencing disk's chain among an item's files (ll_vdisk_sets_map's
 * second half): each parent layer maps to the child that reads through it,
 * so the chain is read once, from its child, and no layer is walked alone
 * as if it were the disk.
 */
#include "core/compat.h"
#include "analyze/vdisk_sets.h"

#include "analyze/vdisk_parent.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/evidence.h"

#define CHAIN_MAX 16

static const char *base_of(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* As tsk_qcow.c finds a backing file: next to the layer, else the only file of that name. */
static size_t find_parent(const struct ll_evidence *ev, size_t cur, const char *name)
{
	const char *base = ll_vdisk_parent_base(name), *own = ev->files[cur].path;
	const char *slash = strrchr(own, '/');
	size_t dl = slash ? (size_t)(slash - own + 1) : 0, hit = SIZE_MAX, count = 0;

	if (!*base)
		return SIZE_MAX;
	for (size_t i = 0; i < ev->nfiles; i++) {
		const char *p = ev->files[i].path, *b = base_of(p);

		if (i == cur || strcmp(b, base))
			continue;
		if ((size_t)(b - p) == dl && !strncmp(p, own, dl))
			return i;
		count++;
		hit = i;
	}
	return count == 1 ? hit : SIZE_MAX;
}

void ll_vdisk_chain_map(size_t *map, const struct ll_case *cs, const struct ll_evidence *ev)
{
	size_t *parent = ll_calloc(ev->nfiles, sizeof(*parent));
	bool *is_parent = ll_calloc(ev->nfiles, sizeof(*is_parent));

	if (!parent || !is_parent)
		goto out;
	for (size_t i = 0; i < ev->nfiles; i++) {
		struct ll_vdisk_parent p;
		char *abs;

		parent[i] = SIZE_MAX;
		/* a file of another set (a VMDK extent) or too small for a disk header */
		if (map[i] != i || ev->files[i].size < 512 || !(abs = ll_case_path(cs, ev->files[i].path)))
			continue;
		if (ll_vdisk_parent_of_file(&p, abs) == 0 && p.differencing &&
		    (parent[i] = find_parent(ev, i, p.name)) != SIZE_MAX)
			is_parent[parent[i]] = true;
		ll_free(abs);
	}
	/* from each child no layer names as its parent, down to the base */
	for (size_t i = 0; i < ev->nfiles; i++) {
		size_t at = i;

		if (is_parent[i] || parent[i] == SIZE_MAX)
			continue;
		for (size_t d = 0; d < CHAIN_MAX && parent[at] != SIZE_MAX; d++) {
			at = parent[at];
			if (at == i || map[at] != at)
				break;
			map[at] = i;
		}
	}
out:
	ll_free(parent);
	ll_free(is_parent);
}

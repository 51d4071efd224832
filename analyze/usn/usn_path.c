/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The walk up a USN record's parents (usn_path.h), one for every record
 * source. Why a map of the directories rather than the paths of a walk of
 * the whole MFT: a USN record's parent is a directory, so only directories
 * are ever looked up — far fewer than the volume's entries — and each is
 * read once and kept in an open-addressing map.
 */
#include "core/compat.h"
#include "analyze/usn/usn_path.h"

#include <string.h>

#include "core/alloc.h"
#include "core/error.h"

struct ll_usn_walk {
	struct ll_usn_node_src src;
	struct ll_usn_node *slots;
	size_t nslots, used;
	struct ll_buf names;
	uint64_t loaded; /* entries read from the source */
};

#define NAMES_MAX ((size_t)64 << 20)

struct ll_usn_walk *ll_usn_walk_new(const struct ll_usn_node_src *src)
{
	struct ll_usn_walk *p = ll_calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->src = *src;
	p->nslots = 1024;
	if (!(p->slots = ll_calloc(p->nslots, sizeof(*p->slots)))) {
		ll_free(p);
		return NULL;
	}
	ll_buf_init(&p->names);
	return p;
}

void ll_usn_walk_free(struct ll_usn_walk *p)
{
	if (!p)
		return;
	ll_free(p->slots);
	ll_buf_release(&p->names);
	ll_free(p);
}

static size_t slot_of(const struct ll_usn_walk *p, uint64_t entry)
{
	size_t i = (size_t)((entry * UINT64_C(0x9E3779B97F4A7C15)) >> 17) & (p->nslots - 1);

	while (p->slots[i].state != LL_USN_NODE_FREE && p->slots[i].entry != entry)
		i = (i + 1) & (p->nslots - 1);
	return i;
}

/* Doubles the map; false when it may not grow (memory or the bound): then uncached. */
static bool grow(struct ll_usn_walk *p)
{
	struct ll_usn_walk q = *p;

	if (p->used >= LL_USN_PATH_CACHE_MAX)
		return false;
	q.nslots = p->nslots * 2;
	if (!(q.slots = ll_calloc(q.nslots, sizeof(*q.slots))))
		return false;
	for (size_t i = 0; i < p->nslots; i++)
		if (p->slots[i].state != LL_USN_NODE_FREE)
			q.slots[slot_of(&q, p->slots[i].entry)] = p->slots[i];
	ll_free(p->slots);
	p->slots = q.slots;
	p->nslots = q.nslots;
	return true;
}

/*
 * The node of `entry`, its name at *name (in the map's arena or in
 * `scratch`, valid until the next lookup). < 0 only for memory.
 */
static int lookup(struct ll_usn_walk *p, uint64_t entry, struct ll_usn_node *out,
		  const char **name, struct ll_buf *scratch)
{
	size_t i = slot_of(p, entry);
	int rc;

	if (p->slots[i].state != LL_USN_NODE_FREE) {
		*out = p->slots[i];
		*name = p->names.ptr ? p->names.ptr + out->name_off : "";
		return 0;
	}
	memset(out, 0, sizeof(*out));
	out->entry = entry;
	out->state = LL_USN_NODE_MISSING;
	ll_buf_reset(scratch);
	p->loaded++;
	if ((rc = p->src.load(p->src.payload, entry, out, scratch)) < 0)
		return rc;
	out->entry = entry;
	if (out->state == LL_USN_NODE_FREE) /* a source's slip: never an empty slot */
		out->state = LL_USN_NODE_MISSING;
	if (out->name_len > scratch->len)
		out->name_len = (uint16_t)scratch->len;
	*name = scratch->ptr ? scratch->ptr : "";
	if ((p->used + 1) * 4 > p->nslots * 3 && !grow(p))
		return 0; /* full: answered, not kept */
	if (p->names.len + out->name_len > NAMES_MAX)
		return 0;
	out->name_off = (uint32_t)p->names.len;
	if (out->name_len && ll_buf_put(&p->names, *name, out->name_len) < 0)
		return LL_ENOMEM;
	p->slots[slot_of(p, entry)] = *out;
	p->used++;
	return 0;
}

/* The sequence number a reference to this node must carry (TSK's rule). */
static uint16_t expected_seq(const struct ll_usn_node *n)
{
	return n->state == LL_USN_NODE_DELETED ? (uint16_t)(n->seq - 1) : n->seq;
}

/* The source's place of `entry` after a note, when it has one. */
static int where(struct ll_usn_walk *p, uint64_t entry, struct ll_buf *note)
{
	return p->src.where ? p->src.where(p->src.payload, entry, note) : 0;
}

int ll_usn_walk_resolve(void *rp, uint64_t parent, uint16_t parent_seq, struct ll_buf *dir,
			struct ll_buf *note)
{
	struct ll_usn_walk *p = rp;
	uint64_t cur = parent, deleted = 0, root = p->src.root;
	uint16_t cur_seq = parent_seq;
	/* offsets of the components, innermost first, into `parts` */
	uint32_t off[LL_USN_PATH_DEPTH_MAX];
	struct ll_buf parts, scratch;
	size_t depth = 0;
	int rc = 0;

	ll_buf_reset(dir);
	ll_buf_reset(note);
	ll_buf_init(&parts);
	ll_buf_init(&scratch);
	for (;;) {
		struct ll_usn_node n;
		const char *name;
		const char *who = depth ? "ancestor" : "parent";

		if ((rc = lookup(p, cur, &n, &name, &scratch)) < 0)
			goto out;
		if (n.state == LL_USN_NODE_MISSING) {
			rc = ll_buf_printf(note, "%s entry %" PRIu64 " not readable in the MFT%s%.*s",
					   who, cur, n.name_len ? ": " : "", (int)n.name_len, name);
			goto unresolved;
		}
		if (n.state == LL_USN_NODE_NONAME || n.state == LL_USN_NODE_NOTDIR) {
			if ((rc = ll_buf_printf(note, "%s entry %" PRIu64 " %s", who, cur,
						n.state == LL_USN_NODE_NONAME ? "has no file name"
									  : "is not a directory")) >= 0)
				rc = where(p, cur, note);
			goto unresolved;
		}
		if (expected_seq(&n) != cur_seq) {
			if ((rc = ll_buf_printf(note, "%s entry %" PRIu64 " reused (sequence %" PRIu16
						", now %" PRIu16 "%s)", who, cur, cur_seq, n.seq,
						n.state == LL_USN_NODE_DELETED ? ", deleted" : "")) >= 0)
				rc = where(p, cur, note);
			goto unresolved;
		}
		if (cur == root)
			break;
		if (depth == LL_USN_PATH_DEPTH_MAX) {
			if ((rc = ll_buf_printf(note, "parent entry %" PRIu64 ": no root within %d "
						"directories (a loop)", parent, LL_USN_PATH_DEPTH_MAX)) >= 0)
				rc = where(p, cur, note);
			goto unresolved;
		}
		if (n.state == LL_USN_NODE_DELETED && !deleted++)
			rc = ll_buf_printf(note, "through deleted directory entry %" PRIu64
					   " (an orphan's path, as the MFT still records it)", cur);
		off[depth++] = (uint32_t)parts.len;
		if (rc < 0 || (rc = ll_buf_put(&parts, name, n.name_len)) < 0 ||
		    (rc = ll_buf_putc(&parts, '\0')) < 0)
			goto out;
		cur = n.parent;
		cur_seq = n.parent_seq;
	}
	while (depth-- > 0)
		if ((rc = ll_buf_putc(dir, '/')) < 0 ||
		    (rc = ll_buf_puts(dir, parts.ptr + off[depth])) < 0)
			goto out;
	rc = ll_buf_puts(dir, ""); /* NUL-terminated even for the root */
	if (rc >= 0)
		rc = 1;
	goto out;
unresolved:
	ll_buf_reset(dir);
	if (rc >= 0)
		rc = 0;
out:
	ll_buf_release(&parts);
	ll_buf_release(&scratch);
	return rc;
}

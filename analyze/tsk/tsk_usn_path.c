/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Change-journal paths through the MFT (tsk_usn_path.h). Why look the
 * parents up in the MFT rather than keep the walk's paths: the journal is
 * read when the walk reaches $Extend, before most directories are visited,
 * and a USN record's parent is a directory, so only directories are ever
 * looked up — far fewer than the volume's entries. Each is read once
 * (tsk_fs_file_open_meta: its sequence number, allocation and first
 * non-DOS $FILE_NAME, which is what fls prints) and kept in an
 * open-addressing map. The sequence rule is TSK's own: an allocated entry
 * matches a reference with its sequence number; a deleted one with one
 * less (NTFS increments it on delete) — the deleted directories TSK still
 * lists, said in the note.
 */
#include "core/compat.h"
#include "analyze/tsk/tsk_usn_path.h"

#include <string.h>

#include "core/alloc.h"
#include "core/error.h"

enum node_state { NODE_FREE, NODE_ALLOC, NODE_DELETED, NODE_MISSING, NODE_NONAME, NODE_NOTDIR };

/* 32 bytes: a map of 1M directories in 2M slots is 64 MiB plus their names. */
struct node {
	uint64_t entry;
	uint64_t parent;
	uint32_t name_off;
	uint16_t name_len;
	uint16_t seq;        /* the MFT entry's sequence number as stored */
	uint16_t parent_seq;
	uint8_t state;
};

struct ll_usn_paths {
	TSK_FS_INFO *fs;
	struct node *slots;
	size_t nslots, used;
	struct ll_buf names;
	uint64_t loaded;        /* entries read through libtsk */
};

#define NAMES_MAX ((size_t)64 << 20)

struct ll_usn_paths *ll_usn_paths_new(TSK_FS_INFO *fs)
{
	struct ll_usn_paths *p = ll_calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->fs = fs;
	p->nslots = 1024;
	if (!(p->slots = ll_calloc(p->nslots, sizeof(*p->slots)))) {
		ll_free(p);
		return NULL;
	}
	ll_buf_init(&p->names);
	return p;
}

void ll_usn_paths_free(struct ll_usn_paths *p)
{
	if (!p)
		return;
	ll_free(p->slots);
	ll_buf_release(&p->names);
	ll_free(p);
}

static size_t slot_of(const struct ll_usn_paths *p, uint64_t entry)
{
	size_t i = (size_t)((entry * UINT64_C(0x9E3779B97F4A7C15)) >> 17) & (p->nslots - 1);

	while (p->slots[i].state != NODE_FREE && p->slots[i].entry != entry)
		i = (i + 1) & (p->nslots - 1);
	return i;
}

/* Doubles the map; false when it may not grow (memory or the bound): then uncached. */
static bool grow(struct ll_usn_paths *p)
{
	struct ll_usn_paths q = *p;

	if (p->used >= LL_USN_PATH_CACHE_MAX)
		return false;
	q.nslots = p->nslots * 2;
	if (!(q.slots = ll_calloc(q.nslots, sizeof(*q.slots))))
		return false;
	for (size_t i = 0; i < p->nslots; i++)
		if (p->slots[i].state != NODE_FREE)
			q.slots[slot_of(&q, p->slots[i].entry)] = p->slots[i];
	ll_free(p->slots);
	p->slots = q.slots;
	p->nslots = q.nslots;
	return true;
}

/* Reads entry `entry` of the MFT into `n` (its name into `name`). */
static void load(struct ll_usn_paths *p, uint64_t entry, struct node *n, struct ll_buf *name)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	TSK_FS_FILE *f;
	const TSK_FS_META_NAME_LIST *nl;

	memset(n, 0, sizeof(*n));
	n->entry = entry;
	n->state = NODE_MISSING;
	ll_buf_reset(name);
	p->loaded++;
	tk->error_reset();
	f = tk->fs_file_open_meta(p->fs, NULL, (TSK_INUM_T)entry);
	if (!f)
		return;
	if (f->meta) {
		nl = f->meta->name2;
		n->seq = (uint16_t)f->meta->seq;
		n->state = nl ? (f->meta->flags & TSK_FS_META_FLAG_ALLOC ? NODE_ALLOC : NODE_DELETED)
			      : NODE_NONAME;
		/* a parent is a directory: a file there is a forged or stale reference */
		if (nl && f->meta->type != TSK_FS_META_TYPE_DIR)
			n->state = NODE_NOTDIR;
		if (nl) {
			size_t len = strnlen(nl->name, sizeof(nl->name));

			n->parent = nl->par_inode;
			n->parent_seq = (uint16_t)nl->par_seq;
			n->name_len = (uint16_t)len;
			if (ll_buf_put(name, nl->name, len) < 0) /* memory: taken for unreadable */
				n->state = NODE_MISSING;
		}
	}
	tk->fs_file_close(f);
}

/*
 * The node of `entry`, its name at *name (in the map's arena or in
 * `scratch`, valid until the next lookup). < 0 only for memory.
 */
static int lookup(struct ll_usn_paths *p, uint64_t entry, struct node *out, const char **name,
		  struct ll_buf *scratch)
{
	size_t i = slot_of(p, entry);

	if (p->slots[i].state != NODE_FREE) {
		*out = p->slots[i];
		*name = p->names.ptr ? p->names.ptr + out->name_off : "";
		return 0;
	}
	load(p, entry, out, scratch);
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
static uint16_t expected_seq(const struct node *n)
{
	return n->state == NODE_DELETED ? (uint16_t)(n->seq - 1) : n->seq;
}

int ll_usn_paths_resolve(void *rp, uint64_t parent, uint16_t parent_seq, struct ll_buf *dir,
			 struct ll_buf *note)
{
	struct ll_usn_paths *p = rp;
	uint64_t cur = parent, deleted = 0, root = p->fs->root_inum;
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
		struct node n;
		const char *name;
		const char *who = depth ? "ancestor" : "parent";

		if ((rc = lookup(p, cur, &n, &name, &scratch)) < 0)
			goto out;
		if (n.state == NODE_MISSING || n.state == NODE_NONAME || n.state == NODE_NOTDIR) {
			rc = ll_buf_printf(note, "%s entry %" PRIu64 " %s", who, cur,
					   n.state == NODE_MISSING  ? "not readable in the MFT"
					   : n.state == NODE_NONAME ? "has no file name"
								    : "is not a directory");
			goto unresolved;
		}
		if (expected_seq(&n) != cur_seq) {
			rc = ll_buf_printf(note, "%s entry %" PRIu64 " reused (sequence %" PRIu16
					   ", now %" PRIu16 "%s)", who, cur, cur_seq, n.seq,
					   n.state == NODE_DELETED ? ", deleted" : "");
			goto unresolved;
		}
		if (cur == root)
			break;
		if (depth == LL_USN_PATH_DEPTH_MAX) {
			rc = ll_buf_printf(note, "parent entry %" PRIu64 ": no root within %d "
					   "directories (a loop)", parent, LL_USN_PATH_DEPTH_MAX);
			goto unresolved;
		}
		if (n.state == NODE_DELETED && !deleted++)
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

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Change-journal paths through the MFT (tsk_usn_path.h): the libtsk record
 * source of the walk (analyze/usn/usn_path.h). Why look the parents up in
 * the MFT rather than keep the walk's paths: the journal is read when the
 * walk reaches $Extend, before most directories are visited. Each entry is
 * read with tsk_fs_file_open_meta: its sequence number, allocation and
 * first non-DOS $FILE_NAME, which is what fls prints.
 */
#include "core/compat.h"
#include "analyze/tsk/tsk_usn_path.h"

#include <string.h>

#include "core/alloc.h"
#include "core/error.h"

struct ll_usn_paths {
	TSK_FS_INFO *fs;
	struct ll_usn_walk *walk;
};

/* Reads entry `entry` of the MFT into `n` (its name into `name`). */
static int load(void *payload, uint64_t entry, struct ll_usn_node *n, struct ll_buf *name)
{
	struct ll_usn_paths *p = payload;
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	TSK_FS_FILE *f;
	const TSK_FS_META_NAME_LIST *nl;

	tk->error_reset();
	f = tk->fs_file_open_meta(p->fs, NULL, (TSK_INUM_T)entry);
	if (!f)
		return 0; /* missing: libtsk's reason is not the examiner's */
	if (f->meta) {
		nl = f->meta->name2;
		n->seq = (uint16_t)f->meta->seq;
		n->state = nl ? (f->meta->flags & TSK_FS_META_FLAG_ALLOC ? LL_USN_NODE_ALLOC
									 : LL_USN_NODE_DELETED)
			      : LL_USN_NODE_NONAME;
		/* a parent is a directory: a file there is a forged or stale reference */
		if (nl && f->meta->type != TSK_FS_META_TYPE_DIR)
			n->state = LL_USN_NODE_NOTDIR;
		if (nl) {
			size_t len = strnlen(nl->name, sizeof(nl->name));

			n->parent = nl->par_inode;
			n->parent_seq = (uint16_t)nl->par_seq;
			n->name_len = (uint16_t)len;
			if (ll_buf_put(name, nl->name, len) < 0) { /* memory: taken for unreadable */
				n->state = LL_USN_NODE_MISSING;
				n->name_len = 0;
			}
		}
	}
	tk->fs_file_close(f);
	return 0;
}

struct ll_usn_paths *ll_usn_paths_new(TSK_FS_INFO *fs)
{
	struct ll_usn_paths *p = ll_calloc(1, sizeof(*p));
	struct ll_usn_node_src src = { load, NULL, NULL, 0 };

	if (!p)
		return NULL;
	p->fs = fs;
	src.payload = p;
	src.root = fs->root_inum;
	if (!(p->walk = ll_usn_walk_new(&src))) {
		ll_free(p);
		return NULL;
	}
	return p;
}

void ll_usn_paths_free(struct ll_usn_paths *p)
{
	if (!p)
		return;
	ll_usn_walk_free(p->walk);
	ll_free(p);
}

int ll_usn_paths_resolve(void *rp, uint64_t parent, uint16_t parent_seq, struct ll_buf *dir,
			 struct ll_buf *note)
{
	struct ll_usn_paths *p = rp;

	return ll_usn_walk_resolve(p->walk, parent, parent_seq, dir, note);
}

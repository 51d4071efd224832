/* SPDX-License-Identifier: Apache-2.0 */
/*
 * $Extend/$UsnJrnl:$J read in place (tsk_usn.h). libtsk reads the stream's
 * bytes (tsk_fs_attr_read: runs, compression, initialised size); the
 * records are parsed by lifeline's bounded scanner, not by libtsk's
 * usnjentry walk, which stops at the first damaged record, gives no
 * offsets and skips USN_RECORD_V3. The journal is mostly sparse (its
 * start is freed as it wraps): sparse runs are stepped over from the run
 * list, never read.
 */
#include "core/compat.h"
#include "analyze/tsk/tsk_usn.h"

#include <stdio.h>
#include <strings.h>

#include "analyze/tsk/tsk_usn_path.h"
#include "analyze/usn/usn_event.h"
#include "core/error.h"
#include "core/json.h"

int ll_tsk_usn_keep(struct ll_tsk_entry *e, struct ll_buf *path, TSK_FS_FILE *f,
		    const char *a_path, const struct ll_tsk_walk_cb *cb)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	struct ll_tsk_stream s = { 0 };
	int n, rc;

	if (!cb->usnjrnl || !a_path || strcmp(a_path, "$Extend/") || !f->meta ||
	    strcmp(f->name->name, "$UsnJrnl") || !TSK_FS_TYPE_ISNTFS(f->fs_info->ftype) ||
	    !(f->name->flags & TSK_FS_NAME_FLAG_ALLOC))
		return 0;
	n = tk->fs_file_attr_getsize(f);
	for (int i = 0; i < n; i++) {
		const TSK_FS_ATTR *a = tk->fs_file_attr_get_idx(f, i);

		if (a && a->type == TSK_FS_ATTR_TYPE_NTFS_DATA && a->name && !strcmp(a->name, "$J"))
			s.attr = a;
	}
	if (!s.attr || s.attr->size <= 0)
		return 0;
	s.block = f->fs_info->block_size;
	snprintf(e->inode, sizeof(e->inode), "%" PRIuINUM "-%" PRIu32 "-%" PRIu16,
		 f->meta->addr, (uint32_t)s.attr->type, s.attr->id);
	ll_buf_reset(path);
	if ((rc = ll_buf_puts(path, "/$Extend/$UsnJrnl:$J")) < 0)
		return rc;
	e->path = path->ptr;
	return cb->usnjrnl(e, &s, (uint64_t)s.attr->size, cb->payload);
}

int64_t ll_tsk_stream_read(void *stream, uint64_t off, void *buf, size_t n)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	struct ll_tsk_stream *s = stream;
	ssize_t got;

	tk->error_reset();
	got = tk->fs_attr_read(s->attr, (TSK_OFF_T)off, buf, n, TSK_FS_FILE_READ_FLAG_NONE);
	if (got < 0) { /* a damaged run: the scanner names the offset */
		const char *te = tk->error_get();

		ll_error_set(LL_ECORRUPT, "libtsk cannot read $J at offset %" PRIu64 " (%s)", off,
			     te && *te ? te : "no reason given");
		return 0;
	}
	return got;
}

uint64_t ll_tsk_stream_next_data(void *stream, uint64_t off)
{
	struct ll_tsk_stream *s = stream;
	const TSK_FS_ATTR *a = s->attr;
	const TSK_FS_ATTR_RUN *r;
	uint64_t blk;

	if (!(a->flags & TSK_FS_ATTR_NONRES) || !s->block)
		return off;
	/* past the initialised size the stream reads as zeros */
	if (a->nrd.initsize >= 0 && off >= (uint64_t)a->nrd.initsize)
		return (uint64_t)a->size;
	blk = off / s->block;
	r = s->cur && s->cur->offset <= blk ? s->cur : a->nrd.run;
	for (; r; r = r->next) {
		if (blk >= r->offset + r->len)
			continue;
		if (blk < r->offset) /* a gap the run list does not cover: read it */
			return off;
		s->cur = r;
		if (!(r->flags & (TSK_FS_ATTR_RUN_FLAG_SPARSE | TSK_FS_ATTR_RUN_FLAG_FILLER)))
			return off;
		blk = r->offset + r->len; /* sparse: on to the next run */
		off = blk * s->block;
	}
	return off;
}

int ll_tsk_usn_read(struct ll_source_ctx *ctx, const struct ll_tsk_entry *e,
		    struct ll_tsk_stream *s, uint64_t size)
{
	struct ll_buf label, prefix;
	struct ll_usn_where w;
	struct ll_usn_scan_stats st;
	struct ll_usn_paths *paths = NULL;
	int rc;

	ll_buf_init(&label);
	ll_buf_init(&prefix);
	struct ll_source_volume vol = ll_tsk_entry_volume(e);

	if ((rc = ll_buf_printf(&label, "'%s' %s (", ctx->rel_path, e->path)) < 0 ||
	    (rc = ll_source_volume_fields(&label, &vol, ", ")) < 0 ||
	    (rc = ll_buf_printf(&label, ", inode %s)", e->inode)) < 0 ||
	    (rc = ll_source_volume_fields(&prefix, &vol, ";")) < 0 ||
	    (rc = ll_buf_printf(&prefix, ";inode=%s;", e->inode)) < 0)
		goto out;
	w.label = label.ptr;
	w.path = e->path;
	w.loc_prefix = prefix.ptr;
	/* the records' paths through the MFT of the same file system */
	if (!(paths = ll_usn_paths_new(s->attr->fs_file->fs_info))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	w.resolve = ll_usn_paths_resolve;
	w.resolve_payload = paths;
	rc = ll_usn_read(&st, ctx, &w, size, ll_tsk_stream_read, ll_tsk_stream_next_data, s);
	if (rc >= 0 && st.records == 0 && st.damaged == 0)
		ll_source_warn_code(ctx, "usn.none",
				    json_pack("{s:s, s:I}", "label", w.label,
				              "bytes", (json_int_t)size),
				    "%s: no USN records in %" PRIu64 " bytes", w.label, size);
out:
	ll_usn_paths_free(paths);
	ll_buf_release(&label);
	ll_buf_release(&prefix);
	return rc;
}

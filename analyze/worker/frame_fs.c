/* SPDX-License-Identifier: Apache-2.0 */
/* File-system row frames: the tsk reader's volumes and entries, encoded by the worker, checked here. */
#include "core/compat.h"
#include "analyze/worker/frame_fs.h"

#include <stdio.h>

#include "analyze/worker/frame.h"
#include "analyze/worker/frame_codec.h"
#include "core/error.h"
#include "core/reader.h"
#include "core/time.h"

/* FS_ENTRY flag bits */
enum {
	F_FN_ROW = 1,
	F_NAME_ALLOC = 2,
	F_REALLOC = 4,
	F_HAS_META = 8,
	F_LOCAL_TIMES = 16,
	F_TIMESTOMP = 32,
	F_ALL = 63,
};

#define ENTRY_NTIMES (LL_TSK_NTIMES + 2) /* a, m, c, b, then dtime and $FN crtime */
#define MODE_MAX 15			 /* struct ll_tsk_entry.mode */
#define INODE_MAX 63			 /* struct ll_tsk_entry.inode */
#define DESC_MAX 256			 /* a partition's description + an APFS volume's name */
#define MODE_BITS_MAX 07777		 /* permission bits (TSK_FS_META_MODE_ENUM) */
#define ATTR_ID_MAX 65535		 /* TSK_FS_ATTR.id is 16 bits */

const char *ll_frame_fs_name(unsigned t)
{
	switch (t) {
	case LL_FRAME_FS_BEGIN:
		return "FS_BEGIN";
	case LL_FRAME_FS_ENTRY:
		return "FS_ENTRY";
	case LL_FRAME_FS_VOLUME:
		return "FS_VOLUME";
	case LL_FRAME_FS_HOSTNAME:
		return "FS_HOSTNAME";
	case LL_FRAME_FS_ZONE:
		return "FS_ZONE";
	default:
		return NULL;
	}
}

/* ---- encoder ---- */

/* A time that may be unset: u8 0, or u8 1 and the time. */
static int put_opt_time(struct ll_buf *out, int64_t ns)
{
	int rc;

	if (ns == LL_TSK_NO_TIME)
		return ll_frame_put_le(out, 0, 1);
	return (rc = ll_frame_put_le(out, 1, 1)) < 0 ? rc : ll_frame_put_time(out, ns);
}

static int put_entry(struct ll_buf *out, const struct ll_tsk_entry *e)
{
	const int64_t times[ENTRY_NTIMES] = { e->ns[0], e->ns[1], e->ns[2], e->ns[3],
					      e->dtime_ns, e->fn_crtime_ns };
	unsigned flags = (e->fn_row ? F_FN_ROW : 0) | (e->name_alloc ? F_NAME_ALLOC : 0) |
			 (e->realloc ? F_REALLOC : 0) | (e->has_meta ? F_HAS_META : 0) |
			 (e->local_times ? F_LOCAL_TIMES : 0) | (e->timestomp ? F_TIMESTOMP : 0);
	int rc;

	if ((rc = ll_frame_put_le(out, e->part_offset, 8)) < 0 ||
	    (rc = ll_frame_put_le(out, e->pool_block, 8)) < 0 ||
	    (rc = ll_frame_put_str(out, e->fs_type)) < 0 ||
	    (rc = ll_frame_put_str(out, e->inode)) < 0 ||
	    (rc = ll_frame_put_le(out, e->meta_addr, 8)) < 0 ||
	    (rc = ll_frame_put_le(out, (uint32_t)e->attr_type, 4)) < 0 ||
	    (rc = ll_frame_put_le(out, (uint32_t)e->attr_id, 4)) < 0 ||
	    (rc = ll_frame_put_le(out, flags, 1)) < 0 ||
	    (rc = ll_frame_put_str(out, e->path)) < 0 ||
	    (rc = ll_frame_put_str(out, e->body_name)) < 0 ||
	    (rc = ll_frame_put_str(out, e->link)) < 0 ||
	    (rc = ll_frame_put_str(out, e->mode)) < 0 ||
	    (rc = ll_frame_put_le(out, e->mode_bits, 4)) < 0 ||
	    (rc = ll_frame_put_le(out, e->uid, 4)) < 0 ||
	    (rc = ll_frame_put_le(out, e->gid, 4)) < 0 ||
	    (rc = ll_frame_put_le(out, e->size, 8)) < 0)
		return rc;
	for (size_t i = 0; i < ENTRY_NTIMES; i++)
		if ((rc = put_opt_time(out, times[i])) < 0)
			return rc;
	return 0;
}

static int put_volume(struct ll_buf *out, const struct ll_tsk_volume *v, uint32_t sector_size)
{
	int rc;

	if ((rc = ll_frame_put_le(out, v->offset, 8)) < 0 ||
	    (rc = ll_frame_put_le(out, v->pool_block, 8)) < 0 ||
	    (rc = ll_frame_put_le(out, v->length, 8)) < 0 ||
	    (rc = ll_frame_put_str(out, v->vs_type)) < 0 ||
	    (rc = ll_frame_put_str(out, v->desc)) < 0 ||
	    (rc = ll_frame_put_str(out, v->fs_type)) < 0 ||
	    (rc = ll_frame_put_le(out, v->block_size, 4)) < 0 ||
	    (rc = ll_frame_put_le(out, sector_size, 4)) < 0 ||
	    (rc = ll_frame_put_str(out, v->error)) < 0)
		return rc;
	return ll_frame_put_le(out, v->entries, 8);
}

static int put_hostname(struct ll_buf *out, const struct ll_frame_fs *fs)
{
	int rc;

	if (fs->hostname.len > sizeof(fs->hostname.raw))
		return ll_error_set(LL_EINVAL, "worker frame: FS_HOSTNAME of %zu bytes",
				    fs->hostname.len);
	if ((rc = ll_frame_put_le(out, fs->hostname.offset, 8)) < 0 ||
	    (rc = ll_frame_put_le(out, fs->hostname.pool_block, 8)) < 0 ||
	    (rc = ll_frame_put_le(out, fs->hostname.size, 8)) < 0 ||
	    (rc = ll_frame_put_le(out, fs->hostname.len, 4)) < 0)
		return rc;
	return ll_buf_put(out, fs->hostname.raw, fs->hostname.len);
}

int ll_frame_fs_put(struct ll_buf *out, const struct ll_frame *f)
{
	const struct ll_frame_fs *fs = &f->u.fs;
	int rc;

	switch (f->type) {
	case LL_FRAME_FS_BEGIN:
		return (rc = ll_frame_put_le(out, fs->volume.offset, 8)) < 0 ||
				       (rc = ll_frame_put_le(out, fs->volume.pool_block, 8)) < 0
			       ? rc
			       : ll_frame_put_str(out, fs->volume.fs_type);
	case LL_FRAME_FS_ENTRY:
		return put_entry(out, &fs->entry);
	case LL_FRAME_FS_VOLUME:
		return put_volume(out, &fs->volume, fs->sector_size);
	case LL_FRAME_FS_HOSTNAME:
		return put_hostname(out, fs);
	case LL_FRAME_FS_ZONE:
		if (strlen(fs->zone.text) > LL_FRAME_FS_ZONE_MAX)
			return ll_error_set(LL_EINVAL, "worker frame: FS_ZONE of %zu bytes",
					    strlen(fs->zone.text));
		return (rc = ll_frame_put_le(out, fs->zone.offset, 8)) < 0 ||
				       (rc = ll_frame_put_le(out, fs->zone.pool_block, 8)) < 0
			       ? rc
			       : ll_frame_put_str(out, fs->zone.text);
	default:
		return ll_error_set(LL_EINVAL, "worker frame: %d is not a file-system row",
				    (int)f->type);
	}
}

/* ---- decoder ---- */

/*
 * An offset, a length or a count the walk computed, which SQLite stores as
 * a signed 64-bit integer. (An inode number and a file's size are what the
 * file system says, any 64 bits: stored as the in-process reader stores them.)
 */
static int get_i64(uint64_t *out, struct ll_reader *r, const char *field)
{
	int rc;

	if ((rc = ll_frame_get_u(out, r, field, 8)) < 0)
		return rc;
	if (*out > (uint64_t)INT64_MAX)
		return ll_frame_bad(field, "%" PRIu64 " is over 2^63-1", *out);
	return 0;
}

static int get_u32(uint32_t *out, struct ll_reader *r, const char *field, uint32_t max)
{
	uint64_t v;
	int rc;

	if ((rc = ll_frame_get_u(&v, r, field, 4)) < 0)
		return rc;
	if (v > max)
		return ll_frame_bad(field, "%" PRIu64 " is over %" PRIu32, v, max);
	*out = (uint32_t)v;
	return 0;
}

static int get_opt_time(int64_t *out, struct ll_reader *r, const char *field)
{
	uint8_t set;
	int rc;

	if (ll_reader_u8(&set, r) < 0)
		return ll_frame_bad(field, "truncated");
	if (set > 1)
		return ll_frame_bad(field, "presence byte %u is not 0 or 1", set);
	*out = LL_TSK_NO_TIME;
	if (set && (rc = ll_frame_get_time(out, r, field)) < 0)
		return rc;
	if (set && *out == LL_TSK_NO_TIME)
		return ll_frame_bad(field, "the time that means unset");
	return 0;
}

/* A string copied into a fixed array of the entry (inode, mode). */
static int get_fixed(char *dst, size_t cap, struct ll_reader *r, struct ll_frame_decoder *d,
		     const char *field, enum ll_frame_str_class cls)
{
	const char *s;
	int rc;

	if ((rc = ll_frame_get_str(&s, r, d, field, cls, cap - 1, true)) < 0)
		return rc;
	snprintf(dst, cap, "%s", s);
	return 0;
}

/* The volume an entry or a row names must be the one announced, with its type. */
static int check_volume(const struct ll_frame_decoder *d, uint64_t offset, uint64_t pool,
			const char *fs_type)
{
	if (!d->fs.open)
		return ll_frame_bad("part_offset", "an entry before its volume's FS_BEGIN");
	if (offset != d->fs.offset || pool != d->fs.pool_block)
		return ll_frame_bad("part_offset",
				    "volume %" PRIu64 "/%" PRIu64 " is not the one announced (%" PRIu64
				    "/%" PRIu64 ")",
				    offset, pool, d->fs.offset, d->fs.pool_block);
	if (strcmp(fs_type, d->fs.fs_type))
		return ll_frame_bad("fs_type", "'%s' is not the announced volume's '%s'", fs_type,
				    d->fs.fs_type);
	return 0;
}

/* The inode column as fls prints it: "META" or "META-TYPE-ID". */
static int check_inode(const struct ll_tsk_entry *e)
{
	char want[sizeof(e->inode)];

	if (e->attr_type >= 0)
		snprintf(want, sizeof(want), "%" PRIu64 "-%d-%d", e->meta_addr, e->attr_type,
			 e->attr_id);
	else
		snprintf(want, sizeof(want), "%" PRIu64, e->meta_addr);
	if (strcmp(want, e->inode))
		return ll_frame_bad("inode", "'%s' is not the address and attribute ('%s')",
				    e->inode, want);
	return 0;
}

static int dec_begin(struct ll_frame *f, struct ll_frame_decoder *d, struct ll_reader *r)
{
	struct ll_tsk_volume *v = &f->u.fs.volume;
	int rc;

	if ((rc = get_i64(&v->offset, r, "part_offset")) < 0 ||
	    (rc = get_i64(&v->pool_block, r, "pool_block")) < 0 ||
	    (rc = ll_frame_get_str(&v->fs_type, r, d, "fs_type", LL_FRAME_S_TOKEN,
				   LL_FRAME_TOKEN_MAX, true)) < 0)
		return rc;
	return 0;
}

static int dec_entry(struct ll_frame *f, struct ll_frame_decoder *d, struct ll_reader *r)
{
	struct ll_tsk_entry *e = &f->u.fs.entry;
	int64_t times[ENTRY_NTIMES];
	uint64_t type, id;
	uint8_t flags;
	int rc;

	if ((rc = get_i64(&e->part_offset, r, "part_offset")) < 0 ||
	    (rc = get_i64(&e->pool_block, r, "pool_block")) < 0 ||
	    (rc = ll_frame_get_str(&e->fs_type, r, d, "fs_type", LL_FRAME_S_TOKEN,
				   LL_FRAME_TOKEN_MAX, true)) < 0 ||
	    (rc = check_volume(d, e->part_offset, e->pool_block, e->fs_type)) < 0 ||
	    (rc = get_fixed(e->inode, sizeof(e->inode), r, d, "inode", LL_FRAME_S_TOKEN)) < 0 ||
	    (rc = ll_frame_get_u(&e->meta_addr, r, "meta_addr", 8)) < 0 ||
	    (rc = ll_frame_get_u(&type, r, "attr_type", 4)) < 0 ||
	    (rc = ll_frame_get_u(&id, r, "attr_id", 4)) < 0)
		return rc;
	/* -1 (no attribute) or a type as libtsk numbers them; the id is 16 bits */
	if ((int32_t)(uint32_t)type < -1)
		return ll_frame_bad("attr_type", "%" PRId32 " is not -1 or a type",
				    (int32_t)(uint32_t)type);
	e->attr_type = (int32_t)(uint32_t)type;
	if (id > ATTR_ID_MAX || (e->attr_type < 0 && id))
		return ll_frame_bad("attr_id", "%" PRIu64 " out of 0..%d (0 without an attribute)",
				    id, e->attr_type < 0 ? 0 : ATTR_ID_MAX);
	e->attr_id = (int)id;
	if ((rc = check_inode(e)) < 0)
		return rc;
	if (ll_reader_u8(&flags, r) < 0)
		return ll_frame_bad("flags", "truncated");
	if (flags & ~F_ALL)
		return ll_frame_bad("flags", "unknown bits 0x%02x", flags & ~F_ALL);
	e->fn_row = flags & F_FN_ROW;
	e->name_alloc = flags & F_NAME_ALLOC;
	e->realloc = flags & F_REALLOC;
	e->has_meta = flags & F_HAS_META;
	e->local_times = flags & F_LOCAL_TIMES;
	e->timestomp = flags & F_TIMESTOMP;
	if (e->realloc && e->name_alloc)
		return ll_frame_bad("flags", "realloc on an allocated name");
	if ((rc = ll_frame_get_str(&e->path, r, d, "path", LL_FRAME_S_RAW, LL_FRAME_MAX_PAYLOAD,
				   true)) < 0 ||
	    (rc = ll_frame_get_str(&e->body_name, r, d, "body_name", LL_FRAME_S_RAW,
				   LL_FRAME_MAX_PAYLOAD, true)) < 0 ||
	    (rc = ll_frame_get_str(&e->link, r, d, "link", LL_FRAME_S_RAW, LL_FRAME_MAX_PAYLOAD,
				   false)) < 0)
		return rc;
	/* a path from the root, as the walk builds it */
	if (e->path[0] != '/')
		return ll_frame_bad("path", "does not start with '/'");
	if ((rc = get_fixed(e->mode, sizeof(e->mode), r, d, "mode", LL_FRAME_S_TOKEN)) < 0 ||
	    (rc = get_u32(&e->mode_bits, r, "mode_bits", MODE_BITS_MAX)) < 0 ||
	    (rc = get_u32(&e->uid, r, "uid", UINT32_MAX)) < 0 ||
	    (rc = get_u32(&e->gid, r, "gid", UINT32_MAX)) < 0 ||
	    (rc = ll_frame_get_u(&e->size, r, "size", 8)) < 0)
		return rc;
	for (size_t i = 0; i < ENTRY_NTIMES; i++) {
		static const char *const names[ENTRY_NTIMES] = { "atime", "mtime", "ctime",
								 "crtime", "dtime", "fn_crtime" };

		if ((rc = get_opt_time(&times[i], r, names[i])) < 0)
			return rc;
	}
	memcpy(e->ns, times, sizeof(e->ns));
	e->dtime_ns = times[LL_TSK_NTIMES];
	e->fn_crtime_ns = times[LL_TSK_NTIMES + 1];
	return 0;
}

static int dec_volume(struct ll_frame *f, struct ll_frame_decoder *d, struct ll_reader *r)
{
	struct ll_tsk_volume *v = &f->u.fs.volume;
	uint64_t bs, ss;
	int rc;

	if ((rc = get_i64(&v->offset, r, "part_offset")) < 0 ||
	    (rc = get_i64(&v->pool_block, r, "pool_block")) < 0 ||
	    (rc = get_i64(&v->length, r, "length")) < 0 ||
	    (rc = ll_frame_get_str(&v->vs_type, r, d, "vs_type", LL_FRAME_S_TEXT,
				   LL_FRAME_TOKEN_MAX, true)) < 0 ||
	    (rc = ll_frame_get_str(&v->desc, r, d, "desc", LL_FRAME_S_RAW, DESC_MAX, true)) < 0 ||
	    (rc = ll_frame_get_str(&v->fs_type, r, d, "fs_type", LL_FRAME_S_TOKEN,
				   LL_FRAME_TOKEN_MAX, false)) < 0 ||
	    (rc = ll_frame_get_u(&bs, r, "block_size", 4)) < 0 ||
	    (rc = ll_frame_get_u(&ss, r, "sector_size", 4)) < 0 ||
	    (rc = ll_frame_get_str(&v->error, r, d, "error", LL_FRAME_S_RAW, LL_FRAME_TEXT_MAX,
				   false)) < 0 ||
	    (rc = get_i64(&v->entries, r, "entries")) < 0)
		return rc;
	/* vs_type is a libtsk short name or "" (no volume system) */
	for (const char *p = v->vs_type; *p; p++)
		if (*p <= ' ' || *p > '~')
			return ll_frame_bad("vs_type", "byte 0x%02X is not printable ASCII",
					    (unsigned char)*p);
	v->block_size = (uint32_t)bs;
	f->u.fs.sector_size = (uint32_t)ss;
	/* a volume whose entries came: its announced one, with as many entries as were sent */
	if (d->fs.open && v->offset == d->fs.offset && v->pool_block == d->fs.pool_block) {
		if (!v->fs_type || strcmp(v->fs_type, d->fs.fs_type))
			return ll_frame_bad("fs_type", "'%s' is not the announced '%s'",
					    v->fs_type ? v->fs_type : "(none)", d->fs.fs_type);
		if (v->entries != d->fs.entries)
			return ll_frame_bad("entries", "%" PRIu64 ", but %" PRIu64 " were sent",
					    v->entries, d->fs.entries);
	} else if (v->entries) {
		return ll_frame_bad("entries", "%" PRIu64 " for a volume no entry was sent for",
				    v->entries);
	}
	return 0;
}

/* Sizes only: the bytes are evidence, judged by the apply step (tsk_hostname.c). */
static int dec_hostname(struct ll_frame *f, struct ll_reader *r)
{
	struct ll_frame_fs_hostname *h = &f->u.fs.hostname;
	const uint8_t *p;
	uint32_t len = 0;
	int rc;

	if ((rc = get_i64(&h->offset, r, "part_offset")) < 0 ||
	    (rc = get_i64(&h->pool_block, r, "pool_block")) < 0 ||
	    (rc = ll_frame_get_u(&h->size, r, "size", 8)) < 0 ||
	    (rc = get_u32(&len, r, "length", (uint32_t)sizeof(h->raw))) < 0)
		return rc;
	if (len > h->size)
		return ll_frame_bad("length", "%" PRIu32 " bytes of a file of %" PRIu64, len,
				    h->size);
	if (ll_reader_bytes(&p, r, len) < 0)
		return ll_frame_bad("content", "%" PRIu32 " bytes announced, fewer sent", len);
	memcpy(h->raw, p, len);
	h->len = len;
	return 0;
}

/* The zone's words: UTF-8 text without control characters, as every frame string. */
static int dec_zone(struct ll_frame *f, struct ll_frame_decoder *d, struct ll_reader *r)
{
	struct ll_frame_fs_zone *z = &f->u.fs.zone;
	int rc;

	if ((rc = get_i64(&z->offset, r, "part_offset")) < 0 ||
	    (rc = get_i64(&z->pool_block, r, "pool_block")) < 0 ||
	    (rc = get_fixed(z->text, sizeof(z->text), r, d, "zone", LL_FRAME_S_TEXT)) < 0)
		return rc;
	if (!z->text[0])
		return ll_frame_bad("zone", "empty");
	/* one line of words: it becomes a column and a warning's text */
	for (const char *c = z->text; *c; c++)
		if ((unsigned char)*c < 0x20)
			return ll_frame_bad("zone", "control character 0x%02x at byte %zu",
					    (unsigned char)*c, (size_t)(c - z->text));
	return 0;
}

int ll_frame_fs_decode(struct ll_frame *f, struct ll_frame_decoder *d, struct ll_reader *r)
{
	int rc;

	if ((rc = ll_frame_need_file(d, ll_frame_fs_name(f->type))) < 0)
		return rc;
	if (!d->fs.tsk)
		return ll_error_set(LL_ECORRUPT, "file-system rows from a file the tsk reader does not read");
	switch (f->type) {
	case LL_FRAME_FS_BEGIN:
		return dec_begin(f, d, r);
	case LL_FRAME_FS_ENTRY:
		return dec_entry(f, d, r);
	case LL_FRAME_FS_VOLUME:
		return dec_volume(f, d, r);
	case LL_FRAME_FS_HOSTNAME:
		return dec_hostname(f, r);
	case LL_FRAME_FS_ZONE:
		return dec_zone(f, d, r);
	default:
		return ll_error_set(LL_EINTERNAL, "frame %d is not a file-system row", (int)f->type);
	}
}

void ll_frame_fs_commit(struct ll_frame_decoder *d, const struct ll_frame *f)
{
	switch (f->type) {
	case LL_FRAME_FILE:
		memset(&d->fs, 0, sizeof(d->fs));
		d->fs.tsk = !strcmp(f->u.file.kind, "tsk");
		break;
	case LL_FRAME_FS_BEGIN:
		d->fs.open = true;
		d->fs.offset = f->u.fs.volume.offset;
		d->fs.pool_block = f->u.fs.volume.pool_block;
		snprintf(d->fs.fs_type, sizeof(d->fs.fs_type), "%s", f->u.fs.volume.fs_type);
		d->fs.entries = 0;
		break;
	case LL_FRAME_FS_ENTRY:
		d->fs.entries++;
		if (!f->u.fs.entry.name_alloc)
			d->fs.deleted++;
		break;
	case LL_FRAME_FS_VOLUME:
		/* its entries are done: an entry naming it now needs a new FS_BEGIN */
		if (d->fs.open && f->u.fs.volume.offset == d->fs.offset &&
		    f->u.fs.volume.pool_block == d->fs.pool_block)
			d->fs.open = false;
		break;
	default:
		break;
	}
}

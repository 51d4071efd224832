/* SPDX-License-Identifier: Apache-2.0 */
/* The "tsk" reader: disk images into fs_volumes, fs_entries and file-system events. */
#include "core/compat.h"
#include "analyze/tsk/tsk_source.h"


#include "analyze/segments.h"
#include "analyze/vdisk_sets.h"
#include "analyze/source.h"
#include "analyze/tsk/tsk_hostname.h"
#include "analyze/prefetch/pf_image.h"
#include "analyze/tsk/tsk_usn.h"
#include "analyze/registry/regf_image.h"
#include "analyze/registry/regf_tzrule.h"
#include "analyze/worker/frame_fs.h"
#include "analyze/tsk/tsk_store.h"
#include "analyze/tsk/tsk_vdisk.h"
#include "analyze/tsk/tsk_walk.h"
#include "analyze/tsk/tsk_volevents.h"
#include "core/endian.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/case.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/reader.h"
#include "core/store.h"
#include "core/time.h"

/* EWF (E01/Ex01) segment number, 0 when not an EWF segment. */
static unsigned ewf_segment(const uint8_t *head, size_t len)
{
	struct ll_reader h;
	const uint8_t *seg;

	ll_reader_init(&h, head, len);
	/* the segment number (u16) at 9 */
	if (ll_reader_match(&h, 0, "EVF\x09\x0d\x0a\xff\x00", 8) &&
	    ll_reader_peek(&seg, &h, 9, 2) == 0)
		return ll_le16(seg) ? ll_le16(seg) : 1;
	if (ll_reader_match(&h, 0, "EVF2\x0d\x0a\x81\x00", 8))
		return 1;
	return 0;
}

/* A DOS partition table whose four entries are plausible. */
static bool mbr_plausible(const struct ll_reader *h)
{
	const uint8_t *table;
	int used = 0;

	/* the boot signature at 510 makes the 64-byte table at 446 whole */
	if (!ll_reader_match(h, 510, "\x55\xaa", 2) || ll_reader_peek(&table, h, 446, 64) < 0)
		return false;
	for (int i = 0; i < 4; i++) {
		const uint8_t *p = table + 16 * i;
		uint32_t start = ll_le32(p + 8), n = ll_le32(p + 12);

		if (p[0] != 0x00 && p[0] != 0x80)
			return false;
		if (p[4] == 0)
			continue;
		if (start == 0 || n == 0)
			return false;
		used++;
	}
	return used > 0;
}

int ll_tsk_probe(const uint8_t *head, size_t len, uint64_t size)
{
	struct ll_reader r, *h = &r;

	LL_UNUSED(size);
	ll_reader_init(&r, head, len);
	if (ewf_segment(head, len))
		return 95;
	/* a fixed VHD is its disk then a footer: probed by that disk's content */
	if (ll_vdisk_of(head, len, NULL) != LL_VDISK_NONE)
		return 95;
	if (ll_reader_match(h, 512, "EFI PART", 8) || ll_reader_match(h, 4096, "EFI PART", 8))
		return 90;
	if (ll_reader_match(h, 3, "NTFS    ", 8) || ll_reader_match(h, 3, "EXFAT   ", 8))
		return 90;
	/* a BitLocker volume: described, and walked with its key (tsk_bde.c) */
	if (ll_reader_match(h, 3, "-FVE-FS-", 8))
		return 90;
	if (ll_reader_match(h, 1080, "\x53\xef", 2))
		return 85; /* ext2/3/4 superblock magic */
	if (ll_reader_match(h, 1024, "H+", 2) || ll_reader_match(h, 1024, "HX", 2))
		return 70;
	if (ll_reader_match(h, 32, "NXSB", 4))
		return 80; /* APFS container */
	if (ll_reader_match(h, 32769, "CD001", 5))
		return 70;
	if (ll_reader_match(h, 510, "\x55\xaa", 2) &&
	    (ll_reader_match(h, 54, "FAT1", 4) || ll_reader_match(h, 82, "FAT32", 5)))
		return 85;
	if (mbr_plausible(h))
		return 75;
	/* an LVM2 physical volume: libtsk 4.11 cannot read it, the walk says so */
	for (size_t sec = 0; sec < 4; sec++)
		if (ll_reader_match(h, sec * 512, "LABELONE", 8) &&
		    ll_reader_match(h, sec * 512 + 24, "LVM2 001", 8))
			return 60;
	return 0;
}

/* --- storage --- */

struct run {
	struct ll_source_ctx *ctx;
	struct ll_tsk_store *store;
	const char *tz;       /* recorded with FAT entries */
	unsigned sector_size;
	uint64_t entries, deleted, volumes_with_fs, vss_entries;
	int err;
	char attrs[LL_TSK_NTIMES][320], locator[160], rule[640];
	const char *zone;     /* the zone of this volume's local times: tz, or zone_text */
	char zone_text[LL_FRAME_FS_ZONE_MAX + 1];
	bool has_zone;        /* zone_text is the volume's own (its SYSTEM hive) */
	uint64_t zone_offset, zone_pool;
	const char *rule_fs;  /* what r->rule was made for */
	bool rule_fn, rule_local;
	struct ll_buf msg;
	bool has_host;        /* host: the /etc/hostname of the volume walked last */
	struct ll_frame_fs_hostname host;
};

static const char *const time_desc[LL_TSK_NTIMES] = {
	[LL_TSK_ATIME] = "Last Access Time",
	[LL_TSK_MTIME] = "Content Modification Time",
	[LL_TSK_CTIME] = "Metadata Modification Time",
	[LL_TSK_CRTIME] = "Creation Time",
};
static const char macb_letter[LL_TSK_NTIMES] = { 'a', 'm', 'c', 'b' };
/* events in mactime's letter order: m, a, c, b */
static const int event_order[LL_TSK_NTIMES] = {
	LL_TSK_MTIME, LL_TSK_ATIME, LL_TSK_CTIME, LL_TSK_CRTIME
};

static bool put(char **p, const char *end, const char *s, size_t n)
{
	if ((size_t)(end - *p) <= n)
		return false;
	memcpy(*p, s, n);
	*p += n;
	**p = '\0';
	return true;
}

static bool put_s(char **p, const char *end, const char *s)
{
	return put(p, end, s, strlen(s));
}

static bool put_u64(char **p, const char *end, uint64_t v)
{
	char d[24];
	size_t len;
	const char *s = ll_u64_dec(d, v, &len);

	return put(p, end, s, len);
}

/*
 * The events of one entry: one per set time, in mactime's letter order.
 * This is the hot loop of a disk image (four rows per file), so the text
 * fields are built by hand, once per entry: only `macb` and `timestomp`
 * differ between its events. The attrs hold what readers of fs events
 * use (fs_detect, the exports); the rest of the entry is in fs_entries.
 */
_Static_assert(LL_TSK_NTIMES <= LL_EVENT_MAX_TIMES, "a file's times fit one statement");

static int store_events(struct run *r, const struct ll_tsk_entry *e)
{
	struct ll_event ev = { 0 };
	char tail[256], *p;
	const char *lend = r->locator + sizeof(r->locator), *tend = tail + sizeof(tail);
	const char *descs[LL_TSK_NTIMES], *attrs[LL_TSK_NTIMES];
	int64_t times[LL_TSK_NTIMES];
	size_t tn, pn, n = 0;
	int rc;

	p = r->locator;
	if (!put_s(&p, lend, "part_offset=") || !put_u64(&p, lend, e->part_offset) ||
	    (e->pool_block &&
	     (!put_s(&p, lend, ";pool_block=") || !put_u64(&p, lend, e->pool_block))) ||
	    (e->vss_store &&
	     (!put_s(&p, lend, ";vss_store=") || !put_u64(&p, lend, e->vss_store))) ||
	    (e->bde && !put_s(&p, lend, ";bde=1")) ||
	    !put_s(&p, lend, ";inode=") || !put_s(&p, lend, e->inode) ||
	    (e->attr_type >= 0 &&
	     (!put_s(&p, lend, ";attr=") || !put_u64(&p, lend, (uint64_t)e->attr_type) ||
	      !put_s(&p, lend, "-") || !put_u64(&p, lend, (uint64_t)(unsigned)e->attr_id))))
		return ll_error_set(LL_EINTERNAL, "event locator too long");
	ll_buf_reset(&r->msg);
	if ((rc = ll_buf_puts(&r->msg, e->path)) < 0 ||
	    (e->fn_row && (rc = ll_buf_puts(&r->msg, " ($FILE_NAME)")) < 0) ||
	    (e->link && ((rc = ll_buf_puts(&r->msg, " -> ")) < 0 ||
			 (rc = ll_buf_puts(&r->msg, e->link)) < 0)) ||
	    (!e->name_alloc &&
	     (rc = ll_buf_puts(&r->msg, e->realloc ? " (deleted-realloc)" : " (deleted)")) < 0))
		return rc;
	/* the rule changes with the file system and the kind of row only */
	if (r->rule_fs != e->fs_type || r->rule_fn != e->fn_row ||
	    r->rule_local != e->local_times) {
		if (e->local_times)
			snprintf(r->rule, sizeof(r->rule), "%s local time, zone %s",
				 e->fs_type, r->zone);
		else
			snprintf(r->rule, sizeof(r->rule), "%s%s UTC", e->fs_type,
				 e->fn_row ? " $FILE_NAME" : "");
		r->rule_fs = e->fs_type;
		r->rule_fn = e->fn_row;
		r->rule_local = e->local_times;
	}
	p = tail;
	if (!put_s(&p, tend, "\",\"inode\":\"") || !put_s(&p, tend, e->inode) ||
	    !put_s(&p, tend, "\",\"size\":") || !put_u64(&p, tend, e->size) ||
	    !put_s(&p, tend, e->name_alloc ? ",\"allocated\":true" : ",\"allocated\":false") ||
	    (e->fn_row && !put_s(&p, tend, ",\"name_kind\":\"FILE_NAME\"")) ||
	    (e->realloc && !put_s(&p, tend, ",\"realloc\":true")) ||
	    (e->local_times && !put_s(&p, tend, ",\"local_time\":true")))
		return ll_error_set(LL_EINTERNAL, "event attributes too long");
	tn = (size_t)(p - tail);
	pn = sizeof("{\"macb\":\"") - 1;
	ev.evidence_id = r->ctx->ev->id;
	ev.source = "fs";
	ev.parser = "tsk";
	ev.category = "file";
	ev.path = e->path;
	ev.event_code = -1;
	ev.locator = r->locator;
	ev.message = r->msg.ptr;
	ev.time_rule = r->rule;
	for (int k = 0; k < LL_TSK_NTIMES; k++) {
		int t = event_order[k];
		char *q = r->attrs[n];

		if (e->ns[t] == LL_TSK_NO_TIME)
			continue;
		if (r->ctx->w->clock_offset_s) {
			int64_t moved = e->ns[t];

			if (ll_time_ns_shift(&moved, r->ctx->w->clock_offset_s) < 0) {
				/* the clock offset moves it out of range: this time only */
				ll_source_warn(r->ctx, "'%s' %s (%c): %s; time not stored", r->ctx->rel_path,
					       r->locator, macb_letter[t], ll_error_message());
				continue;
			}
		}
		memcpy(q, "{\"macb\":\"", pn);
		q[pn] = macb_letter[t];
		memcpy(q + pn + 1, tail, tn);
		q += pn + 1 + tn;
		if (t == LL_TSK_CRTIME && e->timestomp) {
			memcpy(q, ",\"timestomp\":true", sizeof(",\"timestomp\":true") - 1);
			q += sizeof(",\"timestomp\":true") - 1;
		}
		q[0] = '}';
		q[1] = '\0';
		times[n] = e->ns[t];
		descs[n] = time_desc[t];
		attrs[n] = r->attrs[n];
		n++;
	}
	return n ? ll_event_add_times(r->ctx->w, &ev, n, times, descs, attrs) : 0;
}

static int on_entry(const struct ll_tsk_entry *e, void *payload)
{
	struct run *r = payload;
	int rc;

	/*
	 * A shadow copy store's files are events only: fs_entries and
	 * fs_volumes are keyed by the volume's offset, which the live volume
	 * holds (the locator's vss_store=N names the store).
	 */
	if ((!e->vss_store && (rc = ll_tsk_store_entry(r->store, e)) < 0) ||
	    (rc = store_events(r, e)) < 0) {
		r->err = rc;
		return rc;
	}
	r->entries++;
	if (!e->name_alloc)
		r->deleted++;
	return 0;
}

static void on_volume(const struct ll_tsk_volume *v, void *payload)
{
	struct run *r = payload;
	unsigned ss = r->sector_size ? r->sector_size : 512;

	if (v->vss_store) {
		/* a store: its outcome is a warning when it could not be walked whole */
		if (v->error)
			ll_source_warn(r->ctx, "'%s': NTFS volume at offset %" PRIu64 " (sector %"
				       PRIu64 "), shadow copy store %" PRIu32 ": %s",
				       r->ctx->rel_path, v->offset, v->offset / ss, v->vss_store,
				       v->error);
		r->vss_entries += v->entries;
		return;
	}
	if (v->fs_type)
		r->volumes_with_fs++;
	if (v->error && v->pool_block)
		ll_source_warn(r->ctx, "'%s': APFS pool volume at block %" PRIu64 " of the "
			       "container at offset %" PRIu64 " (sector %" PRIu64 ", %s): %s",
			       r->ctx->rel_path, v->pool_block, v->offset, v->offset / ss,
			       v->desc, v->error);
	else if (v->error)
		ll_source_warn(r->ctx, "'%s': %s at offset %" PRIu64 " (sector %" PRIu64
			       "%s%s): %s", r->ctx->rel_path,
			       *v->vs_type ? "partition" : "image", v->offset, v->offset / ss,
			       *v->desc ? ", " : "", v->desc, v->error);
	if (r->err)
		return;
	r->err = ll_tsk_store_volume(r->store, v, ss);
	/* after its volume's row: the zone its local times were read in, when its own */
	if (!r->err && r->has_zone && r->zone_offset == v->offset && r->zone_pool == v->pool_block)
		r->err = ll_tsk_store_zone(r->store, v->offset, v->pool_block, r->zone_text);
	r->has_zone = false;
	r->zone = r->tz;
	r->rule_fs = NULL;
	/* after its volume's row: the name is kept on that row */
	if (!r->err && r->has_host && r->host.offset == v->offset &&
	    r->host.pool_block == v->pool_block)
		r->err = ll_tsk_hostname_found(r->store, r->ctx, &r->host);
	r->has_host = false;
}

/* A Prefetch file of the walked file system: its runs are events (analyze/prefetch/pf_image.c). */
static int on_prefetch(const struct ll_tsk_entry *e, const uint8_t *data, size_t len,
		       uint64_t size, void *payload)
{
	struct run *r = payload;

	struct ll_source_volume vol = ll_tsk_entry_volume(e);

	return ll_pf_image_read(r->ctx, &vol, e->inode, e->path, data, len, size);
}

/* The change journal of an NTFS file system: one event per record (tsk_usn.c). */
static int on_usnjrnl(const struct ll_tsk_entry *e, void *stream, uint64_t size, void *payload)
{
	struct run *r = payload;

	return ll_tsk_usn_read(r->ctx, e, stream, size);
}

/*
 * The image's own time zone, from the SYSTEM hive of a FAT file system
 * (issue #19 item 4): its local times are read in it; the choice is said
 * (which zone, which key, its last-written time), and a conflict with the
 * zone the analyst stated (--tz) too.
 */
static void on_zone(const struct ll_tsk_volume *v, const struct ll_regf_tz *z,
		    const char *refused, void *payload)
{
	struct run *r = payload;
	const char *stated = r->ctx->opts ? r->ctx->opts->tz : NULL;
	char words[360], when[40] = "unknown"; /* both fit zone_text with the key's words */
	int64_t ns;

	if (v->vss_store) /* a shadow copy's: the volume's own was said */
		return;
	if (!z) {
		ll_source_warn(r->ctx, "'%s': file system at offset %" PRIu64 ": the time zone of "
			       "/Windows/System32/config/SYSTEM is not used (%s); its local times "
			       "are read in %s", r->ctx->rel_path, v->offset, refused, r->tz);
		return;
	}
	ll_regf_tz_describe(words, sizeof(words), z);
	if (z->filetime && ll_time_ns_from_filetime(&ns, z->filetime) == 0)
		ll_time_format(when, sizeof(when), ns, 0);
	snprintf(r->zone_text, sizeof(r->zone_text), "%s, from the image's SYSTEM hive "
		 "%s\\Control\\TimeZoneInformation (last written %s)", words, z->control_set, when);
	r->zone = r->zone_text;
	r->rule_fs = NULL; /* the rule names it from now on */
	r->has_zone = true;
	r->zone_offset = v->offset;
	r->zone_pool = v->pool_block;
	if (!v->fs_type || !strstr(v->fs_type, "fat")) {
		/* no local times here: the zone is the host's, for its logs */
		ll_source_warn_code(r->ctx, "tsk.host-zone-kept",
				    json_pack("{s:s, s:I, s:s, s:s}", "file", r->ctx->rel_path,
				              "offset", (json_int_t)v->offset,
				              "fs", v->fs_type ? v->fs_type : "?",
				              "zone", r->zone_text),
				    "'%s': file system at offset %" PRIu64 " (%s): the host's own "
				    "zone %s, kept for the host's local-time logs (its own times are UTC)",
				    r->ctx->rel_path, v->offset, v->fs_type ? v->fs_type : "?",
				    r->zone_text);
		return;
	}
	/* two codes: the French says "(--tz)" or "(aucun --tz donné)" from its own words */
	ll_source_warn_code(r->ctx, stated ? "tsk.fat-image-zone-tz" : "tsk.fat-image-zone",
			    json_pack("{s:s, s:I, s:s, s:s}", "file", r->ctx->rel_path, "offset",
				      (json_int_t)v->offset, "zone", r->zone_text, "tz",
				      stated ? stated : r->tz),
			    "'%s': file system at offset %" PRIu64 ": FAT local times read in "
			    "the image's own zone %s, not in %s%s", r->ctx->rel_path, v->offset,
			    r->zone_text, stated ? stated : r->tz, stated ? " (--tz)" : " (no --tz given)");
	if (stated && ll_regf_tz_differs(z, stated))
		ll_source_warn_code(r->ctx, "tsk.zone-conflict",
				    json_pack("{s:s, s:s, s:s, s:I}", "file", r->ctx->rel_path,
				              "tz", stated, "zone", words,
				              "offset", (json_int_t)v->offset),
				    "'%s': zone conflict: --tz %s differs from the image's own "
				    "zone %s (file system at offset %" PRIu64 "); the image's is used "
				    "for its FAT times", r->ctx->rel_path, stated, words, v->offset);
}

/* A registry hive of the walked file system: its keys are events (analyze/registry/regf_image.c). */
static int on_hive(const struct ll_tsk_entry *e, const uint8_t *data, size_t len,
		   uint64_t size, void *payload)
{
	struct run *r = payload;

	struct ll_source_volume vol = ll_tsk_entry_volume(e);

	return ll_regf_image_read(r->ctx, &vol, e->inode, e->path, data, len, size);
}

static void on_hostname(const struct ll_tsk_volume *v, const uint8_t *raw, size_t len,
			uint64_t size, void *payload)
{
	struct run *r = payload;

	r->host.offset = v->offset;
	r->host.pool_block = v->pool_block;
	r->host.size = size;
	r->host.len = len < sizeof(r->host.raw) ? len : sizeof(r->host.raw);
	memcpy(r->host.raw, raw, r->host.len);
	r->has_host = true;
}

/* A shadow copy store: an event at its creation time (vss_store.c), or the catalog's warning. */
static void on_vss_store(const struct ll_tsk_vss_store *s, void *payload)
{
	struct run *r = payload;
	unsigned ss = r->sector_size ? r->sector_size : 512;
	int rc;

	if (r->err)
		return;
	if (s->error) {
		ll_source_warn(r->ctx, "'%s': NTFS volume at offset %" PRIu64 " (sector %" PRIu64
			       "): %s", r->ctx->rel_path, s->part_offset, s->part_offset / ss,
			       s->error);
		return;
	}
	if ((rc = ll_tsk_vss_event(r->ctx, s)) < 0)
		r->err = rc;
}

/* A BitLocker volume: an event (when it has a creation time) and a warning-level note. */
static void on_bde(const struct ll_tsk_bde_info *b, void *payload)
{
	struct run *r = payload;
	int rc;

	if (r->err)
		return;
	if ((rc = ll_tsk_bde_event(r->ctx, b, r->sector_size ? r->sector_size : 512)) < 0)
		r->err = rc;
}

/* --- segments --- */

/*
 * When file `self` of ev is a VMDK descriptor whose extents the item holds:
 * the descriptor then its extents (indexes into ev->files), which the worker
 * may open (libvmdk opens them by name, next to the descriptor). *n 0 when
 * it is not one. Free *out with ll_free.
 */
static int vmdk_set(size_t **out, size_t *n, const struct ll_case *cs,
		    const struct ll_evidence *ev, size_t self)
{
	size_t *map, *v, k = 0;

	*out = NULL;
	*n = 0;
	if (ev->nfiles < 2)
		return 0;
	if (!(map = ll_calloc(ev->nfiles, sizeof(*map))) ||
	    !(v = ll_calloc(ev->nfiles, sizeof(*v)))) {
		ll_free(map);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < ev->nfiles; i++)
		map[i] = i;
	ll_vdisk_sets_map(map, cs, ev);
	v[k++] = self;
	for (size_t i = 0; i < ev->nfiles; i++)
		if (i != self && map[i] == self)
			v[k++] = i;
	ll_free(map);
	if (k < 2) {
		ll_free(v);
		return 0;
	}
	*out = v;
	*n = k;
	return 0;
}

/*
 * The segments of the image whose first segment is ctx->rel_path: all
 * files of an item collected as an image; for an item collected as files,
 * the set that file starts (analyze/segments.h), in order. Only files the
 * case holds (and hashed) are read.
 */
static int segments_of(char ***out, size_t *n, struct ll_source_ctx *ctx)
{
	const struct ll_evidence *ev = ctx->ev;
	size_t *set = NULL, nset = 0, k = 0, self = SIZE_MAX;
	char **v = ll_calloc(ev->nfiles + 1, sizeof(*v));
	int rc;

	if (!v)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if (!strcmp(ev->kind, "image")) {
		for (size_t i = 0; i < ev->nfiles; i++)
			if (!(v[k++] = ll_case_path(ctx->cs, ev->files[i].path)))
				goto oom;
		*out = v;
		*n = k;
		return 0;
	}
	for (size_t i = 0; i < ev->nfiles && self == SIZE_MAX; i++)
		if (!strcmp(ev->files[i].path, ctx->rel_path))
			self = i;
	if (self == SIZE_MAX) {
		if (!(v[k++] = ll_strdup(ctx->path)))
			goto oom;
	} else if (vmdk_set(&set, &nset, ctx->cs, ev, self) == 0 && nset) {
		for (size_t i = 0; i < nset; i++)
			if (!(v[k++] = ll_case_path(ctx->cs, ev->files[set[i]].path)))
				goto oom;
		ll_free(set);
	} else {
		if ((rc = ll_segments_set(&set, &nset, ev, self)) < 0) {
			ll_free(v);
			return rc;
		}
		for (size_t i = 0; i < nset; i++)
			if (!(v[k++] = ll_case_path(ctx->cs, ev->files[set[i]].path)))
				goto oom;
		ll_free(set);
	}
	*out = v;
	*n = k;
	return 0;
oom:
	ll_free(set);
	for (size_t i = 0; i < k; i++)
		ll_free(v[i]);
	ll_free(v);
	return ll_error_set(LL_ENOMEM, "out of memory");
}

/* A later EWF segment, or a VMDK extent, of an item collected as files: read with its first. */
static bool later_segment(const struct ll_source_ctx *ctx)
{
	uint8_t head[16];
	size_t hl = 0;
	FILE *f = fopen(ctx->path, "rb");

	if (f) {
		hl = fread(head, 1, sizeof(head), f);
		fclose(f);
	}
	if (!strcmp(ctx->ev->kind, "image"))
		return false;
	if (ewf_segment(head, hl) > 1)
		return true;
	for (size_t i = 0; i < ctx->ev->nfiles; i++)
		if (!strcmp(ctx->ev->files[i].path, ctx->rel_path))
			return ll_vdisk_descriptor_of(ctx->cs, ctx->ev, i) != SIZE_MAX;
	return false;
}

int ll_tsk_segments(char ***out, size_t *n, struct ll_source_ctx *ctx)
{
	*out = NULL;
	*n = 0;
	if (later_segment(ctx))
		return 0;
	return segments_of(out, n, ctx);
}

void ll_tsk_segments_free(char **segs, size_t n)
{
	for (size_t i = 0; i < n && segs; i++)
		ll_free(segs[i]);
	ll_free(segs);
}

/*
 * In a worker: the image is opened here, before the lock-down, from the
 * segments the parent named (ctx->segments), with every file opened now
 * (ll_tsk_image_open_now); run() walks it. The open's failure is kept for
 * run() to return.
 */
static struct {
	bool ready, skip;
	int rc;
	struct ll_tsk_image *img;
	char msg[1024];
} prepared;

static int prepare_tsk(struct ll_source_ctx *ctx)
{
	prepared.ready = true;
	ll_pf_image_preload(); /* libscca cannot be loaded after the lock-down */
	ll_tsk_vol_preload();  /* nor libvshadow, libbde and their libbfio */
	ll_regf_image_preload(); /* nor libregf */
	/* none given: a later segment, read with its first (ll_tsk_segments) */
	if ((prepared.skip = !ctx->nsegments))
		return 0;
	prepared.rc = ll_tsk_image_open_now(&prepared.img, ctx->segments, ctx->nsegments);
	if (prepared.rc < 0)
		snprintf(prepared.msg, sizeof(prepared.msg), "%s", ll_error_message());
	return 0;
}

/* The image of this run: the prepared one in a worker, else opened from the item's segments. */
static int open_image(struct ll_tsk_image **img, struct ll_source_ctx *ctx, bool *skip)
{
	char **segs = NULL;
	size_t nsegs = 0;
	int rc;

	*img = NULL;
	if (prepared.ready) {
		prepared.ready = false;
		*skip = prepared.skip;
		*img = prepared.img;
		prepared.img = NULL;
		return prepared.rc < 0 ? ll_error_set(prepared.rc, "%s", prepared.msg) : 0;
	}
	if ((*skip = later_segment(ctx)))
		return 0;
	if ((rc = segments_of(&segs, &nsegs, ctx)) < 0)
		return rc;
	rc = ll_tsk_image_open(img, (const char *const *)segs, nsegs);
	ll_tsk_segments_free(segs, nsegs);
	return rc;
}

/*
 * A virtual disk cut short (a sparse VMDK's grains, a VHDX's blocks past
 * its end) opens, and libtsk's walk skips what it cannot read without a
 * word: every virtual byte is read first, and the first that cannot be is
 * a warning naming the container and the offset. What can be read is
 * still walked, marked partial.
 *
 * This pass is a second read of every virtual byte (issue #19), skipped
 * when it would only repeat one just done: `collect files` recorded the
 * disk's media hashes, and the check before reading of this run
 * (cli/cmd_analyze_timeline.c check_item) has recomputed them through the
 * same libraries (a check worker, ll_tsk_image_hash) and found them equal,
 * the files, record and ledger sound too (opts->media_verified, passed to
 * a worker as --media-verified). Every virtual byte was then read and is
 * what was collected: one pass, as ewfverify is for an E01. It stays with
 * --no-verify (nothing else reads them at all), for a disk without
 * recorded media hashes, and when the check found anything: then it is
 * what says where the disk cannot be read. Measured in bench/README.md,
 * "Where the artefacts' time goes".
 */
static int check_vdisk_reads(struct ll_source_ctx *ctx, struct ll_tsk_image *img)
{
	const char *fmt = ll_tsk_image_format(img);
	uint64_t size;
	int rc;

	if (strcmp(fmt, "vmdk") && strcmp(fmt, "vhd") && strcmp(fmt, "vhdx") && strcmp(fmt, "qcow"))
		return 0;
	if (ctx->opts && ctx->opts->media_verified)
		return 0;
	rc = ll_tsk_image_hash(NULL, NULL, NULL, &size, img, ctx->rel_path, NULL, NULL);
	if (rc == LL_ENOMEM)
		return rc;
	if (rc < 0)
		ll_source_partial(ctx, "damaged-container", "'%s': %s", ctx->rel_path,
				  ll_error_message());
	return 0;
}

/* The environment turns the artefact readers inside images off (documented in analyze-timeline.md). */
static bool artefacts_off(void)
{
	const char *v = getenv("LIFELINE_IMAGE_ARTEFACTS");

	return v && (!strcmp(v, "off") || !strcmp(v, "0"));
}

static int run_tsk(struct ll_source_ctx *ctx)
{
	struct run r = { 0 };
	struct ll_tsk_walk_cb cb = { 0 };
	struct ll_tsk_image *img = NULL;
	bool skip = false;
	int rc;

	if ((rc = open_image(&img, ctx, &skip)) < 0 || skip)
		return rc;
	if ((rc = check_vdisk_reads(ctx, img)) < 0)
		goto out;
	r.ctx = ctx;
	r.tz = ctx->opts && ctx->opts->tz ? ctx->opts->tz : "UTC";
	r.zone = r.tz;
	r.sector_size = ll_tsk_image_sector_size(img);
	ll_buf_init(&r.msg);
	/* in a worker the rows go to the parent, which stores them (analyze/worker/apply_fs.c) */
	rc = ctx->send ? ll_tsk_store_open_frames(&r.store, ctx->send, ctx->send_payload)
		       : ll_tsk_store_open(&r.store, ctx->cs->store, ctx->ev->id, r.tz);
	if (rc < 0)
		goto out;
	cb.entry = on_entry;
	cb.volume = on_volume;
	cb.hostname = on_hostname;
	cb.vss_store = on_vss_store;
	cb.bde = on_bde;
	cb.bde_recovery_key = ctx->opts ? ctx->opts->bde_recovery_key : NULL;
	cb.bde_password = ctx->opts ? ctx->opts->bde_password : NULL;
	cb.zone = on_zone;
	/*
	 * LIFELINE_IMAGE_ARTEFACTS=off: the file system only, without the
	 * artefacts read from it (Prefetch, hives, the NTFS change journal):
	 * bench/artefacts.sh's measure of what they cost.
	 */
	if (!artefacts_off()) {
		cb.prefetch = on_prefetch;
		cb.hive = on_hive;
		cb.usnjrnl = on_usnjrnl;
	}
	cb.payload = &r;
	cb.local_tz = r.tz;
	/* a worker's TZ is pinned: glibc would look for a zone file if it changed */
	cb.keep_tz = ctx->send != NULL;
	rc = ll_tsk_walk(img, &cb);
	if (r.err)
		rc = r.err;
	if (rc < 0)
		goto out;
	rc = 0;
	if (!r.volumes_with_fs)
		ll_source_partial(ctx, "unrecognised",
				  "'%s': %s image of %" PRIu64 " bytes: no file system "
			       "that libtsk %s recognises", ctx->rel_path,
			       ll_tsk_image_format(img), ll_tsk_image_size(img),
			       ll_tsk_version());
	ctx->stats->recovered += r.deleted;
out:
	ll_tsk_store_free(r.store);
	ll_buf_release(&r.msg);
	ll_tsk_image_close(img);
	return rc;
}

const struct ll_source_kind ll_source_tsk = {
	.name = "tsk",
	.probe = ll_tsk_probe,
	.run = run_tsk,
	.clear = ll_tsk_store_clear,
	.whole_item = true,
	.prepare = prepare_tsk,
	.worker = true,
};

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Volume Shadow Copies of an NTFS volume (issue #19 item 2): the catalog
 * read by libvshadow through a libbfio handle over the image (bfio_img.c),
 * each store listed (identifier, creation time, copy identifiers, as
 * vshadowinfo prints them) and walked by libtsk as a volume of its own,
 * so the timeline holds the files as they were when the copy was taken.
 */
#include "core/compat.h"
#include "analyze/tsk/tsk_walk.h"
#include "analyze/tsk/bfio_img.h"
#include "analyze/tsk/tsk_internal.h"
#include "analyze/tsk/vol_img.h"
#include "analyze/tsk/vol_util.h"

#include "core/error.h"

/* More stores than Windows keeps (64) by far: a damaged catalog. */
#define MAX_STORES 512

/* The VSS volume header's identifier, {3808876b-c176-4e48-b7ae-04046e6cc752}, at 0x1e00. */
static const uint8_t vss_guid[16] = { 0x6b, 0x87, 0x08, 0x38, 0x76, 0xc1, 0x48, 0x4e,
				      0xb7, 0xae, 0x04, 0x04, 0x6e, 0x6c, 0xc7, 0x52 };
#define VSS_HEADER_OFFSET 0x1e00

static void err_line(char *buf, size_t len, libvshadow_error_t **e)
{
	const struct ll_vshadow_api *vs = ll_vshadow_api_get();

	ll_vol_err_line(buf, len, e, vs ? vs->error_sprint : NULL, vs ? vs->error_free : NULL, "libvshadow");
}

/*
 * A store read past what the image holds (cut short) gives libtsk garbage
 * or nothing, and its message then speaks of the file system: the image
 * offset that could not be read is said first.
 */
static void name_cut(struct ll_tsk_volume *sv, char *errbuf, size_t len, TSK_IMG_INFO *ti)
{
	uint64_t at = ll_bfio_img_failed_at();
	char why[512];

	if (at == UINT64_MAX)
		return;
	snprintf(why, sizeof(why), "%s", sv->error ? sv->error : "walked");
	snprintf(errbuf, len, "image offset %" PRIu64 " could not be read (the image holds %"
		 PRId64 " bytes): the store's blocks there are missing; %.300s", at,
		 (int64_t)ti->size, why);
	sv->error = errbuf;
}

/* The catalog's failure, said once through cb->vss_store. */
static void report_error(const struct ll_tsk_walk_cb *cb, const struct ll_tsk_volume *v,
			 const char *why)
{
	struct ll_tsk_vss_store s = { 0 };

	s.part_offset = v->offset;
	s.creation_ns = LL_TSK_NO_TIME;
	s.error = why;
	if (cb->vss_store)
		cb->vss_store(&s, cb->payload);
}

/* Store `idx` (0-based): listed, then walked as a volume. */
static int walk_store(TSK_IMG_INFO *ti, libvshadow_volume_t *vol, int idx, int count,
		      const struct ll_tsk_walk_cb *cb, const struct ll_tsk_volume *v)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	const struct ll_vshadow_api *vs = ll_vshadow_api_get();
	struct ll_tsk_walk_cb scb = *cb;
	struct ll_tsk_vss_store s = { 0 };
	struct ll_tsk_volume sv = *v;
	libvshadow_store_t *store = NULL;
	libvshadow_error_t *e = NULL;
	TSK_IMG_INFO *simg;
	uint8_t g[16];
	uint64_t ft = 0;
	size64_t size = 0;
	char why[400], errbuf[512], desc[160];
	int rc;

	s.part_offset = v->offset;
	s.index = (uint32_t)idx + 1;
	s.count = (uint32_t)count;
	s.creation_ns = LL_TSK_NO_TIME;
	if (vs->volume_get_store(vol, idx, &store, &e) != 1) {
		err_line(why, sizeof(why), &e);
		snprintf(errbuf, sizeof(errbuf), "shadow copy store %d of %d could not be read: %s",
			 idx + 1, count, why);
		report_error(cb, v, errbuf);
		return 0;
	}
	if (vs->store_get_identifier(store, g, 16, NULL) == 1)
		ll_vol_guid_str(s.identifier, g);
	if (vs->store_get_copy_identifier(store, g, 16, NULL) == 1)
		ll_vol_guid_str(s.copy_id, g);
	if (vs->store_get_copy_set_identifier(store, g, 16, NULL) == 1)
		ll_vol_guid_str(s.copy_set_id, g);
	if (vs->store_get_creation_time(store, &ft, NULL) == 1)
		s.creation_ns = ll_vol_filetime_ns(ft);
	if (vs->store_get_volume_size(store, &size, NULL) == 1)
		s.volume_size = size;
	if (cb->vss_store)
		cb->vss_store(&s, cb->payload);

	/* the store as a volume: its own image, its reads through libvshadow */
	sv.vss_store = s.index;
	sv.length = size;
	sv.fs_type = NULL;
	sv.block_size = 0;
	sv.error = NULL;
	sv.entries = 0;
	snprintf(desc, sizeof(desc), "%s%sshadow copy store %" PRIu32 " {%s}", v->desc,
		 *v->desc ? ", " : "", s.index, s.identifier);
	sv.desc = desc;
	errbuf[0] = '\0';
	/* the live volume's /etc/hostname and Prefetch are its own: the stores' are history */
	scb.hostname = NULL;
	scb.prefetch = NULL;
	rc = 0;
	if (size == 0 || size > (size64_t)INT64_MAX) {
		snprintf(errbuf, sizeof(errbuf), "shadow copy store %" PRIu32 ": volume size %"
			 PRIu64 " not readable", s.index, (uint64_t)size);
		sv.error = errbuf;
	} else {
		struct ll_vol_img_src src = LL_VOL_IMG_SRC(vs, store, store_read_buffer_at_offset,
							   "libvshadow",
							   "volume shadow copy store (libvshadow)");

		snprintf(src.what, sizeof(src.what), "shadow copy store %" PRIu32 " read at offset",
			 s.index);
		if ((rc = ll_vol_img_open(&simg, &src, size)) < 0) {
			vs->store_free(&store, NULL);
			return rc;
		}
		if (!simg) {
			snprintf(errbuf, sizeof(errbuf), "shadow copy store %" PRIu32 ": %s", s.index,
				 tk->error_get());
			sv.error = errbuf;
		} else {
			ll_bfio_img_failed_reset();
			rc = ll_tsk_fs_walk(simg, &scb, &sv, errbuf, sizeof(errbuf));
			tk->img_close(simg);
			name_cut(&sv, errbuf, sizeof(errbuf), ti);
		}
	}
	if (cb->volume)
		cb->volume(&sv, cb->payload);
	vs->store_free(&store, NULL);
	return rc;
}

int ll_tsk_vss_walk(TSK_IMG_INFO *ti, const struct ll_tsk_walk_cb *cb,
		    const struct ll_tsk_volume *v)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	const struct ll_vshadow_api *vs;
	libvshadow_volume_t *vol = NULL;
	libvshadow_error_t *e = NULL;
	libbfio_handle_t *h = NULL;
	uint8_t sig[16];
	char why[400], msg[512];
	int n = 0, rc = 0;

	/* no catalog header, no library: most volumes stop here */
	if (v->offset > (uint64_t)INT64_MAX - VSS_HEADER_OFFSET ||
	    tk->img_read(ti, (TSK_OFF_T)(v->offset + VSS_HEADER_OFFSET), (char *)sig,
			 sizeof(sig)) != (ssize_t)sizeof(sig) ||
	    memcmp(sig, vss_guid, sizeof(sig)))
		return 0;
	if (!(vs = ll_vshadow_api_get())) {
		snprintf(msg, sizeof(msg), "shadow copies present, not read: %s",
			 ll_error_message());
		report_error(cb, v, msg);
		return 0;
	}
	if (ll_bfio_img_open(&h, ti, v->offset, v->length) < 0) {
		if (ll_error_code() == LL_ENOMEM)
			return ll_error_code();
		snprintf(msg, sizeof(msg), "shadow copies present, not read: %s",
			 ll_error_message());
		report_error(cb, v, msg);
		return 0;
	}
	ll_bfio_img_failed_reset();
	if (vs->volume_initialize(&vol, &e) != 1 ||
	    vs->volume_open_file_io_handle(vol, h, LIBVSHADOW_OPEN_READ, &e) != 1 ||
	    vs->volume_get_number_of_stores(vol, &n, &e) != 1) {
		err_line(why, sizeof(why), &e);
		ll_vol_unreadable(msg, sizeof(msg), "shadow copy catalog", ti, why);
		report_error(cb, v, msg);
		goto out;
	}
	if (n < 0 || n > MAX_STORES) {
		snprintf(msg, sizeof(msg), "shadow copy catalog claims %d stores: damaged", n);
		report_error(cb, v, msg);
		goto out;
	}
	for (int i = 0; i < n && rc == 0; i++)
		rc = walk_store(ti, vol, i, n, cb, v);
out:
	if (vol) {
		vs->volume_close(vol, NULL);
		vs->volume_free(&vol, NULL);
	}
	ll_bfio_img_free(&h);
	return rc;
}

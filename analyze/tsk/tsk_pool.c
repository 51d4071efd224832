/* SPDX-License-Identifier: Apache-2.0 */
/* libtsk adapter, part 3: APFS containers (pools) and their volumes; LVM2 labels named. */
#include "core/compat.h"
#include "analyze/tsk/tsk_walk.h"
#include "analyze/tsk/tsk_guard.h"
#include "analyze/tsk/tsk_internal.h"

/* A pool with more volumes than this is damaged (APFS allows 100). */
#define MAX_POOL_VOLUMES 1024

bool ll_tsk_pool_at(TSK_IMG_INFO *ti, uint64_t off)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	char sig[4];

	/* nx_superblock_t: 32-byte object header, then the magic */
	if (off > INT64_MAX - 32)
		return false;
	return tk->img_read(ti, (TSK_OFF_T)(off + 32), sig, sizeof(sig)) == (ssize_t)sizeof(sig) &&
	       !memcmp(sig, "NXSB", 4);
}

static const char *tsk_reason(void)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	const char *te = tk->error_get();

	return te && *te ? te : "libtsk gave no reason";
}

/* Copies `s` for a message: control characters and quotes become '?'. */
static void clean_copy(char *dst, size_t n, const char *s)
{
	size_t i = 0;

	for (; s && s[i] && i + 1 < n; i++)
		dst[i] = ((unsigned char)s[i] < 0x20 || s[i] == '\'' || s[i] == 0x7f) ? '?' : s[i];
	dst[i] = '\0';
}

/*
 * One volume of the pool: its own image (reads go to the container's),
 * then the walk. An encrypted volume is still tried, as fls does: with
 * hardware-assisted encryption (no key bag in the container) the image
 * holds plain data; otherwise libtsk fails without the password, and the
 * error says why.
 */
static int walk_volume(const TSK_POOL_INFO *pool, const TSK_POOL_VOLUME_INFO *pv,
		       const struct ll_tsk_walk_cb *cb, struct ll_tsk_volume *v,
		       char *errbuf, size_t errlen)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	bool enc = pv->flags & TSK_POOL_VOLUME_FLAG_ENCRYPTED;
	TSK_IMG_INFO *pimg;
	char hint[64], why[300];
	int rc;

	tk->error_reset();
	/* `fls -B`: the volume's image reads the container's bytes at the same offsets */
	if (!(pimg = pool->get_img_info(pool, (TSK_DADDR_T)pv->block))) {
		snprintf(errbuf, errlen, "APFS volume at block %" PRIu64 " could not be opened (%s)",
			 pv->block, tsk_reason());
		v->error = errbuf;
		return 0;
	}
	rc = ll_tsk_fs_walk(pimg, cb, v, errbuf, errlen);
	tk->img_close(pimg);
	if (enc && v->error) {
		clean_copy(hint, sizeof(hint), pv->password_hint);
		snprintf(why, sizeof(why), "%s", v->error);
		snprintf(errbuf, errlen, "encrypted APFS volume%s%s%s, read without a password "
			 "(lifeline does not decrypt): %s", *hint ? " (password hint '" : "",
			 hint, *hint ? "')" : "", why);
		v->error = errbuf;
	}
	return rc;
}

int ll_tsk_pool_walk(TSK_IMG_INFO *ti, const struct ll_tsk_walk_cb *cb,
		     struct ll_tsk_volume *part)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	struct ll_tsk_guard guard = { 0 };
	const TSK_POOL_INFO *pool;
	const TSK_POOL_VOLUME_INFO *pv;
	char errbuf[512], desc[192], name[96];
	uint64_t img_size = ti->size > 0 ? (uint64_t)ti->size : 0;
	int rc = 0, n = 0;

	tk->error_reset();
	/* the container's object map and volume list are sized by what it claims */
	ll_tsk_guard_on(&guard, ll_tsk_guard_budget(part->length ? part->length : img_size));
	pool = tk->pool_open_img_sing(ti, (TSK_OFF_T)part->offset, TSK_POOL_TYPE_APFS);
	ll_tsk_guard_off(&guard);
	if (!pool) {
		snprintf(errbuf, sizeof(errbuf), "APFS container that libtsk %s could not "
			 "open (%s)", tk->version_get_str(), tsk_reason());
		part->error = errbuf;
		if (cb->volume)
			cb->volume(part, cb->payload);
		part->error = NULL;
		return 0;
	}
	for (pv = pool->vol_list; pv && rc == 0 && n < pool->num_vols && n < MAX_POOL_VOLUMES;
	     pv = pv->next, n++) {
		struct ll_tsk_volume v = *part;

		v.pool_block = pv->block;
		v.length = pool->block_size && pv->num_blocks <= UINT64_MAX / pool->block_size
				   ? pv->num_blocks * pool->block_size : 0;
		v.fs_type = NULL;
		v.block_size = 0;
		v.error = NULL;
		v.entries = 0;
		clean_copy(name, sizeof(name), pv->desc);
		snprintf(desc, sizeof(desc), "%s%sAPFS volume '%s'", part->desc,
			 *part->desc ? ", " : "", name);
		v.desc = desc;
		errbuf[0] = '\0';
		if (pv->block == 0) {
			/* block 0 is the container superblock: -B 0 would not select a volume */
			snprintf(errbuf, sizeof(errbuf), "APFS volume with superblock at block 0: damaged");
			v.error = errbuf;
		} else {
			rc = walk_volume(pool, pv, cb, &v, errbuf, sizeof(errbuf));
		}
		if (cb->volume)
			cb->volume(&v, cb->payload);
	}
	if (n == 0 && rc == 0) {
		snprintf(errbuf, sizeof(errbuf), "APFS container with no volume that libtsk lists");
		part->error = errbuf;
		if (cb->volume)
			cb->volume(part, cb->payload);
		part->error = NULL;
	}
	tk->pool_close(pool);
	return rc;
}

void ll_tsk_lvm_explain(TSK_IMG_INFO *ti, struct ll_tsk_volume *v, char *errbuf,
			size_t errlen)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	/* label_header: "LABELONE", sector, crc, offset, then "LVM2 001"; in sectors 0–3 */
	for (uint64_t s = 0; s < 4; s++) {
		char lab[32];
		uint64_t at = v->offset + s * 512;

		if (at > INT64_MAX - sizeof(lab) ||
		    tk->img_read(ti, (TSK_OFF_T)at, lab, sizeof(lab)) != (ssize_t)sizeof(lab))
			return;
		if (!memcmp(lab, "LABELONE", 8) && !memcmp(lab + 24, "LVM2 001", 8)) {
			snprintf(errbuf, errlen, "LVM2 physical volume (label at byte %" PRIu64
				 "): libtsk %s is built without LVM support, so its logical "
				 "volumes are not read; extract them with LVM tools and add "
				 "them as images", at, tk->version_get_str());
			v->error = errbuf;
			return;
		}
	}
}

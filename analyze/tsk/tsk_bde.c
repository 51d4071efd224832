/* SPDX-License-Identifier: Apache-2.0 */
/*
 * BitLocker volumes (issue #19 item 3). A volume with the signature
 * -FVE-FS- is described without any key (offset, encryption method, key
 * protectors, as bdeinfo prints them: an encrypted volume is evidence too);
 * with a recovery key or password it is unlocked read-only by libbde,
 * through a libbfio handle over the image (bfio_img.c), and walked by
 * libtsk. The key is handed to libbde and nowhere else: never in a
 * message, a row or an attribute (only that one was given, and its kind).
 */
#include "core/compat.h"
#include "analyze/tsk/tsk_walk.h"
#include "analyze/tsk/bfio_img.h"
#include "analyze/tsk/tsk_internal.h"
#include "analyze/tsk/vol_img.h"
#include "analyze/tsk/vol_util.h"

#include "core/error.h"

#define MAX_PROTECTORS 64

/* BitLocker's identifier {4967d63b-2e29-4ad8-8399-f6a339e3d001}, as stored */
static const uint8_t bde_guid[16] = { 0x3b, 0xd6, 0x67, 0x49, 0x29, 0x2e, 0xd8, 0x4a,
				      0x83, 0x99, 0xf6, 0xa3, 0x39, 0xe3, 0xd0, 0x01 };

bool ll_tsk_bde_at(TSK_IMG_INFO *ti, uint64_t off)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	char sect[512];

	if (off > (uint64_t)INT64_MAX - sizeof(sect) ||
	    tk->img_read(ti, (TSK_OFF_T)off, sect, sizeof(sect)) != (ssize_t)sizeof(sect))
		return false;
	/*
	 * The boot sector's OEM name "-FVE-FS-" (Windows 7 and later); or, for
	 * BitLocker To Go, a FAT "discovery volume" (OEM "MSWIN4.1") holding the
	 * BitLocker identifier at 424, which libbde recognises the same way.
	 */
	return !memcmp(sect + 3, "-FVE-FS-", 8) ||
	       (!memcmp(sect + 3, "MSWIN4.1", 8) && !memcmp(sect + 424, bde_guid, 16));
}

static void err_line(char *buf, size_t len, libbde_error_t **e)
{
	const struct ll_bde_api *b = ll_bde_api_get();

	ll_vol_err_line(buf, len, e, b ? b->error_sprint : NULL, b ? b->error_free : NULL, "libbde");
}

/* bdeinfo's names for the methods */
static const char *method_name(uint16_t m, char *buf, size_t len)
{
	switch (m) {
	case LIBBDE_ENCRYPTION_METHOD_AES_128_CBC_DIFFUSER: return "AES-CBC 128-bit with Diffuser";
	case LIBBDE_ENCRYPTION_METHOD_AES_256_CBC_DIFFUSER: return "AES-CBC 256-bit with Diffuser";
	case LIBBDE_ENCRYPTION_METHOD_AES_128_CBC: return "AES-CBC 128-bit";
	case LIBBDE_ENCRYPTION_METHOD_AES_256_CBC: return "AES-CBC 256-bit";
	case LIBBDE_ENCRYPTION_METHOD_AES_128_XTS: return "AES-XTS 128-bit";
	case LIBBDE_ENCRYPTION_METHOD_AES_256_XTS: return "AES-XTS 256-bit";
	default:
		snprintf(buf, len, "Unknown (0x%04x)", (unsigned)m);
		return buf;
	}
}

static const char *protector_name(uint16_t t, char *buf, size_t len)
{
	switch (t) {
	case LIBBDE_KEY_PROTECTION_TYPE_CLEAR_KEY: return "Clear key";
	case LIBBDE_KEY_PROTECTION_TYPE_TPM: return "TPM";
	case LIBBDE_KEY_PROTECTION_TYPE_STARTUP_KEY: return "Startup key";
	case LIBBDE_KEY_PROTECTION_TYPE_RECOVERY_PASSWORD: return "Recovery password";
	case LIBBDE_KEY_PROTECTION_TYPE_PASSWORD: return "Password";
	default:
		snprintf(buf, len, "Unknown (0x%04x)", (unsigned)t);
		return buf;
	}
}

/* The key protectors, "Type {guid}" joined by ", " (bounded). */
static void describe(libbde_volume_t *vol, struct ll_tsk_bde_info *bi, char *mbuf, size_t mlen)
{
	const struct ll_bde_api *b = ll_bde_api_get();
	uint16_t method = 0;
	uint64_t ft = 0;
	uint8_t g[16];
	int n = 0;
	size_t used = 0;

	if (b->volume_get_encryption_method(vol, &method, NULL) == 1)
		bi->method = method_name(method, mbuf, mlen);
	if (b->volume_get_volume_identifier(vol, g, 16, NULL) == 1)
		ll_vol_guid_str(bi->identifier, g);
	if (b->volume_get_creation_time(vol, &ft, NULL) == 1)
		bi->creation_ns = ll_vol_filetime_ns(ft);
	if (b->volume_get_number_of_key_protectors(vol, &n, NULL) != 1 || n < 0)
		n = 0;
	bi->nprotectors = (uint32_t)n;
	for (int i = 0; i < n && i < MAX_PROTECTORS; i++) {
		libbde_key_protector_t *kp = NULL;
		uint16_t type = 0;
		char id[40] = "", tb[32];
		int w;

		if (b->volume_get_key_protector(vol, i, &kp, NULL) != 1)
			continue;
		if (b->key_protector_get_identifier(kp, g, 16, NULL) == 1)
			ll_vol_guid_str(id, g);
		b->key_protector_get_type(kp, &type, NULL);
		b->key_protector_free(&kp, NULL);
		w = snprintf(bi->protectors + used, sizeof(bi->protectors) - used, "%s%s {%s}",
			     used ? ", " : "", protector_name(type, tb, sizeof(tb)), id);
		if (w < 0 || (size_t)w >= sizeof(bi->protectors) - used)
			break;
		used += (size_t)w;
	}
}

int ll_tsk_bde_walk(TSK_IMG_INFO *ti, const struct ll_tsk_walk_cb *cb, struct ll_tsk_volume *v)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	const struct ll_bde_api *b = ll_bde_api_get();
	struct ll_tsk_bde_info bi = { 0 };
	libbde_volume_t *vol = NULL;
	libbde_error_t *e = NULL;
	libbfio_handle_t *h = NULL;
	char why[400], errbuf[512], mbuf[32], desc[128];
	const char *key = cb->bde_recovery_key ? cb->bde_recovery_key : cb->bde_password;
	size64_t size = 0;
	int locked = 1, rc = 0;

	bi.part_offset = v->offset;
	bi.length = v->length;
	bi.creation_ns = LL_TSK_NO_TIME;
	bi.method = "unknown";
	bi.key_given = key != NULL;
	bi.key_kind = cb->bde_recovery_key ? "recovery key" : cb->bde_password ? "password" : NULL;
	snprintf(desc, sizeof(desc), "%s%sBitLocker", v->desc, *v->desc ? ", " : "");
	v->desc = desc;
	v->fs_type = NULL;
	errbuf[0] = '\0';
	if (!b) {
		snprintf(errbuf, sizeof(errbuf), "BitLocker volume, not read: %s", ll_error_message());
		goto report;
	}
	if (ll_bfio_img_open(&h, ti, v->offset, v->length) < 0) {
		if (ll_error_code() == LL_ENOMEM)
			return ll_error_code();
		snprintf(errbuf, sizeof(errbuf), "BitLocker volume, not read: %s", ll_error_message());
		goto report;
	}
	ll_bfio_img_failed_reset();
	if (b->volume_initialize(&vol, &e) != 1)
		goto lib_error;
	/* the key goes to libbde only; a key libbde refuses to take is an error, not echoed */
	if (cb->bde_recovery_key &&
	    b->volume_set_utf8_recovery_password(vol, (const uint8_t *)cb->bde_recovery_key,
						 strlen(cb->bde_recovery_key), &e) != 1) {
		if (e)
			b->error_free(&e);
		snprintf(errbuf, sizeof(errbuf), "BitLocker volume: the recovery key given is not "
			 "one (48 digits in 8 groups of 6, each a multiple of 11); not walked");
		goto report;
	}
	if (cb->bde_password && !cb->bde_recovery_key &&
	    b->volume_set_utf8_password(vol, (const uint8_t *)cb->bde_password,
					strlen(cb->bde_password), &e) != 1) {
		if (e)
			b->error_free(&e);
		snprintf(errbuf, sizeof(errbuf), "BitLocker volume: the password could not be "
			 "given to libbde; not walked");
		goto report;
	}
	/* 1: opened and unlocked; 0: opened, still locked (libbde 20190102); -1: error */
	if (b->volume_open_file_io_handle(vol, h, LIBBDE_OPEN_READ, &e) < 0)
		goto lib_error;
	if (e)
		b->error_free(&e);
	describe(vol, &bi, mbuf, sizeof(mbuf));
	locked = b->volume_is_locked(vol, NULL);
	if (locked != 0) {
		if (key)
			snprintf(errbuf, sizeof(errbuf), "BitLocker volume (%s): the %s given does "
				 "not unlock it; encrypted volume, not walked", bi.method, bi.key_kind);
		else
			snprintf(errbuf, sizeof(errbuf), "BitLocker volume (%s): encrypted volume, "
				 "not walked (no key given: --bde-recovery-key or "
				 "--bde-password-file)", bi.method);
		goto report;
	}
	bi.unlocked = true;
	if (b->volume_get_size(vol, &size, &e) != 1 || size == 0 || size > (size64_t)INT64_MAX)
		goto lib_error;
	goto report;
lib_error:
	err_line(why, sizeof(why), &e);
	ll_vol_unreadable(errbuf, sizeof(errbuf), "BitLocker volume", ti, why);
	bi.unlocked = false;
report:
	bi.error = errbuf[0] ? errbuf : NULL;
	if (cb->bde)
		cb->bde(&bi, cb->payload);
	if (bi.unlocked) {
		struct ll_vol_img_src src = LL_VOL_IMG_SRC(b, vol, volume_read_buffer_at_offset, "libbde",
							   "BitLocker volume (libbde)");
		TSK_IMG_INFO *bimg;

		snprintf(src.what, sizeof(src.what), "BitLocker volume at offset %" PRIu64 ": read at",
			 v->offset);
		if ((rc = ll_vol_img_open(&bimg, &src, size)) < 0)
			goto out;
		if (!bimg) {
			snprintf(errbuf, sizeof(errbuf), "BitLocker volume: %s", tk->error_get());
			v->error = errbuf;
		} else {
			v->bde = true;
			ll_bfio_img_failed_reset();
			rc = ll_tsk_fs_walk(bimg, cb, v, errbuf, sizeof(errbuf));
			tk->img_close(bimg);
			if (ll_bfio_img_failed_at() != UINT64_MAX) {
				snprintf(why, sizeof(why), "%s", v->error ? v->error : "walked");
				snprintf(errbuf, sizeof(errbuf), "BitLocker volume: image offset %" PRIu64
					 " could not be read (the image holds %" PRId64 " bytes); %.300s",
					 ll_bfio_img_failed_at(), (int64_t)ti->size, why);
				v->error = errbuf;
			}
		}
	} else {
		v->error = errbuf;
	}
	if (cb->volume)
		cb->volume(v, cb->payload);
	/* a decrypted volume's own shadow copies are not read yet (not done: see the report) */
out:
	if (vol) {
		b->volume_close(vol, NULL);
		b->volume_free(&vol, NULL);
	}
	ll_bfio_img_free(&h);
	return rc;
}

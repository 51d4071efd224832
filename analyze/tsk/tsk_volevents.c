/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The volume-level events of an image (issue #19 items 2 and 3): each
 * Volume Shadow Copy store at its creation time, with the identifiers
 * vshadowinfo prints (the deleted-backups detector counts them), and each
 * BitLocker volume with its method and key protectors. A key is never
 * written: only that one was given and its kind.
 */
#include "core/compat.h"
#include "analyze/tsk/tsk_volevents.h"

#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "analyze/tsk/vol_lib.h"

/*
 * A volume's event at its creation time: both kinds are written alike
 * (parser "tsk", no event code), only their rule, source and texts differ.
 */
static int vol_event(struct ll_source_ctx *ctx, int64_t time_ns, const char *time_rule,
		     const char *source, const char *category, const char *loc, const char *msg,
		     const char *attrs)
{
	struct ll_event ev = { 0 };

	ev.evidence_id = ctx->ev->id;
	ev.time_ns = time_ns;
	ev.time_desc = "Creation Time";
	ev.time_rule = time_rule;
	ev.source = source;
	ev.parser = "tsk";
	ev.category = category;
	ev.event_code = -1;
	ev.locator = loc;
	ev.message = msg;
	ev.attrs = attrs;
	return ll_event_add(ctx->w, &ev, NULL);
}

int ll_tsk_vss_event(struct ll_source_ctx *ctx, const struct ll_tsk_vss_store *s)
{
	char loc[96], msg[400], attrs[400];

	if (s->creation_ns == LL_TSK_NO_TIME) {
		ll_source_warn(ctx, "'%s': NTFS volume at offset %" PRIu64 ", shadow copy store %"
			       PRIu32 " {%s}: no creation time; listed here only", ctx->rel_path,
			       s->part_offset, s->index, s->identifier);
		return 0;
	}
	snprintf(loc, sizeof(loc), "part_offset=%" PRIu64 ";vss_store=%" PRIu32, s->part_offset,
		 s->index);
	snprintf(msg, sizeof(msg), "Volume shadow copy store %" PRIu32 " of %" PRIu32
		 " created (identifier {%s}, shadow copy ID {%s}, set {%s}) on the NTFS "
		 "volume at offset %" PRIu64, s->index, s->count, s->identifier, s->copy_id,
		 s->copy_set_id, s->part_offset);
	snprintf(attrs, sizeof(attrs), "{\"store\":%" PRIu32 ",\"stores\":%" PRIu32
		 ",\"identifier\":\"%s\",\"copy_id\":\"%s\",\"copy_set_id\":\"%s\","
		 "\"volume_size\":%" PRIu64 "}", s->index, s->count, s->identifier, s->copy_id,
		 s->copy_set_id, s->volume_size);
	return vol_event(ctx, s->creation_ns, "VSS store FILETIME UTC", "vss", "shadow-copy", loc,
			 msg, attrs);
}

int ll_tsk_bde_event(struct ll_source_ctx *ctx, const struct ll_tsk_bde_info *b,
		     unsigned sector_size)
{
	char loc[64], msg[700], attrs[700];
	const char *state = b->unlocked ? "unlocked read-only and walked"
			  : "encrypted volume, not walked";

	if (b->creation_ns == LL_TSK_NO_TIME) {
		/* unreadable: the volume's own warning says why, with the offset */
		if (b->error && !b->unlocked)
			return 0;
		ll_source_warn(ctx, "'%s': BitLocker volume at offset %" PRIu64 " (sector %" PRIu64
			       "), %s, key protectors: %s: %s", ctx->rel_path, b->part_offset,
			       b->part_offset / sector_size, b->method,
			       b->nprotectors ? b->protectors : "none read", state);
		return 0;
	}
	snprintf(loc, sizeof(loc), "part_offset=%" PRIu64 ";bde=1", b->part_offset);
	snprintf(msg, sizeof(msg), "BitLocker volume at offset %" PRIu64 " (%s; %" PRIu32
		 " key protectors: %s): %s%s%s", b->part_offset, b->method, b->nprotectors,
		 b->nprotectors ? b->protectors : "none read", state,
		 b->key_given ? ", a key was given: " : "", b->key_given ? b->key_kind : "");
	snprintf(attrs, sizeof(attrs), "{\"method\":\"%s\",\"volume_id\":\"%s\","
		 "\"key_protectors\":%" PRIu32 ",\"protectors\":\"%s\",\"key_given\":%s%s%s%s,"
		 "\"unlocked\":%s}", b->method, b->identifier, b->nprotectors, b->protectors,
		 b->key_given ? "true" : "false", b->key_given ? ",\"key_kind\":\"" : "",
		 b->key_given ? b->key_kind : "", b->key_given ? "\"" : "",
		 b->unlocked ? "true" : "false");
	return vol_event(ctx, b->creation_ns, "BitLocker FVE metadata FILETIME UTC", "bde",
			 "encrypted-volume", loc, msg, attrs);
}

void ll_tsk_vol_preload(void)
{
	/* the errors are kept by each table's loader and given again on use */
	(void)ll_bfio_api_get();
	(void)ll_vshadow_api_get();
	(void)ll_bde_api_get();
	ll_error_clear();
}

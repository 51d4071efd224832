/* SPDX-License-Identifier: Apache-2.0 */
/* Registry hives inside a disk image, read from their bytes (regf_image.h). */
#include "core/compat.h"
#include "analyze/registry/regf_image.h"

#include <stdio.h>
#include <strings.h>

#include "analyze/registry/regf_events.h"
#include "analyze/registry/regf_lib.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

bool ll_regf_image_is_hive(const char *dir, const char *name)
{
	const char *slash;

	if (!dir || !name)
		return false;
	if (!strcasecmp(dir, "Windows/System32/config/"))
		return !strcasecmp(name, "SYSTEM") || !strcasecmp(name, "SOFTWARE");
	if (strcasecmp(name, "NTUSER.DAT"))
		return false;
	/* a profile's own hive: Users/<name>/ or Documents and Settings/<name>/ */
	if (!strncasecmp(dir, "Users/", 6))
		dir += 6;
	else if (!strncasecmp(dir, "Documents and Settings/", 23))
		dir += 23;
	else
		return false;
	slash = strchr(dir, '/');
	return slash && slash > dir && slash[1] == '\0';
}

void ll_regf_image_preload(void)
{
	if (ll_regf_api_get())
		(void)ll_regf_bfio_api_get();
}

/* A hive of the image lost: said, counted, the image goes on. */
static int lost(struct ll_source_ctx *ctx, const char *label, const char *why)
{
	return ll_source_reject_artefact(ctx, "registry hive", label, why);
}

int ll_regf_image_read(struct ll_source_ctx *ctx, const struct ll_source_volume *vol,
		       const char *inode, const char *path, const uint8_t *data, size_t len,
		       uint64_t size)
{
	struct ll_buf label, prefix;
	int rc;

	ll_buf_init(&label);
	ll_buf_init(&prefix);
	if ((rc = ll_source_artefact_names(&label, &prefix, ctx, vol, inode,
					   path)) < 0)
		goto out;
	if (!data) {
		char why[96];

		if (size > LL_REGF_IMAGE_MAX)
			snprintf(why, sizeof(why), "%" PRIu64 " bytes, larger than the %" PRIu64
				 " MiB read of a hive: not read", size, LL_REGF_IMAGE_MAX >> 20);
		else
			snprintf(why, sizeof(why), "its bytes could not be read from the image "
				 "(or held in the worker's memory)");
		rc = lost(ctx, label.ptr, why);
		goto out;
	}
	if (!ll_regf_api_get() || !ll_regf_bfio_api_get()) {
		rc = lost(ctx, label.ptr, ll_error_message());
		goto out;
	}
	{
		/*
		 * libregf reads `data` in place: the walk's read is followed by
		 * LL_TSK_ARTEFACT_SLACK zero bytes (tsk_walk.h), what a padded
		 * copy gave before
		 */
		struct ll_regf_where w = { label.ptr, path, path, prefix.ptr, data, len };

		rc = ll_regf_events_mem(ctx, &w);
	}
	/* a hive neither libregf nor the cell scan can read: this file lost, the image goes on */
	if (rc == LL_ECORRUPT || rc == LL_EUNSUPPORTED) {
		char why[768];

		snprintf(why, sizeof(why), "%s", ll_error_message());
		ctx->stats->rejected++;
		if (!ctx->stats->first_rejected[0])
			snprintf(ctx->stats->first_rejected, sizeof(ctx->stats->first_rejected),
				 "registry hive %.200s: %.280s", label.ptr, why);
		ll_source_warn(ctx, "%s", why);
		rc = 0;
	}
out:
	ll_buf_release(&label);
	ll_buf_release(&prefix);
	return rc;
}

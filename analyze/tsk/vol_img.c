/* SPDX-License-Identifier: Apache-2.0 */
/* A libyal volume as a TSK image (vol_img.h): shadow copy stores and BitLocker volumes. */
#include "core/compat.h"
#include "analyze/tsk/vol_img.h"

#include "analyze/tsk/bfio_img.h"
#include "analyze/tsk/vol_util.h"
#include "core/alloc.h"
#include "core/error.h"

/* TSK_IMG_INFO must come first (tsk_img_open_external). */
struct vol_img {
	TSK_IMG_INFO info;
	struct ll_vol_img_src src;
};

static ssize_t vol_read(TSK_IMG_INFO *img, TSK_OFF_T off, char *buf, size_t len)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	struct vol_img *m = (struct vol_img *)img;
	intptr_t *e = NULL;
	char why[400];
	ssize_t got;

	if (off < 0 || off >= img->size)
		return 0;
	got = m->src.read(m->src.vol, buf, len, (off64_t)off, &e);
	if (got < 0) {
		/* the volume's offset is not the image's: the one that failed is named too */
		uint64_t at = ll_bfio_img_failed_at();

		ll_vol_err_line(why, sizeof(why), &e, m->src.error_sprint, m->src.error_free,
				m->src.lib);
		tk->error_reset();
		tk->error_set_errno(TSK_ERR_IMG_READ);
		if (at != UINT64_MAX)
			tk->error_set_errstr("%s %" PRId64 " (image offset %" PRIu64 "): %s",
					     m->src.what, (int64_t)off, at, why);
		else
			tk->error_set_errstr("%s %" PRId64 ": %s", m->src.what, (int64_t)off, why);
	}
	return got;
}

static void vol_close(TSK_IMG_INFO *img)
{
	/* the volume is borrowed: its walker frees it */
	ll_free(img);
}

static void vol_stat(TSK_IMG_INFO *img, FILE *f)
{
	fprintf(f, "%s\n", ((struct vol_img *)img)->src.stat);
}

int ll_vol_img_open(TSK_IMG_INFO **out, const struct ll_vol_img_src *src, uint64_t size)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	struct vol_img *m;

	*out = NULL;
	if (!(m = ll_calloc(1, sizeof(*m))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	m->src = *src;
	m->info.tag = TSK_IMG_INFO_TAG;
	tk->error_reset();
	*out = tk->img_open_external(m, (TSK_OFF_T)size, 512, vol_read, vol_close, vol_stat);
	if (!*out)
		ll_free(m);
	return 0;
}

void ll_vol_unreadable(char *buf, size_t len, const char *what, const TSK_IMG_INFO *ti,
		       const char *why)
{
	uint64_t at = ll_bfio_img_last_failed_at();

	if (at != UINT64_MAX)
		snprintf(buf, len, "%s unreadable (image offset %" PRIu64 " could not be read; the "
			 "image holds %" PRId64 " bytes): %s", what, at, (int64_t)ti->size, why);
	else
		snprintf(buf, len, "%s unreadable: %s", what, why);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* libtsk adapter, part 1: opening a disk image from files or from memory. */
#include "core/compat.h"
#include "analyze/tsk/tsk_walk.h"
#include "analyze/tsk/tsk_internal.h"

#include "core/alloc.h"
#include "core/error.h"

/* The in-memory image: TSK_IMG_INFO must come first (tsk_img_open_external). */
struct mem_img {
	TSK_IMG_INFO info;
	const uint8_t *data;
	size_t len;
};

static ssize_t mem_read(TSK_IMG_INFO *img, TSK_OFF_T off, char *buf, size_t len)
{
	const struct mem_img *m = (const struct mem_img *)img;

	if (off < 0 || (uint64_t)off >= m->len)
		return 0;
	if (len > m->len - (size_t)off)
		len = m->len - (size_t)off;
	memcpy(buf, m->data + off, len);
	return (ssize_t)len;
}

static void mem_close(TSK_IMG_INFO *img)
{
	ll_free(img);
}

static void mem_stat(TSK_IMG_INFO *img, FILE *f)
{
	LL_UNUSED(img);
	fprintf(f, "in-memory image\n");
}

int ll_tsk_image_open_mem(struct ll_tsk_image **out, const uint8_t *data,
			  size_t len)
{
	struct mem_img *m = ll_calloc(1, sizeof(*m));
	struct ll_tsk_image *img;
	TSK_IMG_INFO *ti;

	if (!m)
		return ll_error_set(LL_ENOMEM, "out of memory");
	m->info.tag = TSK_IMG_INFO_TAG;
	m->data = data;
	m->len = len;
	tsk_error_reset();
	ti = tsk_img_open_external(m, (TSK_OFF_T)len, 512, mem_read, mem_close,
				   mem_stat);
	if (!ti) {
		ll_free(m);
		return ll_error_set(LL_ECORRUPT, "in-memory image: %s", tsk_error_get());
	}
	if (!(img = ll_calloc(1, sizeof(*img)))) {
		tsk_img_close(ti);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	img->img = ti;
	*out = img;
	return 0;
}

int ll_tsk_image_open(struct ll_tsk_image **out, const char *const *paths,
		      size_t npaths)
{
	struct ll_tsk_image *img;
	TSK_IMG_TYPE_ENUM type;
	TSK_IMG_INFO *ti;

	if (npaths == 0 || npaths > INT32_MAX)
		return ll_error_set(LL_EINVAL, "no image segment given");
	/*
	 * Name the format rather than let libtsk try each library in turn
	 * (its VMDK/VHD probes leak): EWF by signature, raw otherwise.
	 */
	{
		char sig[8] = { 0 };
		FILE *f = fopen(paths[0], "rb");

		if (f) {
			if (fread(sig, 1, sizeof(sig), f) != sizeof(sig))
				memset(sig, 0, sizeof(sig));
			fclose(f);
		}
		type = (!memcmp(sig, "EVF\x09\x0d\x0a\xff\x00", 8) ||
			!memcmp(sig, "EVF2\x0d\x0a\x81\x00", 8))
			       ? TSK_IMG_TYPE_EWF_EWF : TSK_IMG_TYPE_RAW;
	}
	tsk_error_reset();
	ti = tsk_img_open_utf8((int)npaths, paths, type, 0);
	if (!ti)
		return ll_error_set(LL_ECORRUPT, "image '%s' (%zu segment%s): %s",
				    paths[0], npaths, npaths == 1 ? "" : "s",
				    tsk_error_get() ? tsk_error_get() : "cannot open");
	if (!(img = ll_calloc(1, sizeof(*img)))) {
		tsk_img_close(ti);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	img->img = ti;
	*out = img;
	return 0;
}

void ll_tsk_image_close(struct ll_tsk_image *img)
{
	if (!img)
		return;
	tsk_img_close(img->img);
	ll_free(img);
}

uint64_t ll_tsk_image_size(const struct ll_tsk_image *img)
{
	return img->img->size > 0 ? (uint64_t)img->img->size : 0;
}

unsigned ll_tsk_image_sector_size(const struct ll_tsk_image *img)
{
	return img->img->sector_size;
}

const char *ll_tsk_image_format(const struct ll_tsk_image *img)
{
	const char *n = tsk_img_type_toname(img->img->itype);

	return n ? n : "unknown";
}

const char *ll_tsk_version(void)
{
	return tsk_version_get_str();
}

/* SPDX-License-Identifier: Apache-2.0 */
/* libtsk adapter, part 1: opening a disk image from files or from memory. */
#include "core/compat.h"
#include "analyze/tsk/tsk_walk.h"
#include "analyze/tsk/tsk_internal.h"
#include "analyze/tsk/tsk_vdisk.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	struct mem_img *m;
	struct ll_tsk_image *img;
	TSK_IMG_INFO *ti;

	if (!tk)
		return ll_error_context("the in-memory image");
	if (!(m = ll_calloc(1, sizeof(*m))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	m->info.tag = TSK_IMG_INFO_TAG;
	m->data = data;
	m->len = len;
	tk->error_reset();
	ti = tk->img_open_external(m, (TSK_OFF_T)len, 512, mem_read, mem_close,
				   mem_stat);
	if (!ti) {
		ll_free(m);
		return ll_error_set(LL_ECORRUPT, "in-memory image: %s", tk->error_get());
	}
	if (!(img = ll_calloc(1, sizeof(*img)))) {
		tk->img_close(ti);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	img->img = ti;
	*out = img;
	return 0;
}

/*
 * A raw image whose segments are open descriptors: libtsk's own raw reader
 * reopens its files by name as it reads (its cache holds a few), which a
 * locked-down worker cannot do. TSK_IMG_INFO must come first.
 */
struct fd_img {
	TSK_IMG_INFO info;
	size_t n;
	int *fds;
	uint64_t *end; /* end[i]: the media offset where segment i ends */
};

static ssize_t fd_read(TSK_IMG_INFO *img, TSK_OFF_T off, char *buf, size_t len)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	const struct fd_img *m = (const struct fd_img *)img;
	size_t done = 0, i = 0;

	if (off < 0)
		return 0;
	while (i < m->n && m->end[i] <= (uint64_t)off)
		i++;
	while (done < len && i < m->n) {
		uint64_t at = (uint64_t)off + done, start = i ? m->end[i - 1] : 0;
		size_t want = len - done;
		ssize_t got;

		if (at >= m->end[i]) {
			i++;
			continue;
		}
		if (want > m->end[i] - at)
			want = (size_t)(m->end[i] - at);
		got = pread(m->fds[i], buf + done, want, (off_t)(at - start));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			tk->error_reset();
			tk->error_set_errno(TSK_ERR_IMG_READ);
			tk->error_set_errstr("raw read of segment %zu at offset %" PRIu64 ": %s",
					     i + 1, at - start, strerror(errno));
			return -1;
		}
		if (got == 0)
			break; /* the segment shrank since it was opened */
		done += (size_t)got;
	}
	return (ssize_t)done;
}

static void fd_close(TSK_IMG_INFO *img)
{
	struct fd_img *m = (struct fd_img *)img;

	for (size_t i = 0; i < m->n; i++)
		if (m->fds[i] >= 0)
			close(m->fds[i]);
	ll_free(m->fds);
	ll_free(m->end);
	ll_free(m);
}

static void fd_stat(TSK_IMG_INFO *img, FILE *f)
{
	fprintf(f, "raw image of %zu segment(s)\n", ((struct fd_img *)img)->n);
}

int ll_tsk_image_open_now(struct ll_tsk_image **out, const char *const *paths, size_t npaths)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	struct fd_img *m;
	struct ll_tsk_image *img;
	TSK_IMG_INFO *ti;
	uint64_t size = 0;
	char sig[8] = { 0 };
	int rc;

	if (!tk)
		return ll_error_context("image '%s'", npaths ? paths[0] : "");
	if (npaths == 0 || npaths > INT32_MAX)
		return ll_error_set(LL_EINVAL, "no image segment given");
	{
		FILE *f = fopen(paths[0], "rb");

		if (f) {
			if (fread(sig, 1, sizeof(sig), f) != sizeof(sig))
				memset(sig, 0, sizeof(sig));
			fclose(f);
		}
	}
	/*
	 * libewf opens every segment it is given when the handle opens, and
	 * keeps them. libtsk's file-system detection opens "IMAGE-yaffs2.config"
	 * by the image's first name: with no names it has none to build.
	 */
	{
		/* a virtual disk: its virtual bytes, through libvmdk/libvhdi (tsk_vdisk.c) */
		enum ll_vdisk v = ll_vdisk_of_file(paths[0]);

		if (v != LL_VDISK_NONE)
			return ll_tsk_image_open_vdisk(out, paths, npaths, v);
	}
	if (!memcmp(sig, "EVF\x09\x0d\x0a\xff\x00", 8) || !memcmp(sig, "EVF2\x0d\x0a\x81\x00", 8)) {
		if ((rc = ll_tsk_image_open(out, paths, npaths)) < 0)
			return rc;
		(*out)->hidden_names = (*out)->img->num_img;
		(*out)->img->num_img = 0;
		return 0;
	}
	if (!(m = ll_calloc(1, sizeof(*m))) || !(m->fds = ll_calloc(npaths, sizeof(int))) ||
	    !(m->end = ll_calloc(npaths, sizeof(uint64_t)))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < npaths; i++)
		m->fds[i] = -1;
	for (m->n = 0; m->n < npaths; m->n++) {
		struct stat sb;
		int fd = open(paths[m->n], O_RDONLY | O_CLOEXEC);
		bool ok = fd >= 0 && fstat(fd, &sb) == 0;

		if (!ok || sb.st_size < 0 || (uint64_t)sb.st_size > (uint64_t)INT64_MAX - size) {
			rc = ll_error_set(LL_ECORRUPT, "image '%s' (%zu segment%s): cannot open '%s': %s",
					  paths[0], npaths, npaths == 1 ? "" : "s", paths[m->n],
					  ok ? "too large" : strerror(errno));
			if (fd >= 0)
				close(fd);
			goto fail;
		}
		m->fds[m->n] = fd;
		size += (uint64_t)sb.st_size;
		m->end[m->n] = size;
	}
	m->info.tag = TSK_IMG_INFO_TAG;
	tk->error_reset();
	ti = tk->img_open_external(m, (TSK_OFF_T)size, 512, fd_read, fd_close, fd_stat);
	if (!ti) {
		rc = ll_error_set(LL_ECORRUPT, "image '%s': %s", paths[0], tk->error_get());
		goto fail;
	}
	if (!(img = ll_calloc(1, sizeof(*img)))) {
		tk->img_close(ti);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	img->img = ti;
	img->format = "raw";
	*out = img;
	return 0;
fail:
	if (m) {
		m->n = m->fds ? npaths : 0;
		if (m->fds)
			fd_close(&m->info);
		else
			ll_free(m);
	}
	return rc;
}

int ll_tsk_image_open(struct ll_tsk_image **out, const char *const *paths,
		      size_t npaths)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	struct ll_tsk_image *img;
	TSK_IMG_TYPE_ENUM type;
	TSK_IMG_INFO *ti;

	if (!tk)
		return ll_error_context("image '%s'", npaths ? paths[0] : "");
	if (npaths == 0 || npaths > INT32_MAX)
		return ll_error_set(LL_EINVAL, "no image segment given");
	{
		enum ll_vdisk v = ll_vdisk_of_file(paths[0]);

		if (v != LL_VDISK_NONE)
			return ll_tsk_image_open_vdisk(out, paths, npaths, v);
	}
	/*
	 * Name the format rather than let libtsk try each library in turn
	 * (its VMDK/VHD probes leak): EWF by signature, a virtual disk by its
	 * own (above), raw otherwise.
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
	tk->error_reset();
	ti = tk->img_open_utf8((int)npaths, paths, type, 0);
	if (!ti)
		return ll_error_set(LL_ECORRUPT, "image '%s' (%zu segment%s): %s",
				    paths[0], npaths, npaths == 1 ? "" : "s",
				    tk->error_get() ? tk->error_get() : "cannot open");
	if (!(img = ll_calloc(1, sizeof(*img)))) {
		tk->img_close(ti);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	img->img = ti;
	*out = img;
	return 0;
}

void ll_tsk_image_close(struct ll_tsk_image *img)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	if (!img)
		return;
	if (img->hidden_names)
		img->img->num_img = img->hidden_names; /* so that libtsk frees them */
	tk->img_close(img->img);
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
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	const char *n = img->format ? img->format : tk->img_type_toname(img->img->itype);

	return n ? n : "unknown";
}

const char *ll_tsk_version(void)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();

	return tk ? tk->version_get_str() : "unavailable";
}

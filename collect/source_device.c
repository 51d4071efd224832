/* SPDX-License-Identifier: Apache-2.0 */
/* Block-device identity (size, sector size, model, serial) and the same-device check. */
#include "core/compat.h"
#include "collect/source.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

/* First line of a small sysfs file, trimmed; NULL if absent or empty. */
static char *sysfs_line(const char *path)
{
	struct ll_buf b = LL_BUF_INIT;
	char *s;

	if (ll_buf_read_file(&b, path) < 0) {
		ll_buf_release(&b);
		ll_error_clear();
		return NULL;
	}
	while (b.len && (b.ptr[b.len - 1] == '\n' || b.ptr[b.len - 1] == ' '))
		b.ptr[--b.len] = '\0';
	s = b.ptr;
	while (*s == ' ')
		s++;
	if (!*s) {
		ll_buf_release(&b);
		return NULL;
	}
	s = ll_strdup(s);
	ll_buf_release(&b);
	return s;
}

/* "/sys/dev/block/M:m/<rel>", or the whole disk's when `dev` is a partition. */
static char *sysfs_attr(dev_t dev, const char *rel, bool parent)
{
	struct ll_buf b = LL_BUF_INIT;
	char *v;

	if (ll_buf_printf(&b, "/sys/dev/block/%u:%u/%s%s", major(dev), minor(dev),
			  parent ? "../" : "", rel) < 0)
		return NULL;
	v = sysfs_line(b.ptr);
	ll_buf_release(&b);
	return v;
}

int ll_source_device_probe(struct ll_source *s, int fd)
{
	uint64_t size = 0;
	int ssz = 0;
	char *part;
	bool is_part;

	if (ioctl(fd, BLKGETSIZE64, &size) != 0)
		return ll_error_set(LL_EIO, "cannot get the size of '%s': %s", s->name,
				    strerror(errno));
	if (size > INT64_MAX)
		return ll_error_set(LL_EUNSUPPORTED, "'%s': device too large", s->name);
	s->size = (int64_t)size;
	if (ioctl(fd, BLKSSZGET, &ssz) == 0 && ssz >= 512 && ssz <= 65536)
		s->sector_size = (uint32_t)ssz;
	part = sysfs_attr(s->st_rdev, "partition", false);
	is_part = part != NULL;
	ll_free(part);
	s->model = sysfs_attr(s->st_rdev, "device/model", is_part);
	s->serial = sysfs_attr(s->st_rdev, "device/serial", is_part);
	if (!s->serial)
		s->serial = sysfs_attr(s->st_rdev, "device/wwid", is_part);
	return 0;
}

/* The whole-disk device of `dev` (itself when it is not a partition). */
static dev_t whole_disk(dev_t dev)
{
	char *part = sysfs_attr(dev, "partition", false), *d;
	unsigned ma, mi;
	dev_t r = dev;

	if (!part)
		return dev;
	ll_free(part);
	d = sysfs_attr(dev, "dev", true);
	if (d && sscanf(d, "%u:%u", &ma, &mi) == 2)
		r = makedev(ma, mi);
	ll_free(d);
	return r;
}

bool ll_source_same_device(const struct ll_source *s, const char *dir)
{
	struct stat sb;

	if (!s->is_device || !s->has_stat || stat(dir, &sb) != 0)
		return false;
	if (sb.st_dev == s->st_rdev)
		return true;
	/* The output lives on a partition of the disk being imaged. */
	return whole_disk(sb.st_dev) == s->st_rdev;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* File-system helpers: recursive mkdir, exclusive durable writes. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "core/compat.h"
#include "core/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/error.h"

int ll_mkdirs(const char *path, mode_t mode)
{
	char *p = ll_strdup(path);
	int rc = 0;

	if (!p)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (char *s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, mode) != 0 && errno != EEXIST) {
				rc = ll_error_set(LL_EIO, "cannot create '%s': %s", p,
						  strerror(errno));
				break;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	ll_free(p);
	return rc;
}

int ll_write_new_file(const char *path, mode_t mode, const void *data,
		      size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	const uint8_t *p = data;

	if (fd < 0)
		return ll_error_set(errno == EEXIST ? LL_EEXISTS : LL_EIO,
				    "cannot create '%s': %s", path, strerror(errno));
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;

			close(fd);
			unlink(path);
			return ll_error_set(LL_EIO, "cannot write '%s': %s", path,
					    strerror(e));
		}
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) != 0) {
		close(fd);
		unlink(path);
		return ll_error_set(LL_EIO, "cannot write '%s'", path);
	}
	if (close(fd) != 0) {
		unlink(path);
		return ll_error_set(LL_EIO, "cannot write '%s'", path);
	}
	return 0;
}

int ll_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return ll_error_set(LL_EIO, "cannot open '%s': %s", dir, strerror(errno));
	fsync(fd);
	close(fd);
	return 0;
}

int ll_fs_free_bytes(uint64_t *out, const char *dir)
{
	struct statvfs sv;

	if (statvfs(dir, &sv) != 0)
		return ll_error_set(LL_EIO, "cannot read the free space of '%s': %s", dir,
				    strerror(errno));
	*out = (uint64_t)sv.f_bavail * (uint64_t)sv.f_frsize;
	return 0;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) != 0 && errno != ENOENT) {
		ll_error_set(LL_EIO, "cannot remove '%s': %s", path, strerror(errno));
		return 1; /* stops the walk; nftw returns it */
	}
	return 0;
}

int ll_rmtree(const char *path)
{
	struct stat sb;
	int rc;

	if (lstat(path, &sb) != 0)
		return errno == ENOENT ? 0 : ll_error_set(LL_EIO, "cannot stat '%s': %s", path,
							    strerror(errno));
	rc = nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (rc > 0)
		return LL_EIO;
	if (rc < 0 && errno != ENOENT)
		return ll_error_set(LL_EIO, "cannot remove '%s': %s", path, strerror(errno));
	return 0;
}

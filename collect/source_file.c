/* SPDX-License-Identifier: Apache-2.0 */
/* Sources over a file descriptor: regular files, block devices and standard input. */
#include "core/compat.h"
#include "collect/source.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/error.h"

#ifndef O_NOATIME
#define O_NOATIME 01000000 /* Linux; hidden without _GNU_SOURCE */
#endif

struct fd_priv {
	int fd;
	bool owned;
};

static ssize_t fd_pread(struct ll_source *s, void *buf, size_t len, uint64_t off)
{
	struct fd_priv *p = s->priv;
	ssize_t n;

	do
		n = pread(p->fd, buf, len, (off_t)off);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return ll_error_set(LL_EIO, "read error in '%s' at offset %" PRIu64 ": %s",
				    s->name, off, strerror(errno));
	return n;
}

static ssize_t fd_stream_read(struct ll_source *s, void *buf, size_t len,
			      uint64_t off)
{
	struct fd_priv *p = s->priv;
	ssize_t n;

	LL_UNUSED(off);
	n = read(p->fd, buf, len);
	if (n < 0 && errno == EINTR)
		return LL_EINTERRUPTED;
	if (n < 0)
		return ll_error_set(LL_EIO, "read error in '%s' after %" PRIu64 " bytes: %s",
				    s->name, off, strerror(errno));
	return n;
}

static void fd_close(struct ll_source *s)
{
	struct fd_priv *p = s->priv;

	if (p && p->owned)
		close(p->fd);
	ll_free(p);
	s->priv = NULL;
}

static const struct ll_source_ops file_ops = { fd_pread, fd_close };
static const struct ll_source_ops stream_ops = { fd_stream_read, fd_close };

int ll_source_faulty_open(struct ll_source **out, const char *spec);

static int open_stdin(struct ll_source **out)
{
	struct ll_source *s = NULL;
	struct fd_priv *p;
	struct stat sb;
	int rc;

	if ((rc = ll_source_new(&s, "-", &stream_ops)) < 0)
		return rc;
	if (!(p = ll_calloc(1, sizeof(*p)))) {
		ll_source_free(s);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	p->fd = STDIN_FILENO;
	s->priv = p;
	if (fstat(STDIN_FILENO, &sb) == 0) {
		s->has_stat = true;
		s->st_dev = sb.st_dev;
		s->st_ino = sb.st_ino;
	}
	*out = s;
	return 0;
}

int ll_source_open(struct ll_source **out, const char *spec)
{
	struct ll_source *s = NULL;
	struct fd_priv *p = NULL;
	struct stat sb;
	int fd, rc;

	if (!strcmp(spec, "-"))
		return open_stdin(out);
	if (!strncmp(spec, "faulty:", 7))
		return ll_source_faulty_open(out, spec);
	/* O_NOATIME keeps the source's access time as it was, where allowed. */
	fd = open(spec, O_RDONLY | O_CLOEXEC | O_NOATIME);
	if (fd < 0 && errno == EPERM)
		fd = open(spec, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO,
				    "cannot open '%s': %s", spec, strerror(errno));
	if (fstat(fd, &sb) != 0 || !(S_ISREG(sb.st_mode) || S_ISBLK(sb.st_mode))) {
		close(fd);
		return ll_error_set(LL_EUNSUPPORTED,
				    "'%s' is not a regular file or block device", spec);
	}
	if ((rc = ll_source_new(&s, spec, &file_ops)) < 0 ||
	    !(p = ll_calloc(1, sizeof(*p)))) {
		close(fd);
		ll_source_free(s);
		return rc < 0 ? rc : ll_error_set(LL_ENOMEM, "out of memory");
	}
	p->fd = fd;
	p->owned = true;
	s->priv = p;
	s->seekable = true;
	s->has_stat = true;
	s->st_dev = sb.st_dev;
	s->st_rdev = sb.st_rdev;
	s->st_ino = sb.st_ino;
	if (S_ISBLK(sb.st_mode)) {
		s->is_device = true;
		if ((rc = ll_source_device_probe(s, fd)) < 0) {
			ll_source_free(s);
			return rc;
		}
	} else {
		s->size = (int64_t)sb.st_size;
	}
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	*out = s;
	return 0;
}

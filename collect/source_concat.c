/* SPDX-License-Identifier: Apache-2.0 */
/* Several files read as one (a split raw image), for verification. */
#define _GNU_SOURCE 1 /* O_DIRECT */
#include "core/compat.h"
#include "collect/source.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/error.h"

/* O_DIRECT wants buffer, length and offset aligned; 4 KiB suits every device. */
#define DIRECT_ALIGN 4096

struct concat_priv {
	size_t n;
	int *fd;
	int *dfd;        /* the same files with O_DIRECT, -1 where refused */
	uint64_t *start; /* n + 1 offsets */
	char **names;
};

static ssize_t concat_read(struct ll_source *s, void *buf, size_t len, uint64_t off)
{
	struct concat_priv *p = s->priv;
	size_t i = 0;
	ssize_t n;
	int fd;

	while (i < p->n && off >= p->start[i + 1])
		i++;
	if (i == p->n)
		return 0;
	/* One read never crosses a file boundary; the caller loops. */
	if (len > p->start[i + 1] - off)
		len = (size_t)(p->start[i + 1] - off);
	/*
	 * Aligned reads bypass the page cache: verification reads what is on
	 * the disk, not the copy the acquisition left in memory, and it spares
	 * a copy per byte. Unaligned ones (a segment's end) take the cache.
	 */
	fd = p->dfd[i] >= 0 &&
			     !((((uintptr_t)buf | len | (off - p->start[i])) & (DIRECT_ALIGN - 1)))
		     ? p->dfd[i]
		     : p->fd[i];
	do
		n = pread(fd, buf, len, (off_t)(off - p->start[i]));
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EINVAL && fd == p->dfd[i]) {
		/* The device wants a larger alignment: use the cache from now on. */
		close(p->dfd[i]);
		p->dfd[i] = -1;
		return concat_read(s, buf, len, off);
	}
	if (n < 0)
		return ll_error_set(LL_EIO, "cannot read '%s': %s", p->names[i],
				    strerror(errno));
	return n;
}

static void concat_close(struct ll_source *s)
{
	struct concat_priv *p = s->priv;

	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		if (p->fd[i] >= 0)
			close(p->fd[i]);
		if (p->dfd[i] >= 0)
			close(p->dfd[i]);
	}
	ll_free(p->fd);
	ll_free(p->dfd);
	ll_free(p->start);
	ll_free(p);
	s->priv = NULL;
}

static const struct ll_source_ops concat_ops = { concat_read, concat_close };

int ll_source_open_concat(struct ll_source **out, char *const *files, size_t n)
{
	struct ll_source *s = NULL;
	struct concat_priv *p;
	int rc;

	if (n == 0)
		return ll_error_set(LL_EINVAL, "no files to open");
	if ((rc = ll_source_new(&s, files[0], &concat_ops)) < 0)
		return rc;
	if (!(p = ll_calloc(1, sizeof(*p))) || !(s->priv = p, p->fd = ll_calloc(n, sizeof(int))) ||
	    !(p->dfd = ll_calloc(n, sizeof(int))) || !(p->start = ll_calloc(n + 1, sizeof(uint64_t)))) {
		ll_source_free(s);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	p->names = (char **)files;
	for (size_t i = 0; i < n; i++)
		p->fd[i] = p->dfd[i] = -1;
	p->n = n;
	for (size_t i = 0; i < n; i++) {
		struct stat sb;

		if ((p->fd[i] = open(files[i], O_RDONLY | O_CLOEXEC)) < 0 ||
		    fstat(p->fd[i], &sb) != 0) {
			rc = ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO,
					  "cannot open '%s': %s", files[i], strerror(errno));
			ll_source_free(s);
			return rc;
		}
		p->start[i + 1] = p->start[i] + (uint64_t)sb.st_size;
		/* A file system without direct I/O refuses it here; the cache will do. */
		p->dfd[i] = open(files[i], O_RDONLY | O_CLOEXEC | O_DIRECT);
	}
	s->size = (int64_t)p->start[n];
	s->seekable = true;
	*out = s;
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* A (gzip'd) evidence file copied into an anonymous memory file. */
#define _GNU_SOURCE 1 /* memfd_create */
#include "core/compat.h"
#include "analyze/input.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/error.h"

#define COPY_BUF ((size_t)1 << 20)

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int ll_input_memfd(int *fd, uint64_t *len, const char *path, uint64_t max)
{
	struct ll_input *in = NULL;
	uint8_t *buf = NULL;
	uint64_t got = 0;
	int mfd = -1, rc;

	*fd = -1;
	*len = 0;
	if ((rc = ll_input_open(&in, path)) < 0)
		return rc;
	if (!(buf = ll_malloc(COPY_BUF))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if ((mfd = memfd_create("ll-input", MFD_CLOEXEC)) < 0) {
		rc = ll_error_set(LL_EIO, "'%s': cannot make a memory file: %s", path,
				  strerror(errno));
		goto out;
	}
	for (;;) {
		int64_t n = ll_input_read(in, buf, COPY_BUF);

		if (n < 0) {
			rc = (int)n;
			goto out;
		}
		if (n == 0)
			break;
		if (got + (uint64_t)n > max) {
			rc = ll_error_set(LL_EUNSUPPORTED,
					  "'%s' inflates to more than %" PRIu64 " bytes; decompress it first",
					  path, max);
			goto out;
		}
		if (write_all(mfd, buf, (size_t)n) < 0) {
			rc = ll_error_set(LL_EIO, "'%s': cannot hold the inflated file: %s", path,
					  strerror(errno));
			goto out;
		}
		got += (uint64_t)n;
	}
	*fd = mfd;
	*len = got;
	mfd = -1;
	rc = 0;
out:
	if (mfd >= 0)
		close(mfd);
	ll_free(buf);
	ll_input_close(in);
	return rc;
}

int ll_input_memfd_header(int *fd, uint64_t *len, const char *path, uint64_t max,
			  const char *rel, uint64_t header, const char *format)
{
	int rc;

	if ((rc = ll_input_memfd(fd, len, path, max)) < 0)
		return rc;
	if (*len >= header)
		return 0;
	close(*fd);
	*fd = -1;
	return ll_error_set(LL_ECORRUPT, "'%s' (gzip): %" PRIu64 " bytes, shorter than an %s file header",
			    rel, *len, format);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* The scratch file a journal worker inflates a gzip'd journal into (see scratch.h). */
#define _GNU_SOURCE 1 /* mkostemp */
#include "core/compat.h"
#include "analyze/worker/scratch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "analyze/readers/readers.h"
#include "analyze/source.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/error.h"

static int scratch_fd = -1;

int ll_worker_scratch_make(int *fd, char **path, const struct ll_source_ctx *ctx,
			   const struct ll_source_kind *k, bool gzip)
{
	char *tmpl;

	*fd = -1;
	*path = NULL;
	if (k != &ll_source_journal || !gzip)
		return 0;
	if (!(tmpl = ll_case_path(ctx->cs, ".journal-inflate-XXXXXX")))
		return ll_error_set(LL_ENOMEM, "out of memory");
	/* inflated evidence stays with the case rather than in a shared /tmp */
	if ((*fd = mkostemp(tmpl, O_CLOEXEC)) < 0) {
		ll_free(tmpl);
		return ll_error_set(LL_EIO, "cannot create a temporary file in the case directory: %s",
				    strerror(errno));
	}
	*path = tmpl;
	return 0;
}

void ll_worker_scratch_drop(char *path)
{
	if (!path)
		return;
	unlink(path);
	ll_free(path);
}

void ll_worker_scratch_set(int fd)
{
	scratch_fd = fd;
}

int ll_worker_scratch_fd(void)
{
	return scratch_fd;
}

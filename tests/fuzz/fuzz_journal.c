/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes the systemd journal reader (analyze/readers/journal.c, ll_journal_read):
 * the input becomes a file read through libsystemd, every entry turned into
 * an event as in a case. Not a memfd: libsystemd refuses a file with no
 * link (st_nlink 0, "deleted": EIDRM), so a temporary file under $TMPDIR
 * (default /tmp) is linked while it is read, then removed.
 *
 * Journal files are large and mostly zeros (hash tables, preallocation), so
 * an input starting with "LLSPARSE" is a sparse image instead: u64 total
 * size (at most 16 MiB), then chunks of u64 offset, u32 length, bytes (all
 * little-endian). tests/fuzz/corpus/journal/ seeds are written that way by
 * tests/fuzz/journal_sparse.py; any other input is the file itself.
 */
#include "core/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "analyze/readers/journal.h"
#include "core/event/event.h"

#define SPARSE_MAX ((uint64_t)16 << 20)

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static int fill(int fd, const uint8_t *d, size_t n)
{
	if (n >= 16 && !memcmp(d, "LLSPARSE", 8)) {
		uint64_t total = le(d + 8, 8);
		size_t i = 16;

		if (total > SPARSE_MAX || ftruncate(fd, (off_t)total) < 0)
			return -1;
		while (n - i >= 12) {
			uint64_t off = le(d + i, 8);
			uint64_t len = le(d + i + 8, 4);

			i += 12;
			if (len > n - i || off > total || len > total - off)
				return -1;
			if (pwrite(fd, d + i, (size_t)len, (off_t)off) != (ssize_t)len)
				return -1;
			i += (size_t)len;
		}
		return 0;
	}
	return write(fd, d, n) == (ssize_t)n ? 0 : -1;
}

static int emit(void *arg, const struct ll_event *e)
{
	size_t *sum = arg;

	/* touch every string the reader hands over */
	*sum += strlen(e->message) + strlen(e->locator) + strlen(e->time_raw) +
		(e->attrs ? strlen(e->attrs) : 0) + (e->host ? strlen(e->host) : 0) +
		(e->user ? strlen(e->user) : 0);
	return 0;
}

static void warn(void *arg, const char *msg)
{
	LL_UNUSED(arg);
	LL_UNUSED(msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t sum = 0;
	struct ll_journal_sink s = { .emit = emit, .warn = warn, .arg = &sum };
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/ll-fuzz-XXXXXX.journal", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemps(path, 8)) < 0)
		return 0;
	if (fill(fd, data, size) == 0)
		ll_journal_read(&s, path, "fuzz.journal", "E1");
	close(fd);
	unlink(path);
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* QCOW2 v3 clusters marked zero, which libqcow does not read as zeros (qcow_zero.h). */
#include "core/compat.h"
#include "analyze/tsk/qcow_zero.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/error.h"

#define L2_OFFSET_MASK 0x00fffffffffffe00ULL
#define COMPRESSED (1ULL << 62)
#define MAX_L1 ((uint32_t)1 << 22) /* 32 MiB of L1 table: more is no disk we read */

static uint64_t be(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static bool read_all(ll_vdisk_read_fn fn, void *payload, uint64_t size, uint64_t off, void *buf,
		     size_t len)
{
	return off <= size && len <= size - off && fn(payload, off, buf, len) == (ssize_t)len;
}

int ll_qcow_zero_clusters(ll_vdisk_read_fn fn, void *payload, uint64_t size, const char *label)
{
	uint8_t h[72], *l1 = NULL, *l2 = NULL;
	uint32_t bits, l1n;
	uint64_t l1off, csize;
	int rc = 0;

	if (!read_all(fn, payload, size, 0, h, sizeof(h)) || memcmp(h, "QFI\xfb", 4) ||
	    be(h + 4, 4) < 3)
		return 0;
	bits = (uint32_t)be(h + 20, 4);
	l1n = (uint32_t)be(h + 36, 4);
	l1off = be(h + 40, 8);
	if (bits < 9 || bits > 21)
		return ll_error_set(LL_ECORRUPT, "qcow image '%s': cluster_bits %" PRIu32
				    " (header offset 20) is not 9 to 21", label, bits);
	csize = (uint64_t)1 << bits;
	if (l1n > MAX_L1 || !(l1 = ll_malloc((size_t)l1n * 8 + 1)) || !(l2 = ll_malloc(csize))) {
		rc = l1n > MAX_L1 ? ll_error_set(LL_ECORRUPT, "qcow image '%s': an L1 table of %"
						 PRIu32 " entries (header offset 36)", label, l1n)
				  : ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	/* tables past the end: a file cut short, which the read pass names (tsk_vdisk.c) */
	if (!read_all(fn, payload, size, l1off, l1, (size_t)l1n * 8))
		goto out;
	for (uint32_t i = 0; i < l1n && rc == 0; i++) {
		uint64_t l2off = be(l1 + (size_t)i * 8, 8) & L2_OFFSET_MASK;

		if (!l2off)
			continue;
		if (!read_all(fn, payload, size, l2off, l2, csize))
			continue;
		for (uint64_t k = 0; k < csize / 8; k++) {
			uint64_t e = be(l2 + k * 8, 8);

			if (e & COMPRESSED || !(e & 1))
				continue;
			rc = ll_error_set(LL_EUNSUPPORTED,
					  "qcow image '%s': the cluster at virtual offset %" PRIu64
					  " is marked all-zero (QCOW2 v3 zero flag, its L2 entry at offset %"
					  PRIu64 "), which libqcow reads as other bytes: not read",
					  label, ((uint64_t)i * (csize / 8) + k) << bits, l2off + k * 8);
			break;
		}
	}
out:
	ll_free(l1);
	ll_free(l2);
	return rc;
}

static ssize_t fd_read(void *payload, uint64_t off, void *buf, size_t len)
{
	int fd = *(int *)payload;
	size_t done = 0;

	while (done < len) {
		ssize_t g = pread(fd, (uint8_t *)buf + done, len - done, (off_t)(off + done));

		if (g < 0 && errno == EINTR)
			continue;
		if (g <= 0)
			return g < 0 ? -1 : (ssize_t)done;
		done += (size_t)g;
	}
	return (ssize_t)done;
}

int ll_qcow_zero_clusters_file(const char *path)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return 0; /* libqcow says why */
	if (fstat(fd, &sb) == 0)
		rc = ll_qcow_zero_clusters(fd_read, &fd, (uint64_t)sb.st_size, path);
	close(fd);
	return rc;
}

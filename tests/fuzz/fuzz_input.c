/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: the plain/gzip line reader every text reader stands on. */
#define _GNU_SOURCE 1 /* memfd_create */
#include "core/compat.h"

#include <sys/mman.h>
#include <unistd.h>

#include "analyze/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ll_input *in = NULL;
	struct ll_line l;
	char path[64];
	int fd = memfd_create("ll-fuzz-input", 0);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (ll_input_open(&in, path) == 0) {
		while (ll_input_line(&l, in) == 1)
			if (l.len && l.text[l.len - 1] == '\n')
				__builtin_trap(); /* a line never keeps its newline */
		ll_input_close(in);
	}
	close(fd);
	return 0;
}

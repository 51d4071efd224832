/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: a VMDK descriptor's extent lines (analyze/vdisk_sets.c, read
 * by the parent process when it groups an item's files) and the virtual
 * disk recogniser (analyze/tsk/tsk_vdisk.c), from memory.
 */
#include "core/compat.h"

#include "analyze/tsk/tsk_vdisk.h"
#include "analyze/vdisk_sets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_extent(const char *name, uint64_t sectors, size_t line, void *payload)
{
	size_t *sum = payload;

	/* the name is NUL-terminated, short and has no '/' */
	if (strlen(name) >= 256 || strchr(name, '/') || line == 0)
		__builtin_trap();
	*sum += strlen(name) + (size_t)(sectors & 1);
}

/* Input: a descriptor file's bytes (or any file's first bytes). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t sum = 0;

	(void)ll_vmdk_descriptor_extents(data, size, on_extent, &sum);
	(void)ll_vdisk_of(data, size, size >= 512 ? data + size - 512 : NULL);
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the parent a differencing virtual disk names
 * (analyze/vdisk_parent.c: QCOW backing file, VMDK parentFileNameHint, VHD
 * parent locators; analyze/vdisk_vhdx.c: a VHDX's headers, region and
 * metadata tables and parent locator; read by `collect files` and when an item's files are
 * grouped, in the process that holds the case) and the QCOW2 zero-cluster
 * scan (analyze/tsk/qcow_zero.c), each over the input as a file in memory.
 */
#include "core/compat.h"

#include "analyze/tsk/qcow_zero.h"
#include "analyze/vdisk_parent.h"

#include "fuzz_mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem m = { data, size };
	struct ll_vdisk_parent p;

	if (ll_vdisk_parent_read(&p, mem_read, &m, size, "fuzz") == 0 && p.differencing) {
		size_t n = strlen(p.name);

		/* a name is 1..1023 bytes, printable, '\\' turned to '/' */
		if (n == 0 || n >= sizeof(p.name) || strchr(p.name, '\\'))
			__builtin_trap();
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)p.name[i] < 0x20 || p.name[i] == 0x7f)
				__builtin_trap();
		(void)ll_vdisk_parent_base(p.name);
	}
	(void)ll_qcow_zero_clusters(mem_read, &m, size, "fuzz");
	return 0;
}

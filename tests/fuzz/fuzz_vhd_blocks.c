/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: a dynamic or differencing VHD's footer, dynamic header,
 * block allocation table and sector bitmaps (analyze/vhd_blocks.c, read by
 * the disk-image worker for a differencing VHD), over the input as a file
 * in memory; the disk read (its parent: zeros) at its start, across an
 * unaligned sector, and in each allocated block, each read checked to be
 * as long as the disk allows.
 */
#include "core/compat.h"

#include "analyze/vhd_blocks.h"

#include "fuzz_mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ssize_t zeros(void *payload, uint64_t off, void *buf, size_t len)
{
	(void)payload;
	(void)off;
	memset(buf, 0, len);
	return (ssize_t)len;
}

static void read_at(struct ll_vhd_blocks *b, uint64_t off, size_t len)
{
	static uint8_t buf[65536];
	uint64_t want = off >= b->disk_size ? 0 : b->disk_size - off;
	ssize_t got;

	if (len > sizeof(buf))
		len = sizeof(buf);
	if (want > len)
		want = len;
	got = ll_vhd_blocks_read(b, off, buf, len, zeros, NULL);
	/* every byte checked at open lies in the file: a read never fails or comes short */
	if (got != (ssize_t)want)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem m = { data, size };
	struct ll_vhd_blocks b;
	uint8_t id[16];

	(void)ll_vhd_footer_id(id, mem_read, &m, size, "fuzz");
	if (ll_vhd_blocks_init(&b, mem_read, &m, size, "fuzz") < 0)
		return 0;
	read_at(&b, 0, 4096);
	read_at(&b, 511, 1026);
	for (uint32_t i = 0, done = 0; i < b.nblocks && done < 64; i++)
		if (b.bat[i] != UINT32_MAX) {
			read_at(&b, (uint64_t)i * b.block_size, b.block_size);
			done++;
		}
	ll_vhd_blocks_release(&b);
	return 0;
}

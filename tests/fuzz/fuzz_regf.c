/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes the registry hive path: the reader's probe, libregf (loaded
 * through its table, as the reader's worker loads it) over the bytes
 * through a memory file, the walk with small limits, and the
 * interpretations of every key; the disk-image worker's own read of a
 * SYSTEM hive's ComputerName and time zone (its rule checked, then applied
 * to wall-clock times around the year); then the interpretations alone on
 * the raw input taken as one value of each interpreted key.
 */
#define _GNU_SOURCE 1 /* memfd_create */
#include "core/compat.h"

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "analyze/registry/regf_interp.h"
#include "analyze/registry/regf_name.h"
#include "analyze/registry/regf_reader.h"
#include "analyze/registry/regf_tzrule.h"
#include "analyze/registry/regf_walk.h"
#include "core/buf.h"
#include "core/time.h"

#include "fuzz_mem.h"

static int on_fact(void *payload, const struct ll_regf_fact *f)
{
	size_t *n = payload;

	/* every fact is whole: strings there, attributes an object */
	if (!f->kind || !f->message || !f->attrs || f->attrs[0] != '{')
		__builtin_trap();
	(*n)++;
	return 0;
}

static int on_key(void *payload, const struct ll_regf_key *k)
{
	struct ll_regf_hive_info info = { .current_cs = 1 };
	size_t n = 0;

	LL_UNUSED(payload);
	if (!k->path || !k->rel)
		__builtin_trap();
	ll_regf_interpret(k, &info, on_fact, &n);
	info.current_cs = 0;
	ll_regf_interpret(k, &info, on_fact, &n);
	return 0;
}

static void on_msg(void *payload, const char *msg)
{
	LL_UNUSED(payload);
	if (!msg || !*msg)
		__builtin_trap();
}

static void hive(const uint8_t *data, size_t size)
{
	struct ll_regf_walk_ops ops = { on_key, on_msg, on_msg, ll_regf_wants_values };
	struct ll_regf_limits lim = { 64, 20000, 256, 1 << 16 };
	struct ll_regf_hive *h = NULL;
	struct ll_buf text = LL_BUF_INIT;
	char path[64];
	uint64_t nkeys;
	int fd;

	if ((fd = memfd_create("fuzz_regf", MFD_CLOEXEC)) < 0)
		return;
	if (write(fd, data, size) == (ssize_t)size) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		if (ll_regf_hive_open(&h, path, "fuzz") == 0) {
			(void)ll_regf_hive_value_text(&text, h, "Select", "Current");
			(void)ll_regf_hive_walk(&nkeys, h, &lim, &ops, NULL);
			ll_regf_hive_free(h);
		}
	}
	close(fd);
	ll_buf_release(&text);
}

/* The input as the data of one value of each interpreted key, each type. */
static void values(const uint8_t *data, size_t size)
{
	static const char *const keys[] = {
		"Select",
		"ControlSet001\\Control\\ComputerName\\ComputerName",
		"ControlSet001\\Control\\TimeZoneInformation",
		"ControlSet001\\Services\\svc",
		"Microsoft\\Windows\\CurrentVersion\\Run",
		"Microsoft\\Windows\\CurrentVersion\\Uninstall\\app",
		"Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs",
		"Software\\Microsoft\\Terminal Server Client\\Servers\\host",
	};
	static const char *const names[] = { "Current", "ComputerName", "TimeZoneKeyName",
					     "Bias", "ImagePath", "Start", "DisplayName",
					     "InstallDate", "MRUListEx", "0", "UsernameHint" };
	static const uint32_t types[] = { 1, 2, 3, 4, 5, 7, 11, 0 };
	struct ll_regf_value v[LL_ARRAY_SIZE(names)];
	struct ll_regf_hive_info info = { 0 };
	struct ll_buf text = LL_BUF_INIT;
	size_t n = 0;

	for (size_t t = 0; t < LL_ARRAY_SIZE(types); t++) {
		for (size_t i = 0; i < LL_ARRAY_SIZE(names); i++)
			v[i] = (struct ll_regf_value){ names[i], types[t], data, size, size };
		/* the numbers as DWORDs when the input is one */
		for (size_t k = 0; k < LL_ARRAY_SIZE(keys); k++) {
			struct ll_regf_key key = { .path = keys[k], .rel = keys[k],
						   .values = v, .nvals_read = LL_ARRAY_SIZE(v) };

			ll_regf_interpret(&key, &info, on_fact, &n);
		}
		ll_buf_reset(&text);
		(void)ll_regf_value_text(&text, &v[0]);
	}
	ll_buf_release(&text);
}

/* The disk-image worker's read of a SYSTEM hive's ComputerName (no libregf). */
static void computer_name(const uint8_t *data, size_t size)
{
	struct mem m = { data, size };
	char name[256];

	if (ll_regf_computer_name(name, sizeof(name), mem_read64, &m) == 0 &&
	    strlen(name) >= sizeof(name))
		__builtin_trap();
}

static void time_zone(const uint8_t *data, size_t size)
{
	struct mem m = { data, size };
	struct ll_regf_tz z;
	char words[512];

	if (ll_regf_time_zone(&z, mem_read64, &m) != 0 || ll_regf_tz_check(&z) != 0)
		return;
	ll_regf_tz_describe(words, sizeof(words), &z);
	for (unsigned mon = 1; mon <= 12; mon++) {
		int64_t t = ll_regf_tz_local_to_utc(&z, 2024, mon, 28, 23, 59, 58);
		int64_t wall = ll_time_from_utc(2024, mon, 28, 23, 59, 58);

		/* a checked rule moves a wall clock by at most two days (two biases of a day) */
		if (t < wall - 2 * 86400 || t > wall + 2 * 86400)
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ll_source_regf.probe(data, size, size);
	hive(data, size);
	computer_name(data, size);
	time_zone(data, size);
	values(data, size < 4096 ? size : 4096);
	return 0;
}

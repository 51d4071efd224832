/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A SYSTEM hive's ComputerName, read without libregf: the disk-image
 * worker finds the hive in a file system and names the image's host with
 * it (as /etc/hostname), where libregf cannot open it (the worker opens no
 * file by name after its lock-down). A bounded walk down one key path
 * through the hive's cells, reading them through a callback.
 */
#ifndef LL_ANALYZE_REGF_NAME_H
#define LL_ANALYZE_REGF_NAME_H

#include "core/compat.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Reads `n` bytes at file offset `off` into `buf`; returns the bytes read
 * (fewer at the end) or < 0.
 */
typedef int64_t (*ll_regf_read_fn)(void *payload, uint64_t off, void *buf, size_t n);

/*
 * The ComputerName of the control set Select\Current names (ControlSet001
 * when Select cannot say), as UTF-8, into `out` (`outlen` bytes, NUL
 * included). 0; LL_ENOTFOUND when the hive has no such value; LL_ECORRUPT
 * (the reason and offset in the last error) when a cell on the way is
 * damaged or the value is not a string of at most `outlen - 1` bytes.
 */
int ll_regf_computer_name(char *out, size_t outlen, ll_regf_read_fn rd, void *payload);

/* A SYSTEMTIME of a zone's rule: month 0 = none; wYear 0 = "day-th dow of month" (5 = last). */
struct ll_regf_tz_date {
	uint16_t year, month, dow, day, hour, minute;
};

/*
 * A SYSTEM hive's time zone (ControlSetNNN\Control\TimeZoneInformation of
 * the control set in use): minutes such that UTC = local + bias +
 * std_bias (or + dst_bias while daylight saving is in force), the two
 * starts, the zone's name (TimeZoneKeyName, else StandardName; "" when
 * neither) and the key's last-written time.
 */
struct ll_regf_tz {
	char name[128];
	char control_set[16];
	int32_t bias, std_bias, dst_bias;
	struct ll_regf_tz_date std_start, dst_start;
	uint64_t filetime;
};

/*
 * The time zone of the SYSTEM hive behind `rd` (bounded as
 * ll_regf_computer_name). 0; LL_ENOTFOUND when it has no
 * TimeZoneInformation key or no Bias; LL_ECORRUPT (reason and offset in
 * the last error) when a cell on the way or a value is damaged. The
 * rule's sense is ll_regf_tz_check's (regf_tzrule.h).
 */
int ll_regf_time_zone(struct ll_regf_tz *out, ll_regf_read_fn rd, void *payload);

#endif

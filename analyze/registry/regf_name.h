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

#endif

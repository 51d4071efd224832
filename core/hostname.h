/* SPDX-License-Identifier: Apache-2.0 */
/* Host names: the syntax lifeline accepts for a host (--host, /etc/hostname), and when two name one host. */
#ifndef LL_CORE_HOSTNAME_H
#define LL_CORE_HOSTNAME_H

#include "core/compat.h"

/* RFC 1035/1123: a name is at most 253 bytes, a label at most 63. */
#define LL_HOSTNAME_MAX 253
/* An /etc/hostname larger than this is refused without reading further. */
#define LL_HOSTNAME_FILE_MAX 1024

/*
 * 0 when `s` (`len` bytes, not NUL-terminated) is a host name: dot-separated
 * labels of 1..63 ASCII letters, digits, '-' or '_' (Windows names carry
 * '_'), not starting or ending with '-', at most 253 bytes, one trailing dot
 * allowed. Else -1 with the reason in `why` (byte offsets and values named,
 * never the bytes themselves: they may be control or bidi characters).
 */
int ll_hostname_check(const char *s, size_t len, char *why, size_t whylen);

/*
 * The host name an /etc/hostname file names (hostname(5): one line; lines
 * starting with '#' and blank lines are ignored; surrounding blanks and a
 * CR are trimmed). `raw` is the first `len` bytes of a file of `size`
 * bytes. 0 with the name in `out` (NUL-terminated, no trailing dot), or -1
 * with the reason in `why`: a file over LL_HOSTNAME_FILE_MAX bytes, no
 * name, more than one name line, a NUL byte, or a name that fails
 * ll_hostname_check.
 */
int ll_hostname_from_file(char out[LL_HOSTNAME_MAX + 1], const uint8_t *raw, size_t len,
			  uint64_t size, char *why, size_t whylen);

/*
 * True when `a` and `b` name the same host: equal ignoring case and a
 * trailing dot, or one is a short name (no dot) equal to the other's first
 * label ("FS03" and "fs03.offsec.lan").
 */
bool ll_hostname_same(const char *a, const char *b);

#endif

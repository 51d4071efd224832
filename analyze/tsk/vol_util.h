/* SPDX-License-Identifier: Apache-2.0 */
/* What the shadow-copy and BitLocker readers (tsk_vss.c, tsk_bde.c) both write the same way. */
#ifndef LL_ANALYZE_TSK_VOL_UTIL_H
#define LL_ANALYZE_TSK_VOL_UTIL_H

#include "core/compat.h"

/*
 * A libyal error (libvshadow_error_t, libbde_error_t: both intptr_t) as one
 * line in `buf` (newlines flattened), then freed; "<lib> gave no reason"
 * when there is none.
 */
void ll_vol_err_line(char *buf, size_t len, intptr_t **e, int (*sprint)(intptr_t *, char *, size_t),
		     void (*efree)(intptr_t **), const char *lib);

/* A GUID as vshadowinfo and bdeinfo print it (the first three fields little-endian). */
void ll_vol_guid_str(char out[40], const uint8_t g[16]);

/* FILETIME (100 ns since 1601) → UTC ns; LL_TSK_NO_TIME when 0 or out of range. */
int64_t ll_vol_filetime_ns(uint64_t ft);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Name-based UUIDs (RFC 4122 version 5, SHA-1) for deterministic ids. */
#ifndef LL_CASEFILE_UUID5_H
#define LL_CASEFILE_UUID5_H

#include "core/compat.h"

#define LL_UUID_STR 37 /* 36 characters + NUL */

/* lifeline's namespace for case-file ids: uuid5(URL, "https://lifeline.invalid/casefile"). */
extern const uint8_t ll_uuid5_lifeline_ns[16];

/* Lowercase "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx" of SHA-1(ns || name). */
int ll_uuid5(char out[LL_UUID_STR], const uint8_t ns[16], const char *name);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* First include of every .c file: feature macros, common types, banned calls. */
#ifndef LL_CORE_COMPAT_H
#define LL_CORE_COMPAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <inttypes.h>
/* system headers that declare banned names come before banned.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LL_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define LL_UNUSED(x) ((void)(x))

#if defined(__GNUC__)
#define LL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define LL_PRINTF(f, a)
#endif

#include "core/banned.h"

#endif

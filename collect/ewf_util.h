/* SPDX-License-Identifier: Apache-2.0 */
/* libewf's error objects translated into lifeline errors (one place for the adapter). */
#ifndef LL_COLLECT_EWF_UTIL_H
#define LL_COLLECT_EWF_UTIL_H

#include "core/compat.h"

#include <libewf.h>

/*
 * Sets the last error to `code` with "what: <libewf message>", frees `*err`
 * and returns `code`.
 */
int ll_ewf_error(int code, libewf_error_t **err, const char *what);

#endif

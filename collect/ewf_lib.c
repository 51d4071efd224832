/* SPDX-License-Identifier: Apache-2.0 */
/* libewf.so.2, loaded on first use where an E01 is written or read (ewf_util.h). */
#include "core/compat.h"
#include "collect/ewf_util.h"

LL_DYNLIB_DEFINE(ll_ewf_api_get, struct ll_ewf_api, LL_EWF_FUNCS, "libewf.so.2", "libewf2",
		 "libewf_")

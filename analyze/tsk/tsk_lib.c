/* SPDX-License-Identifier: Apache-2.0 */
/* libtsk.so.19, loaded on first use in the image reader's worker (tsk_internal.h). */
#include "core/compat.h"
#include "analyze/tsk/tsk_internal.h"

LL_DYNLIB_DEFINE(ll_tsk_api_get, struct ll_tsk_api, LL_TSK_FUNCS, "libtsk.so.19", "libtsk19",
		 "tsk_")

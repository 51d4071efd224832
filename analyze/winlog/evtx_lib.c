/* SPDX-License-Identifier: Apache-2.0 */
/* libevtx.so.1, loaded on first use in the EVTX reader's worker (evtx_lib.h). */
#include "core/compat.h"
#include "analyze/winlog/evtx_lib.h"

LL_DYNLIB_DEFINE(ll_evtx_api_get, struct ll_evtx_api, LL_EVTX_FUNCS, "libevtx.so.1",
		 "libevtx1", "libevtx_")

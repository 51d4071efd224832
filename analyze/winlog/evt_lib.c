/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libevt.so.1, loaded on first use in the EVT reader's worker (evt_lib.h).
 *
 * It used to need dlmopen into a namespace of its own: the executable was
 * linked with libevtx and libewf, whose older copies of the libyal helpers
 * then took about 1,000 of libevt's calls (LD_DEBUG=bindings, libevt
 * 20200926 on libevtx 20181227). No libyal library is linked any more
 * (core/dynlib.h), so a plain dlopen with RTLD_LOCAL binds libevt to its
 * own helpers. The worker loads it in the reader's prepare hook, before its
 * lock-down (the filter refuses open and PROT_EXEC mappings).
 */
#include "core/compat.h"
#include "analyze/winlog/evt_lib.h"

LL_DYNLIB_DEFINE(ll_evt_api_get, struct ll_evt_api, LL_EVT_FUNCS, "libevt.so.1", "libevt1",
		 "libevt_")

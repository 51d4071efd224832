/* SPDX-License-Identifier: Apache-2.0 */
/* libbfio, libvshadow and libbde, loaded on first use in the image reader's worker (vol_lib.h). */
#include "core/compat.h"
#include "analyze/tsk/vol_lib.h"

LL_DYNLIB_DEFINE(ll_bfio_api_get, struct ll_bfio_api, LL_BFIO_FUNCS, "libbfio.so.1", "libbfio1",
		 "libbfio_")
LL_DYNLIB_DEFINE(ll_vshadow_api_get, struct ll_vshadow_api, LL_VSHADOW_FUNCS, "libvshadow.so.1",
		 "libvshadow1", "libvshadow_")
LL_DYNLIB_DEFINE(ll_bde_api_get, struct ll_bde_api, LL_BDE_FUNCS, "libbde.so.1", "libbde1",
		 "libbde_")

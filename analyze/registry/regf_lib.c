/* SPDX-License-Identifier: Apache-2.0 */
/* libregf.so.1, loaded on first use in the hive reader's worker (regf_lib.h). */
#include "core/compat.h"
#include "analyze/registry/regf_lib.h"

LL_DYNLIB_DEFINE(ll_regf_api_get, struct ll_regf_api, LL_REGF_FUNCS, "libregf.so.1",
		 "libregf1", "libregf_")
LL_DYNLIB_DEFINE(ll_regf_bfio_api_get, struct ll_regf_bfio_api, LL_REGF_BFIO_FUNCS, "libbfio.so.1",
		 "libbfio1", "libbfio_")

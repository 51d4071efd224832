/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libscca.so.1 (and its libbfio.so.1), loaded on first use in the Prefetch
 * reader's worker or the image reader's (scca_lib.h).
 */
#include "core/compat.h"
#include "analyze/prefetch/scca_lib.h"

LL_DYNLIB_DEFINE(ll_scca_api_get, struct ll_scca_api, LL_SCCA_FUNCS, "libscca.so.1",
		 "libscca1", "libscca_")
LL_DYNLIB_DEFINE(ll_scca_bfio_api_get, struct ll_scca_bfio_api, LL_SCCA_BFIO_FUNCS, "libbfio.so.1",
		 "libbfio1", "libbfio_")

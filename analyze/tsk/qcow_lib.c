/* SPDX-License-Identifier: Apache-2.0 */
/* libqcow.so.1, loaded on first use (qcow_lib.h). */
#include "core/compat.h"
#include "analyze/tsk/qcow_lib.h"

LL_DYNLIB_DEFINE(ll_qcow_api_get, struct ll_qcow_api, LL_QCOW_FUNCS, "libqcow.so.1", "libqcow1",
		 "libqcow_")

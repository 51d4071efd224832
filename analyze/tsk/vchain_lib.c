/* SPDX-License-Identifier: Apache-2.0 */
/* libvmdk.so.1 and libvhdi.so.1, loaded on first use (vchain_lib.h). */
#include "core/compat.h"
#include "analyze/tsk/vchain_lib.h"

LL_DYNLIB_DEFINE(ll_vmdk_api_get, struct ll_vmdk_api, LL_VMDK_FUNCS, "libvmdk.so.1", "libvmdk1",
		 "libvmdk_")
LL_DYNLIB_DEFINE(ll_vhdi_api_get, struct ll_vhdi_api, LL_VHDI_FUNCS, "libvhdi.so.1", "libvhdi1",
		 "libvhdi_")

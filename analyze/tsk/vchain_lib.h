/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libvmdk.so.1 and libvhdi.so.1 called directly (not through libtsk's
 * image layer, which opens a disk alone) for a differencing VMDK or VHD:
 * only they can be given a parent (libvmdk_handle_set_parent_handle,
 * libvhdi_file_set_parent_file). Loaded on first use in the process that
 * reads the disk (core/dynlib.h); libtsk maps the same libraries.
 */
#ifndef LL_ANALYZE_TSK_VCHAIN_LIB_H
#define LL_ANALYZE_TSK_VCHAIN_LIB_H

#include "core/compat.h"

#include <libvhdi.h>
#include <libvmdk.h>

#include "core/dynlib.h"

#define LL_VMDK_FUNCS(X) \
	X(get_version) \
	X(error_free) \
	X(error_sprint) \
	X(handle_initialize) \
	X(handle_free) \
	X(handle_open) \
	X(handle_open_extent_data_files) \
	X(handle_close) \
	X(handle_read_buffer_at_offset) \
	X(handle_get_media_size) \
	X(handle_set_parent_handle)

#define LL_VHDI_FUNCS(X) \
	X(get_version) \
	X(error_free) \
	X(error_sprint) \
	X(file_initialize) \
	X(file_free) \
	X(file_open) \
	X(file_close) \
	X(file_read_buffer_at_offset) \
	X(file_get_media_size) \
	X(file_set_parent_file)

#define LL_VMDK_FIELD(name) LL_DYNLIB_FIELD(libvmdk_, name)
#define LL_VHDI_FIELD(name) LL_DYNLIB_FIELD(libvhdi_, name)
struct ll_vmdk_api {
	LL_VMDK_FUNCS(LL_VMDK_FIELD)
};
struct ll_vhdi_api {
	LL_VHDI_FUNCS(LL_VHDI_FIELD)
};

/* The tables, or NULL with the error set (LL_EUNSUPPORTED: libvmdk1 / libvhdi1 missing). */
const struct ll_vmdk_api *ll_vmdk_api_get(void);
const struct ll_vhdi_api *ll_vhdi_api_get(void);

#endif

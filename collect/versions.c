/* SPDX-License-Identifier: Apache-2.0 */
/* Library versions of the collect module. */
#include "core/compat.h"
#include "collect/versions.h"

#include <libewf.h>
#include <zlib.h>
#ifdef LL_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

void ll_collect_versions(void (*cb)(const char *name, const char *version,
				    void *payload),
			 void *payload)
{
	cb("libewf", libewf_get_version(), payload);
	cb("zlib", zlibVersion(), payload);
#ifdef LL_HAVE_LIBDEFLATE
	cb("libdeflate", LIBDEFLATE_VERSION_STRING, payload);
#endif
}

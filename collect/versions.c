/* SPDX-License-Identifier: Apache-2.0 */
/* Library versions of the collect module. */
#include "core/compat.h"
#include "collect/versions.h"

#include <zlib.h>
#ifdef LL_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#include "collect/ewf_util.h"

void ll_collect_versions(void (*cb)(const char *name, const char *version,
				    void *payload),
			 void *payload)
{
	/* loaded only to ask (ewf_util.h); absent is said, not fatal */
	const struct ll_ewf_api *ewf = ll_ewf_api_get();

	cb("libewf", ewf ? ewf->get_version() : "unavailable", payload);
	cb("zlib", zlibVersion(), payload);
#ifdef LL_HAVE_LIBDEFLATE
	cb("libdeflate", LIBDEFLATE_VERSION_STRING, payload);
#endif
}

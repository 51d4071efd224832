/* SPDX-License-Identifier: Apache-2.0 */
/* Library versions of the analyze module. */
#include "core/compat.h"
#include "analyze/versions.h"

#include <libevtx.h>
#include <pcre2.h>
#include <tsk/libtsk.h>
#include <yaml.h>

#include "analyze/readers/evt_lib.h"

#define LL_STR2(x) #x
#define LL_STR(x) LL_STR2(x)

void ll_analyze_versions(void (*cb)(const char *name, const char *version,
				    void *payload),
			 void *payload)
{
	cb("libtsk", tsk_version_get_str(), payload);
	cb("libevtx", libevtx_get_version(), payload);
	{
		/* loaded on demand (evt_lib.h); absent is said, not fatal */
		const struct ll_evt_api *evt = ll_evt_api_get();

		cb("libevt", evt ? evt->get_version() : "unavailable", payload);
	}
	cb("libyaml", yaml_get_version_string(), payload);
	cb("pcre2", LL_STR(PCRE2_MAJOR) "." LL_STR(PCRE2_MINOR), payload);
}

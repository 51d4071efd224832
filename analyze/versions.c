/* SPDX-License-Identifier: Apache-2.0 */
/* Library versions of the analyze module. */
#include "core/compat.h"
#include "analyze/versions.h"

#include <pcre2.h>
#include <yaml.h>

#include "analyze/registry/regf_lib.h"
#include "analyze/winlog/evt_lib.h"
#include "analyze/winlog/evtx_lib.h"
#include "analyze/prefetch/scca_lib.h"
#include "analyze/tsk/tsk_walk.h"

#define LL_STR2(x) #x
#define LL_STR(x) LL_STR2(x)

void ll_analyze_versions(void (*cb)(const char *name, const char *version,
				    void *payload),
			 void *payload)
{
	/*
	 * The readers' libraries are loaded here only to ask their versions
	 * (`lifeline version`, the case file's manifest): no evidence reaches
	 * them in this process. Absent is said, not fatal.
	 */
	const struct ll_evtx_api *evtx = ll_evtx_api_get();
	const struct ll_evt_api *evt = ll_evt_api_get();
	const struct ll_regf_api *regf = ll_regf_api_get();

	cb("libtsk", ll_tsk_version(), payload);
	cb("libevtx", evtx ? evtx->get_version() : "unavailable", payload);
	cb("libevt", evt ? evt->get_version() : "unavailable", payload);
	cb("libregf", regf ? regf->get_version() : "unavailable", payload);
	{
		const struct ll_scca_api *scca = ll_scca_api_get();

		cb("libscca", scca ? scca->get_version() : "unavailable", payload);
	}
	cb("libyaml", yaml_get_version_string(), payload);
	cb("pcre2", LL_STR(PCRE2_MAJOR) "." LL_STR(PCRE2_MINOR), payload);
}

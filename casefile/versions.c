/* SPDX-License-Identifier: Apache-2.0 */
/* Library versions of the casefile module. */
#include "core/compat.h"
#include "casefile/versions.h"

#include <curl/curl.h>

void ll_casefile_versions(void (*cb)(const char *name, const char *version,
				     void *payload),
			  void *payload)
{
	cb("libcurl", curl_version_info(CURLVERSION_NOW)->version, payload);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Versions of the libraries the analyze module links, for reports. */
#ifndef LL_ANALYZE_VERSIONS_H
#define LL_ANALYZE_VERSIONS_H

#include "core/compat.h"

void ll_analyze_versions(void (*cb)(const char *name, const char *version,
				    void *payload),
			 void *payload);

#endif

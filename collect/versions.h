/* SPDX-License-Identifier: Apache-2.0 */
/* Versions of the libraries the collect module links, for reports. */
#ifndef LL_COLLECT_VERSIONS_H
#define LL_COLLECT_VERSIONS_H

#include "core/compat.h"

/* Calls `cb(name, version, payload)` for each library. */
void ll_collect_versions(void (*cb)(const char *name, const char *version,
				    void *payload),
			 void *payload);

#endif

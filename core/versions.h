/* SPDX-License-Identifier: Apache-2.0 */
/* Versions of the libraries the core module links, for reports. */
#ifndef LL_CORE_VERSIONS_H
#define LL_CORE_VERSIONS_H

#include "core/compat.h"

void ll_core_versions(void (*cb)(const char *name, const char *version,
				 void *payload),
		      void *payload);

#endif

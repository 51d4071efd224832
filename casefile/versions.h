/* SPDX-License-Identifier: Apache-2.0 */
/* Versions of the libraries the casefile module links, for reports. */
#ifndef LL_CASEFILE_VERSIONS_H
#define LL_CASEFILE_VERSIONS_H

#include "core/compat.h"

void ll_casefile_versions(void (*cb)(const char *name, const char *version,
				     void *payload),
			  void *payload);

#endif

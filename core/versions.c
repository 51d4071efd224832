/* SPDX-License-Identifier: Apache-2.0 */
/* Library versions of the core module. */
#include "core/compat.h"
#include "core/versions.h"

#include <jansson.h>
#include <openssl/crypto.h>
#include <sqlite3.h>

void ll_core_versions(void (*cb)(const char *name, const char *version,
				 void *payload),
		      void *payload)
{
	cb("openssl", OpenSSL_version(OPENSSL_VERSION_STRING), payload);
	cb("sqlite", sqlite3_libversion(), payload);
	cb("jansson", jansson_version_str(), payload);
}

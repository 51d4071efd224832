/* SPDX-License-Identifier: Apache-2.0 */
/* Canonical JSON through jansson. */
#include "core/compat.h"
#include "core/json.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"

#define LL_JSON_FLAGS (JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII)

char *ll_json_dump(const json_t *v)
{
	char *s = json_dumps(v, LL_JSON_FLAGS | JSON_ENCODE_ANY), *copy;

	if (!s)
		return NULL;
	/* jansson allocates with malloc; hand back ll_ memory */
	copy = ll_strdup(s);
	free(s);
	return copy;
}

int ll_json_canonical(char **out, const char *text)
{
	json_error_t err;
	json_t *v;

	if (!text || !*text) {
		*out = ll_strdup("{}");
		return *out ? 0 : ll_error_set(LL_ENOMEM, "out of memory");
	}
	if (!(v = json_loads(text, JSON_REJECT_DUPLICATES, &err)))
		return ll_error_set(LL_ECORRUPT, "bad JSON at column %d: %s",
				    err.column, err.text);
	if (!json_is_object(v)) {
		json_decref(v);
		return ll_error_set(LL_ECORRUPT, "details must be a JSON object");
	}
	*out = ll_json_dump(v);
	json_decref(v);
	return *out ? 0 : ll_error_set(LL_ENOMEM, "out of memory");
}

int ll_json_set_str(json_t *obj, const char *key, const char *s)
{
	if (json_object_set_new(obj, key, s ? json_string(s) : json_null()) != 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

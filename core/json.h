/* SPDX-License-Identifier: Apache-2.0 */
/* JSON helpers over jansson: canonical text for hashing. */
#ifndef LL_CORE_JSON_H
#define LL_CORE_JSON_H

#include "core/compat.h"

#include <jansson.h>

/*
 * Makes jansson allocate through ll_malloc/ll_free, so that allocation
 * failures (ll_alloc_fail_at) reach JSON code too. Call once at start-up,
 * before any JSON value exists (cli/main.c, unit tests that inject failures).
 */
void ll_json_init(void);

/*
 * Parses `text` (json_loads `flags`) into *out: LL_ECORRUPT (with where)
 * when it is not JSON, LL_ENOMEM when memory ran out, which jansson itself
 * does not always tell apart (after ll_json_init).
 */
int ll_json_load(json_t **out, const char *text, size_t flags);

/*
 * Canonical form: compact, keys sorted, non-ASCII escaped, so the same
 * object always gives the same bytes. Free with ll_free. `text` NULL or ""
 * gives "{}". Returns LL_ECORRUPT if `text` is not a JSON object.
 */
int ll_json_canonical(char **out, const char *text);
/* Canonical text of a value (NULL on allocation failure); free with ll_free. */
char *ll_json_dump(const json_t *v);

/* Sets key to a string or JSON null when `s` is NULL. */
int ll_json_set_str(json_t *obj, const char *key, const char *s);



/*
 * A JSON string from bytes that may not be valid UTF-8 (evidence is
 * hostile): invalid sequences become U+FFFD. NULL only on allocation failure.
 */
json_t *ll_json_string_lossy(const char *s, size_t len);

/*
 * A file name for a JSON document, exactly: as it is, or percent-escaped
 * (core/name.h ll_name_pct_encode) when `esc`, and the document then says
 * "name_encoding": "percent" (docs/formats/custody.md "Names that are not
 * UTF-8"). NULL gives JSON null; NULL return only on allocation failure.
 */
json_t *ll_json_name(const char *s, bool esc);
#endif

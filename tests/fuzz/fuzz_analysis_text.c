/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes the analyses' texts in French (ll_analysis_text_model): a case
 * file's model, as the report reads it from a case database that may have
 * been tampered with (findings' details of any shape, attack-path steps whose
 * finding ids point anywhere), and the codes' tables.
 */
#include "core/compat.h"

#include <string.h>

#include <jansson.h>

#include "casefile/report/facts/analysis_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *root = json_loadb((const char *)data, size, JSON_ALLOW_NUL, NULL), *fr, *x;
	size_t i;

	if (!root)
		return 0;
	if ((fr = ll_analysis_text_model(root, LL_LANG_FR))) {
		json_array_foreach(json_object_get(fr, "findings"), i, x) {
			const char *t = json_string_value(json_object_get(x, "title"));

			if (t)
				(void)strlen(t);
		}
		json_decref(fr);
	}
	(void)strlen(ll_analysis_basis(json_string_value(json_object_get(root, "basis")), LL_LANG_FR));
	(void)strlen(ll_analysis_stat_method(json_string_value(json_object_get(root, "method")), LL_LANG_FR));
	json_decref(root);
	return 0;
}

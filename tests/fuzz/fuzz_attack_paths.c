/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes the read API of the attack paths (ll_attack_paths_from_doc): a
 * stored correlation document, as the case file's report reads it back from
 * a case database that may have been tampered with.
 */
#include "core/compat.h"

#include <jansson.h>

#include "analyze/correlate/attack_path.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = json_loadb((const char *)data, size, JSON_ALLOW_NUL, NULL);
	struct ll_attack_paths p;

	if (!doc)
		return 0;
	if (ll_attack_paths_from_doc(&p, doc) == 0) {
		/* what the report would do: walk every step */
		for (size_t i = 0; i < p.n; i++)
			for (size_t k = 0; k < p.v[i].nsteps; k++) {
				(void)strlen(p.v[i].steps[k].basis);
				if (p.v[i].steps[k].basis_fr) /* optional: a French report prints it */
					(void)strlen(p.v[i].steps[k].basis_fr);
			}
		ll_attack_paths_release(&p);
	}
	json_decref(doc);
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Cuts harm rows down to what a case file with an encrypted annex shows in clear. */
#include "core/compat.h"
#include "casefile/redact.h"

#include <string.h>

/* Chain members that are ids, age band, harm level, times or lifeline's own reasoning. */
static const char *const chain_clear[] = {
	"harm_event_id", "age_band", "harm_level", "event_start", "time_precision",
	"status", "confidence", "reaches_attack", "row", "links", "disruptions",
	"systems", "hosts", "findings", "events", "earliest_intrusion", "notes",
};

static bool clear_key(const char *k)
{
	for (size_t i = 0; i < LL_ARRAY_SIZE(chain_clear); i++)
		if (!strcmp(k, chain_clear[i]))
			return true;
	return false;
}

void ll_redact_correlation(json_t *doc)
{
	json_t *ch, *v;
	const char *k;
	void *tmp;
	size_t i;

	json_array_foreach(json_object_get(doc, "chains"), i, ch) {
		if (!json_is_object(ch))
			continue;
		json_object_foreach_safe(ch, tmp, k, v)
			if (!clear_key(k))
				json_object_del(ch, k);
		json_object_set_new(ch, "redacted", json_string("details in the encrypted harm annex"));
	}
}

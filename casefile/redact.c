/* SPDX-License-Identifier: Apache-2.0 */
/* Cuts harm rows down to what a case file with an encrypted annex shows in clear. */
#include "core/compat.h"
#include "casefile/redact.h"

#include <string.h>

/* Chain members that are ids, age band, harm level, times or lifeline's own reasoning. */
static const char *const chain_clear[] = {
	"harm_event_id", "age_band", "harm_level", "event_start", "time_precision",
	"status", "confidence", "reaches_attack", "row", "links", "disruptions",
	"systems", "hosts", "findings", "events", "earliest_intrusion", "notes", "hypotheses",
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

static bool listed(const json_t *ids, const char *id)
{
	const json_t *v;
	size_t i;

	json_array_foreach(ids, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), id))
			return true;
	return false;
}

void ll_redact_analyses(json_t *analyses, const json_t *harm_items)
{
	json_t *a, *w, *v;
	size_t i, j;

	json_array_foreach(analyses, i, a) {
		const char *ev = json_string_value(json_object_get(a, "evidence"));

		w = json_object_get(a, "warnings");
		if (!ev || !listed(harm_items, ev) || !json_is_array(w))
			continue;
		json_array_foreach(w, j, v)
			json_array_set_new(w, j, json_string(LL_REDACT_WARNING));
		/* their parameters too: a French report composes its warnings from them */
		json_object_del(a, "warning_codes");
	}
}

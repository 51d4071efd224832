/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Causation, as far as the evidence goes. The Düsseldorf 2020 case failed at
 * causation: the outage was proven, whether the patient would have lived
 * without it was not. So for each harm event the report keeps apart what the
 * digital evidence establishes (the disruption, its times, its link to the
 * attack with the chain's confidence), what the hospital's record reports,
 * what only the clinical review can establish, who reviewed it, and what is
 * missing — and never says more than the clinical review says.
 */
#include "core/compat.h"
#include "casefile/report/report_causation.h"

#include <string.h>

#include "casefile/report/facts/labels.h"
#include "casefile/report/model.h"
#include "casefile/report/out.h"
#include "core/buf.h"

static const json_t *disruption(const json_t *corr, const char *id)
{
	const json_t *d;
	size_t i;

	json_array_foreach(json_object_get(corr, "endangerment"), i, d)
		if (!strcmp(ll_model_str(d, "disruption_id"), id))
			return d;
	return NULL;
}

/* each row tagged fact, record or opinion (facts/labels.h); English until the language reaches here */
static void row_head(struct ll_out *o, const char *what, enum ll_label label)
{
	ll_out_printf(o, "<tr><th>%s</th><td>", what);
	ll_label_out(o, label, LL_LANG_EN);
}

static void digital(struct ll_out *o, const json_t *corr, const json_t *c, size_t *missing, const char **miss)
{
	const json_t *ids = json_object_get(c, "disruptions"), *v;
	const char *status = ll_model_str(c, "status"), *conf = ll_model_str(c, "confidence");
	size_t i;

	row_head(o, "Established by the digital evidence", LL_LABEL_OPINION);
	if (!json_array_size(ids)) {
		ll_out_puts(o, "No service disruption is linked to this harm event.");
		miss[(*missing)++] = "a disruption linked to the harm event";
	}
	json_array_foreach(ids, i, v) {
		const json_t *d = disruption(corr, json_string_value(v));

		ll_out_puts(o, i ? "; " : "Disruption ");
		ll_out_user(o, json_string_value(v));
		if (d) {
			ll_out_puts(o, " (");
			ll_out_user(o, ll_model_str(d, "system"));
			ll_out_puts(o, "/");
			ll_out_user(o, ll_model_str(d, "service"));
			ll_out_puts(o, ") from ");
			ll_out_user(o, ll_model_str(d, "start"));
			ll_out_puts(o, " to ");
			ll_out_user(o, *ll_model_str(d, "end") ? ll_model_str(d, "end") : "(no end recorded)");
		}
	}
	if (json_array_size(ids))
		ll_out_puts(o, ". ");
	if (json_is_true(json_object_get(c, "reaches_attack")) && !strcmp(status, "linked")) {
		ll_out_puts(o, "The disrupted system's host is reached by the attack path (chain confidence <b>");
		ll_out_user(o, conf);
		ll_out_puts(o, "</b>; a chain is as strong as its weakest link).");
	} else if (!strcmp(status, "hypothesis")) {
		ll_out_puts(o, "Only timing connects it to the attack (a hypothesis, confidence at most low): no step "
			    "of an attack path reaches the disrupted system's host.");
		miss[(*missing)++] = "evidence linking the disruption to the attack, beyond timing";
	} else if (json_is_true(json_object_get(c, "reaches_attack"))) {
		ll_out_puts(o, "The disrupted system's host is reached by the attack path; the chain's confidence is <b>");
		ll_out_user(o, conf);
		ll_out_puts(o, "</b>, capped by the hospital's causality assessment (status ");
		ll_out_user(o, status);
		ll_out_puts(o, ").");
	} else {
		ll_out_puts(o, "No link from the disruption to the attack rests on evidence.");
		miss[(*missing)++] = "evidence linking the disruption to the attack";
	}
	ll_out_puts(o, "</td></tr>\n");
}

static void reported(struct ll_out *o, const json_t *c, size_t *missing, const char **miss)
{
	const json_t *delay = json_object_get(c, "delay_minutes");

	row_head(o, "Reported by the hospital (its record, as received)", LL_LABEL_RECORD);
	if (json_object_get(c, "redacted")) {
		ll_out_puts(o, "Harm level ");
		ll_out_user(o, ll_model_str(c, "harm_level"));
		ll_out_puts(o, "; the care process, delay and causality assessment are in the encrypted harm annex.");
	} else {
		ll_out_puts(o, "Care process ");
		ll_out_user(o, ll_model_str(c, "care_process"));
		if (json_is_integer(delay))
			ll_out_printf(o, ", a documented delay of %" JSON_INTEGER_FORMAT " minutes against the expected pathway",
				      json_integer_value(delay));
		else
			miss[(*missing)++] = "a documented delay against the expected pathway";
		ll_out_puts(o, "; harm level ");
		ll_out_user(o, ll_model_str(c, "harm_level"));
		if (*ll_model_str(c, "harm_scale")) {
			ll_out_puts(o, " (");
			ll_out_user(o, ll_model_str(c, "harm_scale"));
			ll_out_puts(o, ")");
		}
		ll_out_puts(o, "; record <code>");
		ll_out_user(o, ll_model_str(c, "row"));
		ll_out_puts(o, "</code>.");
	}
	ll_out_puts(o, "</td></tr>\n");
}

static void clinical(struct ll_out *o, const json_t *c, const json_t *rv, size_t *missing, const char **miss)
{
	const char *causality = ll_model_str(c, "causality");

	row_head(o, "Only the clinical review can establish", LL_LABEL_RECORD);
	ll_out_puts(o, "Whether the outcome would have been different without the disruption. ");
	if (json_object_get(c, "redacted")) {
		ll_out_puts(o, "The hospital's assessment is in the encrypted harm annex.");
	} else if (!*causality || !strcmp(causality, "not-assessed")) {
		ll_out_puts(o, "The hospital has not assessed it.");
		miss[(*missing)++] = "a clinical causality assessment";
	} else {
		ll_out_puts(o, "The hospital's reviewers assessed the causality as <b>");
		ll_out_user(o, causality);
		ll_out_puts(o, "</b>");
		if (*ll_model_str(rv, "causality_method")) {
			ll_out_puts(o, " by ");
			ll_out_user(o, ll_model_str(rv, "causality_method"));
		}
		ll_out_puts(o, "; this report adds nothing to that assessment.");
	}
	ll_out_puts(o, "</td></tr>\n");
	row_head(o, "Who reviewed it", LL_LABEL_RECORD);
	if (json_object_get(c, "redacted")) {
		/* --recipient: the reviewer is part of the harm row, kept only in the encrypted annex */
		ll_out_puts(o, "In the encrypted harm annex.");
	} else if (*ll_model_str(rv, "reviewer_role")) {
		ll_out_puts(o, "The record names the reviewer's role: ");
		ll_out_user(o, ll_model_str(rv, "reviewer_role"));
		ll_out_puts(o, ". Whether the reviewer was independent of the treating team is known only as far as that "
			    "role says.");
	} else {
		ll_out_puts(o, "Not recorded.");
		miss[(*missing)++] = "the reviewer's role and independence";
	}
	ll_out_puts(o, "</td></tr>\n");
}

int ll_report_causation(struct ll_buf *out, const json_t *root, const char *heading)
{
	const json_t *corr = json_object_get(root, "correlation"), *c;
	const json_t *reviewers = json_object_get(root, "harm_reviewers");
	struct ll_out o = { out, 0 };
	size_t i;

	if (!json_array_size(json_object_get(corr, "chains")))
		return 0;
	ll_out_printf(&o, "<h3 id=\"causation\">%s</h3>\n<p>For each harm event: what the digital evidence "
		      "establishes, what the hospital's record reports, and what only the clinical review can "
		      "establish. This report does not say whether any outcome would have been different; where the "
		      "clinical review says nothing, neither does this report.</p>\n", heading);
	json_array_foreach(json_object_get(corr, "chains"), i, c) {
		const char *id = ll_model_str(c, "harm_event_id");
		const json_t *rv = json_object_get(reviewers, id);
		const char *miss[8];
		size_t missing = 0;

		ll_out_puts(&o, "<h4>Harm event ");
		ll_out_user(&o, id);
		ll_out_printf(&o, " (<a href=\"#c-%zu\">chain %zu</a>)</h4>\n<table class=\"kv\">\n", i + 1, i + 1);
		digital(&o, corr, c, &missing, miss);
		reported(&o, c, &missing, miss);
		clinical(&o, c, rv, &missing, miss);
		if (strcmp(ll_model_str(c, "time_precision"), "second") &&
		    strcmp(ll_model_str(c, "time_precision"), "minute") && *ll_model_str(c, "time_precision"))
			miss[missing++] = "the harm event's time to the minute";
		row_head(&o, "Missing", LL_LABEL_OBSERVED); /* what the records and exhibits lack */
		if (!missing)
			ll_out_puts(&o, "Nothing of the above.");
		for (size_t k = 0; k < missing; k++) {
			ll_out_puts(&o, k ? "; " : "");
			ll_out_puts(&o, miss[k]);
		}
		ll_out_puts(&o, "</td></tr>\n</table>\n");
	}
	return o.rc;
}

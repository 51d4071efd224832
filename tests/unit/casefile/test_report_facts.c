/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of the report's fact, record and opinion helpers
 * (casefile/report/facts/): a recorded time at its precision, the tag a
 * chain link's basis earns, the verbal scale, and annex O in both
 * languages on a small model — every element listed, its facts from the
 * model, evidence text escaped and isolated, no concluding phrase.
 */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "casefile/report/facts/annex_offences.h"
#include "casefile/report/facts/annex_offences_text.h"
#include "casefile/report/facts/labels.h"
#include "casefile/report/facts/time_precision.h"
#include "casefile/report/model.h"
#include "core/buf.h"

static void precision(void **state)
{
	char out[96];

	(void)state;
	assert_true(ll_time_at_precision(out, sizeof(out), "2021-11-13T00:00:00Z", "day", LL_LANG_EN));
	assert_string_equal(out, "2021-11-13 (day; no time recorded)");
	assert_true(ll_time_at_precision(out, sizeof(out), "2021-11-13T00:00:00Z", "day", LL_LANG_FR));
	assert_string_equal(out, "2021-11-13 (jour ; heure non enregistrée)");
	assert_false(ll_time_at_precision(out, sizeof(out), "2021-11-13T16:25:00Z", "minute", LL_LANG_EN));
	assert_string_equal(out, "2021-11-13T16:25:00Z");
	assert_false(ll_time_at_precision(out, sizeof(out), "2021-11-13T16:25:00Z", NULL, LL_LANG_EN));
	assert_string_equal(out, "2021-11-13T16:25:00Z");
	assert_false(ll_time_at_precision(out, sizeof(out), "2021-11-13T16:25:00Z", "approx", LL_LANG_EN));
	assert_string_equal(out, "approx. 2021-11-13T16:25:00Z");
	/* not ISO 8601: copied, never cut to something that looks like a date */
	assert_false(ll_time_at_precision(out, sizeof(out), "13/11/2021", "day", LL_LANG_EN));
	assert_string_equal(out, "13/11/2021");
	assert_false(ll_time_at_precision(out, sizeof(out), "2021-11-1X", "day", LL_LANG_EN));
	assert_false(ll_time_at_precision(out, sizeof(out), NULL, "day", LL_LANG_EN));
	assert_string_equal(out, "");
	assert_true(ll_time_at_precision(out, 8, "2021-11-13T00:00:00Z", "day", LL_LANG_EN));
	assert_string_equal(out, "2021-11"); /* truncated, still terminated */
}

static void labels(void **state)
{
	struct ll_buf b = LL_BUF_INIT;

	(void)state;
	assert_int_equal(ll_label_for_basis("documented reference"), LL_LABEL_RECORD);
	assert_int_equal(ll_label_for_basis("inventory join"), LL_LABEL_RECORD);
	assert_int_equal(ll_label_for_basis("finding"), LL_LABEL_OBSERVED);
	assert_int_equal(ll_label_for_basis("attack path"), LL_LABEL_OPINION);
	assert_int_equal(ll_label_for_basis("time overlap"), LL_LABEL_OPINION);
	assert_int_equal(ll_label_for_basis(""), LL_LABEL_OPINION);
	assert_int_equal(ll_label_for_basis(NULL), LL_LABEL_OPINION);
	assert_string_equal(ll_label_strength("high", LL_LANG_EN), "strong support");
	assert_string_equal(ll_label_strength("low", LL_LANG_FR), "soutien limité");
	assert_null(ll_label_strength("certain", LL_LANG_EN));
	assert_string_equal(ll_label_name(LL_LABEL_RECORD, LL_LANG_FR), "Donnée déclarée");
	assert_int_equal(ll_label_tag(&b, LL_LABEL_OBSERVED, LL_LANG_FR), 0);
	assert_non_null(strstr(b.ptr, "data-label=\"observed\">Constat</span>"));
	assert_int_equal(ll_label_legend(&b, LL_LANG_FR), 0);
	assert_non_null(strstr(b.ptr, "Avis"));
	assert_non_null(strstr(b.ptr, "soutien modéré"));
	ll_buf_release(&b);
}

static const char model_json[] =
	"{\"case\":{\"case_id\":\"C-1\"},"
	"\"findings\":[{\"id\":7,\"rule_id\":\"r1\",\"title\":\"<script>x</script> the offence is made out\","
	"\"host\":\"h1\",\"techniques\":[\"T1486\"]},"
	"{\"id\":8,\"rule_id\":\"r2\",\"title\":\"logon\",\"host\":\"h1\",\"techniques\":[\"T1078\"]}],"
	"\"correlation\":{\"attack_paths\":[{\"actor\":\"203.0.113.9\",\"host\":\"h1\",\"confidence\":\"low\",\"steps\":[]}],"
	"\"endangerment\":[{\"disruption_id\":\"D-9\",\"service\":\"ED\",\"system\":\"EHR\",\"life_critical\":true}],"
	"\"chains\":[{\"harm_event_id\":\"H-9\",\"harm_level\":\"severe\",\"status\":\"linked\",\"confidence\":\"low\"}]}}";

static char *render(enum ll_lang lang, const char *jurisdiction)
{
	struct ll_casefile_model m = { NULL, 0 };
	struct ll_buf b = LL_BUF_INIT;
	char *s;

	m.root = json_loads(model_json, 0, NULL);
	assert_non_null(m.root);
	if (jurisdiction)
		json_object_set_new(m.root, "mandate", json_pack("{ss}", "jurisdiction", jurisdiction));
	assert_int_equal(ll_annex_offences_html(&b, &m, lang), 0);
	s = strdup(b.ptr);
	ll_buf_release(&b);
	json_decref(m.root);
	return s;
}

static void annex(void **state)
{
	static const char *const banned[] = { "l'infraction est constituée", "est coupable", "offence is established",
					      "committed the offence" };
	enum ll_lang langs[] = { LL_LANG_EN, LL_LANG_FR };

	(void)state;
	for (size_t k = 0; k < LL_ARRAY_SIZE(langs); k++) {
		char *s = render(langs[k], NULL);
		char key[96];

		for (size_t i = 0; i < ll_elements_n; i++) {
			snprintf(key, sizeof(key), "data-element=\"%s\"", ll_elements[i].id);
			assert_non_null(strstr(s, key));
		}
		/* 323-2 rests on the obstruction findings and the disruptions: F7 and D-9, not F8 */
		assert_non_null(strstr(s, "data-element=\"fr-323-2-hinder\" data-facts=\"F7 D-9\""));
		assert_non_null(strstr(s, "data-element=\"us-1030-c4Ai-III\" data-facts=\"H-9 C1\""));
		assert_non_null(strstr(s, "data-element=\"fr-223-1-duty\" data-facts=\"\""));
		/* evidence text: escaped and isolated, quoted */
		assert_null(strstr(s, "<script>"));
		assert_non_null(strstr(s, "<q><bdi>&lt;script&gt;x&lt;/script&gt; the offence is made out</bdi></q>"));
		for (size_t i = 0; i < LL_ARRAY_SIZE(banned); i++)
			assert_null(strstr(s, banned[i]));
		assert_non_null(strstr(s, langs[k] == LL_LANG_FR ? "Aucune juridiction" : "No jurisdiction is recorded"));
		free(s);
	}
	{
		char *s = render(LL_LANG_EN, "ew");

		assert_null(strstr(s, "data-element=\"fr-"));
		assert_null(strstr(s, "data-element=\"us-"));
		assert_non_null(strstr(s, "data-element=\"ew-3ZA-4\""));
		free(s);
	}
	assert_int_equal(ll_offence_element_facts("fr-223-1-duty"), 0);
	assert_true(ll_offence_element_facts("fr-323-4-2-risk") & LL_FACT_HARM);
	assert_int_equal(ll_offence_element_facts("no-such"), 0);
	assert_int_equal(ll_offence_element_facts(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(precision),
		cmocka_unit_test(labels),
		cmocka_unit_test(annex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

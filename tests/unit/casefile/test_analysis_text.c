/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of the analyses' texts in the report's language
 * (casefile/report/facts/analysis_text.c): every C detector's finding gets
 * its French from the parameters it stored, with those parameters in it; a
 * parameter missing, or a rule with no French, keeps the stored English and
 * marks it; a Sigma rule's own title_fr wins; English leaves the model as it
 * is; link bases, kinds and methods from their codes, unknown codes as stored.
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

#include "casefile/report/facts/analysis_text.h"
#include "casefile/report/model.h"

static json_t *finding(int id, const char *rule, const char *details)
{
	json_t *d = json_loads(details, 0, NULL);

	assert_non_null(d);
	return json_pack("{s:i, s:s, s:s, s:s, s:o}", "id", id, "rule_id", rule, "title", "English title",
			 "description", "English description", "details", d);
}

static const json_t *nth(const json_t *m, size_t i)
{
	return json_array_get(json_object_get(m, "findings"), i);
}

static void detectors(void **state)
{
	json_t *root = json_object(), *fs = json_array(), *fr, *en;

	(void)state;
	json_array_append_new(fs, finding(1, "fs.encryption_burst",
		"{\"files\":1750,\"extension\":\"locked\",\"peak_files_per_bucket\":269,\"bucket_s\":10,"
		"\"median_per_bucket\":1.0,\"double_extension_share\":1.0}"));
	json_array_append_new(fs, finding(2, "fs.ransom_note.spread",
		"{\"name\":\"README.txt\",\"files\":448,\"directories\":448,\"known_name\":false}"));
	json_array_append_new(fs, finding(3, "fs.backup_deleted",
		"{\"files\":7,\"files_without_ctime\":0,\"shadow_copy_stores\":2}"));
	json_array_append_new(fs, finding(4, "fs.usn_encryption_burst",
		"{\"files\":5000,\"renames\":5000,\"overwrites\":0,\"extends\":0,\"min_files\":1000,"
		"\"window_s\":300,\"cited\":999,\"records\":4999}"));
	json_array_append_new(fs, finding(5, "movement.first_logon_external",
		"{\"from_addr\":\"203.0.113.45\",\"to_host\":\"labsrv01\",\"account\":\"labadmin\","
		"\"later_logons\":2,\"event_id\":14581,\"kind\":\"ssh-accepted\"}"));
	/* a parameter missing: the stored English stays, marked */
	json_array_append_new(fs, finding(6, "fs.encryption_burst", "{\"files\":3}"));
	/* a Sigma rule's own French; another rule with none */
	json_array_append_new(fs, finding(7, "uuid-1", "{\"title_fr\":\"Titre de la règle\"}"));
	json_array_append_new(fs, finding(8, "uuid-2", "{}"));
	json_object_set_new(root, "findings", fs);

	fr = ll_analysis_text_model(root, LL_LANG_FR);
	assert_non_null(fr);
	assert_ptr_not_equal(fr, root);
	assert_non_null(strstr(ll_model_str(nth(fr, 0), "title"), ".locked"));
	assert_non_null(strstr(ll_model_str(nth(fr, 0), "title"), "Rafale de chiffrement"));
	assert_non_null(strstr(ll_model_str(nth(fr, 0), "description"), "1750 fichiers")); /* 4 digits stay whole */
	assert_non_null(strstr(ll_model_str(nth(fr, 1), "title"), "README.txt"));
	assert_non_null(strstr(ll_model_str(nth(fr, 1), "description"), "448 répertoires"));
	assert_non_null(strstr(ll_model_str(nth(fr, 2), "description"), "2 clichés instantanés"));
	/* every parameter in its own place (not one buffer shown twice) */
	assert_non_null(strstr(ll_model_str(nth(fr, 3), "description"), "999 des 4999 enregistrements"));
	assert_non_null(strstr(ll_model_str(nth(fr, 3), "description"), "au moins 1000 fichiers en 300"));
	assert_non_null(strstr(ll_model_str(nth(fr, 3), "title"), "5000 fichiers"));
	assert_non_null(strstr(ll_model_str(nth(fr, 4), "title"), "203.0.113.45 sur labsrv01 en tant que labadmin"));
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(ll_model_str(nth(fr, i), "title_en"), "English title");
		assert_string_equal(ll_model_str(nth(fr, i), "text_lang"), "");
	}
	assert_string_equal(ll_model_str(nth(fr, 5), "title"), "English title");
	assert_string_equal(ll_model_str(nth(fr, 5), "text_lang"), "en");
	assert_string_equal(ll_model_str(nth(fr, 6), "title"), "Titre de la règle");
	assert_string_equal(ll_model_str(nth(fr, 6), "description_lang"), "en");
	assert_string_equal(ll_model_str(nth(fr, 7), "title"), "English title");
	assert_string_equal(ll_model_str(nth(fr, 7), "text_lang"), "en");
	/* the model itself is untouched: the record stays English */
	assert_string_equal(ll_model_str(nth(root, 0), "title"), "English title");
	json_decref(fr);

	en = ll_analysis_text_model(root, LL_LANG_EN);
	assert_ptr_equal(en, root);
	json_decref(en);
	json_decref(root);
}

static void codes(void **state)
{
	(void)state;
	assert_string_equal(ll_analysis_basis("inventory join", LL_LANG_FR), "rapprochement avec l’inventaire");
	assert_string_equal(ll_analysis_basis("inventory join", LL_LANG_EN), "inventory join");
	assert_string_equal(ll_analysis_basis("something new", LL_LANG_FR), "something new");
	assert_string_equal(ll_analysis_link_kind("system->host", LL_LANG_FR), "système → hôte");
	assert_string_equal(ll_analysis_link_kind(NULL, LL_LANG_FR), "");
	assert_non_null(strstr(ll_analysis_stat_method(
		"Poisson rate ratio; log-normal (Wald) 95% CI exp(ln RR +/- 1.96 sqrt(1/a+1/b))", LL_LANG_FR),
		"rapport de taux de Poisson"));
	assert_string_equal(ll_analysis_stat_method("a new method", LL_LANG_FR), "a new method");
	assert_string_equal(ll_analysis_stat_method("a new method", LL_LANG_EN), "a new method");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(detectors),
		cmocka_unit_test(codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

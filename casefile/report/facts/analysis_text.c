/* SPDX-License-Identifier: Apache-2.0 */
/* The analyses' texts in the report's language (analysis_text.h). */
#include "core/compat.h"
#include "casefile/report/facts/analysis_text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyze/movement/movement.h"
#include "casefile/report/facts/warning_text.h"
#include "casefile/report/lang_fmt.h"
#include "casefile/report/model.h"
#include "core/buf.h"

/* a code and its words in each language */
struct words {
	const char *code, *en, *fr;
};

static const char *lookup(const struct words *t, size_t n, const char *code, enum ll_lang lang)
{
	if (!code)
		return "";
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].code, code))
			return lang == LL_LANG_FR ? t[i].fr : t[i].en;
	return code; /* an unknown code is shown as stored, never guessed */
}

/* correlate.c's link bases (docs/formats/correlation.md) */
static const struct words bases[] = {
	{ "documented reference", "documented reference", "référence documentée" },
	{ "inventory join", "inventory join", "rapprochement avec l’inventaire" },
	{ "time overlap", "time overlap", "concomitance dans le temps" },
	{ "time only", "time only", "le temps seul" },
	{ "attack path", "attack path", "chemin d’attaque" },
	{ "hospital record", "hospital record", "relevé de l’hôpital" },
	{ "finding", "finding", "constatation" },
};

static const struct words kinds[] = {
	{ "harm->disruption", "harm->disruption", "dommage → interruption" },
	{ "disruption->system", "disruption->system", "interruption → système" },
	{ "system->host", "system->host", "système → hôte" },
	{ "host->attack", "host->attack", "hôte → attaque" },
	{ "host->finding", "host->finding", "hôte → constatation" },
	{ "command->host", "command->host", "commande → hôte" },
};

/* correlate_json.c's method sentences: the English is the stored code */
static const struct words methods[] = {
	{ "difference of the medians of the period values (attack - baseline), percentile bootstrap 95% CI",
	  NULL, "différence des médianes des valeurs par période (attaque − référence), intervalle de "
		"confiance à 95" LL_NNBSP "% par bootstrap des percentiles" },
	{ "Poisson rate ratio; exact conditional binomial (Clopper-Pearson) 95% CI (small counts)",
	  NULL, "rapport de taux de Poisson" LL_NNBSP "; intervalle de confiance à 95" LL_NNBSP "% binomial "
		"conditionnel exact (Clopper-Pearson) (petits effectifs)" },
	{ "Poisson rate ratio; log-normal (Wald) 95% CI exp(ln RR +/- 1.96 sqrt(1/a+1/b))",
	  NULL, "rapport de taux de Poisson" LL_NNBSP "; intervalle de confiance à 95" LL_NNBSP "% log-normal "
		"(Wald) exp(ln RR ± 1,96 √(1/a + 1/b))" },
};

/* correlate_json.c's attack window rules */
static const struct words windows[] = {
	{ "given with --attack", "given with --attack", "donnée par l’option --attack" },
	{ "first disruption to last restoration", "first disruption to last restoration",
	  "de la première interruption au dernier rétablissement" },
};

const char *ll_analysis_window_rule(const char *rule, enum ll_lang lang)
{
	return lookup(windows, LL_ARRAY_SIZE(windows), rule, lang);
}

const char *ll_analysis_basis(const char *basis, enum ll_lang lang)
{
	return lookup(bases, LL_ARRAY_SIZE(bases), basis, lang);
}

const char *ll_analysis_link_kind(const char *kind, enum ll_lang lang)
{
	return lookup(kinds, LL_ARRAY_SIZE(kinds), kind, lang);
}

const char *ll_analysis_stat_method(const char *method, enum ll_lang lang)
{
	if (lang != LL_LANG_FR || !method)
		return method ? method : "";
	return lookup(methods, LL_ARRAY_SIZE(methods), method, lang);
}

/* ---- findings of lifeline's own C detectors: French from their stored parameters ---- */

static long long num(const json_t *d, const char *k, bool *ok)
{
	const json_t *v = json_object_get(d, k);

	if (!json_is_number(v))
		*ok = false;
	return json_is_integer(v) ? (long long)json_integer_value(v) : (long long)llround(json_number_value(v));
}

static const char *str(const json_t *d, const char *k, bool *ok)
{
	const char *s = json_string_value(json_object_get(d, k));

	if (!s)
		*ok = false;
	return s ? s : "";
}

/* integers in the French form ("1 750"): a few at once, each in its own buffer */
#define N(i, v) ll_lang_int(nb[i], sizeof(nb[i]), LL_LANG_FR, (v))


/* a movement edge's kind inside a French sentence (movement.h); an unknown one as stored */
static const char *kind_fr(const char *kind)
{
	const struct ll_movement_kind_fr *k = ll_movement_kind_fr(kind);

	return k ? k->low : kind;
}

/*
 * The French title and description of a C detector's finding from its
 * details; false when the rule is not one of them or a parameter is missing
 * (then the stored English is shown, marked).
 */
static bool detector_fr(struct ll_buf *t, struct ll_buf *d, const char *rule, const json_t *x)
{
	const json_t *dt = json_object_get(x, "details");
	char nb[8][48];
	bool ok = true;
	int rc = 0;

	if (!strcmp(rule, "fs.encryption_burst")) {
		long long files = num(dt, "files", &ok), peak = num(dt, "peak_files_per_bucket", &ok);
		long long bucket = num(dt, "bucket_s", &ok);
		const char *ext = str(dt, "extension", &ok);
		double share = json_number_value(json_object_get(dt, "double_extension_share"));
		double median = json_number_value(json_object_get(dt, "median_per_bucket"));
		char med[48];

		ll_lang_dec(med, sizeof(med), LL_LANG_FR, median, 1);
		rc = ll_buf_printf(t, "Rafale de chiffrement" LL_NBSP ": fichiers réécrits en «" LL_NBSP ".%s" LL_NBSP "»", ext);
		if (rc == 0)
			rc = ll_buf_printf(d, "%s fichiers passés à la nouvelle extension «" LL_NBSP ".%s" LL_NBSP "» entre "
					   "le début et la fin indiqués (jusqu’à %s fichiers par intervalle de %s" LL_NBSP
					   "s, contre une médiane de %s)" LL_NNBSP "; %.0f" LL_NNBSP "%% conservent leur "
					   "ancienne extension devant la nouvelle.", N(0, files), ext, N(1, peak),
					   N(2, bucket), med, share * 100);
	} else if (!strcmp(rule, "fs.ransom_note.spread") || !strcmp(rule, "fs.ransom_note.known")) {
		const char *name = str(dt, "name", &ok);
		long long files = num(dt, "files", &ok), dirs = num(dt, "directories", &ok);

		rc = ll_buf_printf(t, "Note de rançon «" LL_NBSP "%s" LL_NBSP "»", name);
		if (rc == 0)
			rc = ll_buf_printf(d, "%s fichiers nommés «" LL_NBSP "%s" LL_NBSP "» dans %s répertoires%s.",
					   N(0, files), name, N(1, dirs),
					   json_is_true(json_object_get(dt, "known_name"))
						   ? " (un nom connu de note de rançon)"
						   : ", de taille identique et écrits dans la fenêtre des notes");
	} else if (!strcmp(rule, "fs.backup_deleted")) {
		long long files = num(dt, "files", &ok), undated = num(dt, "files_without_ctime", &ok);
		long long stores = num(dt, "shadow_copy_stores", &ok);

		rc = ll_buf_puts(t, "Fichiers de sauvegarde supprimés");
		if (rc == 0)
			rc = ll_buf_printf(d, "%s fichiers de sauvegarde supprimés (motifs de fichiers de sauvegarde), "
					   "supprimés aux heures citées" LL_NBSP ": le changement d’inode (ctime) de "
					   "chaque entrée, que la suppression fixe%s.", N(0, files),
					   undated ? LL_NNBSP "; les entrées qui n’en ont pas sont citées à leur heure la "
						     "plus tardive, la suppression étant à cette heure ou après" : "");
		if (rc == 0 && stores > 0)
			rc = ll_buf_printf(d, " Les volumes contiennent encore %s clichés instantanés (shadow copies)"
					   LL_NNBSP "; les fichiers tels qu’ils étaient alors figurent dans la "
					   "chronologie (localisateur vss_store=N).", N(1, stores));
		else if (rc == 0)
			rc = ll_buf_puts(d, " Aucun cliché instantané (shadow copy) n’a été trouvé sur les volumes "
					 "NTFS du scellé.");
	} else if (!strcmp(rule, "fs.usn_encryption_burst")) {
		long long files = num(dt, "files", &ok), ren = num(dt, "renames", &ok);
		long long over = num(dt, "overwrites", &ok), ext = num(dt, "extends", &ok);
		long long minf = num(dt, "min_files", &ok), win = num(dt, "window_s", &ok);
		long long cited = num(dt, "cited", &ok), recs = num(dt, "records", &ok);

		rc = ll_buf_printf(t, "Rafale de chiffrement dans le journal des modifications NTFS" LL_NBSP
				   ": %s fichiers réécrits ou renommés", N(0, files));
		if (rc == 0)
			rc = ll_buf_printf(d, "Le journal des modifications enregistre %s fichiers réécrits ou renommés "
					   "(au moins %s fichiers en %s" LL_NBSP "s)" LL_NBSP ": %s renommages, %s "
					   "réécritures, %s extensions de fichiers existants. Le journal conserve ces "
					   "enregistrements après la suppression des fichiers. %s des %s enregistrements "
					   "sont cités.", N(0, files), N(1, minf), N(2, win), N(3, ren), N(4, over),
					   N(5, ext), N(6, cited), N(7, recs));
	} else if (!strcmp(rule, "movement.first_logon_external")) {
		const char *from = str(dt, "from_addr", &ok), *to = str(dt, "to_host", &ok);
		const char *acct = json_string_value(json_object_get(dt, "account"));
		long long later = num(dt, "later_logons", &ok), ev = num(dt, "event_id", &ok);

		if (!acct)
			acct = "un compte que le journal ne nomme pas";
		rc = ll_buf_printf(t, "Première connexion depuis une nouvelle adresse externe" LL_NBSP ": %s sur %s "
				   "en tant que %s", from, to, acct);
		if (rc == 0)
			rc = ll_buf_printf(d, "La première connexion réussie depuis %s, une adresse publique "
					   "qu’aucun hôte de l’inventaire ne possède, sur %s dans les éléments examinés, "
					   "en tant que %s (événement %s, %s). «" LL_NBSP "Nouvelle" LL_NBSP "» "
					   "signifie première dans les éléments examinés" LL_NBSP ": une connexion "
					   "depuis cette adresse antérieure à ces éléments ne peut être connue. %s "
					   "connexion(s) réussie(s) ultérieure(s) depuis cette adresse sur cet hôte "
					   "ne donne(nt) lieu à aucune constatation propre.", from, to, acct,
					   N(0, ev), kind_fr(str(dt, "kind", &ok)), N(1, later));
	} else {
		return false;
	}
	return ok && rc == 0;
}

#undef N

/* A finding of the French report: its French title and description, or its own text marked. */
static void finding_fr(json_t *x)
{
	const json_t *dt = json_object_get(x, "details");
	const char *tfr = json_string_value(json_object_get(dt, "title_fr"));
	const char *dfr = json_string_value(json_object_get(dt, "description_fr"));
	struct ll_buf t = LL_BUF_INIT, d = LL_BUF_INIT;

	if (json_object_get(x, "name_encoding")) /* percent-encoded text: shown as it is, never mixed */
		return;
	json_object_set(x, "title_en", json_object_get(x, "title"));
	json_object_set(x, "description_en", json_object_get(x, "description"));
	if (tfr) { /* a Sigma rule's own French (title_fr:, description_fr:) */
		json_object_set_new(x, "title", json_string(tfr));
		if (dfr)
			json_object_set_new(x, "description", json_string(dfr));
		else if (*ll_model_str(x, "description"))
			json_object_set_new(x, "description_lang", json_string("en"));
	} else if (detector_fr(&t, &d, ll_model_str(x, "rule_id"), x) && t.ptr && d.ptr) {
		json_object_set_new(x, "title", json_string(t.ptr));
		json_object_set_new(x, "description", json_string(d.ptr));
	} else { /* a rule from elsewhere: its text as it wrote it, and said so */
		json_object_set_new(x, "text_lang", json_string("en"));
	}
	ll_buf_release(&t);
	ll_buf_release(&d);
}

/* The attack paths' finding steps carry the finding's title: the French one, by id. */
static void steps_fr(json_t *corr, const json_t *findings)
{
	json_t *p, *s;
	const json_t *f;
	size_t i, j, k;

	json_array_foreach(json_object_get(corr, "attack_paths"), i, p) {
		const char *lists[] = { "steps", "hypotheses" };

		for (size_t l = 0; l < LL_ARRAY_SIZE(lists); l++)
			json_array_foreach(json_object_get(p, lists[l]), j, s) {
				json_int_t id = json_integer_value(json_object_get(s, "finding"));

				if (!id || !json_is_string(json_object_get(s, "title")))
					continue;
				json_array_foreach(findings, k, f)
					if (json_integer_value(json_object_get(f, "id")) == id) {
						json_object_set(s, "title", json_object_get(f, "title"));
						break;
					}
			}
	}
}

json_t *ll_analysis_text_model(const json_t *root, enum ll_lang lang)
{
	json_t *m, *x;
	size_t i;

	if (lang != LL_LANG_FR)
		return json_incref((json_t *)root);
	if (!(m = json_deep_copy(root)))
		return NULL;
	json_array_foreach(json_object_get(m, "findings"), i, x)
		if (json_is_object(x))
			finding_fr(x);
	steps_fr(json_object_get(m, "correlation"), json_object_get(m, "findings"));
	/* the readers' warnings: from their codes (warning_text.h) */
	if (ll_warning_text_fr(json_object_get(m, "analyses")) < 0) {
		json_decref(m);
		return NULL;
	}
	return m;
}

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
#include "casefile/report/lang_fmt.h"

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
	ll_label_out(o, label, o->lang);
}

static void digital(struct ll_out *o, const json_t *corr, const json_t *c, size_t *missing, const char **miss)
{
	const json_t *ids = json_object_get(c, "disruptions"), *v;
	const char *status = ll_model_str(c, "status"), *conf = ll_model_str(c, "confidence");
	size_t i;

	row_head(o, LL_TXT(o->lang, "Established by the digital evidence", "Établi par les preuves numériques"),
		 LL_LABEL_OPINION);
	if (!json_array_size(ids)) {
		ll_out_puts(o, LL_TXT(o->lang, "No service disruption is linked to this harm event.",
				      "Aucune interruption de service n’est reliée à ce dommage."));
		miss[(*missing)++] = LL_TXT(o->lang, "a disruption linked to the harm event",
					    "une interruption reliée au dommage");
	}
	json_array_foreach(ids, i, v) {
		const json_t *d = disruption(corr, json_string_value(v));

		ll_out_puts(o, i ? LL_TXT(o->lang, "; ", LL_NNBSP "; ") : LL_TXT(o->lang, "Disruption ", "Interruption "));
		ll_out_user(o, json_string_value(v));
		if (d) {
			ll_out_puts(o, " (");
			ll_out_user(o, ll_model_str(d, "system"));
			ll_out_puts(o, "/");
			ll_out_user(o, ll_model_str(d, "service"));
			ll_out_puts(o, LL_TXT(o->lang, ") from ", ") du "));
			ll_out_user(o, ll_model_str(d, "start"));
			ll_out_puts(o, LL_TXT(o->lang, " to ", " au "));
			if (*ll_model_str(d, "end"))
				ll_out_user(o, ll_model_str(d, "end"));
			else
				ll_out_puts(o, LL_TXT(o->lang, "(no end recorded)", "(aucune fin enregistrée)"));
		}
	}
	if (json_array_size(ids))
		ll_out_puts(o, ". ");
	if (json_is_true(json_object_get(c, "reaches_attack")) && !strcmp(status, "linked")) {
		ll_out_puts(o, LL_TXT(o->lang, "The disrupted system's host is reached by the attack path (chain confidence <b>",
				      "L’hôte du système interrompu est atteint par le chemin d’attaque (confiance de la "
				      "chaîne" LL_NBSP ": <b>"));
		ll_out_user(o, ll_lang_scale_word(o->lang, conf));
		ll_out_puts(o, LL_TXT(o->lang, "</b>; a chain is as strong as its weakest link).",
				      "</b>" LL_NNBSP "; une chaîne ne vaut que par son lien le plus faible)."));
	} else if (!strcmp(status, "hypothesis")) {
		ll_out_puts(o, LL_TXT(o->lang, "Only timing connects it to the attack (a hypothesis, confidence at most low): no "
				      "step of an attack path reaches the disrupted system's host.",
				      "Seule la concomitance la relie à l’attaque (une hypothèse, de confiance faible au plus)"
				      LL_NBSP ": aucune étape d’un chemin d’attaque n’atteint l’hôte du système "
				      "interrompu."));
		miss[(*missing)++] = LL_TXT(o->lang, "evidence linking the disruption to the attack, beyond timing",
					    "un élément reliant l’interruption à l’attaque, au-delà de la concomitance");
	} else if (json_is_true(json_object_get(c, "reaches_attack"))) {
		ll_out_puts(o, LL_TXT(o->lang, "The disrupted system's host is reached by the attack path; the chain's confidence is <b>",
				      "L’hôte du système interrompu est atteint par le chemin d’attaque" LL_NNBSP "; la "
				      "confiance de la chaîne est <b>"));
		ll_out_user(o, ll_lang_scale_word(o->lang, conf));
		ll_out_puts(o, LL_TXT(o->lang, "</b>, capped by the hospital's causality assessment (status ",
				      "</b>, plafonnée par l’évaluation de la causalité par l’hôpital (statut "));
		ll_out_user(o, ll_lang_scale_word(o->lang, status));
		ll_out_puts(o, ").");
	} else {
		ll_out_puts(o, LL_TXT(o->lang, "No link from the disruption to the attack rests on evidence.",
				      "Aucun lien entre l’interruption et l’attaque ne repose sur des éléments de preuve."));
		miss[(*missing)++] = LL_TXT(o->lang, "evidence linking the disruption to the attack",
					    "un élément reliant l’interruption à l’attaque");
	}
	ll_out_puts(o, "</td></tr>\n");
}

static void reported(struct ll_out *o, const json_t *c, size_t *missing, const char **miss)
{
	const json_t *delay = json_object_get(c, "delay_minutes");

	row_head(o, LL_TXT(o->lang, "Reported by the hospital (its record, as received)",
			   "Rapporté par l’hôpital (son relevé, tel que reçu)"), LL_LABEL_RECORD);
	if (json_object_get(c, "redacted")) {
		ll_out_puts(o, LL_TXT(o->lang, "Harm level ", "Niveau de dommage "));
		ll_out_user(o, ll_model_str(c, "harm_level"));
		ll_out_puts(o, LL_TXT(o->lang, "; the care process, delay and causality assessment are in the encrypted harm annex.",
				      LL_NNBSP "; le processus de soins, le délai et l’évaluation de la causalité figurent "
				      "dans l’annexe chiffrée des dommages."));
	} else {
		ll_out_puts(o, LL_TXT(o->lang, "Care process ", "Processus de soins "));
		ll_out_user(o, ll_model_str(c, "care_process"));
		if (json_is_integer(delay))
			ll_out_printf(o, LL_TXT(o->lang, ", a documented delay of %" JSON_INTEGER_FORMAT " minutes against the "
						"expected pathway", ", un retard documenté de %" JSON_INTEGER_FORMAT " minutes par "
						"rapport au parcours attendu"),
				      json_integer_value(delay));
		else
			miss[(*missing)++] = LL_TXT(o->lang, "a documented delay against the expected pathway",
						    "un retard documenté par rapport au parcours attendu");
		ll_out_puts(o, LL_TXT(o->lang, "; harm level ", LL_NNBSP "; niveau de dommage "));
		ll_out_user(o, ll_model_str(c, "harm_level"));
		if (*ll_model_str(c, "harm_scale")) {
			ll_out_puts(o, " (");
			ll_out_user(o, ll_model_str(c, "harm_scale"));
			ll_out_puts(o, ")");
		}
		ll_out_puts(o, LL_TXT(o->lang, "; record <code>", LL_NNBSP "; relevé <code>"));
		ll_out_user(o, ll_model_str(c, "row"));
		ll_out_puts(o, "</code>.");
	}
	ll_out_puts(o, "</td></tr>\n");
}

static void clinical(struct ll_out *o, const json_t *c, const json_t *rv, size_t *missing, const char **miss)
{
	const char *causality = ll_model_str(c, "causality");

	row_head(o, LL_TXT(o->lang, "Only the clinical review can establish", "Seule l’évaluation clinique peut établir"),
		 LL_LABEL_RECORD);
	ll_out_puts(o, LL_TXT(o->lang, "Whether the outcome would have been different without the disruption. ",
			      "Si l’issue aurait été différente sans l’interruption. "));
	if (json_object_get(c, "redacted")) {
		ll_out_puts(o, LL_TXT(o->lang, "The hospital's assessment is in the encrypted harm annex.",
				      "L’évaluation de l’hôpital figure dans l’annexe chiffrée des dommages."));
	} else if (!*causality || !strcmp(causality, "not-assessed")) {
		ll_out_puts(o, LL_TXT(o->lang, "The hospital has not assessed it.", "L’hôpital ne l’a pas évalué."));
		miss[(*missing)++] = LL_TXT(o->lang, "a clinical causality assessment", "une évaluation clinique de la causalité");
	} else {
		ll_out_puts(o, LL_TXT(o->lang, "The hospital's reviewers assessed the causality as <b>",
				      "Les évaluateurs de l’hôpital ont apprécié la causalité comme <b>"));
		ll_out_user(o, causality);
		ll_out_puts(o, "</b>");
		if (*ll_model_str(rv, "causality_method")) {
			ll_out_puts(o, LL_TXT(o->lang, " by ", " selon "));
			ll_out_user(o, ll_model_str(rv, "causality_method"));
		}
		ll_out_puts(o, LL_TXT(o->lang, "; this report adds nothing to that assessment.",
				      LL_NNBSP "; le présent rapport n’ajoute rien à cette évaluation."));
	}
	ll_out_puts(o, "</td></tr>\n");
	row_head(o, LL_TXT(o->lang, "Who reviewed it", "Qui l’a évalué"), LL_LABEL_RECORD);
	if (json_object_get(c, "redacted")) {
		/* --recipient: the reviewer is part of the harm row, kept only in the encrypted annex */
		ll_out_puts(o, LL_TXT(o->lang, "In the encrypted harm annex.", "Dans l’annexe chiffrée des dommages."));
	} else if (*ll_model_str(rv, "reviewer_role")) {
		ll_out_puts(o, LL_TXT(o->lang, "The record names the reviewer's role: ",
				      "Le relevé indique la qualité de l’évaluateur" LL_NBSP ": "));
		ll_out_user(o, ll_model_str(rv, "reviewer_role"));
		ll_out_puts(o, LL_TXT(o->lang, ". Whether the reviewer was independent of the treating team is known only as far "
				      "as that role says.",
				      ". L’indépendance de l’évaluateur à l’égard de l’équipe soignante "
				      "n’est connue que dans la mesure où cette qualité l’indique."));
	} else {
		ll_out_puts(o, LL_TXT(o->lang, "Not recorded.", "Non renseigné."));
		miss[(*missing)++] = LL_TXT(o->lang, "the reviewer's role and independence",
					    "la qualité et l’indépendance de l’évaluateur");
	}
	ll_out_puts(o, "</td></tr>\n");
}

int ll_report_causation(struct ll_buf *out, const json_t *root, const char *heading, enum ll_lang lang)
{
	const json_t *corr = json_object_get(root, "correlation"), *c;
	const json_t *reviewers = json_object_get(root, "harm_reviewers");
	struct ll_out o = { out, 0, lang };
	size_t i;

	if (!json_array_size(json_object_get(corr, "chains")))
		return 0;
	ll_out_printf(&o, LL_TXT(lang, "<h3 id=\"causation\">%s</h3>\n<p>For each harm event: what the digital evidence "
		      "establishes, what the hospital's record reports, and what only the clinical review can "
		      "establish. This report does not say whether any outcome would have been different; where the "
		      "clinical review says nothing, neither does this report.</p>\n",
		      "<h3 id=\"causation\">%s</h3>\n<p>Pour chaque dommage" LL_NBSP ": ce qu’établissent les preuves "
		      "numériques, ce que rapporte le relevé de l’hôpital, et ce que seule l’évaluation clinique peut "
		      "établir. Le présent rapport ne dit pas si une issue aurait été différente" LL_NNBSP "; là où "
		      "l’évaluation clinique ne dit rien, il ne dit rien non plus.</p>\n"), heading);
	json_array_foreach(json_object_get(corr, "chains"), i, c) {
		const char *id = ll_model_str(c, "harm_event_id");
		const json_t *rv = json_object_get(reviewers, id);
		const char *miss[8];
		size_t missing = 0;

		ll_out_puts(&o, LL_TXT(lang, "<h4>Harm event ", "<h4>Dommage "));
		ll_out_user(&o, id);
		ll_out_printf(&o, LL_TXT(lang, " (<a href=\"#c-%zu\">chain %zu</a>)</h4>\n<table class=\"kv\">\n",
					 " (<a href=\"#c-%zu\">chaîne %zu</a>)</h4>\n<table class=\"kv\">\n"), i + 1, i + 1);
		digital(&o, corr, c, &missing, miss);
		reported(&o, c, &missing, miss);
		clinical(&o, c, rv, &missing, miss);
		if (strcmp(ll_model_str(c, "time_precision"), "second") &&
		    strcmp(ll_model_str(c, "time_precision"), "minute") && *ll_model_str(c, "time_precision"))
			miss[missing++] = LL_TXT(lang, "the harm event's time to the minute",
						 "l’heure du dommage à la minute près");
		row_head(&o, LL_TXT(lang, "Missing", "Manque"), LL_LABEL_OBSERVED); /* what the records and exhibits lack */
		if (!missing)
			ll_out_puts(&o, LL_TXT(lang, "Nothing of the above.", "Rien de ce qui précède."));
		for (size_t k = 0; k < missing; k++) {
			ll_out_puts(&o, k ? LL_TXT(lang, "; ", LL_NNBSP "; ") : "");
			ll_out_puts(&o, miss[k]);
		}
		ll_out_puts(&o, "</td></tr>\n</table>\n");
	}
	return o.rc;
}

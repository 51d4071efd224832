/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Annex "Validation of methods" (FSR-G-218; issue 18 item 3). It shows what a
 * real run of `lifeline validate` found and nothing else: without a run the
 * annex says so; with one, its figures are copied, never recomputed or
 * summarised into a claim. No sentence claims a zero error rate: a passing
 * count bounds the error on the data listed, it does not exclude it.
 */
#include "core/compat.h"
#include "casefile/report/annex_validation.h"

#include <string.h>

#include "casefile/report/facts/validation_text.h"
#include "casefile/report/html.h"
#include "casefile/report/lang_fmt.h"
#include "casefile/report/out.h"
#include "core/buf.h"
#include "core/error.h"

/* text from the file: escaped, invisible characters shown, direction isolated */
static void txt(struct ll_out *w, const char *s)
{
	if (w->rc == 0 && ll_html_user(w->b, s && *s ? s : "\xe2\x80\x94") < 0)
		w->rc = LL_ENOMEM;
}

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* one count cell, tagged for tests: <td class="n" data-check=ID data-count=KEY> */
static void count(struct ll_out *w, const char *check, const char *data, const json_t *counts,
		  const char *key)
{
	ll_out_puts(w, "<td class=\"n\" data-check=\"");
	if (w->rc == 0 && ll_html_text(w->b, check) < 0)
		w->rc = LL_ENOMEM;
	if (data) {
		ll_out_puts(w, "\" data-item=\"");
		if (w->rc == 0 && ll_html_text(w->b, data) < 0)
			w->rc = LL_ENOMEM;
	}
	ll_out_puts(w, "\" data-count=\"");
	ll_out_puts(w, key);
	ll_out_puts(w, "\">");
	if (w->rc == 0 &&
	    ll_buf_printf(w->b, "%" JSON_INTEGER_FORMAT,
			  json_integer_value(json_object_get(counts, key))) < 0)
		w->rc = LL_ENOMEM;
	ll_out_puts(w, "</td>");
}

static void td(struct ll_out *w, const char *s)
{
	ll_out_puts(w, "<td>");
	txt(w, s);
	ll_out_puts(w, "</td>");
}

static void checks_table(struct ll_out *w, const json_t *checks)
{
	size_t i;
	const json_t *ch;

	ll_out_puts(w, LL_TXT(w->lang, "<table><tr><th>Check</th><th>What was compared</th><th>Peer tool (version)</th>"
	       "<th>Compared</th><th>Equal</th><th>Differing</th><th>Result</th></tr>\n",
	       "<table><tr><th>Contrôle</th><th>Objet de la comparaison</th><th>Outil de référence (version)</th>"
	       "<th>Comparés</th><th>Identiques</th><th>Différents</th><th>Résultat</th></tr>\n"));
	json_array_foreach(checks, i, ch) {
		const json_t *peer = json_object_get(ch, "peer");
		const char *id = str(ch, "id"), *st = str(ch, "status");

		ll_out_puts(w, "<tr>");
		td(w, id);
		ll_out_puts(w, "<td>");
		ll_validation_text(w, str(ch, "compared"), LL_VTEXT_PROSE);
		ll_out_puts(w, "</td><td>");
		ll_validation_text(w, str(peer, "tool"), LL_VTEXT_NAME);
		if (*str(peer, "version")) {
			ll_out_puts(w, " (");
			txt(w, str(peer, "version"));
			ll_out_puts(w, ")");
		}
		ll_out_puts(w, "</td>");
		if (!strcmp(st, "not run")) {
			ll_out_puts(w, "<td colspan=\"3\" class=\"none\">&mdash;</td><td class=\"result\" data-check=\"");
			if (w->rc == 0 && ll_html_text(w->b, id) < 0)
				w->rc = LL_ENOMEM;
			ll_out_puts(w, LL_TXT(w->lang, "\">not run: ", "\">non exécuté" LL_NBSP ": "));
			ll_validation_text(w, str(ch, "reason"), LL_VTEXT_PROSE);
			ll_out_puts(w, "</td></tr>\n");
			continue;
		}
		count(w, id, NULL, json_object_get(ch, "counts"), "compared");
		count(w, id, NULL, json_object_get(ch, "counts"), "equal");
		count(w, id, NULL, json_object_get(ch, "counts"), "differing");
		ll_out_puts(w, "<td class=\"result\" data-check=\"");
		if (w->rc == 0 && ll_html_text(w->b, id) < 0)
			w->rc = LL_ENOMEM;
		ll_out_puts(w, "\">");
		ll_out_puts(w, !strcmp(st, "pass") ? LL_TXT(w->lang, "passed", "réussi")
						   : LL_TXT(w->lang, "<strong>FAILED</strong>", "<strong>ÉCHEC</strong>"));
		ll_out_puts(w, "</td></tr>\n");
	}
	ll_out_puts(w, "</table>\n");
}

static void data_table(struct ll_out *w, const json_t *checks)
{
	size_t i, k;
	const json_t *ch, *d;

	ll_out_puts(w, LL_TXT(w->lang, "<h3>Data compared</h3>\n<table><tr><th>Check</th><th>Data</th><th>Size (bytes)</th>"
	       "<th>SHA-256</th><th>Compared</th><th>Equal</th><th>Differing</th><th>Note</th></tr>\n",
	       "<h3>Données comparées</h3>\n<table><tr><th>Contrôle</th><th>Données</th><th>Taille (octets)</th>"
	       "<th>SHA-256</th><th>Comparés</th><th>Identiques</th><th>Différents</th><th>Remarque</th></tr>\n"));
	json_array_foreach(checks, i, ch) {
		json_array_foreach(json_object_get(ch, "data"), k, d) {
			const json_t *sz = json_object_get(d, "size");

			ll_out_puts(w, "<tr>");
			td(w, str(ch, "id"));
			ll_out_puts(w, "<td>");
			ll_validation_text(w, str(d, "name"), LL_VTEXT_NAME);
			ll_out_puts(w, "</td><td>");
			if (json_is_integer(sz) && json_integer_value(sz) > 0) {
				if (w->rc == 0 && ll_buf_printf(w->b, "%" JSON_INTEGER_FORMAT,
								json_integer_value(sz)) < 0)
					w->rc = LL_ENOMEM;
			} else {
				ll_out_puts(w, "&mdash;");
			}
			ll_out_puts(w, "</td><td class=\"hash\">");
			txt(w, str(d, "sha256"));
			ll_out_puts(w, "</td>");
			count(w, str(ch, "id"), str(d, "name"), json_object_get(d, "counts"), "compared");
			count(w, str(ch, "id"), str(d, "name"), json_object_get(d, "counts"), "equal");
			count(w, str(ch, "id"), str(d, "name"), json_object_get(d, "counts"), "differing");
			ll_out_puts(w, "<td>");
			ll_validation_text(w, str(d, "note"), LL_VTEXT_PROSE);
			ll_out_puts(w, "</td>");
			ll_out_puts(w, "</tr>\n");
		}
	}
	ll_out_puts(w, "</table>\n");
}

static void limits(struct ll_out *w, const json_t *checks)
{
	size_t i;
	const json_t *ch;

	ll_out_puts(w, LL_TXT(w->lang, "<h3>Known limits</h3>\n<dl>\n", "<h3>Limites connues</h3>\n<dl>\n"));
	json_array_foreach(checks, i, ch) {
		ll_out_puts(w, "<dt>");
		txt(w, str(ch, "id"));
		ll_out_puts(w, "</dt><dd>");
		ll_validation_text(w, str(ch, "limits"), LL_VTEXT_PROSE);
		ll_out_puts(w, "</dd>\n");
	}
	ll_out_puts(w, "</dl>\n");
}

int ll_report_validation_html(struct ll_buf *out, const json_t *doc, enum ll_lang lang)
{
	struct ll_out w = { out, 0, lang };
	const json_t *lf = json_object_get(doc, "lifeline"), *checks = json_object_get(doc, "checks");
	json_int_t total = 0;
	size_t i;
	char num[32];
	const json_t *ch;

	ll_out_puts(&w, LL_TXT(lang, "<section id=\"validation\"><h2>Annex V. Validation of methods</h2>\n",
			       "<section id=\"validation\"><h2>Annexe V. Validation des méthodes</h2>\n"));
	if (!doc) {
		ll_out_puts(&w, LL_TXT(lang, "<p class=\"none\">No validation run was supplied with this case file "
			"(<code>lifeline validate</code>, then <code>casefile build --validation "
			"FILE</code>): this report does not state the result of a validation of its "
			"methods.</p>\n</section>\n",
			"<p class=\"none\">Aucune exécution de validation n’a été jointe au dossier "
			"(<code>lifeline validate</code>, puis <code>casefile build --validation FILE</code>)" LL_NBSP ": "
			"le présent rapport n’indique pas le résultat d’une validation de ses méthodes.</p>\n"
			"</section>\n"));
		return w.rc < 0 ? ll_error_set(w.rc, "cannot render the validation annex") : 0;
	}
	ll_out_puts(&w, LL_TXT(lang, "<p>The methods were checked by a run of <code>lifeline validate</code>, which "
		"compares lifeline's results with those of other tools (the peers) on the data "
		"listed. The run's record is <code>data/validation.json</code>, covered by the "
		"manifest and the seal; the figures below are copied from it.</p>\n<dl>\n<dt>Date of "
		"the run (UTC)</dt><dd>",
		"<p>Les méthodes ont été contrôlées par une exécution de <code>lifeline validate</code>, qui compare "
		"les résultats de lifeline à ceux d’autres outils (les outils de référence) sur les données "
		"indiquées. Le procès-verbal de cette exécution est <code>data/validation.json</code>, couvert par le "
		"manifeste et le scellé numérique" LL_NNBSP "; les chiffres ci-dessous en sont recopiés.</p>\n<dl>\n"
		"<dt>Date de l’exécution (UTC)</dt><dd>"));
	txt(&w, str(doc, "date"));
	ll_out_puts(&w, LL_TXT(lang, "</dd>\n<dt>Machine</dt><dd>", "</dd>\n<dt>Machine</dt><dd>"));
	txt(&w, str(doc, "host"));
	if (*str(doc, "system")) {
		ll_out_puts(&w, LL_TXT(lang, " (kernel ", " (noyau "));
		txt(&w, str(doc, "system"));
		ll_out_puts(&w, ")");
	}
	ll_out_puts(&w, "</dd>\n<dt>lifeline</dt><dd>");
	txt(&w, str(lf, "version"));
	ll_out_puts(&w, LL_TXT(lang, ", binary SHA-256 <span class=\"hash\">", ", empreinte SHA-256 du binaire <span class=\"hash\">"));
	txt(&w, str(lf, "sha256"));
	ll_out_puts(&w, "</span></dd>\n</dl>\n");
	/* the record's texts are English (cli/validate writes them): French from a
	 * table (facts/validation_text.h); one it lacks is quoted and marked */
	ll_out_puts(&w, LL_TXT(lang, "", "<p class=\"analysis-words\"><code>lifeline validate</code> écrit son "
		"procès-verbal en anglais" LL_NNBSP "; ses textes (objet de la comparaison, données, remarques, limites "
		"connues) sont rendus ici en français, et un texte sans traduction connue est cité tel qu’écrit, "
		"signalé comme tel.</p>\n"));
	checks_table(&w, checks);
	json_array_foreach(checks, i, ch)
		if (strcmp(str(ch, "status"), "not run"))
			total += json_integer_value(json_object_get(json_object_get(ch, "counts"),
								    "compared"));
	if (w.rc == 0 &&
	    ll_buf_printf(out, LL_TXT(lang, "<p>These %s comparisons were made on the data "
			  "listed below only. Passing them bounds, but does not exclude, error: it "
			  "does not show that any method has a zero error rate, nor that it gives the "
			  "same results on data unlike these. A check not run is listed with its "
			  "reason and supports nothing.</p>\n",
			  "<p>Ces %s comparaisons ont été faites sur les seules données énumérées ci-après. Les "
			  "réussir borne l’erreur sans l’exclure" LL_NBSP ": cela ne montre pas qu’une méthode "
			  "a un taux d’erreur nul, ni qu’elle donne les mêmes résultats sur des données "
			  "différentes. Un contrôle non exécuté est indiqué avec sa raison et n’étaye rien.</p>\n"),
			  ll_lang_int(num, sizeof(num), lang, (long long)total)) < 0)
		w.rc = LL_ENOMEM;
	data_table(&w, checks);
	limits(&w, checks);
	ll_out_puts(&w, "</section>\n");
	return w.rc < 0 ? ll_error_set(w.rc, "cannot render the validation annex") : 0;
}

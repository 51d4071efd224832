/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Annex C: the chain of custody, entry by entry. In the core report the table
 * grew one printed page per dozen entries (issue #18 item 7: the sample's core
 * report was at its 40-page limit); the report keeps a summary and this annex
 * keeps every entry, with its note as its author signed it.
 */
#include "core/compat.h"
#include "casefile/report/annex_custody.h"

#include "casefile/report/facts/code_text.h"
#include "casefile/report/lang_fmt.h"
#include "casefile/report/model.h"
#include "casefile/report/out.h"
#include "casefile/report/print.h"
#include "casefile/report/zone_time.h"
#include "core/buf.h"
#include "core/error.h"

/* one cell of recorded text, "—" when empty */
static void cell(struct ll_out *w, const char *s)
{
	ll_out_puts(w, "<td>");
	if (s && *s)
		ll_out_user(w, s);
	else
		ll_out_puts(w, "&mdash;");
	ll_out_puts(w, "</td>");
}

static void row(struct ll_out *w, const json_t *x, const char *zone)
{
	json_int_t seq = json_integer_value(json_object_get(x, "seq"));
	char local[96];

	ll_out_printf(w, "<tr id=\"cu-%" JSON_INTEGER_FORMAT "\"><td>%" JSON_INTEGER_FORMAT "</td>", seq, seq);
	cell(w, ll_model_str(x, "time"));
	if (zone) {
		ll_report_zone_time(local, sizeof(local), ll_model_str(x, "time"), zone);
		ll_lang_local(local, w->lang);
		cell(w, local);
	}
	cell(w, ll_model_str(x, "actor"));
	cell(w, ll_code_custody_action(ll_model_str(x, "action"), w->lang));
	cell(w, ll_model_str(x, "evidence"));
	ll_out_puts(w, "<td>");
	ll_out_user(w, ll_model_str(x, "to"));
	if (*ll_model_str(x, "location")) {
		ll_out_puts(w, " @ ");
		ll_out_user(w, ll_model_str(x, "location"));
	}
	ll_out_puts(w, "</td>");
	cell(w, ll_model_str(x, "note"));
	ll_out_puts(w, "<td class=\"hash\">");
	ll_out_user(w, ll_model_str(x, "hash"));
	ll_out_puts(w, "</td></tr>\n");
}

int ll_annex_custody_html(struct ll_buf *b, const struct ll_casefile_model *model,
			  const char *zone, enum ll_lang lang)
{
	const json_t *root = model->root, *cu = json_object_get(root, "custody"), *x;
	const char *case_id = ll_model_str(json_object_get(root, "case"), "case_id");
	struct ll_out w = { b, 0, lang };
	char n[32];
	size_t i;

	ll_out_printf(&w, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		      "style-src 'unsafe-inline'; img-src data:\">\n", ll_lang_code(lang));
	if (w.rc == 0 && ll_report_print_meta(b, model->generated_ns) < 0)
		w.rc = LL_ENOMEM;
	ll_out_puts(&w, LL_TXT(lang, "<title>Annex C, chain of custody, ", "<title>Annexe C, chaîne de conservation, "));
	ll_out_text_max(&w, case_id, 200);
	ll_out_printf(&w, "</title>\n<style>%s%s%s</style>\n</head>\n<body>\n", ll_report_annex_css,
		      ll_report_print_css, ll_report_print_css_lang(lang));
	if (w.rc == 0 && ll_report_print_running(b, LL_TXT(lang, "Expert report, annex C",
							    "Rapport d’expertise, annexe C"),
						 case_id, model->generated_ns, lang) < 0)
		w.rc = LL_ENOMEM;
	ll_out_puts(&w, LL_TXT(lang,
		"<section id=\"annex-custody\"><h1>Annex C: chain of custody</h1>\n<p>Every entry of the "
		"custody ledger as the report was made (<a href=\"report.html#custody\">section 4 of the "
		"report</a> summarises it). Each entry is signed by its examiner and chained to the previous "
		"one by its SHA-256; the signed ledger itself is <code>data/custody/chain.tsv</code>, with "
		"<code>sig/</code> and <code>certs/</code>. A note is part of its signed entry: shown as "
		"written, in its author’s words. The entry <q>seal</q> that records the sealing of this "
		"case file comes after it and is not listed here.",
		"<section id=\"annex-custody\"><h1>Annexe C" LL_NBSP ": chaîne de conservation</h1>\n<p>Chaque "
		"entrée du registre de conservation au moment de l’établissement du rapport (la <a "
		"href=\"report.html#custody\">section 4 du rapport</a> en donne la synthèse). Chaque entrée est "
		"signée par son intervenant et chaînée à la précédente par son empreinte SHA-256" LL_NNBSP "; "
		"le registre signé lui-même est <code>data/custody/chain.tsv</code>, avec <code>sig/</code> et "
		"<code>certs/</code>. Une mention fait partie de l’entrée signée" LL_NBSP ": elle est reproduite "
		"telle qu’écrite, dans les mots (et la langue) de son auteur. L’entrée <q>seal</q> qui consigne "
		"le scellement du présent dossier lui est postérieure et n’y figure pas."));
	if (zone) {
		ll_out_puts(&w, LL_TXT(lang, " Times are in UTC and, beside them, in the case's local zone ",
				       " Les heures sont en UTC et, à côté, dans le fuseau local de l’affaire "));
		ll_out_user(&w, zone);
		ll_out_puts(&w, ".");
	}
	ll_out_printf(&w, LL_TXT(lang, "</p>\n<p>%s entries.</p>\n", "</p>\n<p>%s entrées.</p>\n"),
		      ll_lang_int(n, sizeof(n), lang, (long long)json_array_size(cu)));
	if (!json_array_size(cu)) {
		ll_out_puts(&w, LL_TXT(lang, "<p class=\"none\">The custody ledger is empty.</p>\n",
				       "<p class=\"none\">Le registre de conservation est vide.</p>\n"));
	} else {
		ll_out_puts(&w, LL_TXT(lang, "<table><thead><tr><th>#</th><th>Time (UTC)</th>",
				       "<table><thead><tr><th>n°</th><th>Heure (UTC)</th>"));
		if (zone) {
			ll_out_puts(&w, LL_TXT(lang, "<th>Local time (", "<th>Heure locale ("));
			ll_out_user(&w, zone);
			ll_out_puts(&w, ")</th>");
		}
		ll_out_puts(&w, LL_TXT(lang, "<th>Examiner</th><th>Action</th><th>Exhibit</th><th>To / location</th>"
				       "<th>Note</th><th>Entry hash (SHA-256)</th></tr></thead>\n<tbody>\n",
				       "<th>Intervenant</th><th>Opération</th><th>Scellé</th><th>Destinataire / lieu</th>"
				       "<th>Mention</th><th>Empreinte de l’entrée (SHA-256)</th></tr></thead>\n<tbody>\n"));
		json_array_foreach(cu, i, x)
			row(&w, x, zone);
		ll_out_puts(&w, "</tbody></table>\n");
	}
	ll_out_puts(&w, "</section>\n</body>\n</html>\n");
	return w.rc < 0 ? ll_error_set(w.rc, "cannot render the custody annex") : 0;
}

/* "First entry (#1): <time>, <action> by <examiner>, exhibit <id>": one entry in one line */
static void entry_line(struct ll_out *w, const char *label, const json_t *x)
{
	ll_out_printf(w, "<li>%s ", label);
	ll_out_printf(w, LL_TXT(w->lang, "(#%" JSON_INTEGER_FORMAT "): ", "(n° %" JSON_INTEGER_FORMAT ")" LL_NBSP ": "),
		      json_integer_value(json_object_get(x, "seq")));
	ll_out_user(w, ll_model_str(x, "time"));
	ll_out_puts(w, ", ");
	ll_out_user(w, ll_code_custody_action(ll_model_str(x, "action"), w->lang));
	ll_out_puts(w, LL_TXT(w->lang, " by ", " par "));
	ll_out_user(w, ll_model_str(x, "actor"));
	if (*ll_model_str(x, "evidence")) {
		ll_out_puts(w, LL_TXT(w->lang, ", exhibit ", ", scellé "));
		ll_out_user(w, ll_model_str(x, "evidence"));
	}
	ll_out_puts(w, "</li>\n");
}

void ll_report_custody_summary(struct ll_out *w, const json_t *cu,
			       const struct ll_report_custody_check *check)
{
	json_t *by_action = json_object(), *by_signer = json_object();
	const json_t *x, *v;
	const char *k;
	char n[32];
	size_t i;

	if (!by_action || !by_signer) {
		w->rc = w->rc ? w->rc : LL_ENOMEM;
		goto out;
	}
	/* counted in the ledger's order: the first action seen is listed first */
	json_array_foreach(cu, i, x) {
		const char *a = ll_model_str(x, "action"), *fpr = ll_model_str(x, "actor_fpr");
		json_t *s = json_object_get(by_signer, fpr);

		json_object_set_new(by_action, a, json_integer(json_integer_value(json_object_get(by_action, a)) + 1));
		if (!s) {
			s = json_pack("{s:s, s:I}", "name", ll_model_str(x, "actor"), "n", (json_int_t)0);
			json_object_set_new(by_signer, fpr, s);
		}
		json_object_set_new(s, "n", json_integer(json_integer_value(json_object_get(s, "n")) + 1));
	}
	ll_out_printf(w, LL_TXT(w->lang, "<p>The ledger holds %s entries as this report was made. ",
				"<p>Le registre compte %s entrées au moment de l’établissement du rapport. "),
		      ll_lang_int(n, sizeof(n), w->lang, (long long)json_array_size(cu)));
	ll_out_puts(w, LL_TXT(w->lang, "Every entry, with its note as written, is <b>annex C</b>, "
			      "<a href=\"" LL_ANNEX_CUSTODY "\"><code>data/" LL_ANNEX_CUSTODY "</code></a>; the "
			      "signed ledger is <code>data/custody/chain.tsv</code>.</p>\n<ul>\n",
			      "Chaque entrée, avec sa mention telle qu’écrite, figure à l’<b>annexe C</b>, "
			      "<a href=\"" LL_ANNEX_CUSTODY "\"><code>data/" LL_ANNEX_CUSTODY "</code></a>" LL_NNBSP
			      "; le registre signé est <code>data/custody/chain.tsv</code>.</p>\n<ul>\n"));
	entry_line(w, LL_TXT(w->lang, "First entry", "Première entrée"), json_array_get(cu, 0));
	entry_line(w, LL_TXT(w->lang, "Last entry", "Dernière entrée"), json_array_get(cu, json_array_size(cu) - 1));
	ll_out_puts(w, "</ul>\n");
	ll_out_puts(w, LL_TXT(w->lang, "<table class=\"custody-actions\"><tr><th>Action</th><th>Entries</th></tr>\n",
			      "<table class=\"custody-actions\"><tr><th>Opération</th><th>Entrées</th></tr>\n"));
	json_object_foreach(by_action, k, v) {
		ll_out_puts(w, "<tr><td>");
		ll_out_user(w, ll_code_custody_action(k, w->lang));
		ll_out_printf(w, "</td><td>%s</td></tr>\n",
			      ll_lang_int(n, sizeof(n), w->lang, (long long)json_integer_value(v)));
	}
	ll_out_puts(w, LL_TXT(w->lang, "</table>\n<table class=\"custody-signers\"><tr><th>Examiner who signed</th>"
			      "<th>Certificate SHA-256</th><th>Entries</th></tr>\n",
			      "</table>\n<table class=\"custody-signers\"><tr><th>Intervenant signataire</th>"
			      "<th>SHA-256 du certificat</th><th>Entrées</th></tr>\n"));
	json_object_foreach(by_signer, k, v) {
		ll_out_puts(w, "<tr><td>");
		ll_out_user(w, ll_model_str(v, "name"));
		ll_out_puts(w, "</td><td class=\"hash\">");
		ll_out_user(w, k);
		ll_out_printf(w, "</td><td>%s</td></tr>\n",
			      ll_lang_int(n, sizeof(n), w->lang, (long long)json_integer_value(json_object_get(v, "n"))));
	}
	ll_out_puts(w, "</table>\n<p>");
	if (!check) {
		ll_out_puts(w, LL_TXT(w->lang, "The exported ledger was not checked when this report was made.",
				      "Le registre exporté n’a pas été vérifié lors de l’établissement du rapport."));
	} else if (check->holds) {
		ll_out_printf(w, LL_TXT(w->lang, "<b>Verification.</b> When this report was made, the exported ledger "
					"(<code>data/custody/</code>) was checked line by line, as <code>lifeline casefile "
					"verify</code> checks it: %s entries, each chained to the previous one and its "
					"signature valid. Head hash (the last entry's SHA-256): <span class=\"hash\">",
					"<b>Vérification.</b> Lors de l’établissement du rapport, le registre exporté "
					"(<code>data/custody/</code>) a été vérifié ligne à ligne, comme le fait <code>lifeline "
					"casefile verify</code>" LL_NNBSP ": %s entrées, chacune chaînée à la précédente, sa "
					"signature valide. Empreinte de tête (SHA-256 de la dernière entrée)" LL_NBSP ": "
					"<span class=\"hash\">"),
			      ll_lang_int(n, sizeof(n), w->lang, (long long)check->entries));
		ll_out_user(w, check->head);
		ll_out_puts(w, "</span>.");
	} else {
		ll_out_puts(w, LL_TXT(w->lang, "<b class=\"crit\">Verification failed.</b> When this report was made, "
				      "the exported ledger (<code>data/custody/</code>) did not verify: ",
				      "<b class=\"crit\">Échec de la vérification.</b> Lors de l’établissement du rapport, "
				      "le registre exporté (<code>data/custody/</code>) n’a pas pu être vérifié" LL_NBSP ": "));
		/* the verifier's own words (core/custody.c) are English: said so, not passed off as French */
		ll_out_puts(w, LL_TXT(w->lang, "", "<span lang=\"en\">"));
		ll_out_user(w, check->reason);
		ll_out_puts(w, LL_TXT(w->lang, ".", "</span> <small class=\"own-text\">(message du vérificateur, "
				      "en anglais)</small>."));
	}
	ll_out_puts(w, "</p>\n");
out:
	json_decref(by_action);
	json_decref(by_signer);
}

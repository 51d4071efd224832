/* SPDX-License-Identifier: Apache-2.0 */
/* The expert, the mandate, the declaration and the disclosure of the report (expert_html.h). */
#include "core/compat.h"
#include "casefile/report/expert_html.h"

#include <stdio.h>
#include <string.h>

#include "casefile/report/html.h"
#include "casefile/report/facts/labels.h"
#include "casefile/report/lang_fmt.h"
#include "casefile/report/model.h"
#include "casefile/report/out.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/expert/mandate.h"

static const char *field(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* "not recorded" in the report's language */
static void not_recorded(struct ll_out *w)
{
	ll_out_printf(w, "<span class=\"none\">%s</span>", LL_TXT(w->lang, "not recorded", "non renseigné"));
}

/* a label and its value (a table row: it keeps them side by side on paper); empty is "not recorded" */
static void row(struct ll_out *w, const char *label, const char *v)
{
	ll_out_printf(w, "<tr><th>%s</th><td>", label);
	if (*v)
		ll_out_user(w, v);
	else
		not_recorded(w);
	ll_out_printf(w, "</td></tr>\n");
}

static void expert(struct ll_out *w, const struct ll_expert_input *in)
{
	const json_t *p = json_object_get(in->root, "expert"), *q;
	size_t i;

	ll_out_printf(w, LL_TXT(w->lang, "<h3 id=\"expert\">The expert</h3>\n", "<h3 id=\"expert\">L’expert</h3>\n"));
	if (!json_is_object(p)) {
		ll_out_puts(w, LL_TXT(w->lang, "<p class=\"missing\"><b>No examiner profile is recorded</b> with the signing "
		       "key: the expert is named here only by the signing certificate (",
		       "<p class=\"missing\"><b>Aucun profil d’expert n’est enregistré</b> avec la clé de "
		       "signature" LL_NBSP ": l’expert n’est désigné ici que par son certificat de signature ("));
		ll_out_user(w, in->examiner);
		ll_out_printf(w, ", SHA-256 <span class=\"hash\">");
		ll_out_user(w, in->examiner_fpr);
		ll_out_puts(w, LL_TXT(w->lang, "</span>). The expert's role, organisation, qualifications, accreditation and "
		       "contact are <b>not stated</b> in this report (<code>lifeline key profile</code> records them).</p>\n",
		       "</span>). La qualité, l’organisme, les qualifications, l’accréditation et les coordonnées de "
		       "l’expert <b>ne sont pas indiqués</b> dans le présent rapport (<code>lifeline key profile</code> "
		       "les enregistre).</p>\n"));
		return;
	}
	ll_out_printf(w, "<table class=\"kv\">\n");
	row(w, LL_TXT(w->lang, "Name", "Nom"), *field(p, "name") ? field(p, "name") : in->examiner);
	row(w, LL_TXT(w->lang, "Role", "Qualité"), field(p, "role"));
	row(w, LL_TXT(w->lang, "Organisation", "Organisme"), field(p, "organisation"));
	ll_out_printf(w, "<tr><th>%s</th><td>", LL_TXT(w->lang, "Qualifications", "Qualifications"));
	if (!json_array_size(json_object_get(p, "qualifications"))) {
		not_recorded(w);
	} else {
		ll_out_printf(w, "<ul>");
		json_array_foreach(json_object_get(p, "qualifications"), i, q) {
			ll_out_printf(w, "<li>");
			ll_out_user(w, json_string_value(q));
			ll_out_printf(w, "</li>");
		}
		ll_out_printf(w, "</ul>");
	}
	ll_out_printf(w, "</td></tr>\n");
	row(w, LL_TXT(w->lang, "Accreditation", "Accréditation"), field(p, "accreditation"));
	row(w, LL_TXT(w->lang, "Contact", "Coordonnées"), field(p, "contact"));
	ll_out_printf(w, "<tr><th>%s</th><td>", LL_TXT(w->lang, "Signing certificate", "Certificat de signature"));
	ll_out_user(w, in->examiner);
	ll_out_printf(w, "<br><span class=\"hash\">SHA-256 ");
	ll_out_user(w, in->examiner_fpr);
	ll_out_puts(w, LL_TXT(w->lang, "</span></td></tr>\n</table>\n<p>As recorded by the examiner with the signing key "
	       "(<code>data/analysis/expert.json</code>); this report does not verify qualifications.</p>\n",
	       "</span></td></tr>\n</table>\n<p>Tel qu’enregistré par l’expert avec sa clé de signature "
	       "(<code>data/analysis/expert.json</code>)" LL_NNBSP "; le présent rapport ne vérifie pas les "
	       "qualifications.</p>\n"));
}

static void mandate(struct ll_out *w, const json_t *m)
{
	const json_t *q;
	size_t i;

	ll_out_printf(w, LL_TXT(w->lang, "<h3 id=\"mandate\">Instructions</h3>\n", "<h3 id=\"mandate\">Mission</h3>\n"));
	if (!json_is_object(m)) {
		ll_out_puts(w, LL_TXT(w->lang, "<p class=\"missing\"><b>No mandate is recorded in the case</b>: the requesting "
		       "authority, the legal basis and its reference and date, and the questions as put are <b>not stated</b> "
		       "in this report (<code>lifeline case set</code> records them). The matters examined are listed below.</p>\n",
		       "<p class=\"missing\"><b>Aucune mission n’est enregistrée dans le dossier</b>" LL_NBSP ": "
		       "l’autorité requérante, le fondement juridique, sa référence et sa date, ainsi que les questions "
		       "posées <b>ne sont pas indiqués</b> dans le présent rapport (<code>lifeline case set</code> les "
		       "enregistre). Les points examinés sont énumérés ci-après.</p>\n"));
		return;
	}
	ll_out_printf(w, "<table class=\"kv\">\n");
	row(w, LL_TXT(w->lang, "Requesting authority", "Autorité requérante"), field(m, "requesting_authority"));
	row(w, LL_TXT(w->lang, "Legal basis", "Fondement juridique"), field(m, "basis"));
	row(w, LL_TXT(w->lang, "Reference", "Référence"), field(m, "reference"));
	row(w, "Date", field(m, "date"));
	ll_out_printf(w, "<tr><th>%s</th><td>", LL_TXT(w->lang, "Jurisdiction", "Juridiction"));
	if (w->lang == LL_LANG_FR && !strcmp(field(m, "jurisdiction"), "ew"))
		ll_out_puts(w, "Angleterre et pays de Galles");
	else if (w->lang == LL_LANG_FR && !strcmp(field(m, "jurisdiction"), "us"))
		ll_out_puts(w, "États-Unis");
	else if (ll_mandate_jurisdiction_name(field(m, "jurisdiction")))
		ll_out_puts(w, ll_mandate_jurisdiction_name(field(m, "jurisdiction")));
	else
		not_recorded(w);
	ll_out_printf(w, LL_TXT(w->lang, "</td></tr>\n</table>\n<h3 id=\"questions-as-put\">Questions as put</h3>\n",
		      "</td></tr>\n</table>\n<h3 id=\"questions-as-put\">Questions posées</h3>\n"));
	if (!json_array_size(json_object_get(m, "questions"))) {
		ll_out_puts(w, LL_TXT(w->lang, "<p class=\"missing\"><b>No questions are recorded</b> with the mandate. The "
		       "matters examined are listed below.</p>\n",
		       "<p class=\"missing\"><b>Aucune question n’est enregistrée</b> avec la mission. Les points "
		       "examinés sont énumérés ci-après.</p>\n"));
		return;
	}
	ll_out_printf(w, LL_TXT(w->lang, "<p>Quoted verbatim from the mandate, in the order put:</p>\n<ol class=\"asked\">\n",
		      "<p>Citées textuellement d’après la mission, dans l’ordre où elles ont été posées" LL_NBSP ":</p>\n"
		      "<ol class=\"asked\">\n"));
	json_array_foreach(json_object_get(m, "questions"), i, q) {
		ll_out_printf(w, "<li id=\"q-%zu\"><span class=\"qn\">Question %zu.</span> <q>", i + 1, i + 1);
		ll_out_user(w, json_string_value(q));
		ll_out_printf(w, "</q></li>\n");
	}
	ll_out_printf(w, "</ol>\n");
}

int ll_report_expert_html(struct ll_buf *b, const struct ll_expert_input *in)
{
	struct ll_out w = { b, 0, in->lang };

	expert(&w, in);
	mandate(&w, json_object_get(in->root, "mandate"));
	return w.rc < 0 ? ll_error_set(w.rc, "cannot render the expert section") : 0;
}

/* the operations of others: every custody actor but the signer, by name */
static void others(struct ll_out *w, const struct ll_expert_input *in)
{
	const json_t *cu = json_object_get(in->root, "custody"), *x, *seen = json_object();
	const char *key;
	const json_t *v;
	size_t i;
	bool any = false;

	json_array_foreach(cu, i, x)
		if (strcmp(field(x, "actor_fpr"), in->examiner_fpr) != 0 && *field(x, "actor"))
			json_object_set_new((json_t *)seen, field(x, "actor"), json_true());
	json_object_foreach((json_t *)seen, key, v) {
		ll_out_puts(w, any ? ", " : "");
		ll_out_user(w, key);
		any = true;
	}
	if (!any)
		ll_out_puts(w, LL_TXT(w->lang, "none", "aucun"));
	json_decref((json_t *)seen);
}

/*
 * The declaration's points that state something carry their tag (facts/
 * labels.h): what the signed chain of custody and the seal show is observed,
 * what another examiner recorded is their record. The oath and the statement
 * of truth are the expert's undertaking, not a statement about the case: no
 * tag, and the section says why (tag_note).
 */
static void tag(struct ll_out *w, enum ll_label l)
{
	if (w->rc == 0 && ll_label_tag(w->b, l, w->lang) < 0)
		w->rc = LL_ENOMEM;
}

static void tag_note(struct ll_out *w)
{
	ll_out_puts(w, LL_TXT(w->lang, "<p class=\"tag-note\">The numbered points that state a fact carry its tag; the oath "
	       "or statement of truth is the expert's own undertaking, not a statement about the case, and carries "
	       "none.</p>\n",
	       "<p class=\"tag-note\">Les points numérotés qui énoncent un fait portent leur étiquette" LL_NNBSP "; "
	       "le serment ou l’attestation de sincérité est l’engagement personnel de l’expert, non un énoncé sur "
	       "l’affaire, et n’en porte aucune.</p>\n"));
}

static void common_points(struct ll_out *w, const struct ll_expert_input *in)
{
	ll_out_puts(w, "<li>");
	tag(w, LL_LABEL_OBSERVED);
	ll_out_puts(w, LL_TXT(w->lang, "I carried out the operations recorded under my name in the chain of custody "
	       "(section 4). ",
	       "J’ai accompli les opérations enregistrées sous mon nom dans la chaîne de conservation "
	       "(section 4). "));
	tag(w, LL_LABEL_RECORD);
	ll_out_puts(w, LL_TXT(w->lang, "Operations recorded there under another examiner's name (",
	       "Les opérations qui y sont enregistrées sous le nom d’un autre intervenant ("));
	others(w, in);
	ll_out_puts(w, LL_TXT(w->lang, ") were carried out by that examiner; I rely on their signed custody entries.</li>\n",
	       ") ont été accomplies par celui-ci" LL_NNBSP "; je m’appuie sur ses entrées signées.</li>\n"));
	ll_out_puts(w, "<li>");
	tag(w, LL_LABEL_OBSERVED);
	ll_out_puts(w, LL_TXT(w->lang, "The case file containing this report is sealed with my certificate (SHA-256 ",
	       "Le dossier contenant le présent rapport est scellé avec mon certificat (SHA-256 "));
	ll_out_user(w, in->examiner_fpr);
	ll_out_puts(w, LL_TXT(w->lang, "); its integrity can be checked as described in "
	       "<code>docs/verify-without-lifeline.md</code>.</li>\n",
	       ")" LL_NNBSP "; son intégrité peut être vérifiée comme l’indique "
	       "<code>docs/verify-without-lifeline.md</code>.</li>\n"));
}

/* the declarant: the profile's name, else the certificate's */
static const char *declarant(const struct ll_expert_input *in)
{
	const json_t *p = json_object_get(in->root, "expert");

	return *field(p, "name") ? field(p, "name") : in->examiner;
}

static void signature(struct ll_out *w, const struct ll_expert_input *in, const char *date_label)
{
	const json_t *p = json_object_get(in->root, "expert");

	ll_out_printf(w, "<div class=\"sig\"><div>%s<br><br>", LL_TXT(w->lang, "Signature", "Signature"));
	ll_out_user(w, declarant(in));
	if (*field(p, "role")) {
		ll_out_printf(w, ", ");
		ll_out_user(w, field(p, "role"));
	}
	ll_out_printf(w, "</div><div>%s</div></div>\n", date_label);
}

static void i_declare(struct ll_out *w, const struct ll_expert_input *in)
{
	ll_out_puts(w, LL_TXT(w->lang, "<p>I, ", "<p>Je, soussigné(e), "));
	ll_out_user(w, declarant(in));
	ll_out_puts(w, LL_TXT(w->lang, ", declare that:</p>\n", ", déclare que" LL_NBSP ":</p>\n"));
}

static void fr(struct ll_out *w, const struct ll_expert_input *in)
{
	ll_out_puts(w, LL_TXT(w->lang, "<p>Jurisdiction: France. Code de procédure pénale, art. 160 (the expert's oath) and "
	       "art. 166 (the report describes the operations and the conclusions, and is signed).</p>\n",
	       "<p>Juridiction" LL_NBSP ": France. Code de procédure pénale, art. 160 (serment de l’expert) et "
	       "art. 166 (le rapport décrit les opérations et les conclusions, et il est signé).</p>\n"));
	ll_out_printf(w, "<p class=\"oath\" lang=\"fr\">Je soussigné(e), ");
	ll_out_user(w, declarant(in));
	ll_out_printf(w, ", jure d'apporter mon concours à la justice, en mon honneur et en ma conscience, et atteste avoir "
	       "personnellement accompli les opérations qui m'ont été confiées et qui sont décrites dans le présent "
	       "rapport.</p>\n");
	ll_out_puts(w, LL_TXT(w->lang, "<p><i>I, the undersigned, swear to assist justice, on my honour and in my conscience, "
	       "and attest that I personally carried out the operations entrusted to me and described in this "
	       "report.</i> An expert on a court's list (art. 157) took this oath on being listed; an expert not on a "
	       "list takes it, in writing, for this mission.</p>\n",
	       "<p>L’expert inscrit sur une liste (art. 157) a prêté ce serment lors de son inscription" LL_NNBSP "; "
	       "l’expert qui n’est pas inscrit le prête par écrit pour la présente mission.</p>\n"));
	i_declare(w, in);
	ll_out_printf(w, "<ol>\n");
	common_points(w, in);
	ll_out_printf(w, "</ol>\n");
	signature(w, in, "Fait à ______________, le ______________");
}

static void ew(struct ll_out *w, const struct ll_expert_input *in)
{
	ll_out_puts(w, LL_TXT(w->lang, "<p>Jurisdiction: England and Wales. Criminal Procedure Rules 2020, r.19.2 and "
	       "r.19.4(j)&ndash;(k).</p>\n",
	       "<p>Juridiction" LL_NBSP ": Angleterre et pays de Galles. Criminal Procedure Rules 2020, r.19.2 et "
	       "r.19.4(j)&ndash;(k). Les formules exigées par ces règles sont reproduites en anglais, langue de la "
	       "juridiction.</p>\n"));
	i_declare(w, in);
	ll_out_printf(w, "<ol>\n<li lang=\"en\">I understand that my duty is to help the court to achieve the overriding objective by giving "
	       "opinion which is objective and unbiased and within my area of expertise, and by actively assisting the "
	       "court in fulfilling its duty of case management; that this duty overrides any obligation to the person "
	       "from whom I receive instructions or by whom I am paid; and I confirm that I have complied with that "
	       "duty and will continue to comply with it (r.19.4(j)).</li>\n");
	common_points(w, in);
	ll_out_printf(w, "</ol>\n<p class=\"oath\" lang=\"en\">Statement of truth (r.19.4(k)): This statement (consisting of ______ pages "
	       "each signed by me) is true to the best of my knowledge and belief and I make it knowing that, if it is "
	       "tendered in evidence, I shall be liable to prosecution if I have wilfully stated in it anything which "
	       "I know to be false, or do not believe to be true.</p>\n");
	signature(w, in, LL_TXT(w->lang, "Date ____________________", "Date" LL_NBSP ": ____________________"));
}

static void us(struct ll_out *w, const struct ll_expert_input *in)
{
	ll_out_puts(w, LL_TXT(w->lang, "<p>Jurisdiction: United States. Unsworn declaration under 28 U.S.C. &sect; 1746.</p>\n",
	       "<p>Juridiction" LL_NBSP ": États-Unis. Déclaration non assermentée au titre du 28 U.S.C. &sect; 1746. "
	       "La formule exigée est reproduite en anglais, langue de la juridiction.</p>\n"));
	i_declare(w, in);
	ll_out_printf(w, "<ol>\n");
	common_points(w, in);
	ll_out_printf(w, "</ol>\n<p class=\"oath\" lang=\"en\">I declare under penalty of perjury that the foregoing is true and correct. "
	       "Executed on ____________________ (date).</p>\n<p lang=\"en\"><i>Signed outside the United States, &sect; 1746(1) "
	       "reads: <q>I declare under penalty of perjury under the laws of the United States of America that the "
	       "foregoing is true and correct.</q></i></p>\n");
	signature(w, in, LL_TXT(w->lang, "Date ____________________", "Date" LL_NBSP ": ____________________"));
}

int ll_report_declaration_html(struct ll_buf *b, const struct ll_expert_input *in)
{
	const json_t *m = json_object_get(in->root, "mandate");
	const char *j = field(m, "jurisdiction");
	struct ll_out w = { b, 0, in->lang };

	ll_out_printf(&w, LL_TXT(w.lang, "<section id=\"declaration\"><h2>13. Declaration</h2>\n",
		       "<section id=\"declaration\"><h2>13. Déclaration</h2>\n"));
	if (!json_is_object(json_object_get(in->root, "expert")))
		ll_out_puts(&w, LL_TXT(w.lang, "<p class=\"missing\">The expert's profile is not recorded: the declarant is "
			"named only by the signing certificate.</p>\n",
			"<p class=\"missing\">Le profil de l’expert n’est pas enregistré" LL_NBSP ": le déclarant "
			"n’est désigné que par son certificat de signature.</p>\n"));
	tag_note(&w); /* before the oath it explains */
	if (!strcmp(j, "fr")) {
		fr(&w, in);
	} else if (!strcmp(j, "ew")) {
		ew(&w, in);
	} else if (!strcmp(j, "us")) {
		us(&w, in);
	} else {
		ll_out_printf(&w, LL_TXT(w.lang, "<p class=\"missing\"><b>No jurisdiction is recorded</b> in the case (<code>lifeline "
			"case set --jurisdiction fr|ew|us</code>), %s: this report carries no declaration or statement of "
			"truth in the wording a court requires. The examiner states only:</p>\n<p>I, ",
			"<p class=\"missing\"><b>Aucune juridiction n’est enregistrée</b> dans le dossier "
			"(<code>lifeline case set --jurisdiction fr|ew|us</code>), %s" LL_NBSP ": le présent rapport ne "
			"comporte ni déclaration ni attestation de sincérité dans les termes qu’exige une juridiction. "
			"L’expert déclare seulement" LL_NBSP ":</p>\n<p>Je, soussigné(e), "),
		    json_is_object(m) ? LL_TXT(w.lang, "though a mandate is", "bien qu’une mission le soit")
				      : LL_TXT(w.lang, "nor any mandate", "pas plus qu’une mission"));
		ll_out_user(&w, declarant(in));
		ll_out_puts(&w, LL_TXT(w.lang, ", state that:</p>\n<ol>\n", ", déclare que" LL_NBSP ":</p>\n<ol>\n"));
		common_points(&w, in);
		ll_out_printf(&w, "</ol>\n");
		signature(&w, in, LL_TXT(w.lang, "Date and place ____________________",
					 "Fait à ______________, le ______________"));
	}
	ll_out_printf(&w, "</section>\n");
	return w.rc < 0 ? ll_error_set(w.rc, "cannot render the declaration") : 0;
}

int ll_report_disclosure_html(struct ll_buf *b, const json_t *root, enum ll_lang lang)
{
	const json_t *d = json_object_get(root, "disclosure"), *x, *v;
	const json_t *nc = json_object_get(d, "systems_not_collected"),
		     *ne = json_object_get(d, "sources_not_examined"),
		     *fu = json_object_get(d, "findings_not_cited");
	struct ll_out w = { b, 0, lang };
	size_t i;
	char n1[32], n2[32], n3[32];

	ll_out_printf(&w, LL_TXT(lang, "<h3 id=\"disclosure\">Disclosure: what this report does not rest on</h3>\n<ul>\n",
		       "<h3 id=\"disclosure\">Communication" LL_NBSP ": ce sur quoi le présent rapport ne repose pas</h3>\n<ul>\n"));
	if (!json_integer_value(json_object_get(d, "inventory_hosts"))) {
		ll_out_puts(&w, LL_TXT(lang, "<li>No systems inventory is in the case: which of the hospital's systems were not "
			"collected cannot be listed.</li>\n",
			"<li>Le dossier ne contient aucun inventaire des systèmes" LL_NBSP ": les systèmes de l’hôpital "
			"non collectés ne peuvent être énumérés.</li>\n"));
	} else if (!json_array_size(nc)) {
		ll_out_printf(&w, LL_TXT(lang, "<li>Every one of the %" JSON_INTEGER_FORMAT " host(s) in the hospital's systems inventory "
			"has an exhibit in this case.</li>\n",
			"<li>Chacun des %" JSON_INTEGER_FORMAT " hôte(s) de l’inventaire des systèmes de l’hôpital a "
			"un scellé dans ce dossier.</li>\n"), json_integer_value(json_object_get(d, "inventory_hosts")));
	} else {
		ll_out_printf(&w, LL_TXT(lang, "<li>%zu of the %" JSON_INTEGER_FORMAT " host(s) in the hospital's systems inventory were "
		        "<b>not imaged or collected</b>; activity on them, if any, is not examined in this report:\n"
		        "<table class=\"disclosure\"><tr><th>Host</th><th>Systems</th><th>Life-critical</th>"
		        "<th>Inventory row</th></tr>\n",
			"<li>%zu des %" JSON_INTEGER_FORMAT " hôte(s) de l’inventaire des systèmes de l’hôpital "
			"<b>n’ont été ni copiés ni collectés</b>" LL_NNBSP "; l’éventuelle activité sur ces hôtes "
			"n’est pas examinée dans le présent rapport" LL_NBSP ":\n"
			"<table class=\"disclosure\"><tr><th>Hôte</th><th>Systèmes</th><th>Vital</th>"
			"<th>Ligne de l’inventaire</th></tr>\n"),
		    json_array_size(nc), json_integer_value(json_object_get(d, "inventory_hosts")));
		json_array_foreach(nc, i, x) {
			ll_out_printf(&w, "<tr><td>");
			ll_out_user(&w, field(x, "hostname"));
			ll_out_printf(&w, "</td><td>");
			ll_out_user(&w, field(x, "systems"));
			ll_out_printf(&w, "</td><td>%s</td><td><code>", json_is_true(json_object_get(x, "life_critical"))
				? LL_TXT(lang, "yes", "oui") : LL_TXT(lang, "no", "non"));
			ll_out_user(&w, field(x, "locator"));
			ll_out_printf(&w, "</code></td></tr>\n");
		}
		ll_out_printf(&w, "</table></li>\n");
	}
	if (json_array_size(ne)) {
		ll_out_printf(&w, LL_TXT(lang, "<li>%zu exhibit(s) were registered but <b>not examined</b> by any analysis: ",
			       "<li>%zu scellé(s) enregistré(s) mais <b>non examiné(s)</b> par aucune analyse" LL_NBSP ": "),
		    json_array_size(ne));
		json_array_foreach(ne, i, x) {
			ll_out_printf(&w, "%s<a href=\"#ex-", i ? ", " : "");
			if (w.rc == 0 && ll_html_id(b, field(x, "id")) < 0)
				w.rc = LL_ENOMEM;
			ll_out_printf(&w, "\">");
			ll_out_user(&w, field(x, "id"));
			ll_out_printf(&w, "</a>");
		}
		ll_out_printf(&w, ".</li>\n");
	} else {
		ll_out_puts(&w, LL_TXT(lang, "<li>Every registered exhibit was read by at least one analysis (section 5).</li>\n",
			"<li>Chaque scellé enregistré a été lu par au moins une analyse (section 5).</li>\n"));
	}
	ll_out_printf(&w, LL_TXT(lang, "<li>Events: of the %s event(s) in the timeline, %s are cited by a finding or the correlation "
		"(annex A); the other <b>%s</b> are not relied on. All are in <code>data/timeline/timeline.csv</code> and "
	        "<code>data/timeline/timeline.jsonl</code>.</li>\n",
		"<li>Événements" LL_NBSP ": sur les %s événement(s) de la chronologie, %s sont cités par une constatation "
		"ou par la corrélation (annexe A)" LL_NNBSP "; les <b>%s</b> autres ne sont pas retenus. Tous figurent dans "
		"<code>data/timeline/timeline.csv</code> et <code>data/timeline/timeline.jsonl</code>.</li>\n"),
	    ll_lang_int(n1, sizeof(n1), lang, (long long)json_integer_value(json_object_get(d, "events_total"))),
	    ll_lang_int(n2, sizeof(n2), lang, (long long)json_integer_value(json_object_get(d, "events_cited"))),
	    ll_lang_int(n3, sizeof(n3), lang, (long long)json_integer_value(json_object_get(d, "events_not_cited"))));
	if (!json_integer_value(json_object_get(d, "findings_total"))) {
		ll_out_puts(&w, LL_TXT(lang, "<li>Findings: none.</li>\n", "<li>Constatations" LL_NBSP ": aucune.</li>\n"));
	} else if (!json_is_true(json_object_get(d, "correlation"))) {
		ll_out_printf(&w, LL_TXT(lang, "<li>Findings: %" JSON_INTEGER_FORMAT " finding(s), all reported in section 7; no "
			"correlation was run, so none is relied on for a link to a disruption or to harm. All are in "
		        "<code>data/analysis/findings.json</code>.</li>\n",
			"<li>Constatations" LL_NBSP ": %" JSON_INTEGER_FORMAT " constatation(s), toutes exposées en section 7"
			LL_NNBSP "; aucune corrélation n’a été exécutée, aucune ne fonde donc un lien avec une "
			"interruption ou un dommage. Toutes figurent dans <code>data/analysis/findings.json</code>.</li>\n"),
		    json_integer_value(json_object_get(d, "findings_total")));
	} else {
		ll_out_printf(&w, LL_TXT(lang, "<li>Findings: of %" JSON_INTEGER_FORMAT " finding(s), %zu are cited by the chains or the "
		        "disruption links (sections 8 and 9); <b>%zu</b> are reported in section 7 but no link to a "
		        "disruption or to harm rests on them",
			"<li>Constatations" LL_NBSP ": sur %" JSON_INTEGER_FORMAT " constatation(s), %zu sont citées par les "
			"chaînes ou les liens avec les interruptions (sections 8 et 9)" LL_NNBSP "; <b>%zu</b> sont exposées en "
			"section 7 mais aucun lien avec une interruption ou un dommage ne repose sur elles"),
		    json_integer_value(json_object_get(d, "findings_total")),
		    json_array_size(json_object_get(d, "findings_cited")), json_array_size(fu));
		json_array_foreach(fu, i, v)
			ll_out_printf(&w, "%s<a href=\"#f-%" JSON_INTEGER_FORMAT "\">F%" JSON_INTEGER_FORMAT "</a>",
			    i ? ", " : " (", json_integer_value(v), json_integer_value(v));
		ll_out_printf(&w, LL_TXT(lang, "%s. All are in <code>data/analysis/findings.json</code>.</li>\n",
			       "%s. Toutes figurent dans <code>data/analysis/findings.json</code>.</li>\n"),
		    json_array_size(fu) ? ")" : "");
	}
	ll_out_puts(&w, LL_TXT(lang, "</ul>\n<p>The same figures are in <code>data/analysis/expert.json</code> "
		"(<code>disclosure</code>).</p>\n",
		"</ul>\n<p>Les mêmes chiffres figurent dans <code>data/analysis/expert.json</code> "
		"(<code>disclosure</code>).</p>\n"));
	return w.rc < 0 ? ll_error_set(w.rc, "cannot render the disclosure") : 0;
}

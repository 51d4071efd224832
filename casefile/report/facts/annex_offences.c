/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Annex O: facts mapped to offence elements, never a conclusion
 * (annex_offences.h). The offences and elements are annex_offences_text.c;
 * here, which facts of the case each fact kind names, and the page.
 */
#include "core/compat.h"
#include "casefile/report/facts/annex_offences.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "casefile/report/html.h"
#include "casefile/report/facts/alternatives.h"
#include "casefile/report/facts/annex_offences_text.h"
#include "casefile/report/facts/labels.h"
#include "casefile/report/model.h"
#include "casefile/report/lang_fmt.h"
#include "casefile/report/out.h"
#include "casefile/report/print.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/expert/mandate.h"

unsigned ll_offence_element_facts(const char *element_id)
{
	for (size_t i = 0; element_id && i < ll_elements_n; i++)
		if (!strcmp(ll_elements[i].id, element_id))
			return ll_elements[i].facts;
	return 0;
}

/* which findings a fact kind names: by their ATT&CK techniques */
static const struct {
	unsigned kind;
	const char *prefix;
} technique_kinds[] = {
	{ LL_FACT_ACCESS, "T1110" }, { LL_FACT_ACCESS, "T1078" }, { LL_FACT_ACCESS, "T1133" },
	{ LL_FACT_ACCESS, "T1021" }, { LL_FACT_EXEC, "T1059" },   { LL_FACT_EXEC, "T1570" },
	{ LL_FACT_EXEC, "T1543" },   { LL_FACT_EXEC, "T1569" },   { LL_FACT_EXEC, "T1053" },
	{ LL_FACT_DATA, "T1486" },   { LL_FACT_DATA, "T1490" },   { LL_FACT_DATA, "T1070" },
	{ LL_FACT_DATA, "T1543" },   { LL_FACT_OBSTRUCT, "T1486" }, { LL_FACT_OBSTRUCT, "T1490" },
	{ LL_FACT_OBSTRUCT, "T1489" }, { LL_FACT_OBSTRUCT, "T1529" }, { LL_FACT_OBSTRUCT, "T1562" },
};

static bool finding_is(const json_t *x, unsigned kind)
{
	const json_t *t;
	size_t i;

	json_array_foreach(json_object_get(x, "techniques"), i, t) {
		const char *s = json_string_value(t);

		for (size_t k = 0; s && k < LL_ARRAY_SIZE(technique_kinds); k++)
			if (technique_kinds[k].kind == kind &&
			    !strncmp(s, technique_kinds[k].prefix, strlen(technique_kinds[k].prefix)))
				return true;
	}
	return false;
}

struct w {
	struct ll_out o;
	struct ll_buf ids; /* the row's data-facts */
	json_t *exhibit;   /* cited event id -> its exhibit id (the model's cited events) */
	enum ll_lang l;
	size_t n;          /* facts written in this row */
};

/* the exhibits the finding's cited events were read from, "(EXH-1, EXH-3)" */
static void exhibits(struct w *w, const json_t *finding)
{
	json_t *seen = json_object();
	const json_t *e;
	size_t i, n = 0;

	json_array_foreach(json_object_get(finding, "events"), i, e) {
		char key[32];
		const char *ex;

		snprintf(key, sizeof(key), "%" JSON_INTEGER_FORMAT, json_integer_value(e));
		ex = json_string_value(json_object_get(w->exhibit, key));
		if (!ex || !seen || json_object_get(seen, ex))
			continue;
		json_object_set_new(seen, ex, json_true());
		ll_out_puts(&w->o, n++ ? ", " : " (");
		ll_out_user(&w->o, ex);
	}
	if (n)
		ll_out_puts(&w->o, ")");
	json_decref(seen);
}

/* adds " <prefix><id>" to the row's data-facts, once */
static void id_add(struct w *w, const char *prefix, const char *id)
{
	struct ll_buf t = LL_BUF_INIT;

	if (ll_buf_printf(&t, " %s", prefix) < 0 || ll_html_id(&t, id) < 0 || ll_buf_putc(&t, ' ') < 0) {
		w->o.rc = w->o.rc ? w->o.rc : LL_ENOMEM;
		ll_buf_release(&t);
		return;
	}
	/* the list is kept with a space at both ends while it is built, so a token matches whole */
	if (!w->ids.len)
		ll_buf_putc(&w->ids, ' ');
	if (!strstr(w->ids.ptr, t.ptr))
		ll_buf_puts(&w->ids, t.ptr + 1);
	ll_buf_release(&t);
}

static void line_start(struct w *w, enum ll_label lbl, const char *what)
{
	ll_out_puts(&w->o, "<li>");
	if (w->o.rc == 0 && ll_label_tag(w->o.b, lbl, w->l) < 0)
		w->o.rc = LL_ENOMEM;
	ll_out_printf(&w->o, "%s: ", what);
}

static const char *kind_name(unsigned k, enum ll_lang l)
{
	switch (k) {
	case LL_FACT_ACCESS: return LL_TXT(l, "Access (findings)", "Accès (détections)");
	case LL_FACT_EXEC: return LL_TXT(l, "Commands, tools and services run (findings)", "Commandes, outils et services exécutés (détections)");
	case LL_FACT_DATA: return LL_TXT(l, "Data written, deleted or altered (findings)", "Données écrites, supprimées ou modifiées (détections)");
	case LL_FACT_OBSTRUCT: return LL_TXT(l, "The systems' working hindered (findings)", "Fonctionnement des systèmes entravé (détections)");
	case LL_FACT_PATH: return LL_TXT(l, "Attack paths", "Chemins d'attaque");
	case LL_FACT_DISRUPT: return LL_TXT(l, "Service disruptions (hospital records)", "Perturbations de services (données déclarées par l'établissement)");
	case LL_FACT_HARM: return LL_TXT(l, "Harm events (hospital records)", "Événements de dommage (données déclarées par l'établissement)");
	case LL_FACT_CHAIN: return LL_TXT(l, "Chains from harm to the attack", "Chaînes du dommage à l'attaque");
	default: return "";
	}
}

static void findings_line(struct w *w, const json_t *root, unsigned kind)
{
	const json_t *x;
	size_t i, n = 0;

	json_array_foreach(json_object_get(root, "findings"), i, x) {
		json_int_t id = json_integer_value(json_object_get(x, "id"));
		char num[32];

		if (!finding_is(x, kind))
			continue;
		if (!n++)
			line_start(w, LL_LABEL_OBSERVED, kind_name(kind, w->l));
		else
			ll_out_puts(&w->o, "; ");
		ll_out_printf(&w->o, "<a href=\"report.html#f-%" JSON_INTEGER_FORMAT "\">F%" JSON_INTEGER_FORMAT "</a> ", id, id);
		/* the finding's title is text found in evidence or a rule: quoted, never the report's words */
		ll_out_puts(&w->o, "<q>");
		ll_out_user_max(&w->o, ll_model_str(x, "title"), 160);
		ll_out_puts(&w->o, LL_TXT(w->l, "</q> on ", "</q> sur "));
		ll_out_user(&w->o, ll_model_str(x, "host"));
		exhibits(w, x);
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, id);
		id_add(w, "F", num);
	}
	if (n) {
		ll_out_puts(&w->o, "</li>\n");
		w->n++;
	}
}

static void strength(struct w *w, const char *conf)
{
	const char *s = ll_label_strength(conf, w->l);

	ll_out_puts(&w->o, LL_TXT(w->l, ", confidence ", ", confiance "));
	ll_out_user(&w->o, ll_lang_scale_word(w->l, conf));
	if (s)
		ll_out_printf(&w->o, " (%s)", s);
}

static void paths_line(struct w *w, const json_t *root)
{
	const json_t *p;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(root, "correlation"), "attack_paths"), i, p) {
		char num[32];

		if (!i)
			line_start(w, LL_LABEL_OPINION, kind_name(LL_FACT_PATH, w->l));
		ll_out_printf(&w->o, "%sP%zu ", i ? "; " : "", i + 1);
		ll_out_puts(&w->o, LL_TXT(w->l, "from ", "depuis "));
		ll_out_user(&w->o, ll_model_str(p, "actor"));
		ll_out_puts(&w->o, LL_TXT(w->l, " to ", " jusqu'à "));
		ll_out_user(&w->o, ll_model_str(p, "host"));
		ll_out_printf(&w->o, LL_TXT(w->l, ", %zu steps", ", %zu étapes"), json_array_size(json_object_get(p, "steps")));
		strength(w, ll_model_str(p, "confidence"));
		snprintf(num, sizeof(num), "%zu", i + 1);
		id_add(w, "P", num);
	}
	if (json_array_size(json_object_get(json_object_get(root, "correlation"), "attack_paths"))) {
		ll_out_puts(&w->o, "</li>\n");
		w->n++;
	}
}

static void disruptions_line(struct w *w, const json_t *root)
{
	const json_t *x;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(root, "correlation"), "endangerment"), i, x) {
		if (!i)
			line_start(w, LL_LABEL_RECORD, kind_name(LL_FACT_DISRUPT, w->l));
		else
			ll_out_puts(&w->o, "; ");
		ll_out_puts(&w->o, "<a href=\"report.html#d-");
		if (w->o.rc == 0 && ll_html_id(w->o.b, ll_model_str(x, "disruption_id")) < 0)
			w->o.rc = LL_ENOMEM;
		ll_out_puts(&w->o, "\">");
		ll_out_user(&w->o, ll_model_str(x, "disruption_id"));
		ll_out_puts(&w->o, "</a> ");
		ll_out_user(&w->o, ll_model_str(x, "service"));
		ll_out_puts(&w->o, " (");
		ll_out_user(&w->o, ll_model_str(x, "system"));
		ll_out_puts(&w->o, json_is_true(json_object_get(x, "life_critical"))
				   ? LL_TXT(w->l, ", life-critical)", ", vital)") : ")");
		id_add(w, "", ll_model_str(x, "disruption_id"));
		if (i + 1 == json_array_size(json_object_get(json_object_get(root, "correlation"), "endangerment"))) {
			ll_out_puts(&w->o, "</li>\n");
			w->n++;
		}
	}
}

static void harm_line(struct w *w, const json_t *root, bool chains)
{
	const json_t *x;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(root, "correlation"), "chains"), i, x) {
		char num[32];

		if (!chains) {
			line_start(w, LL_LABEL_RECORD, kind_name(LL_FACT_HARM, w->l));
			ll_out_user(&w->o, ll_model_str(x, "harm_event_id"));
			ll_out_puts(&w->o, LL_TXT(w->l, ": harm level ", " : niveau de dommage "));
			ll_out_user(&w->o, ll_model_str(x, "harm_level"));
			if (*ll_model_str(x, "causality")) {
				ll_out_puts(&w->o, LL_TXT(w->l, ", causality as assessed by the hospital: ",
							   ", causalité selon l'évaluation de l'établissement : "));
				ll_out_user(&w->o, ll_model_str(x, "causality"));
			}
			ll_out_puts(&w->o, "</li>\n");
			id_add(w, "", ll_model_str(x, "harm_event_id"));
		} else {
			line_start(w, LL_LABEL_OPINION, kind_name(LL_FACT_CHAIN, w->l));
			ll_out_printf(&w->o, "<a href=\"report.html#c-%zu\">C%zu</a> ", i + 1, i + 1);
			ll_out_user(&w->o, ll_model_str(x, "harm_event_id"));
			ll_out_puts(&w->o, " &rarr; ");
			ll_out_user(&w->o, ll_model_str(x, "status"));
			if (*ll_model_str(x, "confidence"))
				strength(w, ll_model_str(x, "confidence"));
			else
				ll_out_puts(&w->o, LL_TXT(w->l, ", no link to the attack", ", aucun lien avec l'attaque"));
			ll_out_puts(&w->o, "</li>\n");
			snprintf(num, sizeof(num), "%zu", i + 1);
			id_add(w, "C", num);
		}
		w->n++;
	}
}

static void element_row(struct w *w, const json_t *root, const struct ll_element *e)
{
	static const unsigned finding_kinds[] = { LL_FACT_ACCESS, LL_FACT_EXEC, LL_FACT_DATA, LL_FACT_OBSTRUCT };
	struct ll_buf cell = LL_BUF_INIT;
	struct ll_out outer = w->o;
	int fr = w->l == LL_LANG_FR;

	/* the facts are written to `cell` first: the row's data-facts come before them */
	w->o = (struct ll_out){ &cell, 0, w->l };
	w->ids.len = 0;
	if (w->ids.ptr)
		w->ids.ptr[0] = '\0';
	w->n = 0;
	ll_out_puts(&w->o, "<ul>\n");
	for (size_t k = 0; k < LL_ARRAY_SIZE(finding_kinds); k++)
		if (e->facts & finding_kinds[k])
			findings_line(w, root, finding_kinds[k]);
	if (e->facts & LL_FACT_PATH)
		paths_line(w, root);
	if (e->facts & LL_FACT_DISRUPT)
		disruptions_line(w, root);
	if (e->facts & LL_FACT_HARM)
		harm_line(w, root, false);
	if (e->facts & LL_FACT_CHAIN)
		harm_line(w, root, true);
	if (!w->n)
		ll_out_printf(&w->o, "<li class=\"none\">%s</li>\n",
			      LL_TXT(w->l, "No fact of this examination bears on this element.",
				     "Aucun fait du présent examen ne porte sur cet élément."));
	ll_out_puts(&w->o, "</ul>");
	ll_buf_putc(&cell, '\0');
	while (w->ids.len && w->ids.ptr[w->ids.len - 1] == ' ') /* the ends' spaces off */
		w->ids.ptr[--w->ids.len] = '\0';
	{
		int rc = w->o.rc;

		w->o = outer;
		if (rc && w->o.rc == 0)
			w->o.rc = rc;
	}
	ll_out_printf(&w->o, "<tr data-element=\"%s\" data-facts=\"%s\"><td>%s</td><td>", e->id,
		      w->ids.len ? w->ids.ptr + 1 : "", e->text[fr]);
	if (cell.ptr)
		ll_out_puts(&w->o, cell.ptr);
	ll_out_printf(&w->o, "</td><td>%s</td></tr>\n", e->open[fr]);
	ll_buf_release(&cell);
}

static void offence(struct w *w, const json_t *root, const struct ll_offence *of)
{
	int fr = w->l == LL_LANG_FR;

	ll_out_printf(&w->o, "<section class=\"offence\" id=\"%s\"><h3>%s</h3>\n", of->id, of->title[fr]);
	if (of->quote)
		ll_out_printf(&w->o, "<blockquote class=\"law\">%s</blockquote>\n", of->quote);
	ll_out_printf(&w->o, "<p class=\"source\">%s <code>%s</code>. %s</p>\n", LL_TXT(w->l, "Source:", "Source :"),
		      of->source, of->status[fr]);
	ll_out_printf(&w->o, "<table class=\"elements\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		      LL_TXT(w->l, "Element", "Élément"),
		      LL_TXT(w->l, "Facts and exhibits that bear on it", "Faits et pièces qui s'y rapportent"),
		      LL_TXT(w->l, "Not established by this examination", "Non établi par le présent examen"));
	for (size_t i = 0; i < ll_elements_n; i++)
		if (!strcmp(ll_elements[i].offence, of->id))
			element_row(w, root, &ll_elements[i]);
	ll_out_puts(&w->o, "</tbody></table>\n</section>\n");
}

static const char annex_css[] =
	"bdi{unicode-bidi:isolate}body{font-family:'DejaVu Serif',Georgia,serif;font-size:10pt;line-height:1.35;"
	"margin:0 auto;padding:16px;color:#111;background:#fff}h1{font-size:16pt}h2{font-size:13pt}h3{font-size:11pt}"
	"table{border-collapse:collapse;width:100%;margin:6px 0;font-size:9pt}"
	"th,td{border:1px solid #999;padding:3px 5px;text-align:left;vertical-align:top;overflow-wrap:anywhere}"
	"th{background:#e8e8e8}tr{page-break-inside:avoid}td ul{margin:0;padding-left:16px}"
	"table.elements th:nth-child(1){width:24%}table.elements th:nth-child(3){width:28%}"
	"blockquote.law{border-left:3px solid #333;margin:6px 0;padding:2px 8px;font-style:italic}"
	"code{font-family:'DejaVu Sans Mono',monospace;font-size:8pt;word-break:break-all}.none{font-style:italic;color:#555}"
	".lbl{display:inline-block;font:bold 7.5pt 'DejaVu Sans',sans-serif;padding:0 3px;border:1px solid;"
	"border-radius:2px;margin-right:3px;white-space:nowrap}.lbl-obs{color:#1b5e20}.lbl-rec{color:#0d47a1}"
	".lbl-opi{color:#8a4b00}";

int ll_annex_offences_html(struct ll_buf *b, const struct ll_casefile_model *model, enum ll_lang l)
{
	const json_t *root = model->root;
	const char *case_id = ll_model_str(json_object_get(root, "case"), "case_id");
	const char *jur = ll_model_str(json_object_get(root, "mandate"), "jurisdiction");
	const char *name = ll_mandate_jurisdiction_name(jur);
	struct w w = { { b, 0, l }, LL_BUF_INIT, json_object(), l, 0 };
	const json_t *ev;
	size_t k;

	json_array_foreach(json_object_get(root, "cited_events"), k, ev) {
		char key[32];

		snprintf(key, sizeof(key), "%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(ev, "id")));
		if (w.exhibit && json_is_string(json_object_get(ev, "evidence")))
			json_object_set(w.exhibit, key, json_object_get(ev, "evidence"));
	}

	ll_out_printf(&w.o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		      "style-src 'unsafe-inline'; img-src data:\">\n", l == LL_LANG_FR ? "fr" : "en");
	if (w.o.rc == 0 && ll_report_print_meta(b, model->generated_ns) < 0)
		w.o.rc = LL_ENOMEM;
	ll_out_puts(&w.o, LL_TXT(l, "<title>Annex O, facts and offence elements, ", "<title>Annexe O, faits et éléments des infractions, "));
	if (w.o.rc == 0 && ll_html_text(b, case_id) < 0)
		w.o.rc = LL_ENOMEM;
	ll_out_printf(&w.o, "</title>\n<style>%s%s%s</style>\n</head>\n<body>\n", annex_css, ll_report_print_css,
		      ll_report_print_css_lang(l));
	if (w.o.rc == 0 && ll_report_print_running(b, LL_TXT(l, "Expert report, annex O", "Rapport d’expertise, annexe O"),
						   case_id, model->generated_ns, l) < 0)
		w.o.rc = LL_ENOMEM;
	ll_out_printf(&w.o, "<section id=\"annex-offences\"><h1>%s</h1>\n<p>%s</p>\n<p>",
		      LL_TXT(l, "Annex O: facts and the elements of offences; alternative explanations", "Annexe O : les faits et les éléments des infractions ; autres explications envisagées"),
		      LL_TXT(l, "For each element of the offences a prosecutor may consider, this annex lists the facts and "
				"exhibits of the report (<a href=\"report.html\">report.html</a>) that bear on it, and what "
				"this examination does not establish. It states no conclusion: whether an element is met, and "
				"whether any offence is made out, is for the court alone. Finding titles are quoted as the "
				"detection produced them, from text found in evidence.",
			     "Pour chaque élément des infractions que le ministère public peut envisager, la présente annexe "
			     "indique les faits et pièces du rapport (<a href=\"report.html\">report.html</a>) qui s'y "
			     "rapportent, et ce que le présent examen n'établit pas. Elle ne formule aucune conclusion : "
			     "l'appréciation des éléments et la qualification des faits appartiennent à la seule juridiction. "
			     "Les intitulés des détections sont cités tels que la détection les a produits, à partir du texte "
			     "trouvé dans les pièces."));
	if (name) {
		ll_out_puts(&w.o, LL_TXT(l, "Jurisdiction of the mandate: ", "Juridiction du mandat : "));
		ll_out_puts(&w.o, name);
		ll_out_puts(&w.o, ".");
	} else {
		ll_out_puts(&w.o, LL_TXT(l, "No jurisdiction is recorded in the case's mandate (<code>lifeline case set "
					    "--jurisdiction fr|ew|us</code>): the offences of all three jurisdictions follow.",
				       "Aucune juridiction n'est enregistrée dans le mandat (<code>lifeline case set "
				       "--jurisdiction fr|ew|us</code>) : les infractions des trois juridictions suivent."));
	}
	ll_out_puts(&w.o, "</p>\n");
	ll_out_printf(&w.o, "<h2>%s</h2>\n", LL_TXT(l, "The elements of offences", "Les éléments des infractions"));
	for (size_t i = 0; i < ll_offences_n; i++)
		if (!name || !strcmp(ll_offences[i].jur, jur))
			offence(&w, root, &ll_offences[i]);
	ll_out_puts(&w.o, "</section>\n");
	/* the alternatives per rule: a bulk table out of the core report (alternatives.h) */
	if (w.o.rc == 0 && ll_report_alternatives(b, root, l, "report.html") < 0)
		w.o.rc = LL_ENOMEM;
	ll_out_puts(&w.o, "</body>\n</html>\n");
	ll_buf_release(&w.ids);
	json_decref(w.exhibit);
	return w.o.rc < 0 ? ll_error_set(w.o.rc, "cannot render annex O") : 0;
}

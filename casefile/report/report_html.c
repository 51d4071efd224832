/* SPDX-License-Identifier: Apache-2.0 */
/* Renders the model as a printable report where every claim links to its events and exhibits. */
#include "core/compat.h"
#include "casefile/report/report_html.h"

#include <stdarg.h>
#include <string.h>

#include "casefile/report/html.h"
#include "casefile/manifest.h"
#include "casefile/report/annex_custody.h"
#include "casefile/report/annex_events.h"
#include "casefile/report/expert_html.h"
#include "casefile/report/annex_validation.h"
#include "casefile/report/facts/alternatives.h"
#include "casefile/report/facts/analysis_text.h"
#include "casefile/report/facts/annex_offences.h"
#include "casefile/report/facts/code_text.h"
#include "casefile/report/facts/labels.h"
#include "casefile/report/facts/time_precision.h"
#include "casefile/report/methods_exact.h"
#include "casefile/report/model.h"
#include "casefile/report/out.h"
#include "casefile/report/print.h"
#include "casefile/report/glossary.h"
#include "casefile/report/lang_fmt.h"
#include "casefile/report/report_causation.h"
#include "casefile/report/report_path.h"
#include "casefile/report/report_stats.h"
#include "casefile/report/report_svg.h"
#include "casefile/report/zone_time.h"
#include "analyze/movement/movement.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/time.h"

struct r {
	struct ll_buf *b;
	const struct ll_report_input *in;
	const json_t *root;
	int rc;
};

/*
 * The report's sticky writer (out.h) over r's buffer and error: the first
 * failure is kept and every later piece skipped.
 */
#define R_OUT(r) { (r)->b, (r)->rc, (r)->in->lang }

/* trusted literal HTML of the report itself (printf format): never case text */
static void markup(struct r *r, const char *fmt, ...) LL_PRINTF(2, 3);

static void markup(struct r *r, const char *fmt, ...)
{
	struct ll_out o = R_OUT(r);
	va_list ap;

	va_start(ap, fmt);
	ll_out_vprintf(&o, fmt, ap);
	va_end(ap);
	r->rc = o.rc;
}

/* text from the case, evidence or a user: escaped, controls shown, isolated */
static void user_text(struct r *r, const char *s)
{
	struct ll_out o = R_OUT(r);

	ll_out_user(&o, s);
	r->rc = o.rc;
}

/* the same, cut to `max` characters (long free text in a table cell) */
static void user_text_max(struct r *r, const char *s, size_t max)
{
	struct ll_out o = R_OUT(r);

	ll_out_user_max(&o, s, max);
	r->rc = o.rc;
}

/*
 * lifeline's own scale words (severity, confidence, a chain's status) in the
 * report's language; any other value is the data's and stays as found
 */
static const char *scale_word(const struct r *r, const char *s)
{
	return ll_lang_scale_word(r->in->lang, s);
}

/* a text cell, "—" when empty */
static void td(struct r *r, const char *s)
{
	markup(r, "<td>");
	if (s && *s)
		user_text(r, s);
	else
		markup(r, "&mdash;");
	markup(r, "</td>");
}

/* a UTC time cell with, under it, the case's local time (zone_time.h) */
static void time_td(struct r *r, const char *utc)
{
	char local[96];

	ll_report_zone_time(local, sizeof(local), utc, r->in->zone);
	ll_lang_local(local, r->in->lang);
	if (!*local) {
		td(r, utc);
		return;
	}
	/* the date and the time may go on two lines: a narrow column then still fits */
	markup(r, "<td class=\"t\">");
	if (strlen(utc) > 11 && utc[10] == 'T' && !strchr(utc, '<')) {
		markup(r, "<bdi>%.10s<wbr>", utc);
		user_text(r, utc + 10);
		markup(r, "</bdi>");
	} else {
		user_text(r, utc);
	}
	markup(r, "<br><small>");
	user_text(r, local);
	markup(r, "</small></td>");
}

/* the fact / record / opinion tag of a statement (facts/labels.h) */
static void tag(struct r *r, enum ll_label l)
{
	if (r->rc == 0 && ll_label_tag(r->b, l, r->in->lang) < 0)
		r->rc = LL_ENOMEM;
}

/* a harm event's start at the precision the hospital recorded it (a day stays a day) */
static void harm_time(struct r *r, const json_t *x)
{
	char t[96];

	ll_time_at_precision(t, sizeof(t), ll_model_str(x, "event_start"), ll_model_str(x, "time_precision"),
			     r->in->lang);
	user_text(r, t);
}

static void exhibit_link(struct r *r, const char *id)
{
	if (!id || !*id) {
		markup(r, "&mdash;");
		return;
	}
	markup(r, "<a href=\"#ex-");
	ll_html_id(r->b, id);
	markup(r, "\">");
	user_text(r, id);
	markup(r, "</a>");
}

/*
 * A list of links to rows of the report: numeric ids as "<label><n>" to
 * "#<anchor><n>" (events E12, findings F3), string ids to "#<anchor><id>"
 * (disruptions D-0001). At most `max` (0: all), then a pointer to the data.
 */
static void id_links(struct r *r, const json_t *ids, const char *anchor,
		     const char *label, size_t max)
{
	const json_t *v;
	size_t i;

	if (!json_array_size(ids)) {
		markup(r, "&mdash;");
		return;
	}
	json_array_foreach(ids, i, v) {
		if (max && i == max) {
			markup(r, LL_TXT(r->in->lang, " &hellip; (%zu in all, see data/analysis)",
					 " &hellip; (%zu au total, voir data/analysis)"), json_array_size(ids));
			break;
		}
		if (json_is_string(v)) {
			markup(r, "%s<a href=\"%s%s", i ? ", " : "", strchr(anchor, '#') ? "" : "#", anchor);
			ll_html_id(r->b, json_string_value(v));
			markup(r, "\">");
			user_text(r, json_string_value(v));
			markup(r, "</a>");
		} else {
			markup(r, "%s<a href=\"%s%s%" JSON_INTEGER_FORMAT "\">%s%" JSON_INTEGER_FORMAT "</a>",
			  i ? ", " : "", strchr(anchor, '#') ? "" : "#", anchor, json_integer_value(v), label,
			  json_integer_value(v));
		}
	}
}

static void event_links(struct r *r, const json_t *ids, size_t max)
{
	id_links(r, ids, LL_ANNEX_EVENTS "#ev-", "E", max);
}

static void finding_links(struct r *r, const json_t *ids)
{
	id_links(r, ids, "f-", "F", 0);
}

static void disruption_links(struct r *r, const json_t *ids)
{
	id_links(r, ids, "d-", "", 0);
}

/* A chain-link end: F<n> links to the finding, D-… to the disruption, else plain text. */
static void ref_cell(struct r *r, const char *s)
{
	size_t n = strlen(s);

	markup(r, "<td>");
	if (n > 1 && s[0] == 'F' && strspn(s + 1, "0123456789") == n - 1) {
		markup(r, "<a href=\"#f-%s\">", s + 1);
		user_text(r, s);
		markup(r, "</a>");
	} else if (n > 2 && s[0] == 'D' && s[1] == '-') {
		markup(r, "<a href=\"#d-");
		ll_html_id(r->b, s);
		markup(r, "\">");
		user_text(r, s);
		markup(r, "</a>");
	} else if (n) {
		user_text(r, s);
	} else {
		markup(r, "&mdash;");
	}
	markup(r, "</td>");
}

static char *json_text(const json_t *v)
{
	if (!v || json_is_null(v))
		return NULL;
	return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

/*
 * An analysis's warnings as the report shows them (facts/warning_text.h):
 * at most `max`, each escaped and cut; in a French report, one with no
 * French (no code: a library's message, a run recorded before the codes)
 * is the analysis's English, marked so.
 */
static void warnings_list(struct r *r, const json_t *x, size_t max)
{
	const json_t *w = json_object_get(x, "warnings"), *langs = json_object_get(x, "warnings_lang"), *v;
	size_t i;

	/* a block, not a list: the limitations are one list, each item opening with its tag */
	markup(r, "<div class=\"warnings\">");
	json_array_foreach(w, i, v) {
		const char *lang = json_string_value(json_array_get(langs, i));
		char *s = json_is_string(v) ? NULL : json_text(v);

		if (i == max) {
			markup(r, LL_TXT(r->in->lang, "<p class=\"warning\">and %zu more (analysis/methods.json)</p>",
					 "<p class=\"warning\">et %zu autre(s) (analysis/methods.json)</p>"),
			       json_array_size(w) - max);
			free(s);
			break;
		}
		markup(r, "<p class=\"warning\">");
		user_text_max(r, s ? s : json_string_value(v), 1100);
		free(s);
		if (r->in->lang == LL_LANG_FR && !(lang && !strcmp(lang, "fr")))
			markup(r, " <small class=\"analysis-words\">(texte de l’analyse, en anglais, tel "
				  "qu’enregistré)</small>");
		markup(r, "</p>");
	}
	markup(r, "</div>");
}

/* an object whose members are all scalars */
static bool flat_object(const json_t *v)
{
	const char *k;
	json_t *x;

	json_object_foreach((json_t *)v, k, x)
		if (json_is_object(x) || json_is_array(x))
			return false;
	return true;
}

/*
 * The members of a flat object inside a counts cell, "name value, …"; under
 * "by_kind" (analyze movement's counts) a French report names each edge kind
 * in French (movement_kind.c), a kind the table does not know as stored.
 */
static void inner_counts(struct r *r, const char *key, const json_t *v)
{
	const char *k;
	json_t *x;
	bool first = true;

	json_object_foreach((json_t *)v, k, x) {
		const struct ll_movement_kind_fr *fr = r->in->lang == LL_LANG_FR && !strcmp(key, "by_kind")
			? ll_movement_kind_fr(k) : NULL;
		char *t = json_text(x);

		markup(r, "%s", first ? "" : ", ");
		user_text(r, fr ? fr->low : k);
		markup(r, " ");
		user_text(r, json_is_string(x) ? json_string_value(x) : (t ? t : ""));
		free(t);
		first = false;
	}
	if (first)
		markup(r, "&mdash;");
}

/* `counts`: the keys are an analysis's count keys, shown in the report's language (facts/code_text.h) */
static void json_cell(struct r *r, const json_t *v, bool counts)
{
	char *s;
	const char *k;
	json_t *x;

	/* a flat object of counts reads better as "ambulances: 19", and one level
	 * deeper (movement's {"by_kind": {...}}) as "by_kind: ssh-accepted 16, …" */
	if (json_is_object(v)) {
		bool flat = true;

		json_object_foreach((json_t *)v, k, x)
			if (json_is_array(x) || (json_is_object(x) && !flat_object(x)))
				flat = false;
		if (flat) {
			bool first = true;

			markup(r, "<td>");
			json_object_foreach((json_t *)v, k, x) {
				char *t = json_is_object(x) ? NULL : json_text(x);

				markup(r, "%s", first ? "" : "; ");
				user_text(r, counts ? ll_code_count_key(k, r->in->lang) : k);
				markup(r, ": ");
				if (json_is_object(x))
					inner_counts(r, k, x);
				else
					user_text(r, json_is_string(x) ? json_string_value(x) : (t ? t : ""));
				free(t);
				first = false;
			}
			if (first)
				markup(r, "&mdash;");
			markup(r, "</td>");
			return;
		}
	}
	s = json_is_array(v) && !json_array_size(v) ? NULL : json_text(v); /* no warnings: "—", not "[]" */

	markup(r, "<td><code>");
	if (s)
		user_text_max(r, s, 2000);
	else
		markup(r, "&mdash;");
	markup(r, "</code></td>");
	free(s);
}

static const char css[] =
	/* every string from evidence or a user is a <bdi>: its direction stays inside */
	"bdi{unicode-bidi:isolate}"
	"body{font-family:'DejaVu Serif',Georgia,serif;font-size:11pt;line-height:1.4;"
	"max-width:1200px;margin:0 auto;padding:24px;color:#111;background:#fff}"
	"h1{font-size:22pt;margin:0 0 6px}h2{font-size:15pt;border-bottom:2px solid #333;"
	"margin-top:32px;page-break-after:avoid}h3{font-size:12pt;margin:18px 0 6px}"
	"table{border-collapse:collapse;width:100%;margin:8px 0;font-size:9.5pt}"
	"th,td{border:1px solid #999;padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}"
	"th{background:#e8e8e8}tr{page-break-inside:avoid}"
	"code,.hash{font-family:'DejaVu Sans Mono',monospace;font-size:8.5pt;word-break:break-all}"
	".cover{border:3px double #333;padding:24px;margin-bottom:24px}"
	/* label and value both float, so a value of several lines pushes the next label down */
	".cover dt{font-weight:bold;float:left;clear:left;width:28%}"
	".cover dd{float:left;width:70%;margin:0 0 4px 2%}"
	/* a clearing block after the floats, not overflow:hidden: WeasyPrint 57 ends the
	 * box's double border after the first row with the latter (issue #18, t3093) */
	".cover dl::after{content:\"\";display:block;clear:both}"
	".kv th{width:28%}.kv ul{margin:0;padding-left:18px}"
	"dl.glossary dt{font-weight:bold;margin-top:6px}dl.glossary dd{margin:0 0 4px 18px}"
	"svg.path-graph{border:1px solid #ccc;margin:8px 0}"
	/* the path tables' columns by content (print tables are fixed-layout: equal columns otherwise) */
	"table.path th:nth-child(1){width:4%}table.path th:nth-child(2){width:11%}"
	"table.path th:nth-child(3){width:19%}table.path th:nth-child(4){width:44%}"
	"table.path th:nth-child(5){width:10%}table.path th:nth-child(6){width:12%}"
	".fpr{font-family:'DejaVu Sans Mono',monospace;font-size:12pt;background:#ffd;padding:2px 4px}"
	".warning{margin:0 0 2px}.none{font-style:italic;color:#555}.sev-high,.sev-critical{color:#b2182b;font-weight:bold}"
	".crit{color:#b2182b;font-weight:bold}nav ol{columns:3}"
	"svg.timeline{border:1px solid #999;margin:8px 0}"
	"a{color:#1a4f9c}@media print{a{color:#000;text-decoration:none}nav{display:none}"
	"h2{page-break-before:always}#summary{page-break-before:auto}}"
	".missing{border-left:4px solid #b2182b;padding-left:8px}"
	".oath{border:1px solid #333;padding:8px}ol.asked{list-style:none;padding-left:0}"
	/* French quotation marks, a no-break space inside (the quotation is the user's text) */
	"html[lang=fr] q{quotes:\"\\00AB\\00A0\" \"\\00A0\\00BB\"}"
	".sig{margin-top:40px}.sig div{display:inline-block;width:45%;border-top:1px solid #000;"
	"margin-right:5%;padding-top:4px}";

static void cover(struct r *r)
{
	const json_t *cs = json_object_get(r->root, "case");
	char gen[48], day[64];
	enum ll_lang lang = r->in->lang;

	ll_time_format(gen, sizeof(gen), r->in->model->generated_ns, 0);
	markup(r, "<section id=\"cover\" class=\"cover\">\n<h1>%s</h1>\n",
	  LL_TXT(lang, "Expert report: digital forensic examination",
		 "Rapport d’expertise" LL_NBSP ": examen technique de preuves numériques"));
	markup(r, "<p>");
	user_text(r, ll_model_str(cs, "title"));
	markup(r, LL_TXT(lang, "</p>\n<dl>\n<dt>Case</dt><dd>", "</p>\n<dl>\n<dt>Affaire</dt><dd>"));
	user_text(r, ll_model_str(cs, "case_id"));
	markup(r, LL_TXT(lang, "</dd>\n<dt>Requesting authority / legal basis</dt><dd>",
			 "</dd>\n<dt>Autorité requérante / fondement juridique</dt><dd>"));
	if (*ll_model_str(cs, "authority"))
		user_text(r, ll_model_str(cs, "authority"));
	else
		markup(r, LL_TXT(lang, "<span class=\"none\">not recorded in the case</span>",
				 "<span class=\"none\">non renseigné dans le dossier</span>"));
	markup(r, LL_TXT(lang, "</dd>\n<dt>Agency</dt><dd>", "</dd>\n<dt>Service</dt><dd>"));
	if (*ll_model_str(cs, "agency"))
		user_text(r, ll_model_str(cs, "agency"));
	else
		markup(r, LL_TXT(lang, "<span class=\"none\">not recorded</span>",
				 "<span class=\"none\">non renseigné</span>"));
	markup(r, LL_TXT(lang, "</dd>\n<dt>Examiner</dt><dd>", "</dd>\n<dt>Expert</dt><dd>"));
	user_text(r, r->in->examiner);
	markup(r, LL_TXT(lang, "<br><span class=\"hash\">certificate SHA-256 ",
			 "<br><span class=\"hash\">empreinte SHA-256 du certificat "));
	user_text(r, r->in->examiner_fpr);
	markup(r, LL_TXT(lang, "</span></dd>\n<dt>Case opened</dt><dd>",
			 "</span></dd>\n<dt>Ouverture du dossier</dt><dd>"));
	user_text(r, ll_model_str(cs, "created"));
	ll_lang_date(day, sizeof(day), lang, ll_model_str(cs, "created"));
	if (*day)
		markup(r, " (%s)", day);
	ll_lang_date(day, sizeof(day), lang, gen);
	markup(r, LL_TXT(lang, "</dd>\n<dt>Report state as of</dt><dd>%s (%s; last custody entry)</dd>\n",
			 "</dd>\n<dt>État du rapport au</dt><dd>%s (%s" LL_NNBSP "; dernière entrée de la chaîne de "
			 "conservation)</dd>\n"), gen, day);
	markup(r, LL_TXT(lang, "<dt>Produced with</dt><dd>lifeline %s</dd>\n", "<dt>Établi avec</dt><dd>lifeline %s</dd>\n"),
	  LL_VERSION);
	markup(r, "%s", LL_TXT(lang,
	     "<dt>Seal fingerprint</dt><dd>SHA-256 of <code>tagmanifest-sha256.txt</code>, printed on the "
	     "cover sheet <code>seal/cover.html</code> beside this case file, by the build command and in the "
	     "custody entry <q>seal</q>. A sealed document cannot contain the hash of its own seal, so it is "
	     "kept outside the bag; anyone can recompute it with <code>sha256sum tagmanifest-sha256.txt</code>.</dd>\n",
	     "<dt>Empreinte du scellé numérique</dt><dd>SHA-256 de <code>tagmanifest-sha256.txt</code>, imprimée sur "
	     "la page de garde <code>seal/cover.html</code> jointe au dossier, par la commande de constitution et dans "
	     "l’entrée <q>seal</q> de la chaîne de conservation. Un document scellé ne peut contenir l’empreinte "
	     "de son propre scellé, qui est donc conservée hors du paquet" LL_NNBSP "; chacun peut la recalculer par "
	     "<code>sha256sum tagmanifest-sha256.txt</code>.</dd>\n"));
	markup(r, "</dl>\n</section>\n");
}

static void nav(struct r *r)
{
	enum ll_lang lang = r->in->lang;
	const char *const s[][2] = {
		{ "summary", LL_TXT(lang, "Summary", "Synthèse") },
		{ "questions", LL_TXT(lang, "Questions addressed", "Questions traitées") },
		{ "evidence", LL_TXT(lang, "Evidence", "Scellés et pièces examinés") },
		{ "custody", LL_TXT(lang, "Chain of custody", "Chaîne de conservation") },
		{ "methods", LL_TXT(lang, "Methods", "Méthodes") },
		{ "timeline", LL_TXT(lang, "Timeline", "Chronologie") },
		{ "findings", LL_TXT(lang, "Findings", "Constatations") },
		{ "chains", LL_TXT(lang, "From attack to harm", "De l’attaque au dommage") },
		{ "endangerment", LL_TXT(lang, "Endangering disruptions", "Interruptions mettant en danger") },
		{ "statistics", LL_TXT(lang, "Impact statistics", "Statistiques d’impact") },
		{ "events", LL_TXT(lang, "Cited events", "Événements cités") },
		{ "limitations", LL_TXT(lang, "Limitations", "Limites") },
		{ "declaration", LL_TXT(lang, "Declaration", "Déclaration") },
		{ "validation", LL_TXT(lang, "Annex V. Validation of methods", "Annexe V. Validation des méthodes") },
		{ "annexes", LL_TXT(lang, "Annexes", "Annexes") },
		{ "glossary", LL_TXT(lang, "Glossary", "Glossaire") },
	};

	markup(r, "<nav><h2 style=\"page-break-before:auto\">%s</h2><ol>\n", LL_TXT(lang, "Contents", "Sommaire"));
	for (size_t i = 0; i < LL_ARRAY_SIZE(s); i++)
		markup(r, "<li><a href=\"#%s\">%s</a></li>\n", s[i][0], s[i][1]);
	markup(r, "</ol></nav>\n");
}

static size_t count_where(const json_t *arr, const char *key, const char *val)
{
	const json_t *x;
	size_t i, n = 0;

	json_array_foreach(arr, i, x)
		if (!strcmp(ll_model_str(x, key), val))
			n++;
	return n;
}

/* a list item opened with its fact / record / opinion tag (`open`: "<li>" or a classed one) */
static void li(struct r *r, const char *open, enum ll_label l)
{
	markup(r, "%s", open);
	tag(r, l);
}

static void summary(struct r *r)
{
	const json_t *ev = json_object_get(r->root, "evidence"),
		     *fs = json_object_get(r->root, "findings"),
		     *corr = json_object_get(r->root, "correlation"),
		     *span = json_object_get(r->root, "event_span");
	const json_t *chains = json_object_get(corr, "chains"),
		     *end = json_object_get(corr, "endangerment");
	const json_t *x;
	size_t i, crit = 0;
	enum ll_lang lang = r->in->lang;
	char num[32], day[64];

	markup(r, LL_TXT(lang, "<section id=\"summary\"><h2>1. Summary</h2>\n<ul>\n",
			 "<section id=\"summary\"><h2>1. Synthèse</h2>\n<ul>\n"));
	li(r, "<li>", LL_LABEL_OBSERVED); /* hashes the examiner computed */
	markup(r, LL_TXT(lang, "%zu evidence item(s) were examined (<a href=\"#evidence\">evidence table</a>); "
			 "their media and container hashes are listed with each item.</li>\n",
			 "%zu scellé(s) ou pièce(s) ont été examinés (<a href=\"#evidence\">tableau des scellés</a>)" LL_NNBSP "; "
			 "l’empreinte du support et celle du conteneur figurent avec chacun.</li>\n"), json_array_size(ev));
	li(r, "<li>", LL_LABEL_OBSERVED); /* the events read from the exhibits */
	markup(r, LL_TXT(lang, "The timeline holds %s event(s)", "La chronologie compte %s événement(s)"),
	  ll_lang_int(num, sizeof(num), lang, (long long)json_integer_value(json_object_get(r->root, "event_count"))));
	if (json_is_object(span)) {
		markup(r, LL_TXT(lang, " from ", " du "));
		user_text(r, ll_model_str(span, "first"));
		markup(r, LL_TXT(lang, " to ", " au "));
		user_text(r, ll_model_str(span, "last"));
		ll_lang_date(day, sizeof(day), lang, ll_model_str(span, "first"));
		if (*day) {
			markup(r, " (%s", day);
			ll_lang_date(day, sizeof(day), lang, ll_model_str(span, "last"));
			markup(r, " &ndash; %s)", day);
		}
	}
	markup(r, LL_TXT(lang, " (all times UTC; full export in <code>data/timeline/</code>).</li>\n",
			 " (heures UTC" LL_NNBSP "; export complet dans <code>data/timeline/</code>).</li>\n"));
	if (json_array_size(fs)) {
		li(r, "<li>", LL_LABEL_OBSERVED); /* rules matched on the events */
		markup(r, LL_TXT(lang, "%zu finding(s) of attacker activity (<a href=\"#findings\">findings</a>): "
				 "%zu critical, %zu high, %zu medium, %zu low.",
				 "%zu constatation(s) d’activité malveillante (<a href=\"#findings\">constatations</a>)" LL_NBSP ": "
				 "%zu critique(s), %zu élevée(s), %zu moyenne(s), %zu faible(s)."),
		  json_array_size(fs), count_where(fs, "severity", "critical"),
		  count_where(fs, "severity", "high"), count_where(fs, "severity", "medium"),
		  count_where(fs, "severity", "low"));
		x = json_array_get(fs, 0);
		markup(r, LL_TXT(lang, " The earliest, <a href=\"#f-%" JSON_INTEGER_FORMAT "\">F%" JSON_INTEGER_FORMAT "</a> (",
				 " La première, <a href=\"#f-%" JSON_INTEGER_FORMAT "\">F%" JSON_INTEGER_FORMAT "</a> ("),
		  json_integer_value(json_object_get(x, "id")), json_integer_value(json_object_get(x, "id")));
		user_text(r, ll_model_str(x, "title"));
		markup(r, LL_TXT(lang, "), begins at ", "), commence le "));
		user_text(r, ll_model_str(x, "first"));
		markup(r, ".</li>\n");
	} else {
		li(r, "<li class=\"none\">", LL_LABEL_OBSERVED); /* no finding: what detection did */
		markup(r, LL_TXT(lang, "No findings: detection was not run or found nothing.</li>\n",
				 "Aucune constatation" LL_NBSP ": la détection n’a pas été exécutée "
				 "ou n’a rien relevé.</li>\n"));
	}
	if (json_is_object(corr)) {
		json_array_foreach(end, i, x)
			if (json_is_true(json_object_get(x, "life_critical")))
				crit++;
		li(r, "<li>", LL_LABEL_RECORD); /* the hospital's disruption records */
		markup(r, LL_TXT(lang, "%zu service disruption(s) were assessed, %zu of them of life-critical services "
				 "(<a href=\"#endangerment\">endangering disruptions</a>).</li>\n",
				 "%zu interruption(s) de service ont été examinées, dont %zu de services vitaux "
				 "(<a href=\"#endangerment\">interruptions mettant en danger</a>).</li>\n"),
		  json_array_size(end), crit);
		li(r, "<li>", LL_LABEL_OPINION); /* a chain's link to the attack is an opinion */
		markup(r, LL_TXT(lang, "%zu patient harm event(s) were examined; %zu are linked to the attack by a "
				 "documented chain (<a href=\"#chains\">from attack to harm</a>).</li>\n",
				 "%zu événement(s) de dommage à un patient ont été examinés" LL_NNBSP "; %zu sont reliés à "
				 "l’attaque par une chaîne documentée (<a href=\"#chains\">de l’attaque au dommage</a>).</li>\n"),
		  json_array_size(chains), count_where(chains, "status", "linked"));
		li(r, "<li>", LL_LABEL_RECORD); /* the hospital's metrics, compared */
		markup(r, LL_TXT(lang, "%zu impact statistic(s) compare the attack window with baseline windows "
				 "(<a href=\"#statistics\">statistics</a>).</li>\n",
				 "%zu statistique(s) d’impact comparent la période de l’attaque à des périodes de "
				 "référence (<a href=\"#statistics\">statistiques</a>).</li>\n"),
		  json_array_size(json_object_get(corr, "statistics")));
	} else {
		li(r, "<li class=\"none\">", LL_LABEL_OBSERVED); /* no correlation: what was done */
		markup(r, LL_TXT(lang, "No correlation run: the hospital's disruption and harm data were "
				 "not correlated with the attack timeline in this case.</li>\n",
				 "Aucune corrélation" LL_NBSP ": les données de l’hôpital sur les "
				 "interruptions et les dommages n’ont pas été rapprochées de la chronologie de l’attaque "
				 "dans ce dossier.</li>\n"));
	}
	markup(r, "%s", LL_TXT(lang, "</ul>\n<p>Each statement above links to the table it summarises; every row there links "
	     "to the events (E&lt;n&gt;) and exhibits behind it. Clinical causation is outside digital-forensic competence "
	     "(see <a href=\"#limitations\">limitations</a>).</p>\n</section>\n",
	     "</ul>\n<p>Chaque énoncé ci-dessus renvoie au tableau qu’il résume" LL_NNBSP "; chaque ligne de ce "
	     "tableau renvoie aux événements (E&lt;n&gt;) et aux scellés sur lesquels elle repose. La causalité clinique "
	     "échappe à la compétence de l’expertise numérique (voir <a href=\"#limitations\">limites</a>).</p>\n"
	     "</section>\n"));
}

/* the expert, the mandate and its questions verbatim (expert_html.c), then the matters examined */
static void expert_section(struct r *r)
{
	struct ll_expert_input ein = { r->root, r->in->examiner, r->in->examiner_fpr, r->in->lang };

	if (r->rc == 0 && ll_report_expert_html(r->b, &ein) < 0)
		r->rc = LL_ENOMEM;
}

static void questions(struct r *r)
{
	markup(r, LL_TXT(r->in->lang, "<section id=\"questions\"><h2>2. Questions addressed</h2>\n",
			 "<section id=\"questions\"><h2>2. Questions traitées</h2>\n"));
	expert_section(r);
	markup(r, "%s", LL_TXT(r->in->lang, "<h3 id=\"matters\">Matters this report examines</h3>\n<ol>\n"
	     "<li>Was there unauthorised activity on the hospital's systems, and when did it start and end? "
	     "&rarr; <a href=\"#findings\">Findings</a>, <a href=\"#timeline\">timeline</a>.</li>\n"
	     "<li>Which systems were affected? &rarr; <a href=\"#timeline\">Systems lane</a>, "
	     "<a href=\"#findings\">findings by host</a>.</li>\n"
	     "<li>Which services were disrupted, and were they life-critical? &rarr; "
	     "<a href=\"#endangerment\">Endangering disruptions</a>.</li>\n"
	     "<li>Is there a documented chain from the attack to harm or danger to identified patients? &rarr; "
	     "<a href=\"#chains\">From attack to harm</a>, <a href=\"#statistics\">impact statistics</a>.</li>\n"
	     "<li>Is the evidence complete and unaltered since collection? &rarr; <a href=\"#evidence\">Evidence</a>, "
	     "<a href=\"#custody\">chain of custody</a>, and the seal (<code>docs/verify-without-lifeline.md</code>).</li>\n"
	     "</ol>\n<p>Scope: the case titled <q>",
	     "<h3 id=\"matters\">Points examinés par le présent rapport</h3>\n<ol>\n"
	     "<li>Y a-t-il eu une activité non autorisée sur les systèmes de l’hôpital, et quand a-t-elle commencé et "
	     "pris fin" LL_NNBSP "? &rarr; <a href=\"#findings\">Constatations</a>, <a href=\"#timeline\">chronologie</a>.</li>\n"
	     "<li>Quels systèmes ont été atteints" LL_NNBSP "? &rarr; <a href=\"#timeline\">ligne des systèmes</a>, "
	     "<a href=\"#findings\">constatations par hôte</a>.</li>\n"
	     "<li>Quels services ont été interrompus, et étaient-ils vitaux" LL_NNBSP "? &rarr; "
	     "<a href=\"#endangerment\">Interruptions mettant en danger</a>.</li>\n"
	     "<li>Existe-t-il une chaîne documentée entre l’attaque et un dommage ou un danger pour des patients "
	     "identifiés" LL_NNBSP "? &rarr; <a href=\"#chains\">De l’attaque au dommage</a>, "
	     "<a href=\"#statistics\">statistiques d’impact</a>.</li>\n"
	     "<li>Les éléments de preuve sont-ils complets et inchangés depuis leur collecte" LL_NNBSP "? &rarr; "
	     "<a href=\"#evidence\">Scellés</a>, <a href=\"#custody\">chaîne de conservation</a>, et le scellé "
	     "numérique (<code>docs/verify-without-lifeline.md</code>).</li>\n"
	     "</ol>\n<p>Périmètre" LL_NBSP ": l’affaire intitulée <q>"));
	user_text(r, ll_model_str(json_object_get(r->root, "case"), "title"));
	markup(r, LL_TXT(r->in->lang, "</q>. The instructions received are those set out above.</p>\n</section>\n",
			 "</q>. La mission reçue est celle exposée ci-dessus.</p>\n</section>\n"));
}

static void evidence(struct r *r)
{
	const json_t *ev = json_object_get(r->root, "evidence"), *x, *f;
	size_t i, j;

	markup(r, LL_TXT(r->in->lang, "<section id=\"evidence\"><h2>3. Evidence</h2>\n",
			 "<section id=\"evidence\"><h2>3. Scellés et pièces examinés</h2>\n"));
	if (!json_array_size(ev)) {
		markup(r, LL_TXT(r->in->lang, "<p class=\"none\">No evidence items are registered in this case.</p></section>\n",
				 "<p class=\"none\">Aucun scellé n’est enregistré dans ce dossier.</p></section>\n"));
		return;
	}
	markup(r, "<p>");
	tag(r, LL_LABEL_OBSERVED); /* hashes the examiner computed */
	markup(r, LL_TXT(r->in->lang, "Media hashes are over the acquired byte stream (what the disk held); container "
			 "hashes are over the files as stored (what <code>sha256sum</code> checks). Files are %s.</p>\n",
			 "L’empreinte du support porte sur le flux d’octets acquis (le contenu du disque)" LL_NNBSP "; "
			 "celle du conteneur porte sur les fichiers tels qu’ils sont conservés (ce que vérifie "
			 "<code>sha256sum</code>). Les fichiers sont %s.</p>\n"),
	  r->in->evidence_included
		  ? LL_TXT(r->in->lang, "included in <code>data/evidence/</code>", "joints dans <code>data/evidence/</code>")
		  : LL_TXT(r->in->lang, "not included; <code>data/evidence-sha256.txt</code> references them by hash",
			   "non joints" LL_NNBSP "; <code>data/evidence-sha256.txt</code> les désigne par leur empreinte"));
	json_array_foreach(ev, i, x) {
		const char *id = ll_model_str(x, "id");

		markup(r, "<h3 id=\"ex-");
		ll_html_id(r->b, id);
		markup(r, LL_TXT(r->in->lang, "\">Exhibit ", "\">Scellé "));
		user_text(r, id);
		markup(r, "%s", LL_TXT(r->in->lang,
		     "</h3>\n<table><tr><th>Kind</th><th>Format</th><th>State</th><th>Description</th><th>Source</th>"
		     "<th>Media size</th><th>Unreadable bytes</th><th>Started</th><th>Registered</th></tr>\n<tr>",
		     "</h3>\n<table><tr><th>Nature</th><th>Format</th><th>État</th><th>Description</th><th>Origine</th>"
		     "<th>Taille du support</th><th>Octets illisibles</th><th>Début</th><th>Enregistrement</th></tr>\n<tr>"));
		td(r, ll_model_str(x, "kind"));
		td(r, ll_model_str(x, "format"));
		td(r, ll_model_str(x, "state"));
		td(r, ll_model_str(x, "description"));
		td(r, ll_model_str(x, "source"));
		if (json_is_integer(json_object_get(x, "media_size")))
			markup(r, "<td>%" JSON_INTEGER_FORMAT "</td>", json_integer_value(json_object_get(x, "media_size")));
		else
			markup(r, "<td>&mdash;</td>");
		markup(r, "<td>%" JSON_INTEGER_FORMAT "</td>", json_integer_value(json_object_get(x, "unreadable_bytes")));
		td(r, ll_model_str(x, "started"));
		td(r, ll_model_str(x, "registered"));
		markup(r, "</tr></table>\n");
		/* a media hash exists for acquired media; files only have container hashes */
		if (*ll_model_str(x, "sha256") || *ll_model_str(x, "md5") || *ll_model_str(x, "sha1"))
			markup(r, "%s<tr><td>MD5</td><td class=\"hash\">%s</td></tr>\n<tr><td>SHA-1</td><td class=\"hash\">%s</td></tr>\n"
			     "<tr><td>SHA-256</td><td class=\"hash\">%s</td></tr>\n</table>\n",
			  LL_TXT(r->in->lang, "<table><tr><th>Media hash</th><th>Value</th></tr>\n",
				 "<table><tr><th>Empreinte du support</th><th>Valeur</th></tr>\n"),
			  *ll_model_str(x, "md5") ? ll_model_str(x, "md5") : "&mdash;",
			  *ll_model_str(x, "sha1") ? ll_model_str(x, "sha1") : "&mdash;",
			  *ll_model_str(x, "sha256") ? ll_model_str(x, "sha256") : "&mdash;");
		markup(r, "%s", LL_TXT(r->in->lang,
		     "<table><tr><th>Container file</th><th>Collected from</th><th>Role</th><th>Size</th><th>SHA-256</th></tr>\n",
		     "<table><tr><th>Fichier conteneur</th><th>Collecté depuis</th><th>Rôle</th><th>Taille</th><th>SHA-256</th></tr>\n"));
		json_array_foreach(json_object_get(x, "files"), j, f) {
			markup(r, "<tr>");
			td(r, ll_model_str(f, "path"));
			td(r, ll_model_str(f, "orig_path"));
			td(r, ll_model_str(f, "role"));
			markup(r, "<td>%" JSON_INTEGER_FORMAT "</td><td class=\"hash\">", json_integer_value(json_object_get(f, "size")));
			user_text(r, ll_model_str(f, "sha256"));
			markup(r, "</td></tr>\n");
		}
		markup(r, "</table>\n");
		if (json_array_size(json_object_get(x, "errors")))
			markup(r, LL_TXT(r->in->lang, "<p class=\"crit\">%zu unreadable range(s) recorded during acquisition (see limitations).</p>\n",
					 "<p class=\"crit\">%zu plage(s) illisible(s) relevée(s) lors de l’acquisition (voir les limites).</p>\n"),
			  json_array_size(json_object_get(x, "errors")));
	}
	markup(r, "</section>\n");
}

static void custody(struct r *r)
{
	const json_t *cu = json_object_get(r->root, "custody");

	markup(r, "%s", LL_TXT(r->in->lang, "<section id=\"custody\"><h2>4. Chain of custody</h2>\n<p>",
			       "<section id=\"custody\"><h2>4. Chaîne de conservation</h2>\n<p>"));
	tag(r, LL_LABEL_OBSERVED); /* the examiner's own signed ledger */
	markup(r, "%s", LL_TXT(r->in->lang,
	     "Every entry is signed by the examiner and "
	     "chained to the previous one by its SHA-256; the ledger, signatures and certificates are in "
	     "<code>data/custody/</code> and are checked by <code>lifeline casefile verify</code> and by the shell "
	     "loop of <code>docs/verify-without-lifeline.md</code>.</p>\n",
	     "Chaque entrée est signée par l’expert "
	     "et chaînée à la précédente par son empreinte SHA-256" LL_NNBSP "; le registre, les signatures et les "
	     "certificats sont dans <code>data/custody/</code> et sont vérifiés par <code>lifeline casefile verify</code> "
	     "et par la boucle shell de <code>docs/verify-without-lifeline.md</code>.</p>\n"));
	if (!json_array_size(cu)) {
		markup(r, LL_TXT(r->in->lang, "<p class=\"none\">The custody ledger is empty.</p></section>\n",
				 "<p class=\"none\">Le registre de conservation est vide.</p></section>\n"));
		return;
	}
	/* the summary: its length does not grow with the entries; every entry is annex C */
	struct ll_out w = R_OUT(r);

	ll_report_custody_summary(&w, cu, r->in->custody_check);
	r->rc = w.rc;
	markup(r, "</section>\n");
}

static void methods(struct r *r)
{
	const json_t *an = json_object_get(r->root, "analyses"), *x, *v;
	const char *k;
	size_t i;

	markup(r, LL_TXT(r->in->lang,
	     "<section id=\"methods\"><h2>5. Methods</h2>\n<p>All processing was done with lifeline %s. "
	     "Times are normalised to UTC; each event keeps the time as found and the rule used to convert it "
	     "(columns <code>time_raw</code>, <code>time_rule</code> of the timeline export). The exact versions "
	     "of the libraries used are:</p>\n<table><tr><th>Component</th><th>Version</th></tr>\n"
	     "<tr><td>lifeline</td><td>%s</td></tr>\n",
	     "<section id=\"methods\"><h2>5. Méthodes</h2>\n<p>Tous les traitements ont été réalisés avec lifeline %s. "
	     "Les heures sont ramenées en UTC" LL_NNBSP "; chaque événement conserve l’heure telle que relevée et la "
	     "règle de conversion appliquée (colonnes <code>time_raw</code>, <code>time_rule</code> de l’export de la "
	     "chronologie). Les versions exactes des bibliothèques utilisées sont" LL_NBSP ":</p>\n"
	     "<table><tr><th>Composant</th><th>Version</th></tr>\n<tr><td>lifeline</td><td>%s</td></tr>\n"),
	  LL_VERSION, LL_VERSION);
	json_object_foreach((json_t *)r->in->versions, k, v) {
		markup(r, "<tr>");
		td(r, k);
		td(r, json_string_value(v));
		markup(r, "</tr>\n");
	}
	markup(r, LL_TXT(r->in->lang, "</table>\n<h3>Analyses run</h3>\n", "</table>\n<h3>Analyses exécutées</h3>\n"));
	if (!json_array_size(an)) {
		markup(r, LL_TXT(r->in->lang, "<p class=\"none\">No analysis runs are recorded in the case.</p>\n",
				 "<p class=\"none\">Aucune analyse n’est enregistrée dans le dossier.</p>\n"));
	} else {
		markup(r, "%s", LL_TXT(r->in->lang,
		     "<table><tr><th>Exhibit</th><th>Analysis</th><th>Time (UTC)</th><th>Options</th><th>Counts</th><th>Warnings</th></tr>\n",
		     "<table><tr><th>Scellé</th><th>Analyse</th><th>Heure (UTC)</th><th>Options</th><th>Décomptes</th><th>Avertissements</th></tr>\n"));
		json_array_foreach(an, i, x) {
			markup(r, "<tr><td>");
			exhibit_link(r, ll_model_str(x, "evidence"));
			markup(r, "</td>");
			td(r, ll_code_analysis_kind(ll_model_str(x, "kind"), r->in->lang));
			td(r, ll_model_str(x, "time"));
			json_cell(r, json_object_get(x, "options"), false);
			json_cell(r, json_object_get(x, "counts"), true);
			if (json_array_size(json_object_get(x, "warnings"))) {
				markup(r, "<td>");
				warnings_list(r, x, 5);
				markup(r, "</td>");
			} else {
				json_cell(r, json_object_get(x, "warnings"), false);
			}
			markup(r, "</tr>\n");
		}
		markup(r, "</table>\n");
	}
	markup(r, "%s", LL_TXT(r->in->lang, "<h3>Case-file build options</h3>\n<table><tr><th>Option</th><th>Value</th></tr>\n",
			       "<h3>Options de constitution du dossier</h3>\n<table><tr><th>Option</th><th>Valeur</th></tr>\n"));
	json_object_foreach((json_t *)r->in->config, k, v) {
		markup(r, "<tr>");
		td(r, k);
		td(r, json_string_value(v));
		markup(r, "</tr>\n");
	}
	markup(r, "%s", LL_TXT(r->in->lang,
	     "</table>\n<p>The case file is a BagIt 1.0 bag (RFC 8493) with SHA-256 manifests, sealed by a detached "
	     "CMS signature (RFC 5652) of the examiner over <code>tagmanifest-sha256.txt</code> and, when available, "
	     "an RFC 3161 timestamp over that signature. The CASE/UCO 1.4 graph of these methods is "
	     "<code>data/case.jsonld</code>.</p>\n</section>\n",
	     "</table>\n<p>Le dossier est un paquet BagIt 1.0 (RFC 8493) avec des manifestes SHA-256, scellé par une "
	     "signature CMS détachée (RFC 5652) de l’expert sur <code>tagmanifest-sha256.txt</code> et, lorsqu’il "
	     "est disponible, par un horodatage RFC 3161 de cette signature. Le graphe CASE/UCO 1.4 de ces méthodes est "
	     "<code>data/case.jsonld</code>.</p>\n</section>\n"));
}

/*
 * ATT&CK ids as a lawyer reads them ("T1070.001, T1486"), whether the store
 * gave a JSON array, the text of one, or plain text.
 */
static void techniques(struct r *r, const json_t *v, const char *fallback)
{
	json_t *arr = NULL;
	const json_t *t;
	size_t i;

	if (json_is_string(v))
		arr = json_loads(json_string_value(v), 0, NULL);
	else if (json_is_array(v))
		arr = json_incref((json_t *)v);
	if (!json_is_array(arr)) {
		if (json_is_string(v))
			user_text(r, json_string_value(v));
		else if (fallback)
			user_text(r, fallback);
		json_decref(arr);
		return;
	}
	json_array_foreach(arr, i, t) {
		if (i)
			markup(r, ", ");
		if (json_is_string(t))
			user_text(r, json_string_value(t));
	}
	json_decref(arr);
}

/*
 * A rule from elsewhere has no French: its text is shown as the rule wrote it
 * and the French report says so (facts/analysis_text.h)
 */
static void own_text_note(struct r *r, const json_t *x)
{
	if (r->in->lang != LL_LANG_FR)
		return;
	if (!strcmp(ll_model_str(x, "text_lang"), "en"))
		markup(r, "<br><small class=\"own-text\">(texte propre de la règle, en anglais, tel qu’elle "
			  "l’écrit)</small>");
	else if (!strcmp(ll_model_str(x, "description_lang"), "en"))
		markup(r, "<br><small class=\"own-text\">(description propre de la règle, en anglais, telle "
			  "qu’elle l’écrit)</small>");
}

static void findings(struct r *r)
{
	const json_t *fs = json_object_get(r->root, "findings"), *x;
	size_t i;

	markup(r, LL_TXT(r->in->lang, "<section id=\"findings\"><h2>7. Findings</h2>\n",
			 "<section id=\"findings\"><h2>7. Constatations</h2>\n"));
	if (!json_array_size(fs)) {
		markup(r, LL_TXT(r->in->lang,
		     "<p class=\"none\">No findings: detection was not run, or its rules matched nothing.</p>\n</section>\n",
		     "<p class=\"none\">Aucune constatation" LL_NBSP ": la détection n’a pas été exécutée, ou ses règles "
		     "n’ont rien relevé.</p>\n</section>\n"));
		return;
	}
	markup(r, LL_TXT(r->in->lang, "<p>Each finding is an observation: a detection rule matched the events listed with it. "
			 "Interpretation is in the chains below.</p>\n",
			 "<p>Chaque constatation est une observation" LL_NBSP ": une règle de détection a reconnu les "
			 "événements indiqués avec elle. L’interprétation figure dans les chaînes ci-après.</p>\n"));
	/*
	 * Print tables are laid out fixed (print.c): without widths, ten equal
	 * columns squeeze the finding's words into a tenth of the page and each
	 * finding takes a page. The finding gets almost a third, its events a tenth.
	 */
	/* the scale words' columns fit their headers in both languages (Gravité, Confiance) */
	markup(r, "<table class=\"findings\"><colgroup><col style=\"width:4%%\"><col style=\"width:25%%\">"
		  "<col style=\"width:8%%\"><col style=\"width:8%%\"><col style=\"width:10%%\">"
		  "<col style=\"width:8%%\"><col style=\"width:10%%\"><col style=\"width:10%%\">"
		  "<col style=\"width:7%%\"><col style=\"width:10%%\"></colgroup>");
	markup(r, "%s", LL_TXT(r->in->lang,
	     "<tr><th>#</th><th>Finding</th><th>Rule</th><th>Severity</th><th>Confidence</th><th>Host</th>"
	     "<th>First (UTC / local)</th><th>Last (UTC / local)</th><th>Techniques</th><th>Events</th></tr>\n",
	     "<tr><th>n°</th><th>Constatation</th><th>Règle</th><th>Gravité</th><th>Confiance</th><th>Hôte</th>"
	     "<th>Début (UTC / local)</th><th>Fin (UTC / local)</th><th>Techniques</th><th>Événements</th></tr>\n"));
	json_array_foreach(fs, i, x) {
		json_int_t id = json_integer_value(json_object_get(x, "id"));
		char *tech = json_text(json_object_get(x, "techniques"));

		markup(r, "<tr id=\"f-%" JSON_INTEGER_FORMAT "\"><td>F%" JSON_INTEGER_FORMAT "</td><td>", id, id);
		tag(r, LL_LABEL_OBSERVED);
		markup(r, "<b>");
		user_text(r, ll_model_str(x, "title"));
		markup(r, "</b>");
		if (*ll_model_str(x, "description")) {
			markup(r, "<br>");
			user_text_max(r, ll_model_str(x, "description"), 600);
		}
		own_text_note(r, x);
		markup(r, "</td>");
		/* rule ids are UUIDs: let them break rather than widen the table */
		markup(r, "<td class=\"hash\">");
		user_text(r, ll_model_str(x, "rule_id"));
		markup(r, "</td><td class=\"sev-");
		ll_html_id(r->b, ll_model_str(x, "severity"));
		markup(r, "\">");
		user_text(r, scale_word(r, ll_model_str(x, "severity")));
		markup(r, "</td>");
		td(r, scale_word(r, ll_model_str(x, "confidence")));
		td(r, ll_model_str(x, "host"));
		time_td(r, ll_model_str(x, "first"));
		time_td(r, ll_model_str(x, "last"));
		markup(r, "<td>");
		techniques(r, json_object_get(x, "techniques"), tech);
		markup(r, "</td><td>%" JSON_INTEGER_FORMAT ": ", json_integer_value(json_object_get(x, "event_count")));
		event_links(r, json_object_get(x, "events"), 12);
		markup(r, "</td></tr>\n");
		free(tech);
	}
	markup(r, "</table>\n</section>\n");
}

static void cites(struct r *r, const json_t *c)
{
	const json_t *v;
	size_t i;

	if (json_array_size(json_object_get(c, "events"))) {
		markup(r, LL_TXT(r->in->lang, "events ", "événements "));
		event_links(r, json_object_get(c, "events"), 20);
		markup(r, "; ");
	}
	if (json_array_size(json_object_get(c, "findings"))) {
		markup(r, LL_TXT(r->in->lang, "findings ", "constatations "));
		finding_links(r, json_object_get(c, "findings"));
		markup(r, "; ");
	}
	json_array_foreach(json_object_get(c, "rows"), i, v) {
		markup(r, "%s<code>", i ? ", " : LL_TXT(r->in->lang, "hospital records ", "relevés de l’hôpital "));
		user_text(r, json_string_value(v));
		markup(r, "</code>");
	}
}

/* who assessed the causality: the row's reviewer role and method, or that none is recorded */
static void reviewer(struct r *r, const char *harm_id)
{
	const json_t *rv = json_object_get(json_object_get(r->root, "harm_reviewers"), harm_id);

	if (!*ll_model_str(rv, "reviewer_role")) {
		markup(r, LL_TXT(r->in->lang, " (the reviewer's role is not recorded)",
				 " (la qualité de l’évaluateur n’est pas renseignée)"));
		return;
	}
	markup(r, LL_TXT(r->in->lang, " by the reviewer ", " par l’évaluateur "));
	user_text(r, ll_model_str(rv, "reviewer_role"));
	if (*ll_model_str(rv, "causality_method")) {
		markup(r, " (");
		user_text(r, ll_model_str(rv, "causality_method"));
		markup(r, ")");
	}
}

static void chains(struct r *r)
{
	const json_t *corr = json_object_get(r->root, "correlation"), *ch, *x, *l;
	size_t i, j;

	markup(r, LL_TXT(r->in->lang, "<section id=\"chains\"><h2>8. From attack to harm</h2>\n",
			 "<section id=\"chains\"><h2>8. De l’attaque au dommage</h2>\n"));
	if (!json_is_object(corr)) {
		markup(r, LL_TXT(r->in->lang, "<p class=\"none\">No correlation run: there are no chains from the attack to "
				 "patient harm in this case file.</p>\n</section>\n",
				 "<p class=\"none\">Aucune corrélation" LL_NBSP ": ce dossier ne contient aucune chaîne de "
				 "l’attaque à un dommage subi par un patient.</p>\n</section>\n"));
		return;
	}
	ch = json_object_get(corr, "chains");
	markup(r, "%s", LL_TXT(r->in->lang,
	     "<p>Each chain follows the links harm &rarr; service disruption &rarr; system &rarr; host &rarr; the "
	     "attack path that reaches that host, each with its basis and confidence. A link resting on timing alone "
	     "is a hypothesis, at most low, and never a step of a path; a chain is as strong as its weakest link.</p>\n",
	     "<p>Chaque chaîne suit les liens dommage &rarr; interruption de service &rarr; système &rarr; hôte &rarr; "
	     "chemin d’attaque atteignant cet hôte, chacun avec son fondement et son degré de confiance. Un lien qui "
	     "ne repose que sur la concomitance dans le temps est une hypothèse, de confiance faible au plus, et jamais une "
	     "étape d’un chemin" LL_NNBSP "; une chaîne ne vaut que par son lien le plus faible.</p>\n"));
	if (json_is_object(json_object_get(corr, "attack_window"))) {
		const json_t *w = json_object_get(corr, "attack_window");

		markup(r, LL_TXT(r->in->lang, "<p>Attack window: ", "<p>Période de l’attaque" LL_NBSP ": "));
		user_text(r, ll_model_str(w, "from"));
		markup(r, LL_TXT(r->in->lang, " to ", " au "));
		user_text(r, ll_model_str(w, "to"));
		markup(r, " (");
		user_text(r, ll_analysis_window_rule(ll_model_str(w, "rule"), r->in->lang));
		markup(r, ").</p>\n");
	}
	if (r->rc == 0 && ll_report_paths(r->b, r->in->model, LL_TXT(r->in->lang, "Attack paths", "Chemins d’attaque"),
					  r->in->lang) < 0)
		r->rc = LL_ENOMEM;
	markup(r, LL_TXT(r->in->lang, "<h3>Chains from harm to the attack</h3>\n",
			 "<h3>Chaînes du dommage à l’attaque</h3>\n"));
	if (!json_array_size(ch)) {
		markup(r, LL_TXT(r->in->lang, "<p class=\"none\">The correlation found no harm events to link.</p>\n</section>\n",
				 "<p class=\"none\">La corrélation n’a relevé aucun dommage à relier.</p>\n</section>\n"));
		return;
	}
	json_array_foreach(ch, i, x) {
		markup(r, LL_TXT(r->in->lang, "<h3 id=\"c-%zu\">Chain %zu: harm event ",
				 "<h3 id=\"c-%zu\">Chaîne %zu" LL_NBSP ": dommage "), i + 1, i + 1);
		user_text(r, ll_model_str(x, "harm_event_id"));
		markup(r, " &mdash; ");
		user_text(r, scale_word(r, ll_model_str(x, "status")));
		if (*ll_model_str(x, "confidence")) {
			markup(r, LL_TXT(r->in->lang, " (confidence ", " (confiance "));
			user_text(r, scale_word(r, ll_model_str(x, "confidence")));
			markup(r, ")");
		} else {
			markup(r, LL_TXT(r->in->lang, " (no link to the attack)", " (aucun lien avec l’attaque)"));
		}
		if (json_object_get(x, "redacted")) {
			/* --recipient: the rest of the row is only in the encrypted annex */
			markup(r, "</h3>\n<p>");
			tag(r, LL_LABEL_RECORD);
			markup(r, LL_TXT(r->in->lang, "Patient of age band ", "Patient de la tranche d’âge "));
			user_text(r, ll_model_str(x, "age_band"));
			markup(r, LL_TXT(r->in->lang, " at ", " le "));
			harm_time(r, x);
			markup(r, LL_TXT(r->in->lang, "; harm level <b>", LL_NNBSP "; niveau de dommage <b>"));
			user_text(r, ll_model_str(x, "harm_level"));
			markup(r, "%s", LL_TXT(r->in->lang, "</b>; pseudonym, unit, care process and the hospital's causality "
			     "assessment are in the encrypted harm annex. Disruptions: ",
			     "</b>" LL_NNBSP "; le pseudonyme, l’unité, le processus de soins et l’évaluation de la "
			     "causalité par l’hôpital figurent dans l’annexe chiffrée des dommages. Interruptions" LL_NBSP ": "));
		} else {
			markup(r, "</h3>\n<p>");
			tag(r, LL_LABEL_RECORD);
			markup(r, "Patient ");
			user_text(r, ll_model_str(x, "patient"));
			markup(r, LL_TXT(r->in->lang, " (age band ", " (tranche d’âge "));
			user_text(r, ll_model_str(x, "age_band"));
			markup(r, LL_TXT(r->in->lang, "), unit ", "), unité "));
			user_text(r, ll_model_str(x, "unit"));
			markup(r, ", ");
			user_text(r, ll_model_str(x, "care_process"));
			markup(r, LL_TXT(r->in->lang, " at ", " le "));
			harm_time(r, x);
			markup(r, LL_TXT(r->in->lang, "; harm level <b>", LL_NNBSP "; niveau de dommage <b>"));
			user_text(r, ll_model_str(x, "harm_level"));
			markup(r, LL_TXT(r->in->lang, "</b>, causality assessed by the hospital as <b>",
					 "</b>, causalité évaluée par l’hôpital comme <b>"));
			user_text(r, ll_model_str(x, "causality"));
			markup(r, "</b>");
			reviewer(r, ll_model_str(x, "harm_event_id"));
			markup(r, LL_TXT(r->in->lang, ". Disruptions: ", ". Interruptions" LL_NBSP ": "));
		}
		disruption_links(r, json_object_get(x, "disruptions"));
		markup(r, LL_TXT(r->in->lang, "; findings: ", LL_NNBSP "; constatations" LL_NBSP ": "));
		finding_links(r, json_object_get(x, "findings"));
		if (json_is_object(json_object_get(x, "earliest_intrusion"))) {
			const json_t *ei = json_object_get(x, "earliest_intrusion");

			markup(r, LL_TXT(r->in->lang,
					 "; earliest intrusion <a href=\"#f-%" JSON_INTEGER_FORMAT "\">F%" JSON_INTEGER_FORMAT "</a> at ",
					 LL_NNBSP "; première intrusion <a href=\"#f-%" JSON_INTEGER_FORMAT "\">F%" JSON_INTEGER_FORMAT "</a> le "),
			  json_integer_value(json_object_get(ei, "finding")),
			  json_integer_value(json_object_get(ei, "finding")));
			user_text(r, ll_model_str(ei, "time"));
		}
		markup(r, "%s", LL_TXT(r->in->lang,
		     ".</p>\n<table><tr><th>Link</th><th>From</th><th>To</th><th>Basis</th><th>Confidence</th><th>Cites</th></tr>\n",
		     ".</p>\n<table><tr><th>Lien</th><th>De</th><th>Vers</th><th>Fondement</th><th>Confiance</th><th>Références</th></tr>\n"));
		json_array_foreach(json_object_get(x, "links"), j, l) {
			markup(r, "<tr><td>");
			tag(r, ll_label_for_basis(ll_model_str(l, "basis")));
			user_text(r, ll_analysis_link_kind(ll_model_str(l, "kind"), r->in->lang));
			markup(r, "</td>");
			ref_cell(r, ll_model_str(l, "from"));
			ref_cell(r, ll_model_str(l, "to"));
			td(r, ll_analysis_basis(ll_model_str(l, "basis"), r->in->lang));
			td(r, scale_word(r, ll_model_str(l, "confidence")));
			markup(r, "<td>");
			cites(r, json_object_get(l, "cites"));
			markup(r, "</td></tr>\n");
		}
		markup(r, "</table>\n");
	}
	if (r->rc == 0 && ll_report_causation(r->b, r->root, LL_TXT(r->in->lang, "Causation, as far as the evidence goes",
					      "Causalité, dans la limite de ce qu’établissent les preuves"), r->in->lang) < 0)
		r->rc = LL_ENOMEM;
	markup(r, "</section>\n");
}

/*
 * Opens a section drawn from the correlation document; when there was no
 * correlation run or the list is empty, says so, closes the section and
 * returns false.
 */
static bool correlation_section(struct r *r, const char *id, const char *title,
				const json_t *corr, const json_t *list,
				const char *empty)
{
	markup(r, "<section id=\"%s\"><h2>%s</h2>\n", id, title);
	if (!json_is_object(corr)) {
		markup(r, LL_TXT(r->in->lang, "<p class=\"none\">No correlation run.</p>\n</section>\n",
				 "<p class=\"none\">Aucune corrélation n’a été exécutée.</p>\n</section>\n"));
		return false;
	}
	if (!json_array_size(list)) {
		markup(r, "<p class=\"none\">%s</p>\n</section>\n", empty);
		return false;
	}
	return true;
}

static void endangerment(struct r *r)
{
	const json_t *corr = json_object_get(r->root, "correlation"), *x;
	const json_t *end = json_object_get(corr, "endangerment");
	size_t i;

	if (!correlation_section(r, "endangerment", LL_TXT(r->in->lang, "9. Endangering disruptions",
							   "9. Interruptions mettant en danger"), corr, end,
				 LL_TXT(r->in->lang, "No service disruptions were recorded.",
					"Aucune interruption de service n’a été enregistrée.")))
		return;
	markup(r, "%s", LL_TXT(r->in->lang,
	     "<p>Disruptions of services that are life-critical by their type or by the hospital's inventory, listed whether or not "
	     "any patient harm is documented. Whether any of them meets an element of an offence is for the court; this report "
	     "states the facts and their sources only.</p>\n"
	     "<table><tr><th>Disruption</th><th>System</th><th>Service</th><th>Life-critical</th><th>Start (UTC / local)</th>"
	     "<th>End (UTC / local)</th><th>Minutes</th><th>Counts</th><th>Findings</th><th>Events</th></tr>\n",
	     "<p>Interruptions de services vitaux par leur nature ou selon l’inventaire de l’hôpital, indiquées "
	     "qu’un dommage à un patient soit documenté ou non. Il appartient à la juridiction d’apprécier si l’une "
	     "d’elles répond à un élément d’une infraction" LL_NNBSP "; le présent rapport n’expose que les faits "
	     "et leurs sources.</p>\n"
	     "<table><tr><th>Interruption</th><th>Système</th><th>Service</th><th>Vital</th><th>Début (UTC / local)</th>"
	     "<th>Fin (UTC / local)</th><th>Minutes</th><th>Décomptes</th><th>Constatations</th><th>Événements</th></tr>\n"));
	json_array_foreach(end, i, x) {
		markup(r, "<tr id=\"d-");
		ll_html_id(r->b, ll_model_str(x, "disruption_id"));
		markup(r, "\"><td>");
		tag(r, LL_LABEL_RECORD);
		user_text(r, ll_model_str(x, "disruption_id"));
		markup(r, "</td>");
		td(r, ll_model_str(x, "system"));
		td(r, ll_model_str(x, "service"));
		markup(r, "<td%s>%s</td>", json_is_true(json_object_get(x, "life_critical")) ? " class=\"crit\"" : "",
		  json_is_true(json_object_get(x, "life_critical")) ? LL_TXT(r->in->lang, "yes", "oui")
								     : LL_TXT(r->in->lang, "no", "non"));
		time_td(r, ll_model_str(x, "start"));
		time_td(r, ll_model_str(x, "end"));
		if (json_is_number(json_object_get(x, "duration_minutes")))
			markup(r, "<td>%.0f</td>", json_number_value(json_object_get(x, "duration_minutes")));
		else
			markup(r, "<td>&mdash;</td>");
		json_cell(r, json_object_get(x, "counts"), true);
		markup(r, "<td>");
		finding_links(r, json_object_get(x, "findings"));
		markup(r, "</td><td>");
		event_links(r, json_object_get(x, "events"), 20);
		markup(r, "</td></tr>\n");
	}
	markup(r, "</table>\n</section>\n");
}

static void statistics(struct r *r)
{
	const json_t *corr = json_object_get(r->root, "correlation");
	const json_t *st = json_object_get(corr, "statistics");

	if (!correlation_section(r, "statistics", LL_TXT(r->in->lang, "10. Impact statistics", "10. Statistiques d’impact"),
				 corr, st, LL_TXT(r->in->lang, "No operational metrics were provided.",
						  "Aucun indicateur d’activité n’a été fourni.")))
		return;
	markup(r, "<p>");
	tag(r, LL_LABEL_RECORD); /* the hospital's metrics; the comparison is arithmetic on them */
	markup(r, LL_TXT(r->in->lang, "Descriptive comparison of the attack window with a baseline window; association "
			 "at population level does not establish individual causation.</p>\n",
			 "Comparaison descriptive de la période de l’attaque avec une période de référence" LL_NNBSP "; "
			 "une association à l’échelle d’une population n’établit pas de causalité individuelle.</p>\n"));
	if (r->rc == 0 && ll_report_stats_table(r->b, st, json_object_get(corr, "endangerment"), r->in->lang) < 0)
		r->rc = LL_ENOMEM;
	markup(r, "</section>\n");
}

/* the rows themselves are annex A (annex_events.c): the report stays readable on paper */
static void events(struct r *r)
{
	const json_t *ev = json_object_get(r->root, "cited_events");

	char num[32], num2[32];

	markup(r, LL_TXT(r->in->lang, "<section id=\"events\"><h2>11. Cited events</h2>\n",
			 "<section id=\"events\"><h2>11. Événements cités</h2>\n"));
	if (!json_array_size(ev)) {
		markup(r, LL_TXT(r->in->lang, "<p class=\"none\">No events are cited by findings or chains.</p>\n</section>\n",
				 "<p class=\"none\">Aucun événement n’est cité par les constatations ou les chaînes.</p>\n"
				 "</section>\n"));
		return;
	}
	markup(r, LL_TXT(r->in->lang, "<p>The %s events the findings and chains rely on are listed in annex A, "
			 "<a href=\"" LL_ANNEX_EVENTS "\"><code>data/" LL_ANNEX_EVENTS "</code></a>: each with its time in UTC",
			 "<p>Les %s événements sur lesquels reposent les constatations et les chaînes sont énumérés à "
			 "l’annexe A, <a href=\"" LL_ANNEX_EVENTS "\"><code>data/" LL_ANNEX_EVENTS "</code></a>" LL_NBSP
			 ": chacun avec son heure UTC"),
	  ll_lang_int(num, sizeof(num), r->in->lang, (long long)json_array_size(ev)));
	if (r->in->zone) {
		markup(r, LL_TXT(r->in->lang, " and in the case's local zone (", " et dans le fuseau local de l’affaire ("));
		user_text(r, r->in->zone);
		markup(r, ")");
	}
	markup(r, LL_TXT(r->in->lang, ", what that time means (timestamp description, MACB), the exhibit and the place in "
			 "it (locator) where it was read. The complete timeline (%s rows) is in "
			 "<code>data/timeline/timeline.csv</code>.",
			 ", la signification de cette heure (description de l’horodatage, MACB), le scellé et "
			 "l’emplacement (localisateur) où il a été lu. La chronologie complète (%s lignes) figure dans "
			 "<code>data/timeline/timeline.csv</code>."),
	  ll_lang_int(num, sizeof(num), r->in->lang, (long long)r->in->timeline_rows));
	if (json_integer_value(json_object_get(r->root, "cited_events_total")) > (json_int_t)json_array_size(ev))
		markup(r, LL_TXT(r->in->lang, " Only the first %s of %s cited events are in the annex.",
				 " Seuls les %s premiers des %s événements cités figurent en annexe."),
		  ll_lang_int(num, sizeof(num), r->in->lang, (long long)json_array_size(ev)),
		  ll_lang_int(num2, sizeof(num2), r->in->lang,
			      (long long)json_integer_value(json_object_get(r->root, "cited_events_total"))));
	markup(r, "</p>\n</section>\n");
}

static void limitations(struct r *r)
{
	const json_t *ev = json_object_get(r->root, "evidence"), *an = json_object_get(r->root, "analyses"), *x;
	size_t i;

	/*
	 * Each limitation with its tag: the examination's scope is on record in the
	 * evidence table (observed); what clocks, rules and time overlap can show is
	 * the expert's assessment (opinion); the causality values are the hospital's
	 * (record).
	 */
	static const struct { enum ll_label l; const char *en, *fr; } lim[] = {
		{ LL_LABEL_OBSERVED,
		  "Only the exhibits listed in the evidence table were examined. Systems not collected may hold "
		  "activity not reported here.",
		  "Seuls les scellés énumérés au tableau des scellés ont été examinés. Des systèmes non collectés peuvent "
		  "porter une activité dont le présent rapport ne fait pas état." },
		{ LL_LABEL_OPINION,
		  "Timestamps depend on the clocks of the source systems; where a clock offset was applied the original "
		  "value is kept (<code>orig_ns</code>, <code>time_raw</code>). Attackers can alter timestamps and logs.",
		  "Les horodatages dépendent des horloges des systèmes d’origine" LL_NNBSP "; lorsqu’un décalage "
		  "d’horloge a été corrigé, la valeur d’origine est conservée (<code>orig_ns</code>, "
		  "<code>time_raw</code>). Un attaquant peut altérer les horodatages et les journaux." },
		{ LL_LABEL_OPINION,
		  "Detection rules find known patterns; absence of a finding is not proof of absence of activity.",
		  "Les règles de détection reconnaissent des schémas connus" LL_NNBSP "; l’absence de constatation "
		  "ne prouve pas l’absence d’activité." },
		{ LL_LABEL_OPINION,
		  "Links by time overlap between a disruption and a finding show coincidence in time, not cause.",
		  "Un lien fondé sur le recouvrement dans le temps d’une interruption et d’une constatation "
		  "montre une coïncidence temporelle, non une cause." },
		{ LL_LABEL_RECORD,
		  "Clinical causation (whether an outcome would have differed without the disruption) is outside "
		  "digital-forensic competence. The causality values shown are the hospital's clinical reviewers' "
		  "assessments, reported as received; patient data are pseudonymised by the hospital.",
		  "La causalité clinique (l’issue aurait-elle été différente sans l’interruption" LL_NNBSP "?) "
		  "échappe à la compétence de l’expertise numérique. Les valeurs de causalité indiquées sont les "
		  "évaluations des relecteurs cliniques de l’hôpital, rapportées telles que reçues" LL_NNBSP "; les données "
		  "des patients sont pseudonymisées par l’hôpital." },
	};

	markup(r, "%s", LL_TXT(r->in->lang, "<section id=\"limitations\"><h2>12. Limitations</h2>\n<ul>\n",
			       "<section id=\"limitations\"><h2>12. Limites</h2>\n<ul>\n"));
	for (size_t k = 0; k < LL_ARRAY_SIZE(lim); k++) {
		li(r, "<li>", lim[k].l);
		markup(r, "%s</li>\n", LL_TXT(r->in->lang, lim[k].en, lim[k].fr));
	}
	json_array_foreach(ev, i, x) {
		if (json_integer_value(json_object_get(x, "unreadable_bytes")) > 0 ||
		    strcmp(ll_model_str(x, "state"), "registered") != 0) {
			char num[32];

			li(r, "<li>", LL_LABEL_OBSERVED); /* the acquisition's own record of the exhibit */
			markup(r, LL_TXT(r->in->lang, "Exhibit ", "Scellé "));
			exhibit_link(r, ll_model_str(x, "id"));
			markup(r, LL_TXT(r->in->lang, ": state ", LL_NBSP ": état "));
			user_text(r, ll_model_str(x, "state"));
			markup(r, LL_TXT(r->in->lang, ", %s unreadable byte(s) during acquisition.</li>\n",
					 ", %s octet(s) illisible(s) lors de l’acquisition.</li>\n"),
			  ll_lang_int(num, sizeof(num), r->in->lang,
				      (long long)json_integer_value(json_object_get(x, "unreadable_bytes"))));
		}
	}
	json_array_foreach(an, i, x) {
		const json_t *w = json_object_get(x, "warnings");

		if ((json_is_array(w) && json_array_size(w)) || (json_is_object(w) && json_object_size(w))) {
			char *s = json_text(w);

			li(r, "<li>", LL_LABEL_OBSERVED); /* what the analysis reported as it read the exhibit */
			markup(r, LL_TXT(r->in->lang, "Warnings of the ", "Avertissements de l’analyse "));
			user_text(r, ll_code_analysis_kind(ll_model_str(x, "kind"), r->in->lang));
			markup(r, LL_TXT(r->in->lang, " analysis of ", " du scellé "));
			exhibit_link(r, ll_model_str(x, "evidence"));
			markup(r, LL_TXT(r->in->lang, ":", LL_NBSP ":"));
			if (json_is_array(w)) {
				/* each in the report's language where its code gives it (facts/warning_text.h) */
				warnings_list(r, x, 50);
			} else { /* not a list: as recorded */
				markup(r, " <code>");
				user_text_max(r, s, 1500);
				markup(r, "</code>%s", LL_TXT(r->in->lang, "", " <small class=\"analysis-words\">"
							      "(texte de l’analyse, en anglais, tel qu’enregistré)</small>"));
			}
			markup(r, "</li>\n");
			free(s);
		}
	}
	markup(r, "</ul>\n");
	if (r->rc == 0 && ll_report_disclosure_html(r->b, r->root, r->in->lang) < 0)
		r->rc = LL_ENOMEM;
	markup(r, "</section>\n");
}

/* in the wording of the case's jurisdiction, or saying that none is recorded (expert_html.c) */
static void declaration(struct r *r)
{
	struct ll_expert_input ein = { r->root, r->in->examiner, r->in->examiner_fpr, r->in->lang };

	if (r->rc == 0 && ll_report_declaration_html(r->b, &ein) < 0)
		r->rc = LL_ENOMEM;
}

static void annexes(struct r *r)
{
	const json_t *v;
	size_t i;

	markup(r, "%s", LL_TXT(r->in->lang, "<section id=\"annexes\"><h2>14. Annexes</h2>\n<p>Files of this case file "
	     "(hashes also in <code>manifest-sha256.txt</code>):</p>\n<table><tr><th>File</th><th>Size</th><th>SHA-256</th></tr>\n",
	     "<section id=\"annexes\"><h2>14. Annexes</h2>\n<p>Fichiers du dossier (empreintes également dans "
	     "<code>manifest-sha256.txt</code>)" LL_NBSP ":</p>\n<table><tr><th>Fichier</th><th>Taille (octets)</th>"
	     "<th>SHA-256</th></tr>\n"));
	for (size_t k = 0; r->in->files && k < r->in->files->n; k++) {
		const char *sig = "data/custody/sig/";
		size_t n = 0;
		uint64_t size = 0;

		/* one row for the ledger's signatures: one a custody entry, they would
		 * add a page to the core report every ~40 entries (issue #18, item 7) */
		while (k + n < r->in->files->n && !strncmp(r->in->files->v[k + n].path, sig, strlen(sig)))
			size += r->in->files->v[k + n++].size;
		if (n > 1) {
			markup(r, "<tr><td><code>%s</code>", sig);
			markup(r, LL_TXT(r->in->lang, " (%zu signatures of custody entries, one a file)",
					 " (%zu signatures d’entrées de la chaîne de conservation, une par fichier)"), n);
			markup(r, LL_TXT(r->in->lang, "</td><td>%" PRIu64 " in all</td><td>each in "
					 "<code>manifest-sha256.txt</code></td></tr>\n",
					 "</td><td>%" PRIu64 " au total</td><td>chacune dans "
					 "<code>manifest-sha256.txt</code></td></tr>\n"), size);
			k += n - 1;
			continue;
		}
		markup(r, "<tr>");
		td(r, r->in->files->v[k].path);
		markup(r, "<td>%" PRIu64 "</td><td class=\"hash\">%s</td></tr>\n", r->in->files->v[k].size,
		  r->in->files->v[k].sha256);
	}
	markup(r, LL_TXT(r->in->lang, "</table>\n<p>%s</p>\n<h3>Harm annex</h3>\n",
			 "</table>\n<p>%s</p>\n<h3>Annexe des dommages</h3>\n"), r->in->pdf
	     ? LL_TXT(r->in->lang, "This report is also <code>data/report.pdf</code> (PDF/A-2b), rendered from this page "
		      "after the table above was made, and annexes C and O are also <code>data/annex-custody.pdf</code> and "
		      "<code>data/annex-offences.pdf</code>; they are in <code>manifest-sha256.txt</code> and under the seal. "
		      "Annex A is in HTML only (its thousands of rows take the renderer minutes); it prints from a browser.",
		      "Le présent rapport existe aussi en <code>data/report.pdf</code> (PDF/A-2b), produit à partir de "
		      "cette page après l’établissement du tableau ci-dessus, et les annexes C et O aussi en "
		      "<code>data/annex-custody.pdf</code> et <code>data/annex-offences.pdf</code>" LL_NNBSP "; ils figurent dans "
		      "<code>manifest-sha256.txt</code> et sous le scellé numérique. L’annexe A est en HTML seulement "
		      "(ses milliers de lignes demandent des minutes au moteur de rendu)" LL_NNBSP "; elle s’imprime depuis un navigateur.")
	     : LL_TXT(r->in->lang, "No PDF of this report was rendered: the case file was built with <code>--no-pdf</code>.",
		      "Aucun PDF du rapport n’a été produit" LL_NBSP ": le dossier a été constitué avec "
		      "<code>--no-pdf</code>."));
	if (!json_array_size(r->in->harm_files)) {
		markup(r, LL_TXT(r->in->lang, "<p class=\"none\">No hospital harm data files are in this case.</p>\n",
				 "<p class=\"none\">Aucun fichier de l’hôpital relatif aux dommages ne figure dans ce "
				 "dossier.</p>\n"));
	} else {
		markup(r, "<p>%s</p>\n<ul>\n", r->in->harm_encrypted
			 ? LL_TXT(r->in->lang, "The hospital's pseudonymised files are encrypted to the recipient's certificate in "
			   "<code>data/harm.tar.p7m</code> (CMS, AES-256-GCM; open with <code>openssl cms -decrypt</code>):",
			   "Les fichiers pseudonymisés de l’hôpital sont chiffrés pour le certificat du destinataire dans "
			   "<code>data/harm.tar.p7m</code> (CMS, AES-256-GCM" LL_NNBSP "; ouverture par "
			   "<code>openssl cms -decrypt</code>)" LL_NBSP ":")
			 : LL_TXT(r->in->lang, "The hospital's pseudonymised files are in <code>data/harm/</code>:",
				  "Les fichiers pseudonymisés de l’hôpital sont dans <code>data/harm/</code>" LL_NBSP ":"));
		json_array_foreach(r->in->harm_files, i, v) {
			markup(r, "<li><code>");
			user_text(r, json_string_value(v));
			markup(r, "</code></li>\n");
		}
		markup(r, "</ul>\n");
	}
	markup(r, "</section>\n");
}

int ll_report_html(struct ll_buf *out, const struct ll_report_input *in)
{
	struct r r = { out, in, in->model->root, 0 };
	const json_t *cs = json_object_get(r.root, "case");

	markup(&r, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
	      "<title>%s ", ll_lang_code(in->lang), LL_TXT(in->lang, "Expert report", "Rapport d’expertise"));
	/* no markup in <title>: escaped and controls shown, not isolated */
	if (ll_html_text(out, ll_model_str(cs, "case_id")) < 0)
		r.rc = LL_ENOMEM;
	markup(&r, "</title>\n");
	if (r.rc == 0 && ll_report_print_meta(out, in->model->generated_ns) < 0)
		r.rc = LL_ENOMEM;
	markup(&r, "<style>%s%s%s</style>\n</head>\n<body>\n", css, ll_report_print_css, ll_report_print_css_lang(in->lang));
	if (r.rc == 0 && ll_report_print_running(out, LL_TXT(in->lang, "Expert report", "Rapport d’expertise"),
						 ll_model_str(cs, "case_id"), in->model->generated_ns, in->lang) < 0)
		r.rc = LL_ENOMEM;
	cover(&r);
	nav(&r);
	summary(&r);
	/* on the summary's page: the tags' legend and scale, then the alternatives weighed (table: annex O) */
	if (r.rc == 0 && (ll_label_legend(out, in->lang) < 0 ||
			  ll_report_alternatives_summary(out, r.root, in->lang, LL_ANNEX_OFFENCES) < 0))
		r.rc = LL_ENOMEM;
	questions(&r);
	evidence(&r);
	custody(&r);
	methods(&r);
	if (r.rc == 0 && ll_report_methods_exact(out, r.root, in->lang) < 0) /* sits at the end of "methods" */
		r.rc = LL_ENOMEM;
	markup(&r, "%s", LL_TXT(in->lang, "<section id=\"timeline\"><h2>6. Timeline</h2>\n<p>Attacker actions (findings), "
	      "affected systems, service disruptions and patient harm on one UTC axis. Each mark links to its row below.</p>\n",
	      "<section id=\"timeline\"><h2>6. Chronologie</h2>\n<p>Actions de l’attaquant (constatations), systèmes "
	      "atteints, interruptions de service et dommages aux patients sur un même axe UTC. Chaque repère renvoie à sa "
	      "ligne ci-après.</p>\n"));
	if (r.rc == 0 && ll_report_svg(out, in->model, in->lang) < 0)
		r.rc = LL_ENOMEM;
	markup(&r, "</section>\n");
	findings(&r);
	chains(&r);
	endangerment(&r);
	statistics(&r);
	events(&r);
	limitations(&r);
	declaration(&r);
	if (r.rc == 0 && ll_report_validation_html(out, in->validation, in->lang) < 0)
		r.rc = LL_ENOMEM;
	annexes(&r);
	if (r.rc == 0 && ll_report_glossary(out, LL_TXT(in->lang, "15. Glossary", "15. Glossaire"), in->lang) < 0)
		r.rc = LL_ENOMEM;
	markup(&r, "</body>\n</html>\n");
	if (r.rc < 0)
		return ll_error_set(r.rc, "cannot render the report");
	return 0;
}

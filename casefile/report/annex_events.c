/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Annex A: the cited events. They were the report's longest table (4,684 rows
 * in the sample, 500 printed pages); the core report now points here, so a
 * judge reads the report and the annex is consulted row by row.
 */
#include "core/compat.h"
#include "casefile/report/annex_events.h"

#include <string.h>

#include "casefile/report/html.h"
#include "casefile/report/lang_fmt.h"
#include "casefile/report/model.h"
#include "casefile/report/print.h"
#include "casefile/report/zone_time.h"
#include "core/buf.h"
#include "core/error.h"

/* one cell of evidence text, "—" when empty */
static int cell(struct ll_buf *b, const char *s, size_t max)
{
	int rc;

	if ((rc = ll_buf_puts(b, "<td>")) < 0)
		return rc;
	if (s && *s)
		rc = max ? ll_html_user_max(b, s, max) : ll_html_user(b, s);
	else
		rc = ll_buf_puts(b, "&mdash;");
	return rc < 0 ? rc : ll_buf_puts(b, "</td>");
}

static int row(struct ll_buf *b, const json_t *x, const char *zone, enum ll_lang lang)
{
	json_int_t id = json_integer_value(json_object_get(x, "id"));
	char local[96];
	int rc;

	if ((rc = ll_buf_printf(b, "<tr id=\"ev-%" JSON_INTEGER_FORMAT "\"><td>E%" JSON_INTEGER_FORMAT
				"</td>", id, id)) < 0 ||
	    (rc = cell(b, ll_model_str(x, "time"), 0)) < 0)
		return rc;
	if (zone) {
		ll_report_zone_time(local, sizeof(local), ll_model_str(x, "time"), zone);
		ll_lang_local(local, lang);
		if ((rc = cell(b, local, 0)) < 0)
			return rc;
	}
	if ((rc = cell(b, ll_model_str(x, "time_desc"), 0)) < 0 ||
	    (rc = cell(b, ll_model_str(x, "evidence"), 0)) < 0 ||
	    (rc = ll_buf_puts(b, "<td>")) < 0 ||
	    (rc = ll_html_user(b, ll_model_str(x, "source"))) < 0 ||
	    (rc = ll_buf_puts(b, "/")) < 0 ||
	    (rc = ll_html_user(b, ll_model_str(x, "parser"))) < 0 ||
	    (rc = ll_buf_puts(b, "</td>")) < 0 ||
	    (rc = cell(b, ll_model_str(x, "host"), 0)) < 0 ||
	    (rc = cell(b, ll_model_str(x, "user"), 0)) < 0 ||
	    (rc = cell(b, ll_model_str(x, "message"), 400)) < 0 ||
	    (rc = ll_buf_puts(b, "<td><code>")) < 0 ||
	    (rc = ll_html_user(b, ll_model_str(x, "locator"))) < 0)
		return rc;
	return ll_buf_puts(b, "</code></td></tr>\n");
}

int ll_annex_events_html(struct ll_buf *b, const struct ll_casefile_model *model,
			 const char *zone, enum ll_lang lang)
{
	const json_t *root = model->root, *ev = json_object_get(root, "cited_events"), *x;
	const char *case_id = ll_model_str(json_object_get(root, "case"), "case_id");
	json_int_t total = json_integer_value(json_object_get(root, "cited_events_total"));
	size_t i;
	int rc;

	char n1[32], n2[32];

	if ((rc = ll_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
			      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
			      "style-src 'unsafe-inline'; img-src data:\">\n", ll_lang_code(lang))) < 0 ||
	    (rc = ll_report_print_meta(b, model->generated_ns)) < 0 ||
	    (rc = ll_buf_puts(b, LL_TXT(lang, "<title>Annex A, cited events, ", "<title>Annexe A, événements cités, "))) < 0 ||
	    (rc = ll_html_text(b, case_id)) < 0 ||
	    (rc = ll_buf_printf(b, "</title>\n<style>%s%s%s</style>\n</head>\n<body>\n", ll_report_annex_css,
				ll_report_print_css, ll_report_print_css_lang(lang))) < 0 ||
	    (rc = ll_report_print_running(b, LL_TXT(lang, "Expert report, annex A", "Rapport d’expertise, annexe A"),
					  case_id, model->generated_ns, lang)) < 0 ||
	    (rc = ll_buf_puts(b, LL_TXT(lang, "<section id=\"annex-events\"><h1>Annex A: cited events</h1>\n"
			      "<p>Every event a finding or a chain of the report "
			      "(<a href=\"report.html\">report.html</a>, <a href=\"report.pdf\">report.pdf</a>) "
			      "relies on, with the exhibit and the place in it (locator) where it was read. "
			      "<b>Meaning</b> is what the time records (the source's timestamp description: "
			      "M modified, A accessed, C metadata changed, B born, or the log's own "
			      "meaning).",
			      "<section id=\"annex-events\"><h1>Annexe A" LL_NBSP ": événements cités</h1>\n"
			      "<p>Chaque événement sur lequel repose une constatation ou une chaîne du rapport "
			      "(<a href=\"report.html\">report.html</a>, <a href=\"report.pdf\">report.pdf</a>), avec le "
			      "scellé et l’emplacement (localisateur) où il a été lu. La <b>signification</b> est ce "
			      "que l’heure enregistre (la description de l’horodatage par la source" LL_NBSP ": "
			      "M modification, A accès, C modification des métadonnées, B création, ou la signification "
			      "propre au journal)."))) < 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if (zone) {
		if ((rc = ll_buf_puts(b, LL_TXT(lang, " Times are in UTC and, beside them, in the case's local zone ",
						" Les heures sont en UTC et, à côté, dans le fuseau local de l’affaire "))) < 0 ||
		    (rc = ll_html_user(b, zone)) < 0 || (rc = ll_buf_puts(b, ".")) < 0)
			return ll_error_set(LL_ENOMEM, "out of memory");
	} else if ((rc = ll_buf_puts(b, LL_TXT(lang, " Times are in UTC (no local zone was given or recorded).",
					       " Les heures sont en UTC (aucun fuseau local n’a été indiqué ni "
					       "enregistré)."))) < 0) {
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	if (total > (json_int_t)json_array_size(ev) &&
	    ll_buf_printf(b, LL_TXT(lang, " Only the first %s of %s cited events are listed; "
				    "all are in <code>timeline/timeline.csv</code>.",
				    " Seuls les %s premiers des %s événements cités sont énumérés" LL_NNBSP "; tous "
				    "figurent dans <code>timeline/timeline.csv</code>."),
			  ll_lang_int(n1, sizeof(n1), lang, (long long)json_array_size(ev)),
			  ll_lang_int(n2, sizeof(n2), lang, (long long)total)) < 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if (ll_buf_printf(b, LL_TXT(lang, "</p>\n<p>%s events.</p>\n", "</p>\n<p>%s événements.</p>\n"),
			  ll_lang_int(n1, sizeof(n1), lang, (long long)json_array_size(ev))) < 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if (!json_array_size(ev)) {
		if (ll_buf_puts(b, LL_TXT(lang, "<p class=\"none\">No events are cited by findings or chains.</p>\n"
				"</section>\n</body>\n</html>\n",
				"<p class=\"none\">Aucun événement n’est cité par les constatations ou les chaînes.</p>\n"
				"</section>\n</body>\n</html>\n")) < 0)
			return ll_error_set(LL_ENOMEM, "out of memory");
		return 0;
	}
	if (ll_buf_puts(b, LL_TXT(lang, "<table><thead><tr><th>Event</th><th>Time (UTC)</th>",
				  "<table><thead><tr><th>Événement</th><th>Heure (UTC)</th>")) < 0 ||
	    (zone && (ll_buf_puts(b, LL_TXT(lang, "<th>Local time (", "<th>Heure locale (")) < 0 ||
		      ll_html_user(b, zone) < 0 || ll_buf_puts(b, ")</th>") < 0)) ||
	    ll_buf_puts(b, LL_TXT(lang, "<th>Meaning</th><th>Exhibit</th><th>Source</th><th>Host</th><th>User</th>"
			"<th>Message</th><th>Locator</th></tr></thead>\n<tbody>\n",
			"<th>Signification</th><th>Scellé</th><th>Source</th><th>Hôte</th><th>Utilisateur</th>"
			"<th>Message</th><th>Localisateur</th></tr></thead>\n<tbody>\n")) < 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	json_array_foreach(ev, i, x)
		if (row(b, x, zone, lang) < 0)
			return ll_error_set(LL_ENOMEM, "out of memory");
	if (ll_buf_puts(b, "</tbody></table>\n</section>\n</body>\n</html>\n") < 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

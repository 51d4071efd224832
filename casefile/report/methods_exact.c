/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Methods, exactly (issue 18 item 3; CrimPR 19.4(h), FSR Code: a method
 * described so that another examiner can repeat it). The report already lists
 * the library versions and each analysis's options; this adds what repeating
 * needs besides: which binary, the command line as typed, which rule set by
 * hash. Nothing here is inferred: what was not recorded says so.
 */
#include "core/compat.h"
#include "casefile/report/methods_exact.h"

#include <string.h>

#include "casefile/report/facts/code_text.h"
#include "casefile/report/html.h"
#include "casefile/report/out.h"
#include "casefile/report/model.h"
#include "core/buf.h"
#include "casefile/report/lang_fmt.h"
#include "core/error.h"
#include "core/hash.h"

/* characters a POSIX shell passes through unquoted */
static bool shell_safe(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=@%+,-", *s))
			return false;
	return true;
}

int ll_report_shell_line(struct ll_buf *out, const json_t *argv)
{
	size_t i;
	const json_t *a;
	int rc = 0;

	json_array_foreach(argv, i, a) {
		const char *s = json_string_value(a);

		if (!s)
			s = "";
		if (i && (rc = ll_buf_putc(out, ' ')) < 0)
			return rc;
		if (shell_safe(s)) {
			if ((rc = ll_buf_puts(out, s)) < 0)
				return rc;
			continue;
		}
		/* 'it'\''s': a single quote ends the quoting, is escaped, and quoting resumes */
		if ((rc = ll_buf_putc(out, '\'')) < 0)
			return rc;
		for (; *s; s++)
			if ((rc = *s == '\'' ? ll_buf_puts(out, "'\\''") : ll_buf_putc(out, *s)) < 0)
				return rc;
		if ((rc = ll_buf_putc(out, '\'')) < 0)
			return rc;
	}
	return 0;
}

static void txt(struct ll_out *w, const char *s)
{
	if (w->rc == 0 && ll_html_user(w->b, s) < 0)
		w->rc = LL_ENOMEM;
}

static void td(struct ll_out *w, const char *s)
{
	ll_out_puts(w, "<td>");
	if (s && *s)
		txt(w, s);
	else
		ll_out_puts(w, "&mdash;");
	ll_out_puts(w, "</td>");
}

static void commands(struct ll_out *w, const json_t *an)
{
	struct ll_buf line = LL_BUF_INIT;
	size_t i, n = 0;
	const json_t *x;

	ll_out_puts(w, LL_TXT(w->lang, "<h4>Command lines, as run</h4>\n", "<h4>Lignes de commande, telles qu’exécutées</h4>\n"));
	json_array_foreach(an, i, x)
		n += json_is_array(json_object_get(x, "command"));
	ll_out_puts(w, LL_TXT(w->lang, "<table class=\"cmd\"><tr><th>Exhibit</th><th>Analysis</th><th>Time (UTC)</th>"
	       "<th>Command line</th></tr>\n",
	       "<table class=\"cmd\"><tr><th>Scellé</th><th>Analyse</th><th>Heure (UTC)</th>"
	       "<th>Ligne de commande</th></tr>\n"));
	json_array_foreach(an, i, x) {
		const json_t *cmd = json_object_get(x, "command");

		/* the summary row of the rules detect did not evaluate is not a run */
		if (!json_is_array(cmd) && strstr(ll_model_str(x, "kind"), "not evaluated"))
			continue;
		ll_out_puts(w, "<tr>");
		td(w, ll_model_str(x, "evidence"));
		td(w, ll_code_analysis_kind(ll_model_str(x, "kind"), w->lang));
		td(w, ll_model_str(x, "time"));
		if (json_is_array(cmd)) {
			ll_buf_reset(&line);
			if (ll_report_shell_line(&line, cmd) < 0)
				w->rc = LL_ENOMEM;
			ll_out_puts(w, "<td><code>");
			txt(w, line.ptr ? line.ptr : "");
			ll_out_puts(w, "</code></td>");
		} else {
			ll_out_puts(w, LL_TXT(w->lang, "<td class=\"none\">not recorded (run by a lifeline that did not record "
			       "command lines)</td>", "<td class=\"none\">non enregistrée (exécutée par une version de lifeline "
			       "qui n’enregistrait pas les lignes de commande)</td>"));
		}
		ll_out_puts(w, "</tr>\n");
	}
	ll_out_puts(w, "</table>\n");
	if (!n)
		ll_out_puts(w, LL_TXT(w->lang, "<p class=\"none\">No analysis in this case recorded its command line.</p>\n",
				      "<p class=\"none\">Aucune analyse de ce dossier n’a enregistré sa ligne de commande.</p>\n"));
	ll_buf_release(&line);
}

static void rulesets(struct ll_out *w, const json_t *custody)
{
	size_t i, n = 0;
	const json_t *x;

	ll_out_puts(w, LL_TXT(w->lang, "<h4>Rule sets</h4>\n<table><tr><th>Time (UTC)</th><th>Rule set</th><th>SHA-256 of "
	       "the rule files</th><th>Rule files</th><th>Rules</th></tr>\n",
	       "<h4>Jeux de règles</h4>\n<table><tr><th>Heure (UTC)</th><th>Jeu de règles</th><th>SHA-256 des "
	       "fichiers de règles</th><th>Fichiers de règles</th><th>Règles</th></tr>\n"));
	json_array_foreach(custody, i, x) {
		const json_t *d = json_object_get(x, "details");
		char num[64];

		if (strcmp(ll_model_str(x, "action"), "detect") || !json_is_object(d))
			continue;
		n++;
		ll_out_puts(w, "<tr>");
		td(w, ll_model_str(x, "time"));
		td(w, ll_model_str(d, "ruleset"));
		ll_out_puts(w, "<td class=\"hash\">");
		txt(w, ll_model_str(d, "ruleset_sha256"));
		ll_out_puts(w, "</td>");
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			 json_integer_value(json_object_get(d, "rule_files")));
		td(w, num);
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			 json_integer_value(json_object_get(d, "rules")));
		td(w, num);
		ll_out_puts(w, "</tr>\n");
	}
	ll_out_puts(w, "</table>\n");
	if (!n)
		ll_out_puts(w, LL_TXT(w->lang, "<p class=\"none\">No rule set was run (<code>analyze detect</code> is not in "
		       "the custody ledger).</p>\n", "<p class=\"none\">Aucun jeu de règles n’a été exécuté "
		       "(<code>analyze detect</code> ne figure pas dans la chaîne de conservation).</p>\n"));
}

int ll_report_methods_exact(struct ll_buf *out, const json_t *root, enum ll_lang lang)
{
	struct ll_out w = { out, 0, lang };
	char sha[65];

	ll_out_puts(&w, LL_TXT(lang, "<section id=\"methods-exact\"><h3>Exact methods</h3>\n<p>To repeat an analysis, run "
		"the same binary with the same command line on the same exhibit. This report was built by lifeline " LL_VERSION,
		"<section id=\"methods-exact\"><h3>Méthodes exactes</h3>\n<p>Pour reproduire une analyse, exécuter le "
		"même binaire avec la même ligne de commande sur le même scellé. Le présent rapport a été établi par "
		"lifeline " LL_VERSION));
	if (ll_hash_file("/proc/self/exe", LL_HASH_SHA256, NULL, NULL, sha, NULL) == 0) {
		ll_out_puts(&w, LL_TXT(lang, ", binary SHA-256 <span class=\"hash\" id=\"binary-sha256\">",
				       ", empreinte SHA-256 du binaire <span class=\"hash\" id=\"binary-sha256\">"));
		ll_out_puts(&w, sha);
		ll_out_puts(&w, "</span>");
	} else {
		ll_out_puts(&w, LL_TXT(lang, " (the SHA-256 of its binary could not be read)",
				       " (l’empreinte SHA-256 de son binaire n’a pu être lue)"));
	}
	ll_out_puts(&w, LL_TXT(lang, ". The analyses name their binary in their custody entries (<i>tool</i>).</p>\n",
			       ". Les analyses désignent leur binaire dans leurs entrées de la chaîne de conservation "
			       "(<i>tool</i>).</p>\n"));
	commands(&w, json_object_get(root, "analyses"));
	rulesets(&w, json_object_get(root, "custody"));
	ll_out_puts(&w, "</section>\n");
	return w.rc < 0 ? ll_error_set(w.rc, "cannot render the exact methods") : 0;
}

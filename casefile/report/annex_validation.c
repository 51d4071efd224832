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

#include "casefile/report/html.h"
#include "core/buf.h"
#include "core/error.h"

struct w {
	struct ll_buf *b;
	int rc;
};

static void lit(struct w *w, const char *s)
{
	if (w->rc == 0 && ll_buf_puts(w->b, s) < 0)
		w->rc = LL_ENOMEM;
}

/* text from the file: escaped, invisible characters shown, direction isolated */
static void txt(struct w *w, const char *s)
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
static void count(struct w *w, const char *check, const char *data, const json_t *counts,
		  const char *key)
{
	lit(w, "<td class=\"n\" data-check=\"");
	if (w->rc == 0 && ll_html_text(w->b, check) < 0)
		w->rc = LL_ENOMEM;
	if (data) {
		lit(w, "\" data-item=\"");
		if (w->rc == 0 && ll_html_text(w->b, data) < 0)
			w->rc = LL_ENOMEM;
	}
	lit(w, "\" data-count=\"");
	lit(w, key);
	lit(w, "\">");
	if (w->rc == 0 &&
	    ll_buf_printf(w->b, "%" JSON_INTEGER_FORMAT,
			  json_integer_value(json_object_get(counts, key))) < 0)
		w->rc = LL_ENOMEM;
	lit(w, "</td>");
}

static void td(struct w *w, const char *s)
{
	lit(w, "<td>");
	txt(w, s);
	lit(w, "</td>");
}

static void checks_table(struct w *w, const json_t *checks)
{
	size_t i;
	const json_t *ch;

	lit(w, "<table><tr><th>Check</th><th>What was compared</th><th>Peer tool (version)</th>"
	       "<th>Compared</th><th>Equal</th><th>Differing</th><th>Result</th></tr>\n");
	json_array_foreach(checks, i, ch) {
		const json_t *peer = json_object_get(ch, "peer");
		const char *id = str(ch, "id"), *st = str(ch, "status");

		lit(w, "<tr>");
		td(w, id);
		td(w, str(ch, "compared"));
		lit(w, "<td>");
		txt(w, str(peer, "tool"));
		if (*str(peer, "version")) {
			lit(w, " (");
			txt(w, str(peer, "version"));
			lit(w, ")");
		}
		lit(w, "</td>");
		if (!strcmp(st, "not run")) {
			lit(w, "<td colspan=\"3\" class=\"none\">&mdash;</td><td class=\"result\" data-check=\"");
			if (w->rc == 0 && ll_html_text(w->b, id) < 0)
				w->rc = LL_ENOMEM;
			lit(w, "\">not run: ");
			txt(w, str(ch, "reason"));
			lit(w, "</td></tr>\n");
			continue;
		}
		count(w, id, NULL, json_object_get(ch, "counts"), "compared");
		count(w, id, NULL, json_object_get(ch, "counts"), "equal");
		count(w, id, NULL, json_object_get(ch, "counts"), "differing");
		lit(w, "<td class=\"result\" data-check=\"");
		if (w->rc == 0 && ll_html_text(w->b, id) < 0)
			w->rc = LL_ENOMEM;
		lit(w, "\">");
		lit(w, !strcmp(st, "pass") ? "passed" : "<strong>FAILED</strong>");
		lit(w, "</td></tr>\n");
	}
	lit(w, "</table>\n");
}

static void data_table(struct w *w, const json_t *checks)
{
	size_t i, k;
	const json_t *ch, *d;

	lit(w, "<h3>Data compared</h3>\n<table><tr><th>Check</th><th>Data</th><th>Size (bytes)</th>"
	       "<th>SHA-256</th><th>Compared</th><th>Equal</th><th>Differing</th><th>Note</th></tr>\n");
	json_array_foreach(checks, i, ch) {
		json_array_foreach(json_object_get(ch, "data"), k, d) {
			const json_t *sz = json_object_get(d, "size");

			lit(w, "<tr>");
			td(w, str(ch, "id"));
			td(w, str(d, "name"));
			lit(w, "<td>");
			if (json_is_integer(sz) && json_integer_value(sz) > 0) {
				if (w->rc == 0 && ll_buf_printf(w->b, "%" JSON_INTEGER_FORMAT,
								json_integer_value(sz)) < 0)
					w->rc = LL_ENOMEM;
			} else {
				lit(w, "&mdash;");
			}
			lit(w, "</td><td class=\"hash\">");
			txt(w, str(d, "sha256"));
			lit(w, "</td>");
			count(w, str(ch, "id"), str(d, "name"), json_object_get(d, "counts"), "compared");
			count(w, str(ch, "id"), str(d, "name"), json_object_get(d, "counts"), "equal");
			count(w, str(ch, "id"), str(d, "name"), json_object_get(d, "counts"), "differing");
			td(w, str(d, "note"));
			lit(w, "</tr>\n");
		}
	}
	lit(w, "</table>\n");
}

static void limits(struct w *w, const json_t *checks)
{
	size_t i;
	const json_t *ch;

	lit(w, "<h3>Known limits</h3>\n<dl>\n");
	json_array_foreach(checks, i, ch) {
		lit(w, "<dt>");
		txt(w, str(ch, "id"));
		lit(w, "</dt><dd>");
		txt(w, str(ch, "limits"));
		lit(w, "</dd>\n");
	}
	lit(w, "</dl>\n");
}

int ll_report_validation_html(struct ll_buf *out, const json_t *doc)
{
	struct w w = { out, 0 };
	const json_t *lf = json_object_get(doc, "lifeline"), *checks = json_object_get(doc, "checks");
	json_int_t total = 0;
	size_t i;
	const json_t *ch;

	lit(&w, "<section id=\"validation\"><h2>Annex V. Validation of methods</h2>\n");
	if (!doc) {
		lit(&w, "<p class=\"none\">No validation run was supplied with this case file "
			"(<code>lifeline validate</code>, then <code>casefile build --validation "
			"FILE</code>): this report does not state the result of a validation of its "
			"methods.</p>\n</section>\n");
		return w.rc < 0 ? ll_error_set(w.rc, "cannot render the validation annex") : 0;
	}
	lit(&w, "<p>The methods were checked by a run of <code>lifeline validate</code>, which "
		"compares lifeline's results with those of other tools (the peers) on the data "
		"listed. The run's record is <code>data/validation.json</code>, covered by the "
		"manifest and the seal; the figures below are copied from it.</p>\n<dl>\n<dt>Date of "
		"the run (UTC)</dt><dd>");
	txt(&w, str(doc, "date"));
	lit(&w, "</dd>\n<dt>Machine</dt><dd>");
	txt(&w, str(doc, "host"));
	if (*str(doc, "system")) {
		lit(&w, " (kernel ");
		txt(&w, str(doc, "system"));
		lit(&w, ")");
	}
	lit(&w, "</dd>\n<dt>lifeline</dt><dd>");
	txt(&w, str(lf, "version"));
	lit(&w, ", binary SHA-256 <span class=\"hash\">");
	txt(&w, str(lf, "sha256"));
	lit(&w, "</span></dd>\n</dl>\n");
	checks_table(&w, checks);
	json_array_foreach(checks, i, ch)
		if (strcmp(str(ch, "status"), "not run"))
			total += json_integer_value(json_object_get(json_object_get(ch, "counts"),
								    "compared"));
	if (w.rc == 0 &&
	    ll_buf_printf(out, "<p>These %" JSON_INTEGER_FORMAT " comparisons were made on the data "
			  "listed below only. Passing them bounds, but does not exclude, error: it "
			  "does not show that any method has a zero error rate, nor that it gives the "
			  "same results on data unlike these. A check not run is listed with its "
			  "reason and supports nothing.</p>\n", total) < 0)
		w.rc = LL_ENOMEM;
	data_table(&w, checks);
	limits(&w, checks);
	lit(&w, "</section>\n");
	return w.rc < 0 ? ll_error_set(w.rc, "cannot render the validation annex") : 0;
}

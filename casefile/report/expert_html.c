/* SPDX-License-Identifier: Apache-2.0 */
/* The expert, the mandate, the declaration and the disclosure of the report (expert_html.h). */
#include "core/compat.h"
#include "casefile/report/expert_html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "casefile/report/html.h"
#include "casefile/report/model.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/expert/mandate.h"

struct w {
	struct ll_buf *b;
	int rc;
};

/* literal markup of the report (a printf format): never case or user text */
static void lit(struct w *w, const char *fmt, ...) LL_PRINTF(2, 3);

static void lit(struct w *w, const char *fmt, ...)
{
	va_list ap, ap2;
	int n;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || ll_buf_grow(w->b, (size_t)n + 1) < 0) {
		if (w->rc == 0)
			w->rc = n < 0 ? LL_EINTERNAL : LL_ENOMEM;
	} else {
		vsnprintf(w->b->ptr + w->b->len, (size_t)n + 1, fmt, ap2);
		w->b->len += (size_t)n;
	}
	va_end(ap2);
}

/* text from a user or the case: escaped, controls shown, in its own <bdi> */
static void txt(struct w *w, const char *s)
{
	if (ll_html_user(w->b, s) < 0 && w->rc == 0)
		w->rc = LL_ENOMEM;
}

static const char *field(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* a label and its value (a table row: it keeps them side by side on paper); empty is "not recorded" */
static void row(struct w *w, const char *label, const char *v)
{
	lit(w, "<tr><th>%s</th><td>", label);
	if (*v)
		txt(w, v);
	else
		lit(w, "<span class=\"none\">not recorded</span>");
	lit(w, "</td></tr>\n");
}

static void expert(struct w *w, const struct ll_expert_input *in)
{
	const json_t *p = json_object_get(in->root, "expert"), *q;
	size_t i;

	lit(w, "<h3 id=\"expert\">The expert</h3>\n");
	if (!json_is_object(p)) {
		lit(w, "<p class=\"missing\"><b>No examiner profile is recorded</b> with the signing key: the expert is "
		       "named here only by the signing certificate (");
		txt(w, in->examiner);
		lit(w, ", SHA-256 <span class=\"hash\">");
		txt(w, in->examiner_fpr);
		lit(w, "</span>). The expert's role, organisation, qualifications, accreditation and contact are "
		       "<b>not stated</b> in this report (<code>lifeline key profile</code> records them).</p>\n");
		return;
	}
	lit(w, "<table class=\"kv\">\n");
	row(w, "Name", *field(p, "name") ? field(p, "name") : in->examiner);
	row(w, "Role", field(p, "role"));
	row(w, "Organisation", field(p, "organisation"));
	lit(w, "<tr><th>Qualifications</th><td>");
	if (!json_array_size(json_object_get(p, "qualifications"))) {
		lit(w, "<span class=\"none\">not recorded</span>");
	} else {
		lit(w, "<ul>");
		json_array_foreach(json_object_get(p, "qualifications"), i, q) {
			lit(w, "<li>");
			txt(w, json_string_value(q));
			lit(w, "</li>");
		}
		lit(w, "</ul>");
	}
	lit(w, "</td></tr>\n");
	row(w, "Accreditation", field(p, "accreditation"));
	row(w, "Contact", field(p, "contact"));
	lit(w, "<tr><th>Signing certificate</th><td>");
	txt(w, in->examiner);
	lit(w, "<br><span class=\"hash\">SHA-256 ");
	txt(w, in->examiner_fpr);
	lit(w, "</span></td></tr>\n</table>\n<p>As recorded by the examiner with the signing key "
	       "(<code>data/analysis/expert.json</code>); this report does not verify qualifications.</p>\n");
}

static void mandate(struct w *w, const json_t *m)
{
	const json_t *q;
	size_t i;

	lit(w, "<h3 id=\"mandate\">Instructions</h3>\n");
	if (!json_is_object(m)) {
		lit(w, "<p class=\"missing\"><b>No mandate is recorded in the case</b>: the requesting authority, the "
		       "legal basis and its reference and date, and the questions as put are <b>not stated</b> in this "
		       "report (<code>lifeline case set</code> records them). The matters examined are listed below.</p>\n");
		return;
	}
	lit(w, "<table class=\"kv\">\n");
	row(w, "Requesting authority", field(m, "requesting_authority"));
	row(w, "Legal basis", field(m, "basis"));
	row(w, "Reference", field(m, "reference"));
	row(w, "Date", field(m, "date"));
	lit(w, "<tr><th>Jurisdiction</th><td>");
	if (ll_mandate_jurisdiction_name(field(m, "jurisdiction")))
		lit(w, "%s", ll_mandate_jurisdiction_name(field(m, "jurisdiction")));
	else
		lit(w, "<span class=\"none\">not recorded</span>");
	lit(w, "</td></tr>\n</table>\n<h3 id=\"questions-as-put\">Questions as put</h3>\n");
	if (!json_array_size(json_object_get(m, "questions"))) {
		lit(w, "<p class=\"missing\"><b>No questions are recorded</b> with the mandate. The matters examined are "
		       "listed below.</p>\n");
		return;
	}
	lit(w, "<p>Quoted verbatim from the mandate, in the order put:</p>\n<ol class=\"asked\">\n");
	json_array_foreach(json_object_get(m, "questions"), i, q) {
		lit(w, "<li id=\"q-%zu\"><span class=\"qn\">Question %zu.</span> <q>", i + 1, i + 1);
		txt(w, json_string_value(q));
		lit(w, "</q></li>\n");
	}
	lit(w, "</ol>\n");
}

int ll_report_expert_html(struct ll_buf *b, const struct ll_expert_input *in)
{
	struct w w = { b, 0 };

	expert(&w, in);
	mandate(&w, json_object_get(in->root, "mandate"));
	return w.rc < 0 ? ll_error_set(w.rc, "cannot render the expert section") : 0;
}

/* the operations of others: every custody actor but the signer, by name */
static void others(struct w *w, const struct ll_expert_input *in)
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
		lit(w, any ? ", " : "");
		txt(w, key);
		any = true;
	}
	if (!any)
		lit(w, "none");
	json_decref((json_t *)seen);
}

static void common_points(struct w *w, const struct ll_expert_input *in)
{
	lit(w, "<li>I carried out the operations recorded under my name in the chain of custody (section 4). "
	       "Operations recorded there under another examiner's name (");
	others(w, in);
	lit(w, ") were carried out by that examiner; I rely on their signed custody entries.</li>\n"
	       "<li>The case file containing this report is sealed with my certificate (SHA-256 ");
	txt(w, in->examiner_fpr);
	lit(w, "); its integrity can be checked as described in <code>docs/verify-without-lifeline.md</code>.</li>\n");
}

/* the declarant: the profile's name, else the certificate's */
static const char *declarant(const struct ll_expert_input *in)
{
	const json_t *p = json_object_get(in->root, "expert");

	return *field(p, "name") ? field(p, "name") : in->examiner;
}

static void signature(struct w *w, const struct ll_expert_input *in, const char *date_label)
{
	const json_t *p = json_object_get(in->root, "expert");

	lit(w, "<div class=\"sig\"><div>Signature<br><br>");
	txt(w, declarant(in));
	if (*field(p, "role")) {
		lit(w, ", ");
		txt(w, field(p, "role"));
	}
	lit(w, "</div><div>%s</div></div>\n", date_label);
}

static void i_declare(struct w *w, const struct ll_expert_input *in)
{
	lit(w, "<p>I, ");
	txt(w, declarant(in));
	lit(w, ", declare that:</p>\n");
}

static void fr(struct w *w, const struct ll_expert_input *in)
{
	lit(w, "<p>Jurisdiction: France. Code de procédure pénale, art. 160 (the expert's oath) and art. 166 "
	       "(the report describes the operations and the conclusions, and is signed).</p>\n"
	       "<p class=\"oath\" lang=\"fr\">Je soussigné(e), ");
	txt(w, declarant(in));
	lit(w, ", jure d'apporter mon concours à la justice, en mon honneur et en ma conscience, et atteste avoir "
	       "personnellement accompli les opérations qui m'ont été confiées et qui sont décrites dans le présent "
	       "rapport.</p>\n<p><i>I, the undersigned, swear to assist justice, on my honour and in my conscience, "
	       "and attest that I personally carried out the operations entrusted to me and described in this "
	       "report.</i> An expert on a court's list (art. 157) took this oath on being listed; an expert not on a "
	       "list takes it, in writing, for this mission.</p>\n");
	i_declare(w, in);
	lit(w, "<ol>\n");
	common_points(w, in);
	lit(w, "</ol>\n");
	signature(w, in, "Fait à ____________________, le ____________________");
}

static void ew(struct w *w, const struct ll_expert_input *in)
{
	lit(w, "<p>Jurisdiction: England and Wales. Criminal Procedure Rules 2020, r.19.2 and r.19.4(j)&ndash;(k).</p>\n");
	i_declare(w, in);
	lit(w, "<ol>\n<li>I understand that my duty is to help the court to achieve the overriding objective by giving "
	       "opinion which is objective and unbiased and within my area of expertise, and by actively assisting the "
	       "court in fulfilling its duty of case management; that this duty overrides any obligation to the person "
	       "from whom I receive instructions or by whom I am paid; and I confirm that I have complied with that "
	       "duty and will continue to comply with it (r.19.4(j)).</li>\n");
	common_points(w, in);
	lit(w, "</ol>\n<p class=\"oath\">Statement of truth (r.19.4(k)): This statement (consisting of ______ pages "
	       "each signed by me) is true to the best of my knowledge and belief and I make it knowing that, if it is "
	       "tendered in evidence, I shall be liable to prosecution if I have wilfully stated in it anything which "
	       "I know to be false, or do not believe to be true.</p>\n");
	signature(w, in, "Date ____________________");
}

static void us(struct w *w, const struct ll_expert_input *in)
{
	lit(w, "<p>Jurisdiction: United States. Unsworn declaration under 28 U.S.C. &sect; 1746.</p>\n");
	i_declare(w, in);
	lit(w, "<ol>\n");
	common_points(w, in);
	lit(w, "</ol>\n<p class=\"oath\">I declare under penalty of perjury that the foregoing is true and correct. "
	       "Executed on ____________________ (date).</p>\n<p><i>Signed outside the United States, &sect; 1746(1) "
	       "reads: <q>I declare under penalty of perjury under the laws of the United States of America that the "
	       "foregoing is true and correct.</q></i></p>\n");
	signature(w, in, "Date ____________________");
}

int ll_report_declaration_html(struct ll_buf *b, const struct ll_expert_input *in)
{
	const json_t *m = json_object_get(in->root, "mandate");
	const char *j = field(m, "jurisdiction");
	struct w w = { b, 0 };

	lit(&w, "<section id=\"declaration\"><h2>13. Declaration</h2>\n");
	if (!json_is_object(json_object_get(in->root, "expert")))
		lit(&w, "<p class=\"missing\">The expert's profile is not recorded: the declarant is named only by the "
		        "signing certificate.</p>\n");
	if (!strcmp(j, "fr")) {
		fr(&w, in);
	} else if (!strcmp(j, "ew")) {
		ew(&w, in);
	} else if (!strcmp(j, "us")) {
		us(&w, in);
	} else {
		lit(&w, "<p class=\"missing\"><b>No jurisdiction is recorded</b> in the case (<code>lifeline case set "
		        "--jurisdiction fr|ew|us</code>), %s: this report carries no declaration or statement of truth in "
		        "the wording a court requires. The examiner states only:</p>\n<p>I, ",
		    json_is_object(m) ? "though a mandate is" : "nor any mandate");
		txt(&w, declarant(in));
		lit(&w, ", state that:</p>\n<ol>\n");
		common_points(&w, in);
		lit(&w, "</ol>\n");
		signature(&w, in, "Date and place ____________________");
	}
	lit(&w, "</section>\n");
	return w.rc < 0 ? ll_error_set(w.rc, "cannot render the declaration") : 0;
}

int ll_report_disclosure_html(struct ll_buf *b, const json_t *root)
{
	const json_t *d = json_object_get(root, "disclosure"), *x, *v;
	const json_t *nc = json_object_get(d, "systems_not_collected"),
		     *ne = json_object_get(d, "sources_not_examined"),
		     *fu = json_object_get(d, "findings_not_cited");
	struct w w = { b, 0 };
	size_t i;

	lit(&w, "<h3 id=\"disclosure\">Disclosure: what this report does not rest on</h3>\n<ul>\n");
	if (!json_integer_value(json_object_get(d, "inventory_hosts"))) {
		lit(&w, "<li>No systems inventory is in the case: which of the hospital's systems were not collected "
		        "cannot be listed.</li>\n");
	} else if (!json_array_size(nc)) {
		lit(&w, "<li>Every one of the %" JSON_INTEGER_FORMAT " host(s) in the hospital's systems inventory has an "
		        "exhibit in this case.</li>\n", json_integer_value(json_object_get(d, "inventory_hosts")));
	} else {
		lit(&w, "<li>%zu of the %" JSON_INTEGER_FORMAT " host(s) in the hospital's systems inventory were "
		        "<b>not imaged or collected</b>; activity on them, if any, is not examined in this report:\n"
		        "<table class=\"disclosure\"><tr><th>Host</th><th>Systems</th><th>Life-critical</th>"
		        "<th>Inventory row</th></tr>\n",
		    json_array_size(nc), json_integer_value(json_object_get(d, "inventory_hosts")));
		json_array_foreach(nc, i, x) {
			lit(&w, "<tr><td>");
			txt(&w, field(x, "hostname"));
			lit(&w, "</td><td>");
			txt(&w, field(x, "systems"));
			lit(&w, "</td><td>%s</td><td><code>", json_is_true(json_object_get(x, "life_critical")) ? "yes" : "no");
			txt(&w, field(x, "locator"));
			lit(&w, "</code></td></tr>\n");
		}
		lit(&w, "</table></li>\n");
	}
	if (json_array_size(ne)) {
		lit(&w, "<li>%zu exhibit(s) were registered but <b>not examined</b> by any analysis: ", json_array_size(ne));
		json_array_foreach(ne, i, x) {
			lit(&w, "%s<a href=\"#ex-", i ? ", " : "");
			if (ll_html_id(b, field(x, "id")) < 0)
				w.rc = LL_ENOMEM;
			lit(&w, "\">");
			txt(&w, field(x, "id"));
			lit(&w, "</a>");
		}
		lit(&w, ".</li>\n");
	} else {
		lit(&w, "<li>Every registered exhibit was read by at least one analysis (section 5).</li>\n");
	}
	lit(&w, "<li>Events: of the %" JSON_INTEGER_FORMAT " event(s) in the timeline, %" JSON_INTEGER_FORMAT
	        " are cited by a finding or the correlation (annex A); the other <b>%" JSON_INTEGER_FORMAT
	        "</b> are not relied on. All are in <code>data/timeline/timeline.csv</code> and "
	        "<code>data/timeline/timeline.jsonl</code>.</li>\n",
	    json_integer_value(json_object_get(d, "events_total")),
	    json_integer_value(json_object_get(d, "events_cited")),
	    json_integer_value(json_object_get(d, "events_not_cited")));
	if (!json_integer_value(json_object_get(d, "findings_total"))) {
		lit(&w, "<li>Findings: none.</li>\n");
	} else if (!json_is_true(json_object_get(d, "correlation"))) {
		lit(&w, "<li>Findings: %" JSON_INTEGER_FORMAT " finding(s), all reported in section 7; no correlation was "
		        "run, so none is relied on for a link to a disruption or to harm. All are in "
		        "<code>data/analysis/findings.json</code>.</li>\n",
		    json_integer_value(json_object_get(d, "findings_total")));
	} else {
		lit(&w, "<li>Findings: of %" JSON_INTEGER_FORMAT " finding(s), %zu are cited by the chains or the "
		        "disruption links (sections 8 and 9); <b>%zu</b> are reported in section 7 but no link to a "
		        "disruption or to harm rests on them",
		    json_integer_value(json_object_get(d, "findings_total")),
		    json_array_size(json_object_get(d, "findings_cited")), json_array_size(fu));
		json_array_foreach(fu, i, v)
			lit(&w, "%s<a href=\"#f-%" JSON_INTEGER_FORMAT "\">F%" JSON_INTEGER_FORMAT "</a>",
			    i ? ", " : " (", json_integer_value(v), json_integer_value(v));
		lit(&w, "%s. All are in <code>data/analysis/findings.json</code>.</li>\n", json_array_size(fu) ? ")" : "");
	}
	lit(&w, "</ul>\n<p>The same figures are in <code>data/analysis/expert.json</code> (<code>disclosure</code>).</p>\n");
	return w.rc < 0 ? ll_error_set(w.rc, "cannot render the disclosure") : 0;
}

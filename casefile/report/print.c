/* SPDX-License-Identifier: Apache-2.0 */
/* Paged media for the report and its annexes (see print.h). */
#include "core/compat.h"
#include "casefile/report/print.h"

#include "casefile/report/html.h"
#include "core/buf.h"
#include "core/time.h"

const char ll_report_annex_css[] =
	"bdi{unicode-bidi:isolate}"
	"body{font-family:'DejaVu Serif',Georgia,serif;font-size:10pt;line-height:1.35;"
	"max-width:1200px;margin:0 auto;padding:24px;color:#111;background:#fff}"
	"h1{font-size:16pt}table{border-collapse:collapse;width:100%;font-size:8.5pt}"
	"th,td{border:1px solid #999;padding:2px 4px;text-align:left;vertical-align:top;"
	"overflow-wrap:anywhere}th{background:#e8e8e8}tr{break-inside:avoid}"
	"code,.hash{font-family:'DejaVu Sans Mono',monospace;font-size:7.5pt;word-break:break-all}"
	".none{font-style:italic;color:#555}";

const char ll_report_print_css[] =
	"@page{size:A4;margin:20mm 14mm 18mm 14mm;"
	"@top-left{content:string(runhead);font-size:8pt;color:#333;font-family:'DejaVu Sans',sans-serif}"
	"@bottom-right{content:\"page \" counter(page) \" of \" counter(pages);font-size:8pt;"
	"font-family:'DejaVu Sans',sans-serif}}"
	".running{string-set:runhead content()}"
	"@media screen{.running{display:none}}"
	/* in print the element only feeds the header: no space of its own */
	"@media print{.running{font-size:0;line-height:0;height:0;margin:0;overflow:hidden}"
	"body{max-width:none;margin:0;padding:0;font-size:10pt}"
	"table{font-size:8pt}thead{display:table-header-group}"
	/* "anywhere" makes every word's minimum one letter: a long list of event
	 * links then takes the width and the other columns print a letter a line */
	"th,td{overflow-wrap:break-word}"
	/* and a table never runs past the right margin (WeasyPrint's automatic layout
	 * lets a wide one overflow): fixed columns, long tokens broken */
	"table{table-layout:fixed}th,td{padding:2px 3px}td.t{font-size:7pt}"

	"h2,h3{break-after:avoid}}";

const char *ll_report_print_css_lang(enum ll_lang lang)
{
	/* a later @page margin box overrides the earlier one's content */
	return LL_TXT(lang, "", "@page{@bottom-right{content:\"page \" counter(page) \" sur \" counter(pages)}}");
}

int ll_report_print_meta(struct ll_buf *b, int64_t generated_ns)
{
	char t[48];

	ll_time_format(t, sizeof(t), generated_ns, 0);
	return ll_buf_printf(b, "<meta name=\"dcterms.created\" content=\"%s\">\n"
			     "<meta name=\"dcterms.modified\" content=\"%s\">\n", t, t);
}

int ll_report_print_running(struct ll_buf *b, const char *doc, const char *case_id,
			    int64_t generated_ns, enum ll_lang lang)
{
	char t[48];
	int rc;

	ll_time_format(t, sizeof(t), generated_ns, 0);
	if ((rc = ll_buf_printf(b, LL_TXT(lang, "<div class=\"running\">%s, case ", "<div class=\"running\">%s, affaire "),
				doc)) < 0 ||
	    (rc = ll_html_text(b, case_id)) < 0)
		return rc;
	return ll_buf_printf(b, LL_TXT(lang, ", version of %s</div>\n", ", version du %s</div>\n"), t);
}

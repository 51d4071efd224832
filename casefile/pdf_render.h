/* SPDX-License-Identifier: Apache-2.0 */
/* HTML to PDF/A-2b with WeasyPrint, in a child process that reads only the page it is given. */
#ifndef LL_CASEFILE_PDF_RENDER_H
#define LL_CASEFILE_PDF_RENDER_H

#include "core/compat.h"

/* Python that has the weasyprint module (Debian: python3-weasyprint). */
#define LL_PDF_PYTHON "/usr/bin/python3"
#define LL_PDF_TIMEOUT_S 300
#define LL_PDF_MEMORY (UINT64_C(3) << 30) /* RLIMIT_AS of the renderer */
#define LL_PDF_MAX_DOCS 8 /* documents one renderer takes */

/*
 * Renders `html_path` to `pdf_path` (must not exist) as PDF/A-2b. The
 * renderer is `python3 -I` running WeasyPrint with the page on stdin and the
 * PDF on stdout: it is never told a path; its URL fetcher refuses everything
 * but data: URIs; a seccomp filter refuses it sockets; RLIMIT_AS and a
 * timeout (LIFELINE_PDF_TIMEOUT seconds, default LL_PDF_TIMEOUT_S) bound it.
 * SOURCE_DATE_EPOCH=`epoch_s` (the report's state time) fixes the dates
 * WeasyPrint and fontTools write, so one case gives one PDF, byte for byte.
 * LIFELINE_PDF_PYTHON names another interpreter (tests).
 *
 * Errors: LL_ENOTFOUND when WeasyPrint or Python is missing (naming the
 * Debian package and --no-pdf); LL_EIO when rendering failed or timed out
 * (with the renderer's last message). Nothing is left at `pdf_path` then.
 */
int ll_pdf_render(const char *html_path, const char *pdf_path, int64_t epoch_s);

/*
 * The same for `n` (1..LL_PDF_MAX_DOCS) pages, html_paths[i] to pdf_paths[i],
 * in ONE renderer, one after the other: Python and WeasyPrint start once (a
 * second or more under load) instead of once a document. The first page is
 * on stdin and its PDF on stdout, the others on inherited descriptors; the
 * timeout is for the whole run. On any error no PDF of the batch is left
 * (the error names the page the renderer stopped at).
 */
int ll_pdf_render_many(const char *const *html_paths, const char *const *pdf_paths, size_t n,
		       int64_t epoch_s);

#endif

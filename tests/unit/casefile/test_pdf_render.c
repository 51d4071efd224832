/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The batch renderer (casefile/pdf_render.c, ll_pdf_render_many): several
 * pages in one renderer process, all of their PDFs or none. The renderer
 * here is a shell script standing in for WeasyPrint (LIFELINE_PDF_PYTHON),
 * speaking the same descriptors: document 0 on stdin/stdout, document i on
 * fds 1 + 2i / 2 + 2i, "exit 10 + i" when document i failed. The real
 * WeasyPrint run is tests/cli/t3070.
 */
#include "core/compat.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "casefile/pdf_render.h"
#include "core/error.h"

enum { N = 3 };

struct fx {
	char dir[64];
	char html[N][96], pdf[N][96], part[N][104];
	const char *h[N], *p[N];
};

/* a renderer script: for each document, `body` with $I and $O its descriptors */
static void script(const struct fx *f, const char *name, const char *body)
{
	char path[128];
	FILE *s;

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	s = fopen(path, "w");
	assert_non_null(s);
	fprintf(s, "#!/bin/sh\n"
		   "i=0\n"
		   "while [ $i -lt %d ]; do\n"
		   "  if [ $i -eq 0 ]; then I=0 O=1; else I=$((1 + 2 * i)) O=$((2 + 2 * i)); fi\n"
		   "%s\n"
		   "  i=$((i + 1))\n"
		   "done\n",
		N, body);
	fclose(s);
	assert_int_equal(chmod(path, 0755), 0);
	assert_int_equal(setenv("LIFELINE_PDF_PYTHON", path, 1), 0);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/ll-pdf-render.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	for (int i = 0; i < N; i++) {
		char dir[sizeof(f->dir)];
		FILE *h;

		/* from a copy: the compiler cannot tell f->dir from the fields written (-Wrestrict) */
		memcpy(dir, f->dir, sizeof(dir));
		snprintf(f->html[i], sizeof(f->html[i]), "%s/page%d.html", dir, i);
		snprintf(f->pdf[i], sizeof(f->pdf[i]), "%s/page%d.pdf", dir, i);
		snprintf(f->part[i], sizeof(f->part[i]), "%s/page%d.pdf.part", dir, i);
		h = fopen(f->html[i], "w");
		assert_non_null(h);
		fprintf(h, "<p>page %d</p>\n", i);
		fclose(h);
		f->h[i] = f->html[i];
		f->p[i] = f->pdf[i];
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	static const char *const scripts[] = { "ok", "fails1", "fails2", "fails9", "notpdf" };
	struct fx *f = *state;
	char path[128];

	for (int i = 0; i < N; i++) {
		unlink(f->html[i]);
		unlink(f->pdf[i]);
		unlink(f->part[i]);
	}
	for (size_t i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", f->dir, scripts[i]);
		unlink(path);
	}
	assert_int_equal(rmdir(f->dir), 0);
	unsetenv("LIFELINE_PDF_PYTHON");
	free(f);
	return 0;
}

/* nothing of the batch on disk: neither a PDF nor a partial one */
static void assert_none(const struct fx *f)
{
	for (int i = 0; i < N; i++) {
		assert_int_not_equal(access(f->pdf[i], F_OK), 0);
		assert_int_not_equal(access(f->part[i], F_OK), 0);
	}
}

static void renders_every_document(void **state)
{
	struct fx *f = *state;

	script(f, "ok", "  { printf '%%PDF-1.7 '; cat <&$I; } >&$O");
	assert_int_equal(ll_pdf_render_many(f->h, f->p, N, 0), 0);
	for (int i = 0; i < N; i++) {
		char buf[64] = { 0 }, want[64];
		FILE *p = fopen(f->pdf[i], "r");

		assert_non_null(p);
		assert_true(fread(buf, 1, sizeof(buf) - 1, p) > 0);
		fclose(p);
		/* each document's own page went to its own PDF */
		snprintf(want, sizeof(want), "%%PDF-1.7 <p>page %d</p>\n", i);
		assert_string_equal(buf, want);
		assert_int_not_equal(access(f->part[i], F_OK), 0);
	}
}

/* document 1 fails after document 0's PDF was written: named, and nothing kept */
static void names_the_failed_document(void **state)
{
	struct fx *f = *state;

	script(f, "fails1",
	       "  if [ $i -eq 1 ]; then echo 'renderer: annex broke' >&2; exit 11; fi\n"
	       "  { printf '%%PDF-1.7 '; cat <&$I; } >&$O");
	assert_int_equal(ll_pdf_render_many(f->h, f->p, N, 0), LL_EIO);
	assert_non_null(strstr(ll_error_message(), f->html[1]));
	assert_non_null(strstr(ll_error_message(), "(exit 11): renderer: annex broke"));
	assert_none(f);
	/* the last document, and a code past the batch put on the first */
	script(f, "fails2", "  [ $i -eq 2 ] && exit 12\n  { printf '%%PDF-1.7 '; cat <&$I; } >&$O");
	assert_int_equal(ll_pdf_render_many(f->h, f->p, N, 0), LL_EIO);
	assert_non_null(strstr(ll_error_message(), f->html[2]));
	assert_none(f);
	script(f, "fails9", "  [ $i -eq 2 ] && exit 19\n  { printf '%%PDF-1.7 '; cat <&$I; } >&$O");
	assert_int_equal(ll_pdf_render_many(f->h, f->p, N, 0), LL_EIO);
	assert_non_null(strstr(ll_error_message(), f->html[0]));
	assert_none(f);
}

/* a renderer that exits 0 but wrote no PDF for one document: that one named, none kept */
static void refuses_a_document_that_is_no_pdf(void **state)
{
	struct fx *f = *state;

	script(f, "notpdf",
	       "  if [ $i -eq 2 ]; then cat <&$I >&$O; else { printf '%%PDF-1.7 '; cat <&$I; } >&$O; fi");
	assert_int_equal(ll_pdf_render_many(f->h, f->p, N, 0), LL_EIO);
	assert_non_null(strstr(ll_error_message(), f->html[2]));
	assert_non_null(strstr(ll_error_message(), "gave no PDF"));
	assert_none(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(renders_every_document, setup, teardown),
		cmocka_unit_test_setup_teardown(names_the_failed_document, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_a_document_that_is_no_pdf, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

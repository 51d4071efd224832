/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes the check of a validation.json (`casefile build --validation`, a file
 * from another run) and the annex rendered from what it accepts: no crash, and
 * no raw '<' from the document in the annex (every string is escaped).
 */
#include "core/compat.h"

#include <string.h>

#include "casefile/report/annex_validation.h"
#include "casefile/validation_doc.h"
#include "core/buf.h"
#include "core/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ll_buf html = LL_BUF_INIT;
	json_t *doc = NULL;

	if (ll_validation_parse(&doc, (const char *)data, size, "fuzz.json") == 0) {
		if (ll_report_validation_html(&html, doc, LL_LANG_EN) < 0 || ll_report_validation_html(&html, doc, LL_LANG_FR) < 0)
			__builtin_trap();
		/* the annex's own markup never holds "<x" for a letter x the fuzzer made up */
		if (html.ptr && (strstr(html.ptr, "<script") || strstr(html.ptr, "<img")))
			__builtin_trap();
	} else if (!*ll_error_message()) {
		__builtin_trap(); /* a refusal always says why */
	}
	json_decref(doc);
	ll_buf_release(&html);
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: a rule file split into its YAML documents, each parsed as a Sigma rule (correlations too) and matched on a fixed event. */
#include "core/compat.h"

#include <jansson.h>

#include "analyze/detect/rule_docs.h"
#include "analyze/sigma/sigma.h"
#include "core/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char event[] =
		"{\"Channel\":\"Security\",\"EventID\":4688,\"Computer\":\"WS01\","
		"\"CommandLine\":\"vssadmin delete shadows /all\",\"NewProcessName\":\"C:\\\\x.exe\","
		"\"IpAddress\":\"10.1.2.3\",\"Level\":4}";
	struct ll_buf *docs = NULL;
	size_t n = 0;

	/* as a rule set reads a file: split into its YAML documents, each one rule */
	if (ll_rule_docs_split(&docs, &n, (const char *)data, size) < 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		struct ll_sigma_rule *r = NULL;
		struct ll_sigma_event ev = { 0 };
		char why[128];
		json_t *a;

		if (ll_sigma_rule_parse(&r, why, sizeof(why), docs[i].ptr, docs[i].len,
					"fuzz.yml") < 0)
			continue;
		/* a correlation rule (sigma_corr.c) loads and matches no event */
		a = json_loads(event, 0, NULL);
		if (a && ll_sigma_event_set(&ev, a) == 0)
			(void)ll_sigma_rule_match(r, &ev);
		ll_sigma_event_release(&ev);
		json_decref(a);
		ll_sigma_rule_free(r);
	}
	ll_rule_docs_free(docs, n);
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: the Sigma rule parser from memory, then one match on a fixed event. */
#include "core/compat.h"

#include <jansson.h>

#include "analyze/sigma/sigma.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char event[] =
		"{\"Channel\":\"Security\",\"EventID\":4688,\"Computer\":\"WS01\","
		"\"CommandLine\":\"vssadmin delete shadows /all\",\"NewProcessName\":\"C:\\\\x.exe\","
		"\"IpAddress\":\"10.1.2.3\",\"Level\":4}";
	struct ll_sigma_rule *r = NULL;
	struct ll_sigma_event ev = { 0 };
	char why[128];
	json_t *a;

	if (ll_sigma_rule_parse(&r, why, sizeof(why), (const char *)data, size, "fuzz.yml") < 0)
		return 0;
	a = json_loads(event, 0, NULL);
	if (a && ll_sigma_event_set(&ev, a) == 0)
		(void)ll_sigma_rule_match(r, &ev);
	ll_sigma_event_release(&ev);
	json_decref(a);
	ll_sigma_rule_free(r);
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes the web log formats: the first line is a --log-format definition
 * ("nginx:…" / "apache:…"), compiled; every other line is matched against
 * it, and read as a JSON access log line and a HAProxy line. Each line is
 * copied into a buffer of its own size, so a read past its end is caught.
 */
#include "core/compat.h"

#include <stdlib.h>

#include "analyze/readers/textlog.h"
#include "analyze/weblog/weblog_format.h"
#include "analyze/weblog/weblog_haproxy.h"
#include "analyze/weblog/weblog_json.h"
#include "analyze/weblog/weblog_values.h"
#include "core/buf.h"
#include "core/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	const char *nl = memchr(s, '\n', size);
	size_t n = nl ? (size_t)(nl - s) : size;
	struct ll_wf_format *f = NULL;
	char *spec = malloc(n + 1);
	struct ll_tl_zone zone;
	struct ll_buf attrs, msg;
	static bool init;

	if (!init) {
		ll_json_init();
		init = true;
	}
	if (!spec)
		return 0;
	memcpy(spec, s, n);
	spec[n] = '\0';
	if (memchr(spec, '\0', n) == NULL)
		ll_wf_compile(&f, spec);
	free(spec);
	ll_tl_zone_init(&zone, "Europe/Paris");
	ll_buf_init(&attrs);
	ll_buf_init(&msg);
	s = nl ? nl + 1 : end;
	while (s < end) {
		const char *e = memchr(s, '\n', (size_t)(end - s));
		size_t len = e ? (size_t)(e - s) : (size_t)(end - s);
		char *line = malloc(len ? len : 1);
		struct ll_wf_values v;
		struct ll_weblog_json j;

		if (!line)
			break;
		memcpy(line, s, len);
		if (f && ll_wf_match(&v, f, &zone, line, len) == 0) {
			ll_weblog_values_split_request(&v);
			ll_weblog_values_render(&attrs, &msg, &v);
		}
		if (ll_weblog_haproxy_parse(&v, &zone, line, len) == 0) {
			ll_weblog_values_split_request(&v);
			ll_weblog_values_render(&attrs, &msg, &v);
		}
		if (ll_weblog_json_parse(&j, &zone, line, len) == 0) {
			ll_weblog_values_split_request(&j.v);
			ll_weblog_values_render(&attrs, &msg, &j.v);
		}
		ll_weblog_json_release(&j);
		free(line);
		s = e ? e + 1 : end;
	}
	ll_buf_release(&attrs);
	ll_buf_release(&msg);
	ll_wf_free(f);
	return 0;
}

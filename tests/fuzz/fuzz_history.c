/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzzes the shell history grammar and its line-joining state (analyze/readers/history_parse.c). */
#include "core/compat.h"

#include "analyze/readers/history_parse.h"
#include "analyze/readers/textlog.h"
#include "core/buf.h"

static int emit(void *arg, const struct ll_hist_cmd *c)
{
	struct ll_buf *b = arg;

	/* what the reader does with a command: repaired text, its stamp */
	ll_buf_reset(b);
	ll_tl_put_text(b, c->text, c->len, true);
	ll_tl_put_text(b, c->stamp, c->stamp_len, false);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	struct ll_buf b = LL_BUF_INIT;
	struct ll_hist h;
	uint64_t lineno = 0;

	ll_buf_init(&b);
	ll_hist_init(&h, emit, &b);
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		ll_hist_feed(&h, s, n, ++lineno, (uint64_t)(s - (const char *)data));
		s = nl ? nl + 1 : end;
	}
	ll_hist_finish(&h);
	ll_hist_release(&h);
	ll_buf_release(&b);
	return 0;
}

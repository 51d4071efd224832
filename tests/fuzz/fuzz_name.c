/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzzes the name escape of custody entries and the terminal quoting (core/name.c). */
#include "core/compat.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/name.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ll_buf in = LL_BUF_INIT, enc = LL_BUF_INIT, dec = LL_BUF_INIT, q = LL_BUF_INIT;
	size_t n = 0;

	/* names are C strings: up to the first NUL */
	while (n < size && data[n])
		n++;
	if (ll_buf_put(&in, data, n) < 0 || ll_buf_putc(&in, '\0') < 0)
		goto out;
	/* escaping is UTF-8 and reverses to exactly the bytes */
	if (ll_name_pct_encode(&enc, in.ptr) == 0) {
		const char *e = enc.ptr ? enc.ptr : "";

		if (!ll_name_is_utf8(e) || ll_name_pct_decode(&dec, e) < 0 ||
		    dec.len != n || (n && memcmp(dec.ptr, in.ptr, n)))
			__builtin_trap();
	}
	/* decoding untrusted text either fails or gives what encodes back */
	ll_buf_reset(&dec);
	(void)ll_name_pct_decode(&dec, in.ptr);
	/* quoting leaves no control byte, no C1 and no invalid UTF-8 */
	for (unsigned flags = 0; flags < 4; flags++) {
		ll_buf_reset(&q);
		if (ll_quote(&q, in.ptr, flags) < 0)
			continue;
		for (size_t i = 0; i < q.len; i++) {
			unsigned char c = (unsigned char)q.ptr[i];

			if ((c < 0x20 && !(c == '\n' && (flags & LL_QUOTE_KEEP_LF))) || c == 0x7f ||
			    (c == 0xc2 && i + 1 < q.len && (unsigned char)q.ptr[i + 1] < 0xa0))
				__builtin_trap();
		}
		if (q.len && !ll_name_is_utf8(q.ptr))
			__builtin_trap();
	}
out:
	ll_buf_release(&in);
	ll_buf_release(&enc);
	ll_buf_release(&dec);
	ll_buf_release(&q);
	return 0;
}

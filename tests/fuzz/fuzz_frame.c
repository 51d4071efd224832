/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzzes the parent's decoder of worker frames (analyze/worker/frame.c): the input is a worker's stream. */
#include "core/compat.h"

#include "analyze/worker/frame.h"
#include "core/buf.h"
#include "core/name.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Decodes `len` bytes fed in pieces of `step`, appending every frame
 * re-encoded to `out`; returns the decoder's last result (finish's when
 * every frame passed).
 */
static int decode(
	struct ll_buf *out, const uint8_t *data, size_t len, size_t step)
{
	struct ll_frame_decoder d;
	struct ll_frame f;
	int rc = 0;

	ll_frame_decoder_init(&d);
	for (size_t at = 0; at < len && rc >= 0; at += step) {
		size_t n = len - at < step ? len - at : step;

		if ((rc = ll_frame_decoder_feed(&d, data + at, n)) < 0)
			break;
		while ((rc = ll_frame_decoder_next(&f, &d)) == 1) {
			/* what the parent stores: the promised shapes hold */
			if (f.type == LL_FRAME_EVENT &&
				(!f.u.event.ev.evidence_id ||
					!f.u.event.ev.locator ||
					!f.u.event.ev.message ||
					!ll_name_is_utf8(
						f.u.event.ev.locator) ||
					f.u.event.ntimes < 1 ||
					f.u.event.ntimes > LL_EVENT_MAX_TIMES))
				__builtin_trap();
			/* a Sigma END lends a tree exactly when the parse succeeded */
			if (f.type == LL_FRAME_SIGMA_END &&
				!f.u.sigma.rc != !!f.u.sigma.root)
				__builtin_trap();
			if (ll_frame_encode(out, &f) < 0)
				__builtin_trap(); /* a frame that passed must encode again */
		}
	}
	if (rc >= 0)
		rc = ll_frame_decoder_finish(&d);
	ll_frame_decoder_release(&d);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ll_buf a = LL_BUF_INIT, b = LL_BUF_INIT, c = LL_BUF_INIT;
	int ra, rb;

	/* pieces of 7 bytes, as a pipe may deliver them, then all at once */
	ra = decode(&a, data, size, 7);
	rb = decode(&b, data, size, size ? size : 1);
	/* how the bytes arrive changes nothing */
	if (ra != rb || a.len != b.len ||
		(a.len && memcmp(a.ptr, b.ptr, a.len)))
		__builtin_trap();
	/* the frames that passed are a valid stream prefix, and a fixed point */
	if (a.len) {
		(void)decode(&c, (const uint8_t *)a.ptr, a.len, a.len);
		if (c.len != a.len || memcmp(c.ptr, a.ptr, a.len))
			__builtin_trap();
	}
	ll_buf_release(&a);
	ll_buf_release(&b);
	ll_buf_release(&c);
	return 0;
}

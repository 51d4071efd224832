/* SPDX-License-Identifier: Apache-2.0 */
/* Private to analyze/worker/frame*.c: the HARM_ROW payload (docs/formats/worker-frames.md, "Hospital rows"). */
#ifndef LL_ANALYZE_WORKER_FRAME_HARM_H
#define LL_ANALYZE_WORKER_FRAME_HARM_H

#include "core/compat.h"
#include "core/buf.h"

struct ll_frame;
struct ll_frame_decoder;
struct ll_reader;

int ll_frame_harm_put(struct ll_buf *out, const struct ll_frame *f);
int ll_frame_harm_decode(struct ll_frame *f, struct ll_frame_decoder *d, struct ll_reader *r);

#endif

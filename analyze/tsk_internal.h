/* SPDX-License-Identifier: Apache-2.0 */
/* Private to analyze/tsk_*.c: the only place libtsk's headers are included. */
#ifndef LL_ANALYZE_TSK_INTERNAL_H
#define LL_ANALYZE_TSK_INTERNAL_H

#include "core/compat.h"

#include <tsk/libtsk.h>

struct ll_tsk_image {
	TSK_IMG_INFO *img;
};

#endif

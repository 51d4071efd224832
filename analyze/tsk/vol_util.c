/* SPDX-License-Identifier: Apache-2.0 */
/* What the shadow-copy and BitLocker readers both write the same way (vol_util.h). */
#include "core/compat.h"
#include "analyze/tsk/vol_util.h"

#include <stdio.h>

#include "analyze/tsk/tsk_walk.h"
#include "core/time.h"

void ll_vol_err_line(char *buf, size_t len, intptr_t **e, int (*sprint)(intptr_t *, char *, size_t),
		     void (*efree)(intptr_t **), const char *lib)
{
	buf[0] = '\0';
	if (sprint && efree && e && *e) {
		sprint(*e, buf, len);
		efree(e);
	}
	for (char *c = buf; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	if (!buf[0])
		snprintf(buf, len, "%s gave no reason", lib);
}

void ll_vol_guid_str(char out[40], const uint8_t g[16])
{
	snprintf(out, 40, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12],
		 g[13], g[14], g[15]);
}

int64_t ll_vol_filetime_ns(uint64_t ft)
{
	int64_t ns;

	if (ft == 0 || ll_time_ns_from_filetime(&ns, ft) < 0)
		return LL_TSK_NO_TIME;
	return ns;
}

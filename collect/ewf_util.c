/* SPDX-License-Identifier: Apache-2.0 */
/* Translation of libewf error backtraces into the thread's last error. */
#include "core/compat.h"
#include "collect/ewf_util.h"

#include "core/error.h"

int ll_ewf_error(int code, libewf_error_t **err, const char *what)
{
	const struct ll_ewf_api *ew = ll_ewf_api_get();
	char msg[1024] = "";

	if (err && *err) {
		ew->error_sprint(*err, msg, sizeof(msg));
		ew->error_free(err);
	}
	/* libewf messages span lines; keep them on one. */
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return ll_error_set(code, "%s%s%s", what, msg[0] ? ": " : "", msg);
}

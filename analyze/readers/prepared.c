/* SPDX-License-Identifier: Apache-2.0 */
/* A worker reader's open, kept from prepare for run (see prepared.h). */
#include "core/compat.h"
#include "analyze/readers/prepared.h"

#include <stdio.h>

#include "core/error.h"

int ll_prepared_done(struct ll_prepared *p, int rc)
{
	p->ready = true;
	p->rc = rc < 0 ? rc : 0;
	p->msg[0] = '\0';
	if (rc < 0)
		snprintf(p->msg, sizeof(p->msg), "%s", ll_error_message());
	return 0;
}

bool ll_prepared_take(struct ll_prepared *p, int *rc)
{
	if (!p->ready)
		return false;
	p->ready = false;
	*rc = p->rc < 0 ? ll_error_set(p->rc, "%s", p->msg) : 0;
	return true;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A service or task install names no source: it is remote execution when
 * the session that made it came from another host. Tied, in this order of
 * strength, to: the logon whose TargetLogonId is the install's
 * SubjectLogonId (4697, 4698, 4702: the same session), else the latest
 * logon of the same account SID on the same host within
 * MV_LINK_WINDOW_NS before it (7045 carries only the SID). An install tied
 * to no logon from another host is not an edge (counted).
 */
#include "core/compat.h"
#include "analyze/movement/movement_int.h"

#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

/* Among the first `n` edges kept (the logons; installs tied are appended after them). */
static const struct ll_movement_edge *find_logon(const struct mv_ctx *c, size_t n,
						 const struct ll_movement_edge *in, bool *by_id)
{
	const struct ll_movement_edge *best = NULL;

	*by_id = false;
	for (size_t i = 0; i < n; i++) {
		const struct ll_movement_edge *e = &c->edges.v[i];

		if (!mv_is_logon(e) || e->time_ns > in->time_ns ||
		    !ll_movement_host_eq(e->to_host, in->to_host))
			continue;
		if (in->logon_id && e->logon_id && !strcasecmp(in->logon_id, e->logon_id)) {
			if (!*by_id || e->time_ns >= best->time_ns)
				best = e;
			*by_id = true;
		} else if (!*by_id && in->sid && e->sid && !strcasecmp(in->sid, e->sid) &&
			   in->time_ns - e->time_ns <= MV_LINK_WINDOW_NS &&
			   (!best || e->time_ns >= best->time_ns)) {
			best = e;
		}
	}
	return best;
}

static int dup_into(char **dst, const char *s)
{
	if (!s)
		return 0;
	return (*dst = ll_strdup(s)) ? 0 : ll_error_set(LL_ENOMEM, "out of memory");
}

static int tie(struct ll_movement_edge *in, const struct ll_movement_edge *lo, bool by_id)
{
	struct ll_buf b;
	int rc;

	ll_buf_init(&b);
	if ((rc = dup_into(&in->from_addr, lo->from_addr)) < 0 ||
	    (rc = dup_into(&in->from_name, lo->from_name)) < 0 ||
	    (rc = dup_into(&in->from_host, lo->from_host)) < 0)
		return rc;
	in->logon_event_id = lo->event_id;
	in->logon_type = lo->logon_type;
	if (by_id)
		rc = ll_buf_printf(&b, "%s; the session it ran in (logon id %s) came from ",
				   in->basis, in->logon_id);
	else
		rc = ll_buf_printf(&b, "%s; the latest logon of the same account (SID %s) on %s"
				   " before it, %" PRId64 " s earlier, came from ", in->basis,
				   in->sid, in->to_host, (in->time_ns - lo->time_ns) / 1000000000);
	if (rc == 0) {
		if (lo->from_name && lo->from_addr)
			rc = ll_buf_printf(&b, "%s (%s)", lo->from_name, lo->from_addr);
		else
			rc = ll_buf_puts(&b, lo->from_name ? lo->from_name : lo->from_addr);
	}
	if (rc == 0)
		rc = ll_buf_printf(&b, ": event %" PRId64, lo->event_id);
	if (rc == 0) {
		char *t = ll_buf_detach(&b);

		if (!t)
			rc = ll_error_set(LL_ENOMEM, "out of memory");
		else {
			ll_free(in->basis);
			in->basis = t;
		}
	}
	ll_buf_release(&b);
	return rc;
}

int mv_link_installs(struct mv_ctx *c)
{
	size_t nlogons = c->edges.n;
	int rc = 0;

	for (size_t i = 0; i < c->installs.n; i++) {
		struct ll_movement_edge *in = &c->installs.v[i];
		const struct ll_movement_edge *lo;
		bool by_id;

		lo = rc < 0 ? NULL : find_logon(c, nlogons, in, &by_id);
		if (!lo) {
			if (rc == 0)
				rc = mv_skip(c, LL_MOVEMENT_UNTIED);
			mv_edge_release(in);
			continue;
		}
		/* tie copies what it needs from `lo` before mv_emit may move the list */
		if ((rc = tie(in, lo, by_id)) < 0) {
			mv_edge_release(in);
			continue;
		}
		rc = mv_emit(c, in);
	}
	c->installs.n = 0;
	return rc;
}

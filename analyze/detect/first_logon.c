/* SPDX-License-Identifier: Apache-2.0 */
/*
 * First logon from a new external address (issue 17 item 3). A Sigma
 * correlation cannot say "never seen before" (it has no baseline), so this
 * is a built-in over the movement edges `analyze detect` has just built:
 * for each (host reached, external address) pair, the earliest successful
 * logon edge in the evidence is a finding. "New" can only mean new in the
 * evidence examined: a logon before the evidence starts cannot be known,
 * and the description says so.
 */
#include "core/compat.h"
#include "analyze/detect/first_logon.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analyze/detect/findings.h"
#include "analyze/movement/movement.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/store.h"
#include "core/time.h"

/*
 * The edge kinds that are a logon of a session from the source: not a share
 * access, WMI call, service or task install (they ride on a logon, which is
 * its own edge), not 4648 (its source is the local computer), not an
 * authentication alone (audit-auth) nor a web request.
 */
static bool logon_kind(const char *kind)
{
	static const char *const k[] = { "logon-network", "logon-rdp", "rdp-auth", "rdp-session",
					 "ssh-accepted", "login-remote", "audit-login" };

	for (size_t i = 0; kind && i < LL_ARRAY_SIZE(k); i++)
		if (!strcmp(kind, k[i]))
			return true;
	return false;
}

/* A successful logon of a session from an external address, to a named host. */
static bool candidate(const struct ll_movement_edge *e)
{
	/* private sources are "unresolved", not external; failures are no logon */
	return e->success && logon_kind(e->kind) && e->to_host && *e->to_host &&
	       ll_movement_external(e);
}

/* Host names in the order ll_movement_host_eq agrees with: no case, no domain. */
static int host_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (*a && *a != '.') ? tolower((unsigned char)*a) : 0;
		int y = (*b && *b != '.') ? tolower((unsigned char)*b) : 0;

		if (x != y || !x)
			return (x > y) - (x < y);
	}
}

/* (host, address), then the evidence's order: time, then row id. */
static int cmp_pair_time(const void *pa, const void *pb)
{
	const struct ll_movement_edge *a = *(const struct ll_movement_edge *const *)pa;
	const struct ll_movement_edge *b = *(const struct ll_movement_edge *const *)pb;
	int c = host_cmp(a->to_host, b->to_host);

	if (!c)
		c = strcmp(a->from_addr, b->from_addr);
	if (!c)
		c = (a->time_ns > b->time_ns) - (a->time_ns < b->time_ns);
	if (!c)
		c = (a->id > b->id) - (a->id < b->id);
	return c;
}

static int emit(struct ll_findings_writer *w, const struct ll_movement_edge *e,
		const char *sha, size_t later)
{
	const char *acct = e->account && *e->account ? e->account : "an account the evidence does not name";
	int64_t ids[2] = { e->event_id, 0 };
	struct ll_finding f = { 0 };
	struct ll_buf title, desc;
	char t[48];
	json_t *details;
	int rc;

	ll_buf_init(&title);
	ll_buf_init(&desc);
	ll_time_format(t, sizeof(t), e->time_ns, 0);
	if (e->logon_event_id && e->logon_event_id != e->event_id) {
		ids[1] = e->logon_event_id; /* finding_events wants them ascending */
		if (ids[1] < ids[0]) {
			ids[1] = ids[0];
			ids[0] = e->logon_event_id;
		}
	}
	details = json_pack("{s:I, s:s, s:s, s:s, s:s?, s:I, s:s?, s:I}", "edge_id", (json_int_t)e->id,
			    "kind", e->kind, "from_addr", e->from_addr, "to_host", e->to_host,
			    "account", e->account, "later_logons", (json_int_t)later,
			    "evidence_id", e->evidence_id, "event_id", (json_int_t)e->event_id);
	if (!details ||
	    ll_buf_printf(&title, "First logon from a new external address: %s on %s as %s",
		     e->from_addr, e->to_host, acct) < 0 ||
	    ll_buf_printf(&desc,
		     "The first successful logon from %s, a public address no inventory host has, on %s"
		     " in the evidence examined, at %s as %s: %s. \"New\" means first in"
		     " the evidence examined: a logon from this address before the evidence starts"
		     " cannot be known. %zu later successful logon%s from it on this host give%s no"
		     " finding of %s own.",
		     e->from_addr, e->to_host, t, acct, e->basis ? e->basis : e->kind, later,
		     later == 1 ? "" : "s", later == 1 ? "s" : "", later == 1 ? "its" : "their") < 0) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	f.rule_id = LL_FIRST_LOGON_RULE_ID;
	f.title = title.ptr;
	f.source = "builtin";
	f.severity = "medium";
	f.techniques = "[\"T1078\", \"T1133\"]";
	/* the logon is on record; that it is the address's first ever is not */
	f.confidence = "medium";
	f.host = e->to_host;
	f.description = desc.ptr;
	f.first_ns = f.last_ns = e->time_ns;
	f.event_ids = ids;
	f.nevents = ids[1] ? 2 : 1;
	f.details = details;
	rc = ll_findings_writer_add(w, &f, LL_FIRST_LOGON_RULESET, sha);
out:
	json_decref(details);
	ll_buf_release(&title);
	ll_buf_release(&desc);
	return rc;
}

int ll_first_logon_run(struct ll_store *st, const char *ruleset_sha256, size_t *count)
{
	struct ll_movement_list ml = { 0 };
	struct ll_findings_writer *w = NULL;
	const struct ll_movement_edge **v = NULL;
	size_t n = 0, stored = 0;
	int rc, began = 0;

	*count = 0;
	/* only the candidates' text is copied (a case of sshd logs has hundreds of thousands of edges) */
	if ((rc = ll_movement_load_if(&ml, st, candidate)) < 0)
		return rc;
	if (!(v = ll_calloc(ml.n + 1, sizeof(*v)))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < ml.n; i++)
		v[n++] = &ml.v[i];
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_pair_time);
	if ((rc = ll_store_begin(st)) < 0)
		goto out;
	began = 1;
	if ((rc = ll_findings_delete_ruleset(st, LL_FIRST_LOGON_RULESET)) < 0 ||
	    (rc = ll_findings_writer_new(&w, st)) < 0)
		goto out;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;

		/* the pair's group: the first is the finding, the rest are counted */
		while (j < n && !host_cmp(v[i]->to_host, v[j]->to_host) &&
		       !strcmp(v[i]->from_addr, v[j]->from_addr))
			j++;
		if ((rc = emit(w, v[i], ruleset_sha256, j - i - 1)) < 0)
			goto out;
		stored++;
		i = j;
	}
	ll_findings_writer_free(w);
	w = NULL;
	rc = ll_store_commit(st);
	began = 0;
	if (rc == 0)
		*count = stored;
out:
	ll_findings_writer_free(w);
	if (began)
		ll_store_rollback(st);
	ll_free(v);
	ll_movement_list_release(&ml);
	return rc;
}

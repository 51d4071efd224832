/* SPDX-License-Identifier: Apache-2.0 */
/* One edge made: its source checked and resolved, its basis written, kept. */
#include "core/compat.h"
#include "analyze/movement/movement_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

const char *mv_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int bump(json_t *counts, const char *key)
{
	json_t *v = json_object_get(counts, key);

	if (v)
		return json_integer_set(v, json_integer_value(v) + 1) < 0 ?
			ll_error_set(LL_ENOMEM, "out of memory") : 0;
	return json_object_set_new(counts, key, json_integer(1)) < 0 ?
		ll_error_set(LL_ENOMEM, "out of memory") : 0;
}

int mv_skip(struct mv_ctx *c, const char *reason)
{
	return bump(c->skipped, reason);
}

int mv_refuse(struct mv_ctx *c, const char *reason)
{
	return bump(c->refused, reason);
}

void mv_edge_release(struct ll_movement_edge *e)
{
	ll_free(e->from_addr);
	ll_free(e->from_name);
	ll_free(e->from_host);
	ll_free(e->to_host);
	ll_free(e->account);
	ll_free(e->evidence_id);
	ll_free(e->basis);
	ll_free(e->logon_id);
	ll_free(e->sid);
	memset(e, 0, sizeof(*e));
}

static char *dup_or_null(int *rc, const char *s)
{
	char *d;

	if (!s || !*s)
		return NULL;
	if (!(d = ll_strdup(s)))
		*rc = ll_error_set(LL_ENOMEM, "out of memory");
	return d;
}

/* "PC01 (10.0.2.17)", "203.0.113.45", "PC01", then how it resolved. */
static int describe_source(struct ll_buf *b, const struct ll_movement_edge *e,
			   const char *how)
{
	int rc = 0;

	if (e->from_name && e->from_addr)
		rc = ll_buf_printf(b, "%s (%s)", e->from_name, e->from_addr);
	else
		rc = ll_buf_puts(b, e->from_name ? e->from_name : e->from_addr);
	if (rc < 0)
		return rc;
	if (e->from_host && how)
		return ll_buf_printf(b, ", inventory host %s by its %s", e->from_host, how);
	if (!e->from_host)
		return ll_buf_puts(b, !e->from_addr ? ", a name no inventory host has"
				      : ll_movement_addr_private(e->from_addr)
					      ? ", a private-range address no inventory host has (unresolved)"
					      : ", an address no inventory host has (external)");
	return 0;
}

/*
 * "<what> on <host> <verb> for <account> from <source>: event <id> (<item>
 * <locator>)"; an install's: "<what> on <host> by <account>: event …", its
 * logon added by movement_link.c.
 */
static int write_basis(struct ll_movement_edge *e, const struct ll_move_event *ev,
		       const struct mv_new *n, const char *how, bool install)
{
	struct ll_buf b;
	int rc;

	ll_buf_init(&b);
	rc = ll_buf_printf(&b, "%s on %s%s%s", n->what, e->to_host, n->verb ? " " : "",
			   n->verb ? n->verb : "");
	if (rc == 0 && e->account)
		rc = ll_buf_printf(&b, install ? " by %s" : " for %s", e->account);
	if (rc == 0 && !install) {
		if ((rc = ll_buf_puts(&b, " from ")) == 0)
			rc = describe_source(&b, e, how);
	}
	if (rc == 0)
		rc = ll_buf_printf(&b, ": event %" PRId64 " (%s %s)", ev->id,
				   ev->evidence_id ? ev->evidence_id : "?",
				   ev->locator ? ev->locator : "?");
	if (rc == 0 && !(e->basis = ll_buf_detach(&b)))
		rc = ll_error_set(LL_ENOMEM, "out of memory");
	ll_buf_release(&b);
	return rc;
}

static int keep(struct ll_movement_list *l, size_t *cap, struct ll_movement_edge *e)
{
	if (l->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct ll_movement_edge *v = ll_reallocarray(l->v, nc, sizeof(*v));

		if (!v)
			return ll_error_set(LL_ENOMEM, "out of memory");
		l->v = v;
		*cap = nc;
	}
	l->v[l->n++] = *e;
	memset(e, 0, sizeof(*e));
	return 0;
}

bool mv_is_logon(const struct ll_movement_edge *e)
{
	return e->success && !strncmp(e->kind, "logon-", 6);
}

/* {evidence_id: {"edges": n, "by_kind": {kind: n}}}, recorded as each item's analysis */
static int count_evidence(json_t *per, const struct ll_movement_edge *e)
{
	json_t *o;

	if (!per || !e->evidence_id)
		return 0;
	if (!(o = json_object_get(per, e->evidence_id))) {
		o = json_pack("{s:i, s:{}}", "edges", 0, "by_kind");
		if (!o || json_object_set_new(per, e->evidence_id, o) < 0)
			return ll_error_set(LL_ENOMEM, "out of memory");
	}
	if (json_integer_set(json_object_get(o, "edges"),
			     json_integer_value(json_object_get(o, "edges")) + 1) < 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	return bump(json_object_get(o, "by_kind"), e->kind);
}

int mv_emit(struct mv_ctx *c, struct ll_movement_edge *e)
{
	int rc;

	if ((rc = bump(c->by_kind, e->kind)) < 0 || (rc = count_evidence(c->per_evidence, e)) < 0 ||
	    (c->w && (rc = mv_store_put(c->w, e)) < 0)) {
		mv_edge_release(e);
		return rc;
	}
	c->stored++;
	if (!c->w || mv_is_logon(e)) {
		if ((rc = keep(&c->edges, &c->cap, e)) < 0)
			mv_edge_release(e);
		return rc;
	}
	mv_edge_release(e);
	return 0;
}

int mv_add(struct mv_ctx *c, const struct ll_move_event *ev, const struct mv_new *n,
	   bool install)
{
	char addr[MV_ADDR_LEN], name[MV_NAME_MAX + 1], acct[MV_NAME_MAX + 1];
	char to[MV_NAME_MAX + 1];
	enum mv_check ca = mv_addr_check(addr, n->addr);
	enum mv_check cn = mv_name_check(name, n->name);
	struct ll_movement_edge e = { 0 };
	const char *host, *how = NULL;
	int rc = 0;

	if (ca == MV_BAD)
		return mv_refuse(c, "source address not an IP address");
	if (cn == MV_BAD)
		return mv_refuse(c, "source name too long or with control characters");
	if (mv_name_check(acct, n->account) == MV_BAD)
		return mv_refuse(c, "account name too long or with control characters");
	switch (mv_name_check(to, n->to_host ? n->to_host : ev->host)) {
	case MV_OK: break;
	case MV_BAD: return mv_refuse(c, "host name too long or with control characters");
	default: return mv_skip(c, "no destination host");
	}
	/*
	 * A source that is the host itself is no movement: a local address, or
	 * no address and the host's own name (4624 type 2 with WorkstationName
	 * FS03 on FS03). Services and tasks have no source of their own: their
	 * logon gives it.
	 */
	if (!install) {
		if (ca != MV_OK && (cn != MV_OK || ll_movement_host_eq(name, to) || ca == MV_LOCAL))
			return mv_skip(c, ca == MV_LOCAL ? "local address (loopback, link-local)"
					       : "no remote source named");
		if (ca == MV_OK && (host = mv_resolve_addr(c, addr)))
			how = "address";
		else if (cn == MV_OK && (host = mv_resolve_name(c, name)))
			how = "name";
		else
			host = n->from_host;
		if (host && ll_movement_host_eq(host, to))
			return mv_skip(c, "source resolves to the host itself");
		e.from_host = dup_or_null(&rc, host);
	}
	e.kind = n->kind;
	e.time_ns = ev->time_ns;
	e.from_addr = dup_or_null(&rc, ca == MV_OK ? addr : NULL);
	e.from_name = dup_or_null(&rc, cn == MV_OK ? name : NULL);
	e.to_host = dup_or_null(&rc, to);
	e.account = dup_or_null(&rc, acct);
	e.logon_type = n->logon_type;
	e.success = n->success;
	e.event_id = ev->id;
	e.evidence_id = dup_or_null(&rc, ev->evidence_id);
	e.logon_id = dup_or_null(&rc, n->logon_id);
	e.sid = dup_or_null(&rc, n->sid);
	if (rc == 0)
		rc = write_basis(&e, ev, n, how, install);
	if (rc < 0) {
		mv_edge_release(&e);
		return rc;
	}
	if (!install)
		return mv_emit(c, &e);
	if ((rc = keep(&c->installs, &c->installs_cap, &e)) < 0)
		mv_edge_release(&e);
	return rc;
}

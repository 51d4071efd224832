/* SPDX-License-Identifier: Apache-2.0 */
/* movement_edges: the only code with SQL on it (its owner). */
#include "core/compat.h"
#include "analyze/movement/movement_int.h"

#include <sqlite3.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/store.h"

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

int mv_store_begin(struct mv_writer *w, struct ll_store *st)
{
	int rc;

	w->st = st;
	w->ins = NULL;
	if ((rc = ll_store_begin(st)) < 0)
		return rc;
	if ((rc = ll_store_exec(st, "DELETE FROM movement_edges")) < 0 ||
	    (rc = ll_store_prepare(&w->ins, st,
				   "INSERT INTO movement_edges(time_ns, kind, from_addr, from_name,"
				   " from_host, to_host, account, logon_type, success, event_id,"
				   " logon_event_id, evidence_id, basis)"
				   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) < 0) {
		ll_store_rollback(st);
		return rc;
	}
	return 0;
}

int mv_store_put(struct mv_writer *w, const struct ll_movement_edge *e)
{
	sqlite3_stmt *s = w->ins;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, e->time_ns);
	bind_text(s, 2, e->kind);
	bind_text(s, 3, e->from_addr);
	bind_text(s, 4, e->from_name);
	bind_text(s, 5, e->from_host);
	bind_text(s, 6, e->to_host);
	bind_text(s, 7, e->account);
	if (e->logon_type >= 0)
		sqlite3_bind_int(s, 8, e->logon_type);
	else
		sqlite3_bind_null(s, 8);
	sqlite3_bind_int(s, 9, e->success);
	sqlite3_bind_int64(s, 10, e->event_id);
	if (e->logon_event_id)
		sqlite3_bind_int64(s, 11, e->logon_event_id);
	else
		sqlite3_bind_null(s, 11);
	bind_text(s, 12, e->evidence_id);
	bind_text(s, 13, e->basis);
	if (sqlite3_step(s) != SQLITE_DONE)
		return ll_store_error(w->st, "storing a movement edge");
	return 0;
}

int mv_store_end(struct mv_writer *w, bool commit)
{
	int rc = 0;

	sqlite3_finalize(w->ins);
	w->ins = NULL;
	if (commit && (rc = ll_store_commit(w->st)) == 0)
		return 0;
	ll_store_rollback(w->st);
	return rc;
}

void ll_movement_list_release(struct ll_movement_list *l)
{
	for (size_t i = 0; l->v && i < l->n; i++)
		mv_edge_release(&l->v[i]);
	ll_free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* `kind` is static text in a built edge; a loaded one's is matched to the known kinds. */
static const char *const kinds[] = {
	"logon-network", "logon-rdp", "logon-interactive", "logon-failed",
	"explicit-credentials", "rdp-auth", "rdp-session", "share", "wmi", "winrm",
	"service-install", "task", "ssh-accepted", "ssh-failed", "login-remote",
	"login-failed", "audit-login", "audit-login-failed", "audit-auth",
	"audit-auth-failed", "web-request",
};

static const char *kind_of(const char *k)
{
	for (size_t i = 0; k && i < LL_ARRAY_SIZE(kinds); i++)
		if (!strcmp(kinds[i], k))
			return kinds[i];
	return "unknown";
}

static bool from_matches(const struct ll_movement_edge *e, const char *from)
{
	char canon[MV_ADDR_LEN];

	if (mv_addr_check(canon, from) == MV_OK && e->from_addr && !strcmp(canon, e->from_addr))
		return true;
	return ll_movement_host_eq(e->from_name, from) || ll_movement_host_eq(e->from_host, from);
}

/* The edges in time order that `keep` (when given) accepts before their text is copied, then `host`, `from`. */
static int load(struct ll_movement_list *out, struct ll_store *st, const char *host,
		const char *from, bool (*keep)(const struct ll_movement_edge *e))
{
	struct ll_movement_list l = { NULL, 0 };
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc, step;

	if ((rc = ll_store_prepare(&s, st,
				   "SELECT id, time_ns, kind, from_addr, from_name, from_host,"
				   " to_host, account, logon_type, success, event_id,"
				   " logon_event_id, evidence_id, basis FROM movement_edges"
				   " ORDER BY time_ns, id")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct ll_movement_edge e = { 0 };

		if (keep) {
			/* the row's own text, borrowed: the values the copies below would hold */
			e.id = sqlite3_column_int64(s, 0);
			e.time_ns = sqlite3_column_int64(s, 1);
			e.kind = kind_of((const char *)sqlite3_column_text(s, 2));
			e.from_addr = (char *)sqlite3_column_text(s, 3);
			e.from_name = (char *)sqlite3_column_text(s, 4);
			e.from_host = (char *)sqlite3_column_text(s, 5);
			e.to_host = (char *)sqlite3_column_text(s, 6);
			e.account = (char *)sqlite3_column_text(s, 7);
			e.success = sqlite3_column_int(s, 9) != 0;
			if (!keep(&e))
				continue;
			memset(&e, 0, sizeof(e));
		}
		e.id = sqlite3_column_int64(s, 0);
		e.time_ns = sqlite3_column_int64(s, 1);
		e.kind = kind_of((const char *)sqlite3_column_text(s, 2));
		e.from_addr = ll_store_column_dup(&rc, s, 3);
		e.from_name = ll_store_column_dup(&rc, s, 4);
		e.from_host = ll_store_column_dup(&rc, s, 5);
		e.to_host = ll_store_column_dup(&rc, s, 6);
		e.account = ll_store_column_dup(&rc, s, 7);
		e.logon_type = sqlite3_column_type(s, 8) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 8);
		e.success = sqlite3_column_int(s, 9) != 0;
		e.event_id = sqlite3_column_int64(s, 10);
		e.logon_event_id = sqlite3_column_int64(s, 11);
		e.evidence_id = ll_store_column_dup(&rc, s, 12);
		e.basis = ll_store_column_dup(&rc, s, 13);
		if (rc == 0 && ((host && !ll_movement_host_eq(e.to_host, host) &&
				 !ll_movement_host_eq(e.from_host, host) &&
				 !ll_movement_host_eq(e.from_name, host)) ||
				(from && !from_matches(&e, from)))) {
			mv_edge_release(&e);
			continue;
		}
		if (rc == 0 && l.n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			struct ll_movement_edge *v = ll_reallocarray(l.v, nc, sizeof(*v));

			if (!v)
				rc = ll_error_set(LL_ENOMEM, "out of memory");
			else
				l.v = v, cap = nc;
		}
		if (rc < 0) {
			mv_edge_release(&e);
			break;
		}
		l.v[l.n++] = e;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = ll_store_error(st, "reading movement edges");
	sqlite3_finalize(s);
	if (rc < 0) {
		ll_movement_list_release(&l);
		return rc;
	}
	*out = l;
	return 0;
}

int ll_movement_load(struct ll_movement_list *out, struct ll_store *st,
		     const char *host, const char *from)
{
	return load(out, st, host, from, NULL);
}

int ll_movement_load_if(struct ll_movement_list *out, struct ll_store *st,
			bool (*keep)(const struct ll_movement_edge *e))
{
	return load(out, st, NULL, NULL, keep);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A command that writes, run in an attached workspace (core/pg/pg_ws.h):
 * before it opens the case, its unit's server locks are taken and the
 * server's case pulled; after it returns, what it changed is pushed with its
 * custody entries, the locks released and the case pulled again. The unit
 * comes from the command's table entry (LL_CMD_UNIT_* in cli/cli.h): it
 * works on items, registers evidence, adds custody only, or works on the
 * whole case.
 * Commands in one workspace run one at a time (flock on DIR/.ll-store.lock):
 * a pull replaces case.db under them.
 */
#include "core/compat.h"
#include "cli/pg/ws_hook.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "cli/progress.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/crypto.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/evidence.h"
#include "core/evidence_roots.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_schema.h"
#include "core/pg/pg_ws.h"
#include "core/time.h"

static struct {
	bool active;
	char *dir;
	int lockfd;
	struct ll_pg *pg;
	struct ll_pg_case c;
	struct ll_ws_store s;
	struct ll_ws_unit u;
} ws = { .lockfd = -1 };

enum unit_kind { UNIT_CASE, UNIT_ITEMS, UNIT_REGISTER, UNIT_CUSTODY };

/* The unit the command's table entry names (cli.h's LL_CMD_UNIT_*, checked by ll_cli_run). */
static enum unit_kind ws_unit_of(const struct ll_cli *cli)
{
	if (cli->setup & LL_CMD_UNIT_ITEMS)
		return cli->nitems ? UNIT_ITEMS : UNIT_CASE;
	if (cli->setup & LL_CMD_UNIT_REGISTER)
		return UNIT_REGISTER;
	if (cli->setup & LL_CMD_UNIT_CUSTODY)
		return UNIT_CUSTODY;
	return UNIT_CASE;
}

static void ws_end_session(void)
{
	if (ws.pg) {
		ll_ws_unlock_all(ws.pg);
		ll_pg_free(ws.pg);
	}
	ws.pg = NULL;
	if (ws.lockfd >= 0)
		close(ws.lockfd);
	ws.lockfd = -1;
	ll_ws_store_release(&ws.s);
	ll_ws_unit_release(&ws.u);
	ll_free(ws.dir);
	ws.dir = NULL;
	ws.active = false;
}

int ll_ws_connect(struct ll_pg **pg, struct ll_pg_case *c, const struct ll_ws_store *s,
		  const char *dir)
{
	int rc;

	*pg = NULL;
	if ((rc = ll_pg_connect(pg, s->url)) < 0)
		return rc;
	if ((rc = ll_pg_case_find(c, *pg, s->case_id)) < 0) {
		if (rc == LL_ENOTFOUND)
			ll_error_set(LL_ENOTFOUND,
				     "the workspace %s is attached to case '%s', which the %s no longer "
				     "has (removed?); the workspace is left as it is",
				     dir, s->case_id, (*pg)->where);
		goto fail;
	}
	if (c->key != s->case_key) {
		rc = ll_error_set(LL_ECORRUPT,
				  "%s/%s: case '%s' has key %" PRId64 " in the %s, not %" PRId64
				  " (the case was made again, or the file was edited); refusing to "
				  "mix two cases",
				  dir, LL_WS_STORE_FILE, s->case_id, c->key, (*pg)->where, s->case_key);
		goto fail;
	}
	if (strcmp(c->state, "ready")) {
		rc = ll_error_set(LL_EUNSUPPORTED, "the case '%s' in the %s is still being loaded",
				  s->case_id, (*pg)->where);
		goto fail;
	}
	return 0;
fail:
	ll_pg_free(*pg);
	*pg = NULL;
	return rc;
}

int ll_ws_check_local(const char *dir, const struct ll_ws_store *s)
{
	struct ll_case *cs = NULL;
	int rc;

	if ((rc = ll_case_open_readonly(&cs, dir)) < 0)
		return rc;
	if (strcmp(cs->case_id, s->case_id))
		rc = ll_error_set(LL_ECORRUPT,
				  "%s/%s names case '%s' but the workspace holds case '%s' (edited?); "
				  "refusing to pull another case over it",
				  dir, LL_WS_STORE_FILE, s->case_id, cs->case_id);
	ll_case_free(cs);
	return rc;
}

int ll_ws_load_signer(struct ll_signer **out, const char *key, const char *cert)
{
	char *k = NULL, *c = NULL;
	int rc;

	if ((rc = ll_key_default_paths(&k, &c, key, cert)) == 0)
		rc = ll_signer_load(out, k, c, getenv("LIFELINE_KEY_PASSPHRASE"));
	ll_free(k);
	ll_free(c);
	return rc;
}

/* The item's sequence in the server's case (its lock key). */
static int server_seq(int64_t *seq, struct ll_pg *pg, const struct ll_pg_case *c,
		      const char *case_id, const char *item)
{
	char sql[160];
	PGresult *r = NULL;
	int rc;

	/* the schema name is digits only; the item a parameter */
	snprintf(sql, sizeof(sql), "SELECT seq FROM %s.evidence WHERE id = $1", c->schema);
	if ((rc = ll_pg_query(&r, pg, "finding the evidence item", sql, 1,
			      (const char *const[]){ item })) < 0)
		return rc;
	if (PQntuples(r) != 1)
		rc = ll_error_set(LL_ENOTFOUND, "the %s's case '%s' has no evidence item %s",
				  pg->where, case_id, item);
	else
		*seq = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	ll_pg_clear(r);
	return rc;
}

int ll_ws_take_locks(struct ll_pg *pg, const struct ll_pg_case *c, const char *case_id,
		     const struct ll_signer *signer, struct ll_ws_unit *u, char **items,
		     size_t nitems)
{
	struct ll_ws_holder me = { .examiner = signer->name, .fpr = signer->fingerprint,
				   .pid = (long)getpid() };
	int rc = 0;

	if (gethostname(me.host, sizeof(me.host) - 1) != 0)
		snprintf(me.host, sizeof(me.host), "unknown");
	if (u->case_wide)
		return ll_ws_lock(pg, c, LL_WS_LOCK_CASE, NULL, 0, &me);
	if (!u->registers && !nitems)
		return 0; /* custody only: the chain's own lock orders the appends */
	if ((rc = ll_ws_lock(pg, c, LL_WS_LOCK_CASE_SHARED, NULL, 0, &me)) < 0)
		return rc;
	if (u->registers)
		return ll_ws_lock(pg, c, LL_WS_LOCK_REGISTER, NULL, 0, &me);
	for (size_t i = 0; i < nitems && rc == 0; i++) {
		int64_t seq = 0;

		if ((rc = server_seq(&seq, pg, c, case_id, items[i])) == 0 &&
		    (rc = ll_ws_lock(pg, c, LL_WS_LOCK_ITEM, items[i], seq, &me)) == 0)
			rc = ll_ws_unit_add_item(u, items[i]);
	}
	return rc;
}

static int take_locks(struct ll_cli *cli, enum unit_kind kind)
{
	ws.u.case_wide = kind == UNIT_CASE;
	ws.u.registers = kind == UNIT_REGISTER;
	return ll_ws_take_locks(ws.pg, &ws.c, ws.s.case_id, cli->signer, &ws.u,
				kind == UNIT_ITEMS ? cli->items : NULL,
				kind == UNIT_ITEMS ? cli->nitems : 0);
}

/* DIR/.ll-dirty: made once a writing command's pull is in, gone once its push committed. */
static int dirty_mark(const char *dir, bool on)
{
	char p[4200];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, LL_WS_DIRTY_FILE);
	if (!on) {
		if (unlink(p) != 0 && errno != ENOENT)
			return ll_error_set(LL_EIO, "cannot remove '%s': %s", p, strerror(errno));
		return 0;
	}
	if (!(f = fopen(p, "w")) || fclose(f) != 0)
		return ll_error_set(LL_EIO, "cannot write '%s': %s", p, strerror(errno));
	return 0;
}

int ll_ws_pull_cli(struct ll_ws_pull_result *res, struct ll_pg *pg, struct ll_ws_store *s,
		   const char *dir, bool quiet)
{
	struct ll_custody_report rep;
	struct ll_progress_cb bar;
	bool kept = s->head_seq > 0; /* a workspace's first pull is full by nature: not said */
	int rc;

	ll_progress_cb_init(&bar, "pull", "rows", quiet);
	rc = ll_ws_pull(res, &rep, pg, dir, s, ll_progress_cb, &bar);
	ll_progress_cb_end(&bar);
	if (rc == 0 && res->full && kept && !quiet && !ll_progress_json())
		fprintf(stderr, "lifeline: workspace: pulled the whole case: %s\n", res->why);
	return rc;
}

int ll_ws_cli_begin(struct ll_cli *cli)
{
	struct ll_ws_pull_result res;
	char *dir = NULL, p[4200];
	int rc;

	if (ws.active || ll_case_find(&dir, cli->case_dir) < 0) {
		ll_error_clear();
		ll_free(dir);
		return 0; /* the case's own open reports a missing case */
	}
	if (!ll_ws_attached(dir)) {
		ll_free(dir);
		return 0;
	}
	ws.dir = dir;
	ws.active = true;
	snprintf(p, sizeof(p), "%s/.ll-store.lock", dir);
	if ((ws.lockfd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0 ||
	    flock(ws.lockfd, LOCK_EX) != 0) {
		rc = ll_error_set(LL_EIO, "cannot lock '%s': %s", p, strerror(errno));
		goto fail;
	}
	if ((rc = ll_ws_store_read(&ws.s, dir)) < 0 || (rc = ll_ws_check_local(dir, &ws.s)) < 0)
		goto fail;
	if (!cli->signer && (rc = ll_ws_load_signer(&cli->signer, cli->key, cli->cert)) < 0)
		goto fail;
	if ((rc = ll_ws_connect(&ws.pg, &ws.c, &ws.s, dir)) < 0 ||
	    (rc = take_locks(cli, ws_unit_of(cli))) < 0 ||
	    (rc = ll_ws_pull_cli(&res, ws.pg, &ws.s, dir, cli->quiet)) < 0 ||
	    (rc = dirty_mark(dir, true)) < 0)
		goto fail;
	return 0;
fail:
	ws_end_session();
	return rc;
}

/*
 * The files of the items the command reads that this workspace lacks (a
 * second workspace has the case's rows, not its files): found where they
 * were collected or under store.json's evidence roots, by hash, and linked in.
 */
static int locate_evidence(struct ll_cli *cli)
{
	struct ll_evidence **list = NULL;
	size_t n = 0, linked = 0, all = 0;
	int rc;

	if ((rc = ll_evidence_list(&list, &n, cli->cs->store, cli->items, cli->nitems)) < 0)
		return rc == LL_ENOTFOUND ? (ll_error_clear(), 0) : rc; /* the command says it */
	for (size_t i = 0; i < n && rc == 0; i++) {
		rc = ll_evidence_locate(cli->cs, list[i], ws.s.evidence_dirs, ws.s.nevidence_dirs,
					&linked);
		all += linked;
	}
	ll_evidence_list_free(list, n);
	if (rc == 0 && all && !cli->quiet)
		fprintf(stderr,
			"%zu evidence file%s found by hash outside the workspace, linked in\n",
			all, all == 1 ? "" : "s");
	return rc;
}

int ll_ws_cli_opened(struct ll_cli *cli)
{
	int rc;

	if (!ws.active || !cli->cs)
		return 0;
	if ((rc = ll_ws_unit_mark(&ws.u, cli->cs->store)) == 0 &&
	    (cli->setup & LL_CMD_EVIDENCE_FILES))
		rc = locate_evidence(cli);
	if (rc < 0)
		ws_end_session();
	return rc;
}

int ll_ws_write_unpushed(const char *dir, const struct ll_ws_unit *u)
{
	char p[4200];
	json_t *doc = json_pack("{s:s, s:b, s:b, s:I, s:[], s:[]}", "format", "lifeline-unpushed/1",
				"case_wide", u->case_wide, "registers", u->registers, "base_seq",
				(json_int_t)u->base_seq, "items", "known");

	if (!doc)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < u->nitems; i++)
		json_array_append_new(json_object_get(doc, "items"), json_string(u->items[i].id));
	for (size_t i = 0; i < u->nknown; i++)
		json_array_append_new(json_object_get(doc, "known"), json_string(u->known[i]));
	snprintf(p, sizeof(p), "%s/%s", dir, LL_WS_UNPUSHED_FILE);
	if (json_dump_file(doc, p, JSON_SORT_KEYS) != 0) {
		json_decref(doc);
		return ll_error_set(LL_EIO, "cannot write '%s': %s", p, strerror(errno));
	}
	json_decref(doc);
	return 0;
}

int ll_ws_read_unpushed(struct ll_ws_unit *u, char ***items, size_t *nitems, const char *dir)
{
	char p[4200];
	json_error_t err;
	json_t *doc, *v;
	size_t i;
	int rc = 0;

	*items = NULL;
	*nitems = 0;
	snprintf(p, sizeof(p), "%s/%s", dir, LL_WS_UNPUSHED_FILE);
	if (!(doc = json_load_file(p, JSON_REJECT_DUPLICATES, &err)))
		return ll_error_set(LL_ECORRUPT, "%s: line %d: %s", p, err.line, err.text);
	u->case_wide = json_is_true(json_object_get(doc, "case_wide"));
	u->registers = json_is_true(json_object_get(doc, "registers"));
	if (!json_is_integer(v = json_object_get(doc, "base_seq")) || json_integer_value(v) < 0) {
		rc = ll_error_set(LL_ECORRUPT, "%s: field \"base_seq\": not a sequence number", p);
		goto out;
	}
	u->base_seq = json_integer_value(v);
	json_array_foreach(json_object_get(doc, "known"), i, v) {
		char **k = ll_reallocarray(u->known, u->nknown + 1, sizeof(*k));

		if (!k || !json_is_string(v) || !(k[u->nknown] = ll_strdup(json_string_value(v)))) {
			if (k)
				u->known = k;
			rc = ll_error_set(LL_ECORRUPT, "%s: field \"known\": not a list of ids", p);
			goto out;
		}
		u->known = k;
		u->nknown++;
	}
	json_array_foreach(json_object_get(doc, "items"), i, v) {
		char **k = ll_reallocarray(*items, *nitems + 1, sizeof(*k));

		if (!k || !json_is_string(v) || !(k[*nitems] = ll_strdup(json_string_value(v)))) {
			if (k)
				*items = k;
			rc = ll_error_set(LL_ECORRUPT, "%s: field \"items\": not a list of ids", p);
			goto out;
		}
		*items = k;
		(*nitems)++;
	}
out:
	json_decref(doc);
	return rc;
}

int ll_ws_after_push(struct ll_ws_pull_result *res, struct ll_pg *pg, struct ll_ws_store *s,
		     const char *dir, bool quiet)
{
	char p[4200];

	snprintf(p, sizeof(p), "%s/%s", dir, LL_WS_UNPUSHED_FILE);
	unlink(p);
	return ll_ws_pull_cli(res, pg, s, dir, quiet);
}

int ll_ws_cli_end(struct ll_cli *cli, int code)
{
	struct ll_ws_pull_result res;
	int64_t n = 0;
	int rc;

	if (!ws.active)
		return code;
	if (!cli->cs) { /* the command stopped before opening the case: nothing to push */
		dirty_mark(ws.dir, false);
		ws_end_session();
		return code;
	}
	/* until the push commits, the workspace's work is only here: a pull must not replace it */
	if ((rc = ll_ws_write_unpushed(ws.dir, &ws.u)) < 0 ||
	    (rc = ll_ws_push(&n, ws.pg, &ws.c, cli->cs->store, &ws.u, cli->signer)) < 0) {
		ll_error_context("the work is kept in the workspace but is not on the server; "
				 "run 'lifeline case sync' when the server is back");
		goto fail;
	}
	ll_case_free(cli->cs);
	cli->cs = NULL;
	ll_ws_unlock_all(ws.pg);
	/* what the command wrote is the unit now on the server: an incremental pull may follow */
	if ((rc = dirty_mark(ws.dir, false)) < 0 ||
	    (rc = ll_ws_after_push(&res, ws.pg, &ws.s, ws.dir, cli->quiet)) < 0)
		goto fail;
	ws_end_session();
	return code;
fail:
	/* said before the session ends: releasing a lost server's locks fails too */
	fprintf(stderr, "lifeline: %s: %s\n", cli->cmd ? cli->cmd : "", ll_error_message());
	ws_end_session();
	return code ? code : ll_cli_exit_code(rc);
}

/* ---- staleness: what a read-only command reads is the last pull ---- */

static struct {
	bool set;
	int64_t last_ns, head_seq;
} stale;

void ll_ws_note_staleness(struct ll_cli *cli)
{
	struct ll_ws_store s;
	char *dir = NULL, t[48] = "never";
	int64_t age;

	stale.set = false;
	if (ll_case_find(&dir, cli->case_dir) < 0 || !ll_ws_attached(dir) ||
	    ll_ws_store_read(&s, dir) < 0) {
		ll_error_clear(); /* the command's own open says what is wrong */
		ll_free(dir);
		return;
	}
	stale.set = true;
	stale.last_ns = s.last_sync_ns;
	stale.head_seq = s.head_seq;
	age = s.last_sync_ns ? (ll_time_now_ns() - s.last_sync_ns) / 1000000000 : -1;
	if (s.last_sync_ns)
		ll_time_format(t, sizeof(t), s.last_sync_ns, 0);
	/* not under --progress json: stderr is the JSON lines' there */
	if (!cli->quiet && !ll_progress_json())
		fprintf(stderr, "lifeline: workspace: reading the last pull, at %s (%" PRId64
			" seconds ago), custody head seq %" PRId64 "; 'lifeline case sync' pulls "
			"the server's case\n", t, age < 0 ? 0 : age, s.head_seq);
	ll_ws_store_release(&s);
	ll_free(dir);
}

json_t *ll_ws_staleness_json(void)
{
	char t[48] = "";
	int64_t age = 0;

	if (!stale.set)
		return NULL;
	if (stale.last_ns) {
		ll_time_format(t, sizeof(t), stale.last_ns, 0);
		age = (ll_time_now_ns() - stale.last_ns) / 1000000000;
	}
	return json_pack("{s:s?, s:I, s:I}", "last_pull", stale.last_ns ? t : NULL, "age_seconds",
			 (json_int_t)(age < 0 ? 0 : age), "head_seq", (json_int_t)stale.head_seq);
}

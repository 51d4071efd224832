/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An attached workspace (issue #20): a case directory that is a working
 * copy of a case in the PostgreSQL store, the server being the authority.
 *
 *   ws_store.c  DIR/store.json: the server's URL WITHOUT password and the
 *               case id and key; a password in it is refused (passwords
 *               come from PGPASSWORD, ~/.pgpass or a URL given again).
 *   pg_lock.c   the work units' locks: session advisory locks on the
 *               server (they die with the session) plus a row in
 *               public.lifeline_locks saying who holds them.
 *   pg_sync.c   pull (the server's case written over DIR/case.db) and push
 *               (a unit's rows, ids moved past the server's, and the
 *               command's custody entries re-sealed on the server's chain,
 *               in one transaction).
 * docs/postgresql.md says what each command does on an attached workspace.
 */
#ifndef LL_CORE_PG_PG_WS_H
#define LL_CORE_PG_PG_WS_H

#include "core/compat.h"

struct ll_pg;
struct ll_pg_case;
struct ll_store;
struct ll_signer;
struct ll_custody_report;

#define LL_WS_STORE_FILE "store.json"
/* Present while a command's local work is not yet on the server. */
#define LL_WS_UNPUSHED_FILE ".ll-unpushed"

struct ll_ws_store {
	char *url;       /* no password */
	char *case_id;
	int64_t case_key;
	int64_t last_sync_ns;
	char head[65];   /* the chain's head at the last sync */
	/* shared paths where the item files may be, found by hash (core/evidence_roots.h) */
	char **evidence_dirs;
	size_t nevidence_dirs;
};

/* True when `dir` holds store.json (an attached workspace). */
bool ll_ws_attached(const char *dir);
/* Reads DIR/store.json; refuses one with a password or without url/case_id. */
int ll_ws_store_read(struct ll_ws_store *out, const char *dir);
/* Adds an evidence root (absolute, an existing directory) unless it is listed already. */
int ll_ws_store_add_evidence_dir(struct ll_ws_store *s, const char *dir);
/* Writes DIR/store.json (through a temporary file and rename). */
int ll_ws_store_write(const char *dir, const struct ll_ws_store *s);
void ll_ws_store_release(struct ll_ws_store *s);
/* True when the libpq URL carries a password (user:PW@ or ?password=). */
bool ll_ws_url_has_password(const char *url);
/* The URL without its password (ll_free). */
int ll_ws_url_strip(char **out, const char *url);

/* Who a lock belongs to, as the refusal names them. */
struct ll_ws_holder {
	const char *examiner; /* the certificate's name */
	const char *fpr;      /* its fingerprint */
	char host[256];
	long pid;
};

enum ll_ws_lock {
	LL_WS_LOCK_CASE_SHARED, /* an item's work or a registration runs */
	LL_WS_LOCK_CASE,        /* a case-wide command: nobody else works on the case */
	LL_WS_LOCK_ITEM,        /* one evidence item's analysis */
	LL_WS_LOCK_REGISTER,    /* evidence registration: one at a time (waits) */
};

/*
 * Takes a session lock of the case (refused at once, naming who holds it:
 * examiner, key, host, pid, since when; LL_EEXISTS), except REGISTER which
 * waits. `item`/`seq` name the item for ITEM. Held until ll_ws_unlock_all
 * or the session ends (kill -9 included).
 */
int ll_ws_lock(struct ll_pg *pg, const struct ll_pg_case *c, enum ll_ws_lock kind,
	       const char *item, int64_t seq, const struct ll_ws_holder *me);
void ll_ws_unlock_all(struct ll_pg *pg);

/*
 * The server's case written over DIR/case.db (exported into DIR/.ll-pull,
 * verified, then renamed in). Refused while DIR holds unpushed work.
 */
int ll_ws_pull(struct ll_custody_report *rep, struct ll_pg *pg, const char *dir,
	       const char *case_id);

/* What a command works on; its state when pulled, to find what it changed. */
struct ll_ws_item {
	char *id;
	char **tables; /* digests per item table, in ll_ws_unit.tables order */
};

struct ll_ws_unit {
	bool case_wide;     /* every table replaced on push */
	bool registers;     /* items new since the pull are pushed */
	struct ll_ws_item *items;
	size_t nitems;
	char **known;       /* registration: the item ids at the pull */
	size_t nknown;
	char **tables;      /* tables with an item's rows (evidence first) */
	size_t ntables;
	int64_t base_seq;   /* the local chain's head at the pull */
};

int ll_ws_unit_add_item(struct ll_ws_unit *u, const char *id);
/* After the pull: the chain's head and each item's digests (`st` the pulled case). */
int ll_ws_unit_mark(struct ll_ws_unit *u, struct ll_store *st);
void ll_ws_unit_release(struct ll_ws_unit *u);

/*
 * Pushes what the command changed in its unit, with its custody entries
 * (seq > base_seq) re-sealed by `signer` on the server's head, in one
 * server transaction; the local id moves are committed only after it.
 * `*entries` gets the number of custody entries appended.
 */
int ll_ws_push(int64_t *entries, struct ll_pg *pg, const struct ll_pg_case *c,
	       struct ll_store *st, struct ll_ws_unit *u, const struct ll_signer *signer);

#endif

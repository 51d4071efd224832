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
 *   pg_sync.c   push (a unit's rows, ids moved past the server's, and the
 *               command's custody entries re-sealed on the server's chain,
 *               in one transaction).
 *   ws_pull.c   pull: only what changed since the workspace's last pull
 *               (the chain's new entries, the items changed since), or the
 *               whole case exported over DIR/case.db when that cannot be
 *               known, saying why.
 *   ws_changes.c the server's change record (public.lifeline_changes): the
 *               generation at which each item, or the whole case, last
 *               changed, bumped by every push.
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
struct ll_ws_unit;

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
	/* added for incremental pulls (0 / -1 when store.json predates them) */
	int64_t head_seq; /* the seq of `head` */
	int64_t gen;      /* the server's change generation the last pull saw; -1 unknown */
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

/* Present from a writing command's pull until its push committed: its local work is unknown. */
#define LL_WS_DIRTY_FILE ".ll-dirty"

typedef void (*ll_ws_progress_cb)(void *payload, uint64_t done, uint64_t total);

struct ll_ws_pull_result {
	bool full;          /* the whole case exported (else only what changed) */
	char why[512];      /* why a full pull; empty for an incremental one */
	int64_t rows;       /* rows written into case.db */
	int64_t items;      /* incremental: items pulled again */
	int64_t entries;    /* custody entries new since the kept head */
	int64_t gen;        /* the server's change generation */
	double seconds;
};

/*
 * Brings DIR/case.db to the server's case, refused while DIR holds
 * unpushed work. Incremental when store.json keeps the head and change
 * generation of a last pull, the server's chain holds that head at its
 * seq, every case-wide push since recorded the tables it changed (those
 * are copied whole) and no command stopped before its
 * push (LL_WS_DIRTY_FILE): the chain is pulled and verified (it must
 * contain the kept head), then the items changed since (or added or
 * removed) are replaced, then the case-wide tables; the row counts must
 * then be the server's. Anything else is a full pull (exported into
 * DIR/.ll-pull, verified, renamed in), `res->why` saying why. Either way
 * `s` gets the new head, generation and time and store.json is written.
 * `cb` gets the rows written so far (total unknown: 0).
 */
int ll_ws_pull(struct ll_ws_pull_result *res, struct ll_custody_report *rep, struct ll_pg *pg,
	       const char *dir, struct ll_ws_store *s, ll_ws_progress_cb cb, void *payload);

/* The change record (ws_changes.c). */
/*
 * Makes the store layout 2 (the change record made) when it is layout 1 or
 * lacks the record, under the layout lock; refuses (naming it) another layout.
 */
int ll_ws_changes_init(struct ll_pg *pg);
/* Inside a transaction holding the layout lock: the change record made, layout 1 said 2. */
int ll_ws_changes_upgrade_tx(struct ll_pg *pg);
/* True when the store has the change record. */
int ll_ws_changes_present(bool *out, struct ll_pg *pg);
/*
 * Inside the push's transaction (under the case's id-allocation lock):
 * the next generation stamped on each of the unit's items, or on the
 * whole case ("") and the items new since its pull for a case-wide unit;
 * and a row of public.lifeline_change_log for that generation naming the
 * case-wide tables the push changed (NULL for an item's unit: every one)
 * and, for a case-wide unit, the (item table, item) pairs it changed. A
 * case-wide unit not marked (pushed again by `case sync` after a failed
 * push) gets no row: the pulls elsewhere are full ones.
 */
int ll_ws_changes_bump(struct ll_pg *pg, const struct ll_pg_case *c, const struct ll_ws_unit *u);
/* The case's highest generation (0: none recorded). */
int ll_ws_changes_gen(int64_t *out, struct ll_pg *pg, const struct ll_pg_case *c);

/* What a command works on; its state when pulled, to find what it changed. */
struct ll_ws_item {
	char *id;
	char **tables; /* digests per item table, in ll_ws_unit.tables order */
	bool changed;  /* case-wide unit, at the push: new since the pull (every table of it) */
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
	/*
	 * A case-wide unit marked after its pull: every item is in `items` with
	 * its digests, and the tables without an item's rows (but the chain) are
	 * digested whole here, so that the push can record which of them, and
	 * which items, the command changed (ws_changes.c's table record).
	 */
	bool case_marked;
	char **case_tables;   /* their names, sorted */
	char **case_digests;  /* their digests at the pull */
	size_t ncase_tables;
	char **changed_tables; /* at the push: those whose digest changed, or new */
	size_t nchanged_tables;
	/* at the push: (item table, item) whose rows changed, of the items marked */
	char **changed_item_tables, **changed_items;
	size_t nchanged_items;
};

int ll_ws_unit_add_item(struct ll_ws_unit *u, const char *id);
/* The tables holding an item's rows: evidence, then those with evidence_id but the case-wide ones. */
int ll_ws_item_tables(char ***v, size_t *n, struct ll_store *st);
/* After the pull: the chain's head and each item's digests (`st` the pulled case). */
int ll_ws_unit_mark(struct ll_ws_unit *u, struct ll_store *st);
/* A marked case-wide unit, at its push: the items and case-wide tables the command changed. */
int ll_ws_unit_case_changes(struct ll_ws_unit *u, struct ll_store *st);
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

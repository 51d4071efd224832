/* SPDX-License-Identifier: Apache-2.0 */
/* Private to analyze/movement/: the build's state and the helpers its files share. */
#ifndef LL_ANALYZE_MOVEMENT_INT_H
#define LL_ANALYZE_MOVEMENT_INT_H

#include "analyze/movement/movement.h"
#include "core/event/event.h"

struct ll_harm_host_addr;
struct sqlite3_stmt;
struct ll_store;

/* The store's side of a build: one transaction, one insert statement (movement_store.c). */
struct mv_writer {
	struct ll_store *st;
	struct sqlite3_stmt *ins;
};

/* Longest source or account name kept; a longer one is attacker-written noise (skipped). */
#define MV_NAME_MAX 255
/* INET6_ADDRSTRLEN, and the longest address text looked at */
#define MV_ADDR_LEN 46
/* How far back a service or task install looks for its account's logon (SID match). */
#define MV_LINK_WINDOW_NS (24LL * 3600 * 1000000000LL)

struct mv_ctx {
	/*
	 * With a writer (the build), each edge is stored as it is made and only
	 * the logons are kept here, for the installs to be tied to; without one
	 * (tests, fuzzing) every edge is kept.
	 */
	struct mv_writer *w;
	struct ll_movement_list edges;
	size_t cap;
	size_t stored;                       /* edges stored or kept */
	json_t *per_evidence;                /* {evidence_id: {edges, by_kind}}; NULL: not counted */
	/* service and task installs, tied to a logon once every logon is known */
	struct ll_movement_list installs;
	size_t installs_cap;
	json_t *by_kind, *skipped, *refused;
	struct ll_harm_host_addr *addrs;     /* the inventory's addresses */
	size_t naddrs;
	char **hosts;                        /* the inventory's host names */
	size_t nhosts;
};

/* What a source field holds once checked. */
enum mv_check { MV_ABSENT = 0, MV_OK = 1, MV_LOCAL = 2, MV_BAD = -1 };

/*
 * An address as the evidence wrote it: MV_OK and its canonical text in
 * `out` (IPv4-mapped IPv6 as IPv4; a "%zone" dropped), MV_ABSENT for "-"
 * or empty, MV_LOCAL for loopback, link-local and unspecified addresses
 * (not movement), MV_BAD for anything inet_pton refuses.
 */
enum mv_check mv_addr_check(char out[MV_ADDR_LEN], const char *in);
/*
 * A name (workstation, client, account) as the evidence wrote it: MV_OK and
 * `in` without leading backslashes in `out`, MV_ABSENT for "-" or empty,
 * MV_BAD when longer than MV_NAME_MAX bytes, not UTF-8, or holding a
 * control, format or bidi character.
 */
enum mv_check mv_name_check(char out[MV_NAME_MAX + 1], const char *in);

/* The inventory host an address or a name resolves to, or NULL. */
const char *mv_resolve_addr(const struct mv_ctx *c, const char *addr);
const char *mv_resolve_name(const struct mv_ctx *c, const char *name);

/*
 * Counts a record left out, by reason: mv_skip for a record that is no
 * movement (the host's own logon), mv_refuse for one whose attacker-written
 * values did not pass (reported as warnings).
 */
int mv_skip(struct mv_ctx *c, const char *reason);
int mv_refuse(struct mv_ctx *c, const char *reason);

/*
 * The part every edge shares, filled by its maker: kind, source address and
 * name (checked), account, logon type, success, the event. mv_add resolves
 * the source, writes the basis ("<what> on <host> <verb> for <account> from
 * <source>: event <id> (<evidence> <locator>)"), and keeps it (install = a service or task install,
 * kept aside until the logons are known).
 */
struct mv_new {
	const char *kind;
	const char *addr, *name, *account;   /* as found; checked here */
	const char *to_host;                 /* NULL: the event's host */
	const char *from_host;               /* already known (4648: the event's host) */
	int logon_type;
	bool success;
	const char *what, *verb;             /* "sshd", "accepted a password" */
	const char *logon_id, *sid;
};
int mv_add(struct mv_ctx *c, const struct ll_move_event *ev, const struct mv_new *n,
	   bool install);

/* The makers, by source; each returns 0 (an edge, or a counted skip) or an error. */
int mv_windows(struct mv_ctx *c, const struct ll_move_event *ev, const json_t *attrs);
/* WinRM/Operational 6 (movement_winrm.c): an edge from the client to the host it names. */
int mv_winrm(struct mv_ctx *c, const struct ll_move_event *ev, const json_t *attrs);
int mv_linux(struct mv_ctx *c, const struct ll_move_event *ev, const json_t *attrs);
/* Ties each service or task install to the logon it came through (movement_link.c). */
int mv_link_installs(struct mv_ctx *c);

/* A string member of a JSON object, or NULL. */
const char *mv_str(const json_t *o, const char *key);

void mv_edge_release(struct ll_movement_edge *e);
/*
 * An edge made: counted, stored (with a writer) and kept when it is a logon
 * or there is no writer; `e` is taken either way (movement_edge.c).
 */
int mv_emit(struct mv_ctx *c, struct ll_movement_edge *e);
/* A successful logon edge: what an install can be tied to. */
bool mv_is_logon(const struct ll_movement_edge *e);

/*
 * The build's transaction (movement_store.c): begin deletes the previous
 * run's edges; put stores one; end commits (or rolls back when !commit).
 */
int mv_store_begin(struct mv_writer *w, struct ll_store *st);
int mv_store_put(struct mv_writer *w, const struct ll_movement_edge *e);
int mv_store_end(struct mv_writer *w, bool commit);

#endif

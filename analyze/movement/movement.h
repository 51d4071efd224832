/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Movement edges (issue 17 item 2; docs/correlation.md "Movement edges"): one
 * per piece of evidence that an account reached a host from somewhere — a
 * Windows logon, RDP session, share access, a service or task installed by a
 * session from another host, an sshd login, a wtmp/btmp or audit login, a web
 * request. Built from the case's events at the end of `analyze detect`;
 * stored in `movement_edges` (analyze/movement/movement_store.c owns it).
 */
#ifndef LL_ANALYZE_MOVEMENT_H
#define LL_ANALYZE_MOVEMENT_H

#include "core/compat.h"

#include <jansson.h>

struct ll_store;

struct ll_movement_edge {
	int64_t id;              /* row id (0 before it is stored) */
	int64_t time_ns;
	const char *kind;        /* logon-network, logon-rdp, ssh-accepted … (static text) */
	char *from_addr;         /* the source address, canonical (inet_ntop), or NULL */
	char *from_name;         /* the source's own name (WorkstationName, ClientName…), or NULL */
	char *from_host;         /* the inventory host either resolves to, or NULL: an external actor */
	char *to_host;           /* the host reached: the event's host */
	char *account;           /* NULL when the evidence names none */
	int logon_type;          /* Windows LogonType, -1 when not known */
	bool success;
	int64_t event_id;        /* the event it rests on */
	int64_t logon_event_id;  /* a service or task install: the logon it rests on too; 0 */
	char *evidence_id;
	char *basis;             /* the sentence a reader checks it by */
	/* while building only: the logon's id and account SID (services, tasks) */
	char *logon_id, *sid;
};

struct ll_movement_list {
	struct ll_movement_edge *v;
	size_t n;
};

void ll_movement_list_release(struct ll_movement_list *l);

/*
 * Whether a canonical address is of a private range (RFC 1918, RFC 6598
 * shared space, IPv6 unique local): a source in one that the inventory does
 * not name is unresolved — a machine of some internal network — and is not
 * called external; only a public address nothing resolves is.
 */
bool ll_movement_addr_private(const char *addr);

/* The source as an external actor: no inventory host, and a public address. */
static inline bool ll_movement_external(const struct ll_movement_edge *e)
{
	return !e->from_host && e->from_addr && !ll_movement_addr_private(e->from_addr);
}

/*
 * An edge kind in French (movement_kind.c): `cap` opens a sentence, `low`
 * goes inside one, `label` marks a graph's arrow; `install` when the edge is
 * an install (it names who installed, no source). NULL for a kind the table
 * does not know: it is then named as stored, never guessed.
 */
struct ll_movement_kind_fr {
	const char *kind, *cap, *low, *label;
	bool install;
};
const struct ll_movement_kind_fr *ll_movement_kind_fr(const char *kind);

struct ll_movement_report {
	size_t edges;
	json_t *by_kind;   /* {kind: count}, owned */
	json_t *skipped;   /* {reason: count}: records that are no movement, owned */
	json_t *refused;   /* {reason: count}: attacker-written values that did not pass, owned */
};

/*
 * Scans the events, makes the edges, resolves their sources through the
 * inventory (`systems.ip_addresses`, host names), and replaces the stored
 * edges in one transaction, recording per evidence item a `movement`
 * analysis with the counts. Attacker-written values that do not pass
 * (addresses inet_pton refuses, names too long or with control or bidi
 * characters, attrs not a JSON object) refuse the record, counted in `refused`.
 */
/* The `skipped` reason of a service or task install tied to no logon from another host. */
#define LL_MOVEMENT_UNTIED "service or task install with no logon from another host before it"

int ll_movement_build(struct ll_movement_report *rep, struct ll_store *st);
void ll_movement_report_release(struct ll_movement_report *rep);

/*
 * The stored edges in time order. `host` (NULL: any) keeps edges to or from
 * that host (names compared without case and domain); `from` (NULL: any)
 * keeps edges whose source address, name or host is it.
 */
int ll_movement_load(struct ll_movement_list *out, struct ll_store *st,
		     const char *host, const char *from);
/*
 * The stored edges in time order that `keep` accepts, asked before an
 * edge's text is copied (first_logon.c keeps a few of the hundreds of
 * thousands a case of sshd logs has). `keep` sees the row's values
 * borrowed: id, time, kind, the addresses, names and hosts, account,
 * success; the rest unset.
 */
int ll_movement_load_if(struct ll_movement_list *out, struct ll_store *st,
			bool (*keep)(const struct ll_movement_edge *e));

/* Host names compare without case and without their domain ("FS03" = "fs03.offsec.lan"). */
bool ll_movement_host_eq(const char *a, const char *b);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* The custody ledger: canonical lines, hash chain, signatures (DESIGN §3, *spec*). */
#ifndef LL_CORE_CUSTODY_H
#define LL_CORE_CUSTODY_H

#include "core/compat.h"

struct ll_buf;
struct ll_signer;
struct ll_store;

#define LL_CUSTODY_FORMAT "lifeline-custody/1"
#define LL_CUSTODY_ZERO_HASH \
	"0000000000000000000000000000000000000000000000000000000000000000"

/*
 * One entry. Strings are borrowed; absent optional fields are NULL and
 * serialise as empty. `details` is a canonical JSON object text ("{}" if
 * none): compact, keys sorted, ASCII only (ll_json_canonical).
 */
struct ll_custody_entry {
	int64_t seq;
	int64_t time_ns;     /* UTC, microsecond precision */
	const char *actor;
	const char *actor_fpr;
	const char *action;
	const char *evidence_id;
	const char *host;
	const char *tool;
	const char *location;
	const char *to_name;
	const char *note;
	const char *details;
	char prev_hash[65];
	char hash[65];
};

/*
 * The canonical line (no trailing newline): fields joined by TAB, in the
 * order of docs/formats/custody.md, with \\ \t \n \r escaped.
 */
int ll_custody_serialize(struct ll_buf *out, const struct ll_custody_entry *e);

/* What a command asks to record; the ledger fills who, when, where, tool. */
struct ll_custody_request {
	const char *action;      /* acquire, register, transfer, receive, analyze, export, seal, verify, note… */
	const char *evidence_id; /* may be NULL */
	const char *location;
	const char *to_name;
	const char *note;
	const char *details;     /* JSON object text or NULL; canonicalised here */
};

/*
 * The two halves of an append that do not depend on the store (the SQLite
 * ledger here, the PostgreSQL one in core/pg/pg_custody.c), so that both
 * write the same entry. ll_custody_request_check refuses an unknown action
 * or free text that is not UTF-8, and gives the details in canonical form
 * (*details: free with ll_free; NULL when none). ll_custody_entry_seal fills
 * `e` — whose seq and prev_hash the caller has set from the head it holds
 * locked — with the time, the signer, `host` (the caller's buffer of 256),
 * the tool and the request, then its canonical line, its SHA-256 and the
 * signer's signature over the line (*sig: free with ll_free).
 */
int ll_custody_request_check(char **details, const struct ll_custody_request *req);
int ll_custody_entry_seal(struct ll_custody_entry *e, char host[256], struct ll_buf *line,
			  uint8_t **sig, size_t *siglen, const struct ll_signer *signer,
			  const struct ll_custody_request *req, const char *details);

/*
 * Appends one signed entry. Runs inside its own (nested) transaction, so a
 * caller that opened one with ll_store_begin gets the entry and its own
 * change committed together. `out` (may be NULL) receives seq and hash.
 */
int ll_custody_append(struct ll_custody_entry *out, struct ll_store *st,
		      const struct ll_signer *signer,
		      const struct ll_custody_request *req);

/* Head of the ledger: seq 0 and the zero hash when empty. */
int ll_custody_head(int64_t *seq, char hash[65], struct ll_store *st);

/*
 * The details (JSON text, free with ll_free; NULL when the entry has none)
 * and seq of the item's latest 'register' or 'collect' entry: what was
 * recorded when it was registered. *seq is 0 when it has no such entry.
 */
int ll_custody_registration(int64_t *seq, char **details, struct ll_store *st,
			    const char *evidence_id);

/* The latest time of any entry, 0 when the ledger is empty. */
int ll_custody_last_time(int64_t *ns, struct ll_store *st);

/* True if `s` names a known action. */
bool ll_custody_action_valid(const char *s);

struct ll_custody_report {
	int64_t entries;
	char head[65];
	int64_t bad_seq;   /* first failing entry, 0 if none */
	char reason[512];
	int64_t signers;   /* distinct certificates */
};

/*
 * Recomputes every entry's line, hash, chain link, certificate fingerprint
 * and signature. Returns 0 if all hold, LL_EVERIFY with `rep` naming the
 * first broken entry otherwise. With `head` (hex, a prefix of at least 8
 * digits), the ledger must end at that hash or contain it: a ledger that
 * ends earlier lost entries.
 */
int ll_custody_verify(struct ll_custody_report *rep, struct ll_store *st,
		      const char *head);

/* Iterates entries in order (fields borrowed during the call). */
typedef int (*ll_custody_cb)(const struct ll_custody_entry *e,
			     const uint8_t *sig, size_t siglen, void *payload);
int ll_custody_foreach(struct ll_store *st, ll_custody_cb cb, void *payload);

/*
 * Writes the stock-verifiable export into `dir` (must not exist):
 * chain.tsv (one canonical line per entry), sig/<seq>.der, certs/<fpr>.pem.
 */
int ll_custody_export(struct ll_store *st, const char *dir);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The custody chain of a case in the PostgreSQL store. Entries are the
 * SQLite ledger's (core/custody.h): same canonical line, hash, signature;
 * verification is core/custody.c's own, run on a copy of the two tables.
 */
#ifndef LL_CORE_PG_CUSTODY_H
#define LL_CORE_PG_CUSTODY_H

#include "core/compat.h"

struct ll_pg;
struct ll_pg_case;
struct ll_signer;
struct ll_custody_entry;
struct ll_custody_request;
struct ll_custody_report;

/*
 * Appends one signed entry to the case's chain, in its own transaction,
 * under pg_advisory_xact_lock(case key): the head is read, the entry built,
 * signed and inserted while no other appender of the case can read the
 * head, so processes appending at once on several machines make one chain.
 * Every command that records custody on the server appends through this.
 * `out` (may be NULL) receives seq, time and hashes.
 */
int ll_pg_custody_append(struct ll_custody_entry *out, struct ll_pg *pg,
			 const struct ll_pg_case *c, const struct ll_signer *signer,
			 const struct ll_custody_request *req);

/*
 * The same inside the caller's transaction (the chain lock is held until
 * it ends): a workspace's push appends its entries with its data, so both
 * are on the server or neither (core/pg/pg_sync.c).
 */
int ll_pg_custody_append_tx(struct ll_custody_entry *out, struct ll_pg *pg,
			    const struct ll_pg_case *c, const struct ll_signer *signer,
			    const struct ll_custody_request *req);

/* ll_custody_verify on the server's chain (same report, same rules). */
int ll_pg_custody_verify(struct ll_custody_report *rep, struct ll_pg *pg,
			 const struct ll_pg_case *c, const char *head);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Custody entries appended and verified in the PostgreSQL store. */
#include "core/compat.h"
#include "core/pg/pg_custody.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/crypto.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/name.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_copy.h"
#include "core/pg/pg_schema.h"
#include "core/store.h"
#include "core/time.h"

/* The chain's head, read under the lock: seq 0 and the zero hash when empty. */
static int read_head(int64_t *seq, char hash[65], struct ll_pg *pg)
{
	PGresult *r = NULL;
	int rc;

	if ((rc = ll_pg_query(&r, pg, "reading the custody head",
			      "SELECT seq, hash FROM custody ORDER BY seq DESC LIMIT 1", 0, NULL)) < 0)
		return rc;
	if (PQntuples(r) == 0) {
		*seq = 0;
		memcpy(hash, LL_CUSTODY_ZERO_HASH, 65);
	} else {
		*seq = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		snprintf(hash, 65, "%s", PQgetvalue(r, 0, 1));
	}
	ll_pg_clear(r);
	return 0;
}

int ll_pg_custody_append(struct ll_custody_entry *out, struct ll_pg *pg,
			 const struct ll_pg_case *c, const struct ll_signer *signer,
			 const struct ll_custody_request *req)
{
	int rc;

	if ((rc = ll_pg_begin(pg)) < 0)
		return rc;
	if ((rc = ll_pg_custody_append_tx(out, pg, c, signer, req)) < 0) {
		ll_pg_rollback(pg);
		return rc;
	}
	return ll_pg_commit(pg);
}

int ll_pg_custody_append_tx(struct ll_custody_entry *out, struct ll_pg *pg,
			    const struct ll_pg_case *c, const struct ll_signer *signer,
			    const struct ll_custody_request *req)
{
	struct ll_custody_entry e = { 0 };
	struct ll_buf line = LL_BUF_INIT;
	char host[256] = "", *details = NULL, *sighex = NULL;
	char key[24], seq[24], tns[24];
	uint8_t *sig = NULL;
	size_t siglen = 0;
	int rc;

	if ((rc = ll_custody_request_check(&details, req)) < 0)
		return rc;
	snprintf(key, sizeof(key), "%" PRId64, c->key);
	/* the lock first: no other appender of this case reads the head until we commit */
	if ((rc = ll_pg_query(NULL, pg, "locking the custody chain",
			      "SELECT pg_advisory_xact_lock($1::bigint)", 1,
			      (const char *const[]){ key })) < 0 ||
	    (rc = ll_pg_use_case(pg, c, true)) < 0 || (rc = read_head(&e.seq, e.prev_hash, pg)) < 0)
		goto out;
	e.seq += 1;
	if ((rc = ll_custody_entry_seal(&e, host, &line, &sig, &siglen, signer, req, details)) < 0)
		goto out;
	if (!(sighex = ll_malloc(siglen * 2 + 3))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(sighex, "\\x", 2);
	ll_hex_encode(sighex + 2, sig, siglen);
	sighex[2 + siglen * 2] = '\0';
	snprintf(seq, sizeof(seq), "%" PRId64, e.seq);
	snprintf(tns, sizeof(tns), "%" PRId64, e.time_ns);
	{
		const char *cert[2] = { signer->fingerprint, signer->cert_pem };
		const char *p[15] = { seq, tns, e.actor, e.actor_fpr, e.action, e.evidence_id,
				      e.host, e.tool, e.location, e.to_name, e.note, e.details,
				      e.prev_hash, e.hash, sighex };

		if ((rc = ll_pg_query(NULL, pg, "recording the certificate",
				      "INSERT INTO certificates(ll_rowid, fingerprint, pem)"
				      " SELECT coalesce((SELECT max(ll_rowid) FROM certificates), 0) + 1, $1, $2"
				      " WHERE NOT EXISTS (SELECT 1 FROM certificates WHERE fingerprint = $1)",
				      2, cert)) < 0 ||
		    (rc = ll_pg_query(NULL, pg, "appending the custody entry",
				      "INSERT INTO custody(ll_rowid, seq, time_ns, actor, actor_fpr, action,"
				      " evidence_id, host, tool, location, to_name, note, details,"
				      " prev_hash, hash, signature) VALUES ($1, $1, $2, $3, $4, $5, $6, $7,"
				      " $8, $9, $10, $11, $12, $13, $14, $15::bytea)",
				      15, p)) < 0)
			goto out;
	}
	if (out) {
		memset(out, 0, sizeof(*out));
		out->seq = e.seq;
		out->time_ns = e.time_ns;
		memcpy(out->hash, e.hash, sizeof(e.hash));
		memcpy(out->prev_hash, e.prev_hash, sizeof(e.prev_hash));
	}
out:
	ll_buf_release(&line);
	ll_free(details);
	ll_free(sig);
	ll_free(sighex);
	return rc;
}

int ll_pg_custody_verify(struct ll_custody_report *rep, struct ll_pg *pg,
			 const struct ll_pg_case *c, const char *head)
{
	struct ll_store *st = NULL;
	int64_t rows;
	int rc;

	memset(rep, 0, sizeof(*rep));
	/* a private in-memory case database: the same verification as on SQLite */
	if ((rc = ll_store_create(&st, ":memory:")) < 0)
		return rc;
	if ((rc = ll_pg_begin(pg)) < 0)
		goto out;
	/* one snapshot for both tables */
	if ((rc = ll_pg_exec(pg, "reading one snapshot",
			     "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")) < 0 ||
	    (rc = ll_pg_pull_table(&rows, pg, st, c->schema, "certificates", NULL, NULL)) < 0 ||
	    (rc = ll_pg_pull_table(&rows, pg, st, c->schema, "custody", NULL, NULL)) < 0) {
		ll_pg_rollback(pg);
		goto out;
	}
	ll_pg_rollback(pg);
	rc = ll_custody_verify(rep, st, head);
out:
	ll_store_free(st);
	return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* The PostgreSQL case store's tables: the store's own and one schema per case. */
#include "core/compat.h"
#include "core/pg/pg_schema.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/error.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_ws.h"

/*
 * The SQLite case schema at version 9 (core/schema.c) in PostgreSQL's
 * dialect: INTEGER is bigint, REAL double precision, TEXT text, BLOB bytea.
 * Same tables, same columns; each table starts with ll_rowid, the row's
 * SQLite rowid, so `case export` gives every row its rowid back (a query
 * without ORDER BY, or ordered by a key with ties, sees the same order).
 * Primary keys, UNIQUE, CHECK, NOT NULL and defaults are kept; foreign keys
 * are not (the rows come from a SQLite case that enforced them, and a
 * partitioned events table cannot be referenced by event id alone).
 * "user", "offset" and "row" are quoted: keywords in PostgreSQL.
 * events is partitioned by evidence item: its key includes evidence_id.
 */
const char ll_pg_case_ddl[] =
	"CREATE TABLE case_info (ll_rowid bigint NOT NULL,"
	"  id bigint PRIMARY KEY CHECK (id = 1),"
	"  case_id text NOT NULL, title text NOT NULL,"
	"  agency text, authority text, created_ns bigint NOT NULL);"
	"CREATE TABLE evidence (ll_rowid bigint NOT NULL,"
	"  id text PRIMARY KEY, seq bigint NOT NULL UNIQUE, kind text NOT NULL,"
	"  state text NOT NULL CHECK (state IN ('acquiring','incomplete','registered')),"
	"  format text, description text, notes text, source text, source_info text,"
	"  media_size bigint, md5 text, sha1 text, sha256 text,"
	"  unreadable_bytes bigint NOT NULL DEFAULT 0,"
	"  started_ns bigint NOT NULL, registered_ns bigint, details text, host text);"
	"CREATE TABLE evidence_files (ll_rowid bigint NOT NULL,"
	"  evidence_id text NOT NULL, path text NOT NULL, orig_path text,"
	"  role text NOT NULL, size bigint NOT NULL, sha256 text NOT NULL, md5 text, sha1 text,"
	"  meta text, PRIMARY KEY (evidence_id, path));"
	"CREATE TABLE evidence_errors (ll_rowid bigint NOT NULL,"
	"  evidence_id text NOT NULL, \"offset\" bigint NOT NULL, length bigint NOT NULL,"
	"  PRIMARY KEY (evidence_id, \"offset\"));"
	"CREATE TABLE certificates (ll_rowid bigint NOT NULL,"
	"  fingerprint text PRIMARY KEY, pem text NOT NULL);"
	"CREATE TABLE custody (ll_rowid bigint NOT NULL,"
	"  seq bigint PRIMARY KEY, time_ns bigint NOT NULL,"
	"  actor text NOT NULL, actor_fpr text NOT NULL, action text NOT NULL, evidence_id text,"
	"  host text NOT NULL, tool text NOT NULL, location text, to_name text, note text,"
	"  details text NOT NULL, prev_hash text NOT NULL, hash text NOT NULL,"
	"  signature bytea NOT NULL);"
	/* append-only, as in SQLite (verify recomputes everything regardless) */
	"CREATE FUNCTION custody_append_only() RETURNS trigger LANGUAGE plpgsql AS"
	"  $f$BEGIN RAISE EXCEPTION 'custody ledger is append-only'; END$f$;"
	"CREATE TRIGGER custody_no_change BEFORE UPDATE OR DELETE ON custody"
	"  FOR EACH ROW EXECUTE FUNCTION custody_append_only();"
	"CREATE TABLE time_rules (ll_rowid bigint NOT NULL,"
	"  id bigint PRIMARY KEY, rule text NOT NULL UNIQUE);"
	"CREATE TABLE events (ll_rowid bigint NOT NULL,"
	"  id bigint NOT NULL, evidence_id text NOT NULL, time_ns bigint NOT NULL,"
	"  orig_ns bigint, time_desc text NOT NULL, time_raw text,"
	"  source text NOT NULL, parser text NOT NULL, category text,"
	"  host text, \"user\" text, path text, event_code bigint,"
	"  locator text NOT NULL, message text NOT NULL, attrs text,"
	"  rule_id bigint, host_from text,"
	"  PRIMARY KEY (evidence_id, id)) PARTITION BY LIST (evidence_id);"
	"CREATE INDEX events_time ON events(time_ns);"
	"CREATE TABLE analyses (ll_rowid bigint NOT NULL,"
	"  evidence_id text NOT NULL, kind text NOT NULL, time_ns bigint NOT NULL,"
	"  options text, counts text, warnings text, command text, warning_codes text,"
	"  PRIMARY KEY (evidence_id, kind));"
	"CREATE TABLE fs_volumes (ll_rowid bigint NOT NULL,"
	"  evidence_id text NOT NULL, part_offset bigint NOT NULL,"
	"  pool_block bigint NOT NULL DEFAULT 0, part_length bigint,"
	"  vs_type text, part_desc text, fs_type text, block_size bigint, sector_size bigint,"
	"  entries bigint NOT NULL DEFAULT 0, tz text, error text, hostname text,"
	"  PRIMARY KEY (evidence_id, part_offset, pool_block));"
	"CREATE TABLE fs_entries (ll_rowid bigint NOT NULL,"
	"  id bigint PRIMARY KEY, evidence_id text NOT NULL, part_offset bigint NOT NULL,"
	"  fs_type text NOT NULL, inode text NOT NULL,"
	"  meta_addr bigint, attr_type bigint, attr_id bigint,"
	"  name_kind text NOT NULL DEFAULT '', path text NOT NULL, body_name text NOT NULL,"
	"  link text, allocated bigint NOT NULL, realloc bigint NOT NULL DEFAULT 0,"
	"  mode text, mode_bits bigint, uid bigint, gid bigint, size bigint,"
	"  atime_ns bigint, mtime_ns bigint, ctime_ns bigint, crtime_ns bigint,"
	"  dtime_ns bigint, fn_crtime_ns bigint, timestomp bigint NOT NULL DEFAULT 0,"
	"  tz text, md5 text, pool_block bigint NOT NULL DEFAULT 0);"
	"CREATE INDEX fs_entries_evidence ON fs_entries(evidence_id, part_offset, pool_block, id);"
	"CREATE TABLE findings (ll_rowid bigint NOT NULL,"
	"  id bigint PRIMARY KEY, rule_id text NOT NULL, title text NOT NULL,"
	"  source text NOT NULL, severity text NOT NULL, techniques text,"
	"  confidence text NOT NULL, host text, first_ns bigint NOT NULL, last_ns bigint NOT NULL,"
	"  event_count bigint NOT NULL, description text, details text,"
	"  ruleset text NOT NULL DEFAULT '', ruleset_sha256 text);"
	"CREATE TABLE finding_events (ll_rowid bigint NOT NULL,"
	"  finding_id bigint NOT NULL, event_id bigint NOT NULL,"
	"  PRIMARY KEY (finding_id, event_id));"
	"CREATE TABLE correlation (ll_rowid bigint NOT NULL,"
	"  id bigint PRIMARY KEY CHECK (id = 1), time_ns bigint NOT NULL,"
	"  options text, doc text NOT NULL);"
	"CREATE TABLE systems (ll_rowid bigint NOT NULL,"
	"  id bigint PRIMARY KEY, evidence_id text NOT NULL, locator text NOT NULL,"
	"  hostname text NOT NULL, system text NOT NULL, role text, site_code text, unit text,"
	"  life_critical bigint NOT NULL, \"row\" text NOT NULL);"
	"CREATE TABLE disruptions (ll_rowid bigint NOT NULL,"
	"  id text PRIMARY KEY, evidence_id text NOT NULL, locator text NOT NULL,"
	"  event_id bigint, end_event_id bigint,"
	"  site_code text NOT NULL, unit text NOT NULL, type text NOT NULL,"
	"  affected_system text, linked_asset text, severity text NOT NULL,"
	"  start_ns bigint NOT NULL, end_ns bigint NOT NULL, time_precision text NOT NULL,"
	"  \"row\" text NOT NULL);"
	"CREATE TABLE harm_events (ll_rowid bigint NOT NULL,"
	"  id text PRIMARY KEY, evidence_id text NOT NULL, locator text NOT NULL,"
	"  event_id bigint, patient text NOT NULL, site_code text NOT NULL, unit text NOT NULL,"
	"  start_ns bigint NOT NULL, time_precision text NOT NULL,"
	"  care_process text NOT NULL, harm_level text NOT NULL, causality text NOT NULL,"
	"  \"row\" text NOT NULL);"
	"CREATE TABLE metrics (ll_rowid bigint NOT NULL,"
	"  id bigint PRIMARY KEY, evidence_id text NOT NULL, locator text NOT NULL,"
	"  event_id bigint, site_code text NOT NULL, unit text NOT NULL, metric text NOT NULL,"
	"  start_ns bigint NOT NULL, end_ns bigint NOT NULL,"
	"  value double precision NOT NULL, denominator double precision,"
	"  \"row\" text NOT NULL, UNIQUE (site_code, unit, metric, start_ns));"
	"CREATE TABLE detect_unevaluated (ll_rowid bigint NOT NULL,"
	"  ruleset text NOT NULL, rule_id text NOT NULL, title text NOT NULL,"
	"  event_id bigint NOT NULL, error text NOT NULL, time_ns bigint NOT NULL,"
	"  PRIMARY KEY (ruleset, rule_id, event_id));"
	"CREATE TABLE movement_edges (ll_rowid bigint NOT NULL,"
	"  id bigint PRIMARY KEY, time_ns bigint NOT NULL, kind text NOT NULL,"
	"  from_addr text, from_name text, from_host text, to_host text NOT NULL,"
	"  account text, logon_type bigint, success bigint NOT NULL,"
	"  event_id bigint NOT NULL, logon_event_id bigint, evidence_id text,"
	"  basis text NOT NULL);"
	"CREATE TABLE case_mandate (ll_rowid bigint NOT NULL,"
	"  id bigint PRIMARY KEY CHECK (id = 1),"
	"  requesting_authority text, basis text, reference text, date text,"
	"  jurisdiction text CHECK (jurisdiction IN ('fr', 'ew', 'us')),"
	"  updated_ns bigint NOT NULL);"
	"CREATE TABLE case_questions (ll_rowid bigint NOT NULL,"
	"  n bigint PRIMARY KEY CHECK (n >= 1), text text NOT NULL);";

/*
 * The store's own tables. The advisory lock (a constant key, "LLPG") makes
 * two first connections create them one after the other.
 */
static const char store_ddl[] =
	"CREATE TABLE IF NOT EXISTS public.lifeline_store ("
	"  id integer PRIMARY KEY CHECK (id = 1),"
	"  version integer NOT NULL, sqlite_schema integer NOT NULL);"
	"CREATE TABLE IF NOT EXISTS public.lifeline_cases ("
	"  case_key bigserial PRIMARY KEY,"
	"  case_id text NOT NULL UNIQUE,"
	"  state text NOT NULL CHECK (state IN ('loading', 'ready')),"
	"  created_ns bigint NOT NULL);";

int ll_pg_store_init(struct ll_pg *pg)
{
	PGresult *r = NULL;
	char v[16], s[16];
	const char *params[2] = { v, s };
	int rc;

	/* text goes byte for byte: as UTF-8 (checked) or unconverted (SQL_ASCII); another
	 * server encoding would convert it on the way in and out */
	{
		const char *enc = PQparameterStatus(pg->conn, "server_encoding");

		if (!enc || (strcmp(enc, "UTF8") && strcmp(enc, "SQL_ASCII")))
			return ll_error_set(LL_EUNSUPPORTED,
					    "the %s is encoded %s; lifeline keeps text byte for byte "
					    "only in a UTF8 or SQL_ASCII database", pg->where,
					    enc ? enc : "(unknown)");
	}
	snprintf(v, sizeof(v), "%d", LL_PG_STORE_VERSION);
	snprintf(s, sizeof(s), "%d", LL_PG_SQLITE_SCHEMA);
	if ((rc = ll_pg_begin(pg)) < 0)
		return rc;
	if ((rc = ll_pg_exec(pg, "locking the store layout",
			     "SELECT pg_advisory_xact_lock(1280067399)")) < 0 ||
	    (rc = ll_pg_exec(pg, "creating the store's tables", store_ddl)) < 0 ||
	    (rc = ll_pg_query(NULL, pg, "recording the store layout version",
			      "INSERT INTO public.lifeline_store(id, version, sqlite_schema)"
			      " VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING", 2, params)) < 0 ||
	    (rc = ll_ws_changes_upgrade_tx(pg)) < 0 ||
	    (rc = ll_pg_query(&r, pg, "reading the store layout version",
			      "SELECT version, sqlite_schema FROM public.lifeline_store", 0, NULL)) < 0)
		goto fail;
	if (PQntuples(r) != 1 || strcmp(PQgetvalue(r, 0, 0), v) || strcmp(PQgetvalue(r, 0, 1), s)) {
		rc = ll_error_set(LL_EUNSUPPORTED,
				  "the %s holds a lifeline store of layout %s (case schema %s); "
				  "this lifeline writes layout %s (case schema %s)",
				  pg->where, PQntuples(r) ? PQgetvalue(r, 0, 0) : "?",
				  PQntuples(r) ? PQgetvalue(r, 0, 1) : "?", v, s);
		goto fail;
	}
	ll_pg_clear(r);
	return ll_pg_commit(pg);
fail:
	ll_pg_clear(r);
	ll_pg_rollback(pg);
	return rc;
}

int ll_pg_store_version(int *out, struct ll_pg *pg)
{
	PGresult *r = NULL;
	int rc;

	*out = 0;
	if ((rc = ll_pg_query(&r, pg, "looking for the lifeline store",
			      "SELECT to_regclass('public.lifeline_store') IS NOT NULL", 0, NULL)) < 0)
		return rc;
	if (strcmp(PQgetvalue(r, 0, 0), "t")) {
		ll_pg_clear(r);
		return ll_error_set(LL_ENOTFOUND, "the %s holds no lifeline store layout", pg->where);
	}
	ll_pg_clear(r);
	r = NULL;
	if ((rc = ll_pg_query(&r, pg, "reading the store layout version",
			      "SELECT version FROM public.lifeline_store", 0, NULL)) < 0)
		return rc;
	if (PQntuples(r) == 1)
		*out = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
	ll_pg_clear(r);
	return *out ? 0 : ll_error_set(LL_ENOTFOUND, "the %s holds no lifeline store layout",
				       pg->where);
}

int ll_pg_case_find(struct ll_pg_case *out, struct ll_pg *pg, const char *case_id)
{
	PGresult *r = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	/* a database no push has written: say so, not "relation does not exist" */
	if ((rc = ll_pg_query(&r, pg, "looking for the lifeline store",
			      "SELECT to_regclass('public.lifeline_cases') IS NOT NULL,"
			      " to_regclass('public.lifeline_store') IS NOT NULL", 0, NULL)) < 0)
		return rc;
	if (strcmp(PQgetvalue(r, 0, 0), "t") || strcmp(PQgetvalue(r, 0, 1), "t")) {
		ll_pg_clear(r);
		return ll_error_set(LL_ENOTFOUND,
				    "the %s holds no lifeline case store (no case was pushed there), so no case '%s'",
				    pg->where, case_id);
	}
	ll_pg_clear(r);
	r = NULL;
	if ((rc = ll_pg_query(&r, pg, "reading the store layout version",
			      "SELECT version FROM public.lifeline_store", 0, NULL)) < 0)
		return rc;
	if (PQntuples(r) != 1 || strtol(PQgetvalue(r, 0, 0), NULL, 10) < LL_PG_STORE_VERSION_OLDEST ||
	    strtol(PQgetvalue(r, 0, 0), NULL, 10) > LL_PG_STORE_VERSION) {
		rc = ll_error_set(LL_EUNSUPPORTED, "the %s holds a lifeline store of layout %s; this "
				  "lifeline reads layouts %d to %d", pg->where,
				  PQntuples(r) ? PQgetvalue(r, 0, 0) : "?", LL_PG_STORE_VERSION_OLDEST,
				  LL_PG_STORE_VERSION);
		ll_pg_clear(r);
		return rc;
	}
	ll_pg_clear(r);
	r = NULL;
	if ((rc = ll_pg_query(&r, pg, "looking the case up",
			      "SELECT case_key, state FROM public.lifeline_cases WHERE case_id = $1", 1,
			      &case_id)) < 0)
		return rc;
	if (PQntuples(r) != 1) {
		ll_pg_clear(r);
		return ll_error_set(LL_ENOTFOUND, "the %s has no case '%s'", pg->where, case_id);
	}
	out->key = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	snprintf(out->state, sizeof(out->state), "%s", PQgetvalue(r, 0, 1));
	snprintf(out->schema, sizeof(out->schema), "lifeline_case_%" PRId64, out->key);
	ll_pg_clear(r);
	return 0;
}

int ll_pg_use_case(struct ll_pg *pg, const struct ll_pg_case *c, bool local)
{
	const char *params[2] = { c->schema, local ? "t" : "f" };

	return ll_pg_query(NULL, pg, "choosing the case schema",
			   "SELECT pg_catalog.set_config('search_path', $1, $2::boolean)", 2, params);
}

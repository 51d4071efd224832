/* SPDX-License-Identifier: Apache-2.0 */
/* The case database schema, as an ordered list of migrations. */
#include "core/compat.h"
#include "core/store.h"

/*
 * Migration N brings a database from user_version N-1 to N. Never edit a
 * migration that has shipped; append a new one. Until 1.0 is released
 * migration 1 may still change (no case database exists in the field).
 *
 * Times are int64 nanoseconds since 1970 UTC (`*_ns`); hashes lowercase hex.
 */
static const char schema_v1[] =
	/* --- the case (issue 2) --- */
	"CREATE TABLE case_info ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  case_id TEXT NOT NULL, title TEXT NOT NULL,"
	"  agency TEXT, authority TEXT, created_ns INTEGER NOT NULL);"

	/* --- evidence (issue 3): media hash vs container hash, DESIGN §3 --- */
	"CREATE TABLE evidence ("
	"  id TEXT PRIMARY KEY,"                 /* E1, E2… or the exhibit number */
	"  seq INTEGER NOT NULL UNIQUE,"         /* creation order */
	"  kind TEXT NOT NULL,"                  /* image | file */
	"  state TEXT NOT NULL CHECK (state IN ('acquiring','incomplete','registered')),"
	"  format TEXT,"                         /* e01 | raw | split-raw | file */
	"  description TEXT, notes TEXT,"
	"  source TEXT,"                         /* path, device or '-' */
	"  source_info TEXT,"                    /* JSON: model, serial, owner… */
	"  media_size INTEGER,"
	"  md5 TEXT, sha1 TEXT, sha256 TEXT,"    /* media hashes */
	"  unreadable_bytes INTEGER NOT NULL DEFAULT 0,"
	"  started_ns INTEGER NOT NULL, registered_ns INTEGER,"
	"  details TEXT);"                       /* JSON: timings, options */
	"CREATE TABLE evidence_files ("
	"  evidence_id TEXT NOT NULL REFERENCES evidence(id),"
	"  path TEXT NOT NULL,"                  /* relative to the case directory */
	"  orig_path TEXT,"
	"  role TEXT NOT NULL,"                  /* segment | file */
	"  size INTEGER NOT NULL, sha256 TEXT NOT NULL, md5 TEXT, sha1 TEXT,"
	"  meta TEXT,"                           /* JSON: owner, mode, MAC times */
	"  PRIMARY KEY (evidence_id, path));"
	"CREATE TABLE evidence_errors ("
	"  evidence_id TEXT NOT NULL REFERENCES evidence(id),"
	"  offset INTEGER NOT NULL, length INTEGER NOT NULL,"
	"  PRIMARY KEY (evidence_id, offset));"

	/* --- custody ledger (issue 2, DESIGN §3; docs/formats/custody.md) --- */
	"CREATE TABLE certificates ("
	"  fingerprint TEXT PRIMARY KEY,"        /* sha256 of the DER certificate */
	"  pem TEXT NOT NULL);"
	"CREATE TABLE custody ("
	"  seq INTEGER PRIMARY KEY,"
	"  time_ns INTEGER NOT NULL,"
	"  actor TEXT NOT NULL, actor_fpr TEXT NOT NULL,"
	"  action TEXT NOT NULL, evidence_id TEXT,"
	"  host TEXT NOT NULL, tool TEXT NOT NULL,"
	"  location TEXT, to_name TEXT, note TEXT,"
	"  details TEXT NOT NULL,"               /* canonical JSON object */
	"  prev_hash TEXT NOT NULL, hash TEXT NOT NULL,"
	"  signature BLOB NOT NULL);"            /* DER ECDSA over the canonical line */
	/* Append-only: refuse updates and deletes through SQL (a tamperer can
	 * drop the trigger, which is why verify recomputes everything). */
	"CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody"
	"  BEGIN SELECT RAISE(ABORT, 'custody ledger is append-only'); END;"
	"CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody"
	"  BEGIN SELECT RAISE(ABORT, 'custody ledger is append-only'); END;"

	/* --- timeline events (issues 4, 5, 7; DESIGN §5) --- */
	"CREATE TABLE events ("
	"  id INTEGER PRIMARY KEY,"
	"  evidence_id TEXT NOT NULL REFERENCES evidence(id),"
	"  time_ns INTEGER NOT NULL,"            /* UTC, after any clock offset */
	"  orig_ns INTEGER,"                     /* UTC before the clock offset, if any */
	"  time_desc TEXT NOT NULL,"             /* plaso vocabulary */
	"  time_raw TEXT,"                       /* the time as found */
	"  time_rule TEXT,"                      /* how it became UTC */
	"  source TEXT NOT NULL,"                /* fs | evtx | syslog | web | csv | jsonl | harm | disruption | metric */
	"  parser TEXT NOT NULL,"
	"  category TEXT,"
	"  host TEXT, user TEXT, path TEXT,"
	"  event_code INTEGER,"                  /* EVTX event id, else NULL */
	"  locator TEXT NOT NULL,"
	"  message TEXT NOT NULL,"
	"  attrs TEXT);"                         /* JSON object */
	/*
	 * Indexes cost most of a timeline load (each is a random B-tree insert
	 * per event), so only those a query needs: time order and ranges
	 * (exports, correlate, the case file's span) and the evidence item
	 * (re-runs delete an item's events; `--evidence` exports). Inserts
	 * into events_evidence append: an item's rows arrive in id order.
	 * No path or event_code index: detection scans by source and sorts.
	 */
	"CREATE INDEX events_time ON events(time_ns);"
	"CREATE INDEX events_evidence ON events(evidence_id);"
	"CREATE TABLE analyses ("
	"  evidence_id TEXT NOT NULL REFERENCES evidence(id),"
	"  kind TEXT NOT NULL,"                  /* timeline | detect | correlate */
	"  time_ns INTEGER NOT NULL,"
	"  options TEXT, counts TEXT, warnings TEXT,"
	"  PRIMARY KEY (evidence_id, kind));"

	/* --- file-system entries, body-file fidelity (issue 4; docs/formats/timeline.md) --- */
	/* Each file system `analyze timeline` found (or failed to open) on an image. */
	"CREATE TABLE fs_volumes ("
	"  evidence_id TEXT NOT NULL REFERENCES evidence(id),"
	"  part_offset INTEGER NOT NULL,"        /* bytes from the start of the media */
	"  part_length INTEGER,"                 /* bytes */
	"  vs_type TEXT, part_desc TEXT,"        /* volume system and partition type */
	"  fs_type TEXT,"                        /* NULL: no file system recognised */
	"  block_size INTEGER, sector_size INTEGER,"
	"  entries INTEGER NOT NULL DEFAULT 0,"
	"  tz TEXT,"                             /* zone used for FAT local times */
	"  error TEXT,"                          /* why nothing or only part was read */
	"  PRIMARY KEY (evidence_id, part_offset));"
	/* One row per line `fls -r -m /` prints, in its order (id). */
	"CREATE TABLE fs_entries ("
	"  id INTEGER PRIMARY KEY,"
	"  evidence_id TEXT NOT NULL REFERENCES evidence(id),"
	"  part_offset INTEGER NOT NULL,"        /* bytes from the start of the media */
	"  fs_type TEXT NOT NULL,"
	"  inode TEXT NOT NULL,"                 /* as fls prints it: 12 or 35-128-1 */
	"  meta_addr INTEGER, attr_type INTEGER, attr_id INTEGER,"
	"  name_kind TEXT NOT NULL DEFAULT '',"  /* '' | FILE_NAME */
	"  path TEXT NOT NULL,"                  /* clean: /dir/name[:stream], raw bytes */
	"  body_name TEXT NOT NULL,"             /* fls's name field: '^' for control chars, suffixes */
	"  link TEXT,"                           /* symlink target */
	"  allocated INTEGER NOT NULL,"          /* name allocated (0 = deleted) */
	"  realloc INTEGER NOT NULL DEFAULT 0,"  /* deleted name, metadata reused */
	"  mode TEXT, mode_bits INTEGER, uid INTEGER, gid INTEGER, size INTEGER,"
	"  atime_ns INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, crtime_ns INTEGER," /* NULL = unset */
	"  dtime_ns INTEGER,"                    /* ext2/3/4 deletion time */
	"  fn_crtime_ns INTEGER,"                /* NTFS $FILE_NAME creation (for $SI rows too) */
	"  timestomp INTEGER NOT NULL DEFAULT 0," /* $SI creation < $FN creation */
	"  tz TEXT,"                             /* zone used for FAT local times */
	"  md5 TEXT);"
	"CREATE INDEX fs_entries_evidence ON fs_entries(evidence_id, part_offset, id);"
	"CREATE INDEX fs_entries_name ON fs_entries(evidence_id, part_offset, body_name, id);"

	/* --- findings (issue 6) --- */
	"CREATE TABLE findings ("
	"  id INTEGER PRIMARY KEY,"
	"  rule_id TEXT NOT NULL, title TEXT NOT NULL,"
	"  source TEXT NOT NULL,"                /* sigma | builtin | fs-detector */
	"  severity TEXT NOT NULL, techniques TEXT,"
	"  confidence TEXT NOT NULL,"
	"  host TEXT, first_ns INTEGER NOT NULL, last_ns INTEGER NOT NULL,"
	"  event_count INTEGER NOT NULL, description TEXT, details TEXT,"
	"  ruleset TEXT NOT NULL DEFAULT '',"    /* builtin | fs-detectors | the --rules path: re-runs replace their own */
	"  ruleset_sha256 TEXT);"                /* of the rule files that produced it */
	"CREATE INDEX findings_ruleset ON findings(ruleset);"
	"CREATE TABLE finding_events ("
	"  finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,"
	"  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (finding_id, event_id));"
	"CREATE INDEX finding_events_event ON finding_events(event_id);"

	/* --- hospital data and correlation (issue 7) --- */
	/* The last `analyze correlate` result as one JSON document (the
	 * structure of docs/formats/correlation.md); the case file reads it. */
	"CREATE TABLE correlation ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  time_ns INTEGER NOT NULL,"
	"  options TEXT,"                        /* JSON: windows asked for */
	"  doc TEXT NOT NULL);"
	/* The hospital's files (shared/formats/harm-schemas.md), one row per
	 * CSV row or FHIR resource; `locator` is "path:line" or
	 * "path#/json/pointer", `row` the whole validated row (JSON object),
	 * `event_id` the timeline event written for it. */
	"CREATE TABLE systems ("
	"  id INTEGER PRIMARY KEY,"
	"  evidence_id TEXT NOT NULL REFERENCES evidence(id),"
	"  locator TEXT NOT NULL,"
	"  hostname TEXT NOT NULL COLLATE NOCASE,"
	"  system TEXT NOT NULL, role TEXT, site_code TEXT, unit TEXT,"
	"  life_critical INTEGER NOT NULL,"
	"  row TEXT NOT NULL);"
	"CREATE TABLE disruptions ("
	"  id TEXT PRIMARY KEY,"                 /* D-0001 */
	"  evidence_id TEXT NOT NULL REFERENCES evidence(id),"
	"  locator TEXT NOT NULL,"
	"  event_id INTEGER, end_event_id INTEGER,"
	"  site_code TEXT NOT NULL, unit TEXT NOT NULL, type TEXT NOT NULL,"
	"  affected_system TEXT, linked_asset TEXT, severity TEXT NOT NULL,"
	"  start_ns INTEGER NOT NULL, end_ns INTEGER NOT NULL,"
	"  time_precision TEXT NOT NULL,"
	"  row TEXT NOT NULL);"
	"CREATE TABLE harm_events ("
	"  id TEXT PRIMARY KEY,"                 /* H-0001, or a FHIR resource id */
	"  evidence_id TEXT NOT NULL REFERENCES evidence(id),"
	"  locator TEXT NOT NULL,"
	"  event_id INTEGER,"
	"  patient TEXT NOT NULL, site_code TEXT NOT NULL, unit TEXT NOT NULL,"
	"  start_ns INTEGER NOT NULL, time_precision TEXT NOT NULL,"
	"  care_process TEXT NOT NULL, harm_level TEXT NOT NULL,"
	"  causality TEXT NOT NULL,"
	"  row TEXT NOT NULL);"
	"CREATE TABLE metrics ("
	"  id INTEGER PRIMARY KEY,"
	"  evidence_id TEXT NOT NULL REFERENCES evidence(id),"
	"  locator TEXT NOT NULL,"
	"  event_id INTEGER,"
	"  site_code TEXT NOT NULL, unit TEXT NOT NULL, metric TEXT NOT NULL,"
	"  start_ns INTEGER NOT NULL, end_ns INTEGER NOT NULL,"
	"  value REAL NOT NULL, denominator REAL,"
	"  row TEXT NOT NULL,"
	"  UNIQUE (site_code, unit, metric, start_ns));"
	;

/*
 * Version 2: the rule that made an event's time UTC is stored once per
 * distinct text and referenced by id. The rule of an RFC 3164 line is
 * about 120 bytes and the same on every line of a file; repeated on every
 * row it was a quarter of a syslog event's bytes. `events_full` gives
 * readers the rows with the rule text back in `time_rule`.
 */
static const char schema_v2[] =
	"CREATE TABLE time_rules ("
	"  id INTEGER PRIMARY KEY,"
	"  rule TEXT NOT NULL UNIQUE);"
	"INSERT INTO time_rules(rule)"
	"  SELECT DISTINCT time_rule FROM events WHERE time_rule IS NOT NULL;"
	"ALTER TABLE events ADD COLUMN rule_id INTEGER REFERENCES time_rules(id);"
	"UPDATE events SET rule_id = (SELECT id FROM time_rules WHERE rule = events.time_rule)"
	"  WHERE time_rule IS NOT NULL;"
	"ALTER TABLE events DROP COLUMN time_rule;"
	"CREATE VIEW events_full AS"
	"  SELECT e.*, r.rule AS time_rule FROM events e"
	"  LEFT JOIN time_rules r ON r.id = e.rule_id;"
	;

/*
 * Version 3: pool volumes (issue 4). An APFS container holds several file
 * systems at one partition offset, told apart by the block of each
 * volume's superblock (`fls -B`); 0 for every file system outside a pool,
 * which keeps older rows meaning what they meant. fs_volumes gains the
 * column in its key, so it is rebuilt; fs_entries gains it in its indexes.
 */
static const char schema_v3[] =
	"CREATE TABLE fs_volumes_v3 ("
	"  evidence_id TEXT NOT NULL REFERENCES evidence(id),"
	"  part_offset INTEGER NOT NULL,"        /* bytes: partition (pool volume: its container) */
	"  pool_block INTEGER NOT NULL DEFAULT 0," /* pool volume superblock block; 0 = no pool */
	"  part_length INTEGER,"                 /* bytes (pool volume: blocks allocated) */
	"  vs_type TEXT, part_desc TEXT,"        /* volume system; partition type [, APFS volume 'name'] */
	"  fs_type TEXT,"
	"  block_size INTEGER, sector_size INTEGER,"
	"  entries INTEGER NOT NULL DEFAULT 0,"
	"  tz TEXT,"
	"  error TEXT,"
	"  PRIMARY KEY (evidence_id, part_offset, pool_block));"
	"INSERT INTO fs_volumes_v3(evidence_id, part_offset, pool_block, part_length, vs_type,"
	"  part_desc, fs_type, block_size, sector_size, entries, tz, error)"
	"  SELECT evidence_id, part_offset, 0, part_length, vs_type, part_desc, fs_type,"
	"  block_size, sector_size, entries, tz, error FROM fs_volumes;"
	"DROP TABLE fs_volumes;"
	"ALTER TABLE fs_volumes_v3 RENAME TO fs_volumes;"
	"ALTER TABLE fs_entries ADD COLUMN pool_block INTEGER NOT NULL DEFAULT 0;"
	"DROP INDEX fs_entries_evidence;"
	"DROP INDEX fs_entries_name;"
	"CREATE INDEX fs_entries_evidence ON fs_entries(evidence_id, part_offset, pool_block, id);"
	"CREATE INDEX fs_entries_name ON fs_entries(evidence_id, part_offset, pool_block, body_name, id);"
	;

/*
 * Version 4: rule/event pairs `analyze detect` could not evaluate (issue 14
 * item 9): a regular expression that hit a PCRE2 limit (match, depth, heap)
 * or met bad UTF-8 is neither a match nor a non-match. Replaced with the
 * findings of the same rule set; read by `findings list` and the report's
 * limitations.
 */
static const char schema_v4[] =
	"CREATE TABLE detect_unevaluated ("
	"  ruleset TEXT NOT NULL,"
	"  rule_id TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
	"  error TEXT NOT NULL,"
	"  time_ns INTEGER NOT NULL,"
	"  PRIMARY KEY (ruleset, rule_id, event_id));"
	"CREATE INDEX detect_unevaluated_event ON detect_unevaluated(event_id);"
	;

/*
 * Version 5: the host of every event (issue 17 item 1). `evidence.host` is
 * what `collect … --host` recorded; `fs_volumes.hostname` the name a file
 * system's /etc/hostname gave (checked by the parent, analyze/tsk/
 * tsk_hostname.c); `events.host_from` says where a host that the event did
 * not carry itself came from ("--host", "inventory", "image"), NULL for a
 * host the event named. The host pass (analyze/hosts.c) rewrites only rows
 * with host_from set or no host, so re-runs stay consistent.
 */
static const char schema_v5[] =
	"ALTER TABLE evidence ADD COLUMN host TEXT;"
	"ALTER TABLE fs_volumes ADD COLUMN hostname TEXT;"
	"ALTER TABLE events ADD COLUMN host_from TEXT;"
	;

/*
 * Version 6: movement edges (issue 17 item 2; analyze/movement/): one row per
 * piece of evidence that an account reached a host from somewhere, rebuilt
 * at the end of every `analyze detect`. `event_id` is the event it rests on,
 * `logon_event_id` the logon a service or task install is tied to.
 */
static const char schema_v6[] =
	"CREATE TABLE movement_edges ("
	"  id INTEGER PRIMARY KEY,"
	"  time_ns INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  from_addr TEXT, from_name TEXT, from_host TEXT,"
	"  to_host TEXT NOT NULL,"
	"  account TEXT,"
	"  logon_type INTEGER,"
	"  success INTEGER NOT NULL,"
	"  event_id INTEGER NOT NULL,"
	"  logon_event_id INTEGER,"
	"  evidence_id TEXT,"
	"  basis TEXT NOT NULL);"
	"CREATE INDEX movement_edges_time ON movement_edges(time_ns, id);"
	;

/*
 * Version 7: the mandate of the case (issue 18 item 1; core/expert/mandate.c):
 * who asked for the examination, on what legal basis and reference, its date,
 * the jurisdiction whose declaration the report uses, and the questions as
 * put, numbered from 1 in the order given, quoted verbatim in the report.
 */
static const char schema_v7[] =
	"CREATE TABLE case_mandate ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  requesting_authority TEXT, basis TEXT, reference TEXT,"
	"  date TEXT,"                           /* YYYY-MM-DD */
	"  jurisdiction TEXT CHECK (jurisdiction IN ('fr', 'ew', 'us')),"
	"  updated_ns INTEGER NOT NULL);"
	"CREATE TABLE case_questions ("
	"  n INTEGER PRIMARY KEY CHECK (n >= 1),"
	"  text TEXT NOT NULL);"
	;

/*
 * Version 8: the exact command line of each analysis (issue 18 item 3, the
 * report's methods): a JSON array of the arguments the run was given
 * (core/cmdline.h), NULL for runs recorded before.
 */
static const char schema_v8[] =
	"ALTER TABLE analyses ADD COLUMN command TEXT;"
	;

/*
 * Version 9: the codes of the analyses' warnings (issue 18): a JSON array of
 * {text, code, params} beside `warnings`, whose English stays as it is, so
 * a report in French composes each coded warning from the same parameters
 * (casefile/report/facts/warning_text.c); NULL for runs recorded before.
 */
static const char schema_v9[] =
	"ALTER TABLE analyses ADD COLUMN warning_codes TEXT;"
	;

const char *const ll_schema_migrations[] = {
	schema_v1,
	schema_v2,
	schema_v3,
	schema_v4,
	schema_v5,
	schema_v6,
	schema_v7,
	schema_v8,
	schema_v9,
};

const size_t ll_schema_migration_count = LL_ARRAY_SIZE(ll_schema_migrations);

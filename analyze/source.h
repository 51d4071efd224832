/* SPDX-License-Identifier: Apache-2.0 */
/* The reader registry: one source kind per evidence format, chosen by content. */
#ifndef LL_ANALYZE_SOURCE_H
#define LL_ANALYZE_SOURCE_H

#include "core/compat.h"

struct ll_case;
struct ll_evidence;
struct ll_event_writer;
struct ll_frame;
struct ll_store;

/* Options of `lifeline analyze timeline` that readers use. */
struct ll_timeline_opts {
	const char *tz;       /* --tz: zone for zone-less times (FAT, RFC 3164, CSV); NULL = UTC */
	int year;             /* --year: for RFC 3164 syslog; 0 = infer */
	const char *mapping;  /* --mapping FILE: column mapping for generic CSV/JSONL; may be NULL */
	const char *log_format; /* --log-format 'nginx:…'|'apache:…' for web logs; may be NULL */
	bool usn_journal;     /* --usn-journal: a file nothing recognises is read as a $UsnJrnl:$J */
	/* BitLocker keys (secrets: handed to libbde only, never printed or stored); may be NULL */
	const char *bde_recovery_key;  /* --bde-recovery-key */
	const char *bde_password_file; /* --bde-password-file: read by the process that walks */
	const char *bde_password;      /* its first line, once read (ll_tsk_bde_password_load) */
	/*
	 * Per item, set by the driver (analyze/host_zone.h) when no --tz is
	 * given: the zone words of the item's host, from an image of the same
	 * host (its SYSTEM hive), for readers of local times; NULL otherwise.
	 */
	const char *host_zone;
	/*
	 * Per item, set by the driver: the check before reading recomputed
	 * the virtual disk's media hashes (every virtual byte read by the
	 * same libraries) and they equal those recorded at collection, so the
	 * image reader's own read of every virtual byte is not done again
	 * (analyze/tsk/tsk_source.c check_vdisk_reads).
	 */
	bool media_verified;
};

/* What a reader reports back; the driver stores it with the analysis. */
struct ll_source_stats {
	uint64_t events;    /* events written */
	uint64_t rejected;  /* records or lines that could not be parsed */
	uint64_t recovered; /* recovered (deleted) records, EVTX */
	void *warnings;     /* json_t array of strings, owned by the driver */
	void *partial;      /* json_t array of {reason, message}, owned by the driver */
	/*
	 * json_t array of {text, code, params}, owned by the driver, NULL when
	 * not kept: the coded warnings (ll_source_warn_code), `text` the English
	 * exactly as in `warnings`.
	 */
	void *warning_codes;
	char first_rejected[512]; /* where the first rejected record was, "" if none */
};

/* Where a syslog file's year is inferred from (ll_syslog_anchor). */
struct ll_source_anchor {
	int64_t ns;
	char what[160];
};

/*
 * Everything one reader call gets. `path` is the absolute path of the file
 * to read (for images: the first segment; `ev` lists all). Readers write
 * events through `w` (inside the driver's transaction), add warnings with
 * ll_source_warn, and return 0 even when some records were bad (counted in
 * stats->rejected); a negative return means the whole file could not be
 * read, and the driver rolls back only that file's events.
 */
struct ll_source_ctx {
	struct ll_case *cs;
	const struct ll_evidence *ev;
	const char *path;      /* absolute */
	const char *rel_path;  /* as recorded in evidence_files (for locators) */
	struct ll_event_writer *w;
	const struct ll_timeline_opts *opts;
	struct ll_source_stats *stats;
	/*
	 * In a reader worker (analyze/worker/): `cs` is NULL, `path` is bound
	 * to the descriptor handed over (ll_input_bind), and what a reader
	 * would have looked up in the store comes from the parent; NULL
	 * in-process.
	 */
	const struct ll_source_anchor *anchor;
	/*
	 * In a worker, for a whole-item reader: the absolute paths of the
	 * files it reads (an image's segments, in order), given by the parent;
	 * NULL in-process (the reader finds them through `cs`).
	 */
	const char *const *segments;
	size_t nsegments;
	/*
	 * In a worker: sends one of the reader's rows other than events (the
	 * fs frames of analyze/worker/frame.h) to the parent; NULL in-process.
	 */
	int (*send)(void *payload, const struct ll_frame *f);
	void *send_payload;
	const char *case_id; /* in a worker: the case's id (fhir names it); in-process NULL */
};

/* Adds a warning ("file 'x' line 12: bad time") to the analysis record. */
void ll_source_warn(struct ll_source_ctx *ctx, const char *fmt, ...)
	LL_PRINTF(2, 3);

/*
 * A warning with a stable code (docs/formats/warning-codes.md): the English,
 * stored as ll_source_warn stores it, and beside it {text, code, params} in
 * stats->warning_codes, so that a report in another language composes the
 * same warning from the same values (casefile/report/facts/warning_text.c)
 * and never translates the English. `params` is a JSON object of strings
 * and integers, stolen (NULL: none); strings longer than
 * LL_WARN_PARAM_MAX bytes are cut at a character boundary.
 */
struct json_t;
#define LL_WARN_PARAM_MAX 256
void ll_source_warn_code(struct ll_source_ctx *ctx, const char *code, struct json_t *params,
			 const char *fmt, ...) LL_PRINTF(4, 5);

/*
 * Keeps {text, code, params} in `codes` (a json_t array; NULL: nothing),
 * params cut as above; steals `params`. Used by ll_source_warn_code and by
 * the parent of a worker for a coded WARN. Returns 0 or LL_ENOMEM.
 */
int ll_source_keep_code(void *codes, const char *text, const char *code, struct json_t *params);

/*
 * Says the file is only partly in the store (a damaged image, a budget hit):
 * a warning, and an entry {reason, message} of the run's `partial` list, which
 * makes `analyze timeline` exit 4. `reason` is a fixed token
 * (docs/commands/analyze-timeline.md lists them).
 */
void ll_source_partial(struct ll_source_ctx *ctx, const char *reason,
		       const char *fmt, ...) LL_PRINTF(3, 4);

/*
 * A whole artefact of an image lost (a hive, a Prefetch file): counted as
 * rejected, the first one named in first_rejected ("<kind> <label>: <why>"),
 * a warning "'<label>': <why>"; the image goes on. Returns 0.
 */
int ll_source_reject_artefact(struct ll_source_ctx *ctx, const char *kind, const char *label,
			      const char *why);

/*
 * Where in an image a file system was read: the volume's offset, the APFS
 * pool block, the shadow copy store, BitLocker. An artefact read inside a
 * store must say so, or a store's older hive or journal would give events
 * indistinguishable from the live volume's.
 */
struct ll_source_volume {
	uint64_t part_offset;     /* bytes from the start of the media */
	uint64_t pool_block;      /* APFS volume superblock block, 0 outside a pool */
	uint32_t vss_store;       /* shadow copy store (1 = vshadowinfo's "Store: 1"), 0 = the volume */
	bool bde;                 /* read through BitLocker */
};

/*
 * An artefact file of an image (a hive, a Prefetch file, the change
 * journal): `label` for its warnings ("<item>: <path> (part_offset=N
 * [, pool_block=B][, vss_store=S][, bde], inode I)") and `prefix`, the
 * image's locator before the artefact's own fields
 * ("part_offset=N[;pool_block=B][;vss_store=S][;bde=1];inode=I;"), the
 * same volume fields as a file-system event's locator. Appends to both.
 */
struct ll_buf;
int ll_source_artefact_names(struct ll_buf *label, struct ll_buf *prefix, const struct ll_source_ctx *ctx,
			     const struct ll_source_volume *vol, const char *inode,
			     const char *path);

/* Appends the volume's fields "part_offset=N[<sep>pool_block=B]…" (sep ";" in a locator). */
int ll_source_volume_fields(struct ll_buf *b, const struct ll_source_volume *v, const char *sep);

/* Counts one rejected line and warns: "'FILE' line N (offset O): why". */
void ll_source_reject_line(struct ll_source_ctx *ctx, uint64_t lineno, uint64_t offset,
			   const char *why);

/*
 * After a time conversion failed with `rc`: when the time was outside the
 * storable range (ll_time_range_error), rejects the line with that message and
 * returns 0 so the reader goes on; otherwise returns `rc`.
 */
int ll_source_reject_time(struct ll_source_ctx *ctx, uint64_t lineno, uint64_t offset,
			  int rc);

struct ll_input;
struct ll_line;
struct ll_event;
struct ll_tl_row;

/*
 * A text reader's event from its row: writes the locator
 * "line=N;offset=O" into row->loc and fills `ev` with the item, the file's
 * path, "Event Logged", no event code, and the row's raw time, host, user
 * (NULL when empty), locator, message and attrs. The reader then sets
 * time_ns, time_rule, source and parser, and overrides what differs.
 */
int ll_source_row_event(struct ll_event *ev, const struct ll_source_ctx *ctx,
			struct ll_tl_row *row, uint64_t lineno, uint64_t offset);

/*
 * The next non-empty line of `in` for a line reader: lines longer than the
 * input's limit are rejected (with a warning) and skipped. Returns 1 for a
 * line, 0 at the end, < 0 on a read error.
 */
int ll_source_line(struct ll_line *ln, struct ll_source_ctx *ctx, struct ll_input *in);

/*
 * An event-log reader's account of recovered (deleted) records: how many it
 * found, stored (ctx->stats->recovered), skipped as copies of live records
 * and could not read. Says nothing when none were found.
 */
void ll_source_recovered(struct ll_source_ctx *ctx, uint64_t found, uint64_t copies,
			 uint64_t unreadable);

/*
 * The end of a line reader's loop: an input error that is the file's fault
 * (a gzip stream cut short: LL_ECORRUPT) becomes a warning and one rejected
 * record, the lines before it kept; other errors are returned.
 */
int ll_source_input_end(struct ll_source_ctx *ctx, int rc);

struct ll_source_kind {
	const char *name;    /* "tsk", "evtx", "syslog", "weblog", "csv", "harm-csv", "fhir" … */
	/*
	 * Content sniffing: given the first bytes of the file (gzip already
	 * undone) and its size, returns a confidence 0..100 (0 = not mine).
	 */
	int (*probe)(const uint8_t *head, size_t len, uint64_t file_size);
	int (*run)(struct ll_source_ctx *ctx);
	/*
	 * Optional: removes what a previous run of this reader stored for an
	 * evidence item outside the events table (fs_entries, harm tables).
	 */
	int (*clear)(struct ll_store *st, const char *evidence_id);
	bool whole_item;     /* reads the item as one (disk image segments) */
	/*
	 * Optional, worker readers only: called in the worker before its
	 * lock-down with the ctx run() will get, for what needs a name or a
	 * system call the filter refuses (a library that opens by path, a
	 * memory file). The reader's own errors are kept for run() to return;
	 * < 0 only when the worker cannot go on.
	 */
	int (*prepare)(struct ll_source_ctx *ctx);
	/*
	 * Runs in a sandboxed worker process (analyze/worker/worker.h) when
	 * the driver uses workers: a reader that only writes events, opens
	 * its input through analyze/input.h and nothing else by name (but in
	 * its prepare hook, before the lock-down).
	 */
	bool worker;
	/*
	 * Reads times of the host's wall clock without a zone (RFC 3164
	 * syslog, the Windows Firewall log, dpkg/apt logs): without --tz it is
	 * handed the zone of the item's host, from an image of the same host
	 * (analyze/host_zone.h), and converts with ll_tl_zone_init_host.
	 */
	bool host_local_time;
};

/* The registry, in analyze/sources.c: one line per reader. */
extern const struct ll_source_kind *const ll_source_kinds[];
extern const size_t ll_source_kind_count;

#endif

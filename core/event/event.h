/* SPDX-License-Identifier: Apache-2.0 */
/* Writing timeline events into the case store in batches (DESIGN §5, *spec*). */
#ifndef LL_CORE_EVENT_H
#define LL_CORE_EVENT_H

#include "core/compat.h"
#include "core/buf.h"

struct ll_store;
struct sqlite3_stmt;

/*
 * One event. Strings are borrowed for the duration of ll_event_add. Required:
 * evidence_id, time_ns, time_desc, source, parser, locator, message.
 * `attrs` is a JSON object text or NULL.
 */
struct ll_event {
	const char *evidence_id;
	int64_t time_ns;         /* UTC; the clock offset is applied by the writer */
	const char *time_desc;   /* plaso vocabulary: "Content Modification Time", "Event Logged"… */
	const char *time_raw;    /* the time text as found */
	const char *time_rule;   /* how it became UTC: "EVTX FILETIME", "RFC 3164, year 2024 inferred, zone Europe/Paris" */
	const char *source;      /* fs | evtx | evt | journal | audit | login | syslog | shell | package | web | csv | jsonl | harm | disruption | metric */
	const char *parser;
	const char *category;
	const char *host, *user, *path;
	int64_t event_code;      /* EVTX event id; -1 for none */
	const char *locator;
	const char *message;
	const char *attrs;
};

/*
 * A batched writer: events go into the store through prepared statements
 * inside the caller's transaction. `clock_offset_s` (0 for none) is added to
 * every time; the original is kept in orig_ns.
 *
 * With ll_event_writer_batch, ll_event_add copies the event and stores
 * LL_EVENT_BATCH of them with one statement (one statement per row costs
 * more than the row); the caller must then ll_event_flush before it
 * commits, and ll_event_discard when it rolls back. An event asked for its
 * row id is stored at once, after the pending ones, so ids keep the order
 * of ll_event_add calls.
 */
#define LL_EVENT_MAX_TIMES 4
#define LL_EVENT_BATCH 16
#define LL_EVENT_NSTR 13 /* string fields of struct ll_event */
#define LL_EVENT_RULE_CACHE 8

/*
 * The emit mode (a reader worker, which holds no store): `n` events that
 * share every field of `e` but the time, its description and attrs, as
 * ll_event_add_times takes them (n == 1 for ll_event_add). Strings are
 * borrowed for the call. A negative return fails the add.
 */
typedef int (*ll_event_emit_fn)(void *payload, const struct ll_event *e, size_t n,
				const int64_t *time_ns, const char *const *time_desc,
				const char *const *attrs);

struct ll_event_rule {
	char *text;
	size_t len;
	int64_t id;
};

struct ll_event_writer {
	struct ll_store *st;
	struct sqlite3_stmt *ins;
	struct sqlite3_stmt *times[LL_EVENT_MAX_TIMES + 1]; /* by row count, made on first use */
	struct sqlite3_stmt *batch_ins;                      /* LL_EVENT_BATCH rows */
	struct sqlite3_stmt *rule_ins, *rule_sel;            /* time_rules */
	struct ll_event_rule rules[LL_EVENT_RULE_CACHE];     /* recent rule ids */
	size_t rule_next;
	bool batch;
	size_t npending;
	struct {
		int64_t time_ns, event_code;
		size_t off[LL_EVENT_NSTR];                   /* into arena; SIZE_MAX for NULL */
		int len[LL_EVENT_NSTR];
	} pending[LL_EVENT_BATCH];
	struct ll_buf arena;
	int64_t clock_offset_s;
	uint64_t count;
	/*
	 * Limits of one load, set by the caller after init (0 = none): at most
	 * `max_events` events, and at least `min_free` bytes left on the file
	 * system of `space_dir` (checked every LL_EVENT_SPACE_EVERY events). An
	 * add that would cross one fails (LL_EUNSUPPORTED, LL_EIO) and sets
	 * `stopped`; the events before it are intact, so the caller may keep them.
	 */
	uint64_t max_events;
	uint64_t min_free;
	const char *space_dir;
	enum ll_event_stop { LL_EVENT_RUNNING, LL_EVENT_STOP_BUDGET,
			     LL_EVENT_STOP_SPACE } stopped;
	/* the emit mode (ll_event_writer_emit): no store, no statements */
	ll_event_emit_fn emit;
	void *emit_payload;
};

#define LL_EVENT_SPACE_EVERY 16384

int ll_event_writer_init(struct ll_event_writer *w, struct ll_store *st,
			 int64_t clock_offset_s);
/*
 * A writer in emit mode: every add is validated as for the store (required
 * fields, the limits) and handed to `fn` instead of being stored. A
 * clock_offset_s set after this call is only checked (a time it would push
 * out of range fails the add, as in the store): the times handed over are
 * unshifted, the store's writer applies it. Row ids do not exist (an add
 * asking for one fails). Release it as any writer.
 */
void ll_event_writer_emit(struct ll_event_writer *w, ll_event_emit_fn fn,
			  void *payload);
/* Inserts one event; `id_out` (may be NULL) receives its row id. */
int ll_event_add(struct ll_event_writer *w, const struct ll_event *e,
		 int64_t *id_out);
/*
 * Inserts `n` (1..LL_EVENT_MAX_TIMES) events that share every field of `e`
 * but the time, its description and attrs (e's are ignored): a file's MACB
 * times. One statement for all rows, in the order given; the common
 * fields are bound once. The row ids are not returned. In batch mode the
 * rows join the pending batch instead (same order, same rows).
 */
int ll_event_add_times(struct ll_event_writer *w, const struct ll_event *e,
		       size_t n, const int64_t *time_ns,
		       const char *const *time_desc, const char *const *attrs);
/* Turns batching on (see above). */
void ll_event_writer_batch(struct ll_event_writer *w);
/* Stores the pending events. */
int ll_event_flush(struct ll_event_writer *w);
/* Forgets the pending events (the caller rolls back), uncounting them. */
void ll_event_discard(struct ll_event_writer *w);
/* Finalizes the statements; pending events are discarded. */
void ll_event_writer_release(struct ll_event_writer *w);

/* Deletes an evidence item's events (and their finding links) of `source`
 * (NULL = every source), for a clean re-run. */
int ll_event_delete_evidence(struct ll_store *st, const char *evidence_id,
			     const char *source);

/*
 * How many events the case holds and, when it holds any, the earliest and
 * latest time (*any false and the times 0 otherwise).
 */
int ll_event_stats(int64_t *count, bool *any, int64_t *first_ns, int64_t *last_ns,
		   struct ll_store *st);

/* A file-system event as the fs detectors read it; text borrowed until the next step. */
struct ll_fs_event {
	int64_t id;
	const char *evidence_id;
	int64_t time_ns;
	const char *path;
	const char *macb;   /* attrs.macb, NULL if none */
	int64_t size;       /* attrs.size, 0 if none */
	bool allocated;     /* attrs.allocated; true when not recorded */
	const char *host;   /* NULL if none */
};

/*
 * Every 'fs' event with a path, ordered by item, path, time and id,
 * streamed (core/event/event_read.c): ll_event_fs_next gives 1 and the row, 0 at
 * the end, or a negative error.
 */
struct ll_event_fs_cursor;
int ll_event_fs_open(struct ll_event_fs_cursor **out, struct ll_store *st);
int ll_event_fs_next(struct ll_fs_event *ev, struct ll_event_fs_cursor *c);
void ll_event_fs_free(struct ll_event_fs_cursor *c);
/*
 * The shadow copy stores an item's images hold (events of source "vss", one
 * per store, analyze/tsk/tsk_volevents.c): how many, the first and last
 * creation times (0 when none).
 */
int ll_event_vss_catalog(struct ll_store *st, const char *evidence_id, int64_t *count,
			 int64_t *first_ns, int64_t *last_ns);

/*
 * An event the rule engine scans: EVTX events and Linux audit records that
 * carry attributes. Text borrowed for the call.
 */
struct ll_attr_event {
	int64_t id, time_ns;
	const char *host;        /* may be NULL */
	const char *attrs;       /* JSON object text */
	size_t attrs_len;
	bool audit;              /* a Linux audit record */
	const char *source;      /* evtx | audit | syslog | journal */
	const char *message;     /* may be NULL */
};

typedef int (*ll_attr_event_cb)(const struct ll_attr_event *ev, void *payload);

/* Calls `cb` for each, in id order; a negative return stops the scan and is returned. */
int ll_event_scan_attrs(struct ll_store *st, ll_attr_event_cb cb, void *payload);
/* How many events ll_event_scan_attrs would call `cb` for (a progress total). */
int ll_event_count_attrs(uint64_t *n, struct ll_store *st);

/*
 * An event movement edges may rest on (analyze/movement/): Windows logon,
 * session, share, service and task records, sshd lines of syslog and the
 * journal, wtmp/btmp, audit logins and web requests. Text borrowed for the
 * call; fields NULL where the row has none.
 */
struct ll_move_event {
	int64_t id, time_ns, event_code;
	const char *evidence_id, *source, *parser, *host, *user, *path, *locator;
	const char *message, *attrs;
};

typedef int (*ll_move_event_cb)(const struct ll_move_event *ev, void *payload);

/* Calls `cb` for each, in time and id order; a negative return stops the scan. */
int ll_event_scan_movement(struct ll_store *st, ll_move_event_cb cb, void *payload);

/*
 * *out: whether an event of `host` (its name, or a name under it: "host.")
 * between `from_ns` and `to_ns` mentions `other` in its message or attrs.
 */
int ll_event_host_mentions(bool *out, struct ll_store *st, const char *host,
			   const char *other, int64_t from_ns, int64_t to_ns);

/*
 * The item's host (analyze/hosts.c): every event of item `evidence_id`
 * that names no host of its own gets `host`, with `from` ("--host",
 * "inventory", "image") in events.host_from; events given a host this way
 * before are brought up to date; `host` NULL takes those back. Events whose
 * reader found a host keep it. *changed: rows written.
 */
int ll_event_set_item_host(int64_t *changed, struct ll_store *st, const char *evidence_id,
			   const char *host, const char *from);

#endif

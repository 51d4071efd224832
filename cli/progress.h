/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The CLI's progress on stderr: a bar drawn only when stderr is a terminal, or,
 * with the global `--progress json`, one JSON object per update (docs/commands/
 * README.md "Progress"), for the scripts and interfaces that drive lifeline.
 */
#ifndef LL_CLI_PROGRESS_H
#define LL_CLI_PROGRESS_H

#include "core/compat.h"

enum ll_progress_mode {
	LL_PROGRESS_AUTO = 0, /* a bar when stderr is a terminal, else nothing */
	LL_PROGRESS_JSON,     /* JSON lines on stderr, terminal or not */
	LL_PROGRESS_NONE,     /* nothing */
};

/* The process's mode (main.c, from --progress); the command's name (ll_cli_run). */
void ll_progress_set_mode(enum ll_progress_mode mode);
void ll_progress_set_command(const char *command);
/* "auto", "json", "none" into *mode; -1 for anything else. */
int ll_progress_parse_mode(const char *s, enum ll_progress_mode *mode);
/* True under --progress json: stderr's notes that are no error give way to the JSON lines. */
bool ll_progress_json(void);
/* CLOCK_MONOTONIC in ns: an item's start, set in ll_progress.start_ns after init. */
int64_t ll_progress_clock(void);

struct ll_progress {
	const char *label;   /* the item: a file, an evidence id */
	const char *unit;    /* "bytes", "events", "files", "rules" … (JSON "unit") */
	uint64_t total;      /* 0 = unknown (stdin) */
	uint64_t done;
	uint64_t events;     /* analyze timeline: the item's events so far */
	int64_t start_ns;
	int64_t last_draw_ns;
	bool enabled;
	bool json;
	bool bytes;          /* show MB/s; else items/s */
	bool has_events;
};

/*
 * In the auto mode `enabled` is false when `quiet` (the -q option), when
 * stderr is no tty or when LIFELINE_NO_PROGRESS is set (tests and bench set
 * it). `--progress json` is asked for explicitly: neither -q nor the variable
 * turns it off. `unit` is "bytes" when `bytes`, else "items" (ll_progress_unit).
 */
void ll_progress_init(struct ll_progress *p, const char *label, uint64_t total,
		      bool bytes, bool quiet);
/* The unit of a count that is not bytes ("events", "files" …); a static string. */
void ll_progress_unit(struct ll_progress *p, const char *unit);
/* The item's running event count, shown with its rate (analyze timeline). */
void ll_progress_events(struct ll_progress *p, uint64_t events);
/* Redraws at most 10 times a second; JSON: one line each time it redraws. */
void ll_progress_update(struct ll_progress *p, uint64_t done);
/* Draws the final state and a newline; JSON: the last line, "final": true. */
void ll_progress_finish(struct ll_progress *p);

/*
 * The libraries' progress callbacks (void (*)(void *payload, uint64_t done,
 * uint64_t total)) drawn as one bar: `label` the item ("events", a file),
 * `unit` what is counted. The bar starts at the first call and ends with
 * ll_progress_cb_end (which does nothing if no call came).
 */
struct ll_progress_cb {
	struct ll_progress bar;
	const char *label, *unit;
	bool quiet, started;
	uint64_t count; /* ll_progress_cb_one's */
};

void ll_progress_cb_init(struct ll_progress_cb *c, const char *label, const char *unit, bool quiet);
void ll_progress_cb(void *payload, uint64_t done, uint64_t total);
void ll_progress_cb_end(struct ll_progress_cb *c);
/* One more of an unknown total (void (*)(void *payload): the export's rows). */
void ll_progress_cb_one(void *payload);
/* A step of `total` done, the step's name as the item (casefile build). */
void ll_progress_cb_step(void *payload, const char *step, uint64_t done, uint64_t total);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* `analyze detect`: rules and file-system detectors over a case's events, into findings. */
#ifndef LL_ANALYZE_DETECT_H
#define LL_ANALYZE_DETECT_H

#include "core/compat.h"

#include <jansson.h>

#include "analyze/detect/findings.h"

struct ll_case;
struct ll_signer;
struct ll_store;

/* Tunable thresholds of the file-system detectors (docs/rules.md). */
struct ll_fs_thresholds {
	int64_t bucket_s;        /* burst.bucket_s: bucket width, seconds (60) */
	int64_t min_files;       /* burst.min_files: files changed in a bucket (50) */
	double factor;           /* burst.factor: times the median bucket (20) */
	double ext_share;        /* burst.ext_share: share of the dominant extension (0.5) */
	double ext_new;          /* burst.ext_new: max share of that extension outside bursts (0.1) */
	int64_t merge_gap_s;     /* burst.merge_gap_s: join burst buckets this close (120) */
	int64_t note_min_dirs;   /* notes.min_dirs: identical files in this many directories (10) */
	int64_t note_window_s;   /* notes.window_s: written within this span (600) */
	int64_t usn_window_s;    /* usn.window_s: change journal sliding window, seconds (300) */
	int64_t usn_min_files;   /* usn.min_files: files rewritten or renamed in it (1000) */
};

void ll_fs_thresholds_default(struct ll_fs_thresholds *t);
/* Sets one threshold from "name=value"; LL_EINVAL names the problem. */
int ll_fs_thresholds_set(struct ll_fs_thresholds *t, const char *assignment);
/* The thresholds as a JSON object (for the custody entry). */
json_t *ll_fs_thresholds_json(const struct ll_fs_thresholds *t);

typedef int (*ll_finding_cb)(void *ctx, const struct ll_finding *f);

/*
 * Runs the file-system detectors (encryption burst, ransom notes, deleted
 * backups) over every `fs` event in the store and calls `emit` per finding.
 * `rules_dir` holds ransom_notes.txt and backup_patterns.txt.
 */
int ll_fs_detect_run(struct ll_store *st, const struct ll_fs_thresholds *t,
		     const char *rules_dir, ll_finding_cb emit, void *ctx);

struct ll_detect_report;

struct ll_detect_opts {
	const char *rules;          /* --rules PATH; NULL = built-in set */
	bool no_fs;                 /* skip the file-system detectors */
	bool workers;               /* parse the rule files in a sandboxed worker */
	int64_t cluster_gap_s;      /* split a rule's matches on one host at gaps longer than this (3600) */
	struct ll_fs_thresholds th;
	/* events scanned so far of `total`, after each event; may be NULL (the CLI's progress) */
	void (*progress)(void *payload, uint64_t done, uint64_t total);
	void *progress_payload;
	/*
	 * Called inside detect's transaction after the findings are stored and
	 * before the signed custody entry, so that the entry counts what it
	 * adds: the CLI builds the movement edges and the first-logon findings
	 * (which read the findings just stored) here and sets
	 * rep->first_logon_findings. May be NULL.
	 */
	int (*before_custody)(void *payload, struct ll_detect_report *rep);
	void *before_custody_payload;
};

#define LL_DETECT_UNEVAL_LIST 1000

struct ll_detect_report {
	char ruleset[4096];         /* "builtin" or the rules path */
	char sha256[65];
	size_t files, rules, skipped, findings, fs_findings;
	uint64_t events, matches;
	json_t *skips;              /* [{path, reason, detail}], owned */
	json_t *by_reason;          /* {reason: count}, owned */
	/*
	 * Rule/event pairs whose answer is unknown (a PCRE2 match, depth or
	 * heap limit, an error): neither findings nor non-matches. All are
	 * stored (detect_unevaluated); the first LL_DETECT_UNEVAL_LIST are
	 * listed here as [{rule_id, title, event_id, error}], owned.
	 */
	uint64_t not_evaluated;
	json_t *unevaluated;
	size_t first_logon_findings; /* set by opts->before_custody */
	int64_t custody_seq;
};

/*
 * Loads the rules, scans the case's EVTX events, groups matches into
 * findings per rule, host and time cluster, runs the file-system detectors,
 * and replaces the findings of the same rule set in one transaction that
 * also appends a signed `detect` custody entry.
 */
int ll_detect_run(struct ll_detect_report *rep, struct ll_case *cs,
		  const struct ll_signer *signer, const struct ll_detect_opts *o);
void ll_detect_report_release(struct ll_detect_report *rep);

#endif

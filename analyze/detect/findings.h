/* SPDX-License-Identifier: Apache-2.0 */
/* The findings of `analyze detect`: tables findings, finding_events, detect_unevaluated. */
#ifndef LL_ANALYZE_DETECT_FINDINGS_H
#define LL_ANALYZE_DETECT_FINDINGS_H

#include "core/compat.h"

#include <jansson.h>

struct ll_store;

/*
 * analyze/detect/findings_store.c is the only code that speaks SQL to these
 * tables: detect writes through ll_findings_writer, the readers (correlate,
 * the case file's model, `findings list`) load typed rows.
 */

/* One finding before it is stored; every event id it rests on is cited. */
struct ll_finding {
	const char *rule_id, *title;
	const char *source;      /* sigma | builtin | fs-detector */
	const char *severity;    /* informational | low | medium | high | critical */
	const char *techniques;  /* JSON array text */
	const char *confidence;  /* high | medium | low */
	const char *host;        /* may be NULL */
	const char *description;
	int64_t first_ns, last_ns;
	const int64_t *event_ids;
	size_t nevents;
	json_t *details;         /* borrowed; may be NULL */
};

/*
 * Writes findings inside the caller's transaction, with prepared statements
 * reused from one finding to the next.
 */
struct ll_findings_writer;

int ll_findings_writer_new(struct ll_findings_writer **out, struct ll_store *st);
/* NULL is a no-op. */
void ll_findings_writer_free(struct ll_findings_writer *w);
/* Stores `f` as a finding of `ruleset` (rule files hashed to `ruleset_sha256`) with its event links. */
int ll_findings_writer_add(struct ll_findings_writer *w, const struct ll_finding *f,
			   const char *ruleset, const char *ruleset_sha256);
/* Records that a rule of `ruleset` could not be evaluated on an event (`error` says why). */
int ll_findings_writer_unevaluated(struct ll_findings_writer *w, const char *ruleset,
				   const char *rule_id, const char *title, int64_t event_id,
				   const char *error, int64_t time_ns);

/* Removes the findings, their event links and the rules not evaluated of `ruleset`. */
int ll_findings_delete_ruleset(struct ll_store *st, const char *ruleset);

/* A stored finding; the strings are NULL where the column is. */
struct ll_finding_row {
	int64_t id;
	char *rule_id, *title, *source, *severity;
	char *techniques;        /* JSON array text */
	char *confidence, *host, *description;
	char *details;           /* JSON object text */
	char *ruleset, *ruleset_sha256;
	int64_t first_ns, last_ns, event_count;
	int64_t *events;         /* the cited event ids, ascending */
	size_t nevents;
};

struct ll_finding_list {
	struct ll_finding_row *v;
	size_t n;
};

/*
 * Loads the findings in time order (first_ns, then id), only those of
 * `rule_id` unless it is NULL, each with at most `max_events` cited event
 * ids (0: all). Release with ll_finding_list_release.
 */
int ll_findings_load(struct ll_finding_list *out, struct ll_store *st, const char *rule_id,
		     size_t max_events);
void ll_finding_list_release(struct ll_finding_list *l);

/* A rule/event pair `analyze detect` could not evaluate. */
struct ll_unevaluated {
	char *rule_id, *title, *error, *ruleset;
	int64_t event_id;
};

struct ll_unevaluated_list {
	struct ll_unevaluated *v;
	size_t n;
};

/* Loads them by event id then rule id, only those of `rule_id` unless it is NULL. */
int ll_findings_unevaluated(struct ll_unevaluated_list *out, struct ll_store *st,
			    const char *rule_id);
void ll_unevaluated_list_release(struct ll_unevaluated_list *l);

#endif

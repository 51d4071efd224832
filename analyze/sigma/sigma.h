/* SPDX-License-Identifier: Apache-2.0 */
/* Sigma rules for Windows event logs: load a rule, match it against events. */
#ifndef LL_ANALYZE_SIGMA_H
#define LL_ANALYZE_SIGMA_H

#include "core/compat.h"

#include <jansson.h>

struct ll_sigma_rule;

/* Rule metadata, owned by the rule. */
struct ll_sigma_meta {
	const char *id, *title, *status, *level, *description;
	const char *techniques; /* JSON array text: ["T1490","T1059.001"] */
	const char *confidence; /* high | medium | low */
	const char *origin;     /* file name the rule came from */
	const char *title_fr, *description_fr; /* the rule's own French (title_fr:, description_fr:); NULL */
};

/*
 * Parses one Sigma rule from memory (libyaml). Returns 0 and the rule, or
 * LL_EUNSUPPORTED when the rule uses something this engine does not
 * evaluate, LL_ECORRUPT when it is not a valid rule; then `why` (may be
 * NULL) receives a short reason suitable for grouping ("modifier 'expand'",
 * "logsource category 'file_access'"), and the thread error the detail.
 * Nothing is ever half-applied: a rule either loads whole or not at all.
 */
int ll_sigma_rule_parse(struct ll_sigma_rule **out, char *why, size_t whylen,
			const char *text, size_t len, const char *origin);
/*
 * The same from a YAML tree parsed elsewhere (a worker, analyze/worker/
 * frame_sigma.h): `root` as ll_sy_parse made it (borrowed), or NULL with
 * the parse's failure in `yaml_rc` (< 0) and `yaml_msg`, which then fail
 * exactly as ll_sigma_rule_parse fails on that text.
 */
struct sy_node;
int ll_sigma_rule_from_tree(struct ll_sigma_rule **out, char *why, size_t whylen,
			    const struct sy_node *root, int yaml_rc, const char *yaml_msg,
			    const char *origin);
void ll_sigma_rule_free(struct ll_sigma_rule *r);
const struct ll_sigma_meta *ll_sigma_rule_meta(const struct ll_sigma_rule *r);

/*
 * An event prepared for matching: its attrs' fields (strings and integers
 * as decimal text) with case-folded copies. Re-use one across events.
 */
struct ll_sigma_field {
	const char *name;
	uint32_t hash;    /* ll_sigma_hash(name) */
	const char *val;  /* original */
	const char *low;  /* ASCII case-folded */
	size_t len;
};

struct ll_sigma_event {
	struct ll_sigma_field *f;
	size_t n, cap;
	char *arena;       /* case-folded copies and number texts */
	size_t arena_len, arena_cap;
	const char *channel;
	int64_t event_id;
	bool sec4688;      /* Security 4688: process_creation field names differ */
	void *md;          /* pcre2 match data, created on demand */
	/*
	 * The first PCRE2 error of the last ll_sigma_rule_match (a match,
	 * depth or heap limit, bad UTF-8, no memory), 0 if none. When set, the
	 * rule's answer for this event is unknown: "not evaluated", neither a
	 * match nor a non-match.
	 */
	int match_error;
	uint16_t *slot;    /* open-addressing table of field index + 1, by name hash */
	size_t nslot;
};

/*
 * The pseudo-channel of Linux audit records (source 'audit'): Sigma rules
 * with `product: linux` + `service: auditd` are keyed on it, and the
 * record's type is offered as Sigma's `type` field.
 */
#define LL_SIGMA_AUDITD "linux:auditd"

/* FNV-1a of a field name: items and events meet through it. */
uint32_t ll_sigma_hash(const char *s);

/* Fills `ev` from an attrs JSON object (borrowed until the next call). */
int ll_sigma_event_set(struct ll_sigma_event *ev, json_t *attrs);
void ll_sigma_event_release(struct ll_sigma_event *ev);

/* The channels and event ids the rule's logsource admits (pre-filter). */
bool ll_sigma_rule_wants(const struct ll_sigma_rule *r, const char *channel,
			 int64_t event_id);
/*
 * The channels the rule's logsource names (at most `max`, distinct), or -1
 * when it admits any channel.
 */
int ll_sigma_rule_channels(const struct ll_sigma_rule *r, const char **out, size_t max);
/* The text of a match_error code ("match limit exceeded"). */
void ll_sigma_match_error_text(char *buf, size_t len, int code);
/* True when the rule matches (logsource and detection); see match_error. */
bool ll_sigma_rule_match(const struct ll_sigma_rule *r, struct ll_sigma_event *ev);

/* Sigma correlation rules (analyze/sigma/sigma_corr.h). */
struct ll_sigma_corr;
/* The correlation of a correlation rule, or NULL for a detection rule. */
const struct ll_sigma_corr *ll_sigma_rule_corr(const struct ll_sigma_rule *r);
/* The rule's `name:` (what correlations may reference besides the id), or NULL. */
const char *ll_sigma_rule_name(const struct ll_sigma_rule *r);
/* True when the rule's logsource is Sigma's process_creation. */
bool ll_sigma_rule_proc_creation(const struct ll_sigma_rule *r);
/*
 * The value of field `name` in the prepared event (its original text), or
 * NULL when absent. For a Security 4688 event and a process_creation rule
 * (`proc_creation`), a Sysmon name is looked up under its 4688 name.
 */
const char *ll_sigma_event_get(const struct ll_sigma_event *ev, const char *name,
			       bool proc_creation);

#endif

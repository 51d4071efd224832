/* SPDX-License-Identifier: Apache-2.0 */
/* Everything a case file says, read once from the case database into JSON. */
#ifndef LL_CASEFILE_MODEL_H
#define LL_CASEFILE_MODEL_H

#include "core/compat.h"

#include <jansson.h>

struct ll_store;

/*
 * `root` holds (arrays in database order, times RFC 3339 UTC):
 *   case        {case_id, title, agency, authority, created}
 *   evidence    [{id, kind, state, format, description, notes, source,
 *                 source_info, media_size, md5, sha1, sha256,
 *                 unreadable_bytes, started, registered, details,
 *                 files:[{path, orig_path, role, size, sha256, md5, sha1}],
 *                 errors:[{offset, length}]}]
 *   custody     [{seq, time, actor, actor_fpr, action, evidence, host, tool,
 *                 location, to, note, details, prev_hash, hash}]
 *   analyses    [{evidence, kind, time, options, counts, warnings, command, warning_codes}]
 *   findings    [{id, rule_id, title, source, severity, techniques,
 *                 confidence, host, first, last, event_count, description,
 *                 details, events:[id…]}]
 *   correlation the stored document (docs/formats/correlation.md) or null
 *   cited_events [{id, evidence, time, time_desc, source, parser, category,
 *                 host, user, path, event_code, locator, message}] every
 *                 event a finding or the correlation cites, by id
 *   event_count, event_span {first, last} (null if no events)
 *   mandate     core/expert/mandate.h ll_mandate_load, or null
 *   disclosure  casefile/report/model_disclosure.h
 *   harm_reviewers casefile/report/model_reviewers.h
 *   expert      the examiner's profile (core/expert/profile.h), set by the
 *               build from the signer's key, or null
 *   generated   the latest custody time (or LIFELINE_NOW / the case
 *               creation time when the ledger is empty)
 */
struct ll_casefile_model {
	json_t *root;
	int64_t generated_ns;
};

/* At most this many cited events are listed in the report. */
#define LL_MODEL_MAX_CITED 5000

int ll_casefile_model_load(struct ll_casefile_model *out, struct ll_store *st);

enum ll_model_load_flags {
	/*
	 * Harm rows as a case file with an encrypted harm annex shows them:
	 * cited harm events' messages and correlation chains cut down by
	 * casefile/redact.h (ids, age band, harm level, times).
	 */
	LL_MODEL_REDACT_HARM = 1 << 0,
};
int ll_casefile_model_load_opts(struct ll_casefile_model *out, struct ll_store *st,
				unsigned flags);
void ll_casefile_model_release(struct ll_casefile_model *m);

/* Borrowed string member, or "" when absent or null. */
const char *ll_model_str(const json_t *obj, const char *key);

/*
 * A string member as the bytes it stands for: unescaped when the object
 * carries "name_encoding": "percent" (a row with text that is not UTF-8).
 * Replaces the contents of `out`; LL_ECORRUPT for a bad escape.
 */
struct ll_buf;
int ll_model_bytes(struct ll_buf *out, const json_t *obj, const char *key);

#endif

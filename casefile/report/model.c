/* SPDX-License-Identifier: Apache-2.0 */
/* Reads the case database (core/schema.c) into the JSON model the writers share. */
#include "core/compat.h"
#include "casefile/report/model.h"
#include "casefile/report/model_int.h"
#include "casefile/report/model_disclosure.h"
#include "casefile/report/model_reviewers.h"
#include "core/expert/mandate.h"

#include "analyze/correlate/correlate.h"
#include "analyze/detect/findings.h"
#include "casefile/redact.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/case.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/name.h"
#include "core/store.h"
#include "core/time.h"

const char *ll_model_str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "";
}

int ll_model_bytes(struct ll_buf *out, const json_t *obj, const char *key)
{
	const char *enc = json_string_value(json_object_get(obj, "name_encoding"));

	ll_buf_reset(out);
	if (!enc)
		return ll_buf_puts(out, ll_model_str(obj, key));
	if (strcmp(enc, "percent"))
		return ll_error_set(LL_EUNSUPPORTED, "unknown name_encoding '%s'", enc);
	return ll_name_pct_decode(out, ll_model_str(obj, key));
}

json_t *ll_model_time(int64_t ns)
{
	char t[48];

	/* whole seconds print without a fraction: easier to read in court */
	ll_time_format(t, sizeof(t), ns, ns % LL_NS_PER_SEC ? 6 : 0);
	return json_string(t);
}

/* JSON text, parsed; unparsable text is kept as a string. */
json_t *ll_model_json_text(const char *t)
{
	json_t *v;

	if (!t)
		return json_null();
	if ((v = json_loads(t, JSON_DECODE_ANY, NULL)))
		return v;
	return json_string(t);
}

/* As row_needs_escape, for a record read through an owner's API. */
static bool any_needs_escape(const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] && !ll_name_is_utf8(v[i]))
			return true;
	return false;
}

/* A hash as recorded: NULL when it was not. */
static const char *hash_or_null(bool has, const char *h)
{
	return has ? h : NULL;
}

/* Builds `o` from (key, value) pairs, stopping at a NULL value (out of memory). */
static int set_all(json_t *o, const char *const *keys, json_t **vals, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		if (!vals[i] || json_object_set_new(o, keys[i], vals[i]) < 0)
			rc = ll_error_set(LL_ENOMEM, "out of memory");
	return rc;
}

static json_t *file_json(const struct ll_evidence_file *f)
{
	static const char *const k[] = {
		"path", "orig_path", "role", "size", "sha256", "md5", "sha1", "meta",
	};
	const char *text[] = { f->path, f->orig_path, f->role, f->sha256,
			       hash_or_null(f->has_md5, f->md5), hash_or_null(f->has_sha1, f->sha1) };
	bool esc = any_needs_escape(text, LL_ARRAY_SIZE(text));
	json_t *o = json_object();
	json_t *v[] = {
		ll_json_name(text[0], esc), ll_json_name(text[1], esc),
		ll_json_name(text[2], esc), json_integer((json_int_t)f->size),
		ll_json_name(text[3], esc), ll_json_name(text[4], esc),
		ll_json_name(text[5], esc), ll_model_json_text(f->meta),
	};

	if (o && esc)
		json_object_set_new(o, "name_encoding", json_string("percent"));
	if (!o || set_all(o, k, v, LL_ARRAY_SIZE(v)) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *item_json(const struct ll_evidence *e)
{
	static const char *const k[] = {
		"id", "kind", "state", "format", "description", "notes", "source",
		"source_info", "media_size", "md5", "sha1", "sha256", "unreadable_bytes",
		"started", "registered", "details", "files", "errors",
	};
	const char *text[] = { e->id, e->kind, e->state, e->format, e->description, e->notes,
			       e->source, hash_or_null(e->has_md5, e->md5),
			       hash_or_null(e->has_sha1, e->sha1),
			       hash_or_null(e->has_sha256, e->sha256) };
	bool esc = any_needs_escape(text, LL_ARRAY_SIZE(text));
	json_t *o = json_object(), *files = json_array(), *errs = json_array();
	json_t *v[] = {
		ll_json_name(text[0], esc), ll_json_name(text[1], esc),
		ll_json_name(text[2], esc), ll_json_name(text[3], esc),
		ll_json_name(text[4], esc), ll_json_name(text[5], esc),
		ll_json_name(text[6], esc), ll_model_json_text(e->source_info),
		e->media_size < 0 ? json_null() : json_integer(e->media_size),
		ll_json_name(text[7], esc), ll_json_name(text[8], esc),
		ll_json_name(text[9], esc), json_integer(e->unreadable_bytes),
		ll_model_time(e->started_ns),
		e->has_registered ? ll_model_time(e->registered_ns) : json_null(),
		ll_model_json_text(e->details), files, errs,
	};
	int rc = 0;

	if (o && esc)
		json_object_set_new(o, "name_encoding", json_string("percent"));
	for (size_t i = 0; files && i < e->nfiles; i++)
		if (json_array_append_new(files, file_json(&e->files[i])) < 0)
			rc = LL_ENOMEM;
	for (size_t i = 0; errs && i < e->nerrors; i++)
		if (json_array_append_new(errs, json_pack("{s:I, s:I}",
			"offset", (json_int_t)e->errors[i].off,
			"length", (json_int_t)e->errors[i].len)) < 0)
			rc = LL_ENOMEM;
	if (!o || set_all(o, k, v, LL_ARRAY_SIZE(v)) < 0 || rc < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int load_evidence(json_t *root, struct ll_store *st)
{
	struct ll_evidence **list = NULL;
	json_t *ev = json_array();
	size_t n = 0;
	int rc;

	if (!ev)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = ll_evidence_list(&list, &n, st, NULL, 0)) < 0) {
		json_decref(ev);
		return rc;
	}
	for (size_t i = 0; i < n && rc == 0; i++)
		if (json_array_append_new(ev, item_json(list[i])) < 0)
			rc = ll_error_set(LL_ENOMEM, "out of memory");
	ll_evidence_list_free(list, n);
	if (rc < 0) {
		json_decref(ev);
		return rc;
	}
	json_object_set_new(root, "evidence", ev);
	return 0;
}

static int custody_json(const struct ll_custody_entry *e, const uint8_t *sig, size_t siglen,
			void *payload)
{
	static const char *const k[] = {
		"seq", "time", "actor", "actor_fpr", "action", "evidence", "host",
		"tool", "location", "to", "note", "details", "prev_hash", "hash",
	};
	const char *text[] = { e->actor, e->actor_fpr, e->action, e->evidence_id, e->host,
			       e->tool, e->location, e->to_name, e->note, e->prev_hash,
			       e->hash };
	bool esc = any_needs_escape(text, LL_ARRAY_SIZE(text));
	json_t *o = json_object();
	json_t *v[] = {
		json_integer(e->seq), ll_model_time(e->time_ns),
		ll_json_name(text[0], esc), ll_json_name(text[1], esc),
		ll_json_name(text[2], esc), ll_json_name(text[3], esc),
		ll_json_name(text[4], esc), ll_json_name(text[5], esc),
		ll_json_name(text[6], esc), ll_json_name(text[7], esc),
		ll_json_name(text[8], esc), ll_model_json_text(e->details),
		ll_json_name(text[9], esc), ll_json_name(text[10], esc),
	};

	(void)sig;
	(void)siglen;
	if (o && esc)
		json_object_set_new(o, "name_encoding", json_string("percent"));
	if (!o || set_all(o, k, v, LL_ARRAY_SIZE(v)) < 0 ||
	    json_array_append_new(payload, o) < 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

static int load_custody(json_t *root, struct ll_store *st)
{
	json_t *arr = json_array();
	int rc;

	if (!arr)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = ll_custody_foreach(st, custody_json, arr)) < 0) {
		json_decref(arr);
		return rc;
	}
	json_object_set_new(root, "custody", arr);
	return 0;
}

static int load_case(json_t *root, struct ll_store *st)
{
	static const char *const k[] = {
		"case_id", "title", "agency", "authority", "created",
	};
	struct ll_case c = { 0 };
	json_t *o = NULL;
	int rc;

	if ((rc = ll_case_load_record(&c, st)) == LL_ENOTFOUND)
		rc = ll_error_set(LL_ECORRUPT, "the case database has no case record");
	if (rc == 0) {
		const char *text[] = { c.case_id, c.title, c.agency, c.authority };
		bool esc = any_needs_escape(text, LL_ARRAY_SIZE(text));
		json_t *v[] = {
			ll_json_name(text[0], esc), ll_json_name(text[1], esc),
			ll_json_name(text[2], esc), ll_json_name(text[3], esc),
			ll_model_time(c.created_ns),
		};

		if ((o = json_object()) && esc)
			json_object_set_new(o, "name_encoding", json_string("percent"));
		if (!o || set_all(o, k, v, LL_ARRAY_SIZE(v)) < 0) {
			json_decref(o);
			rc = ll_error_set(LL_ENOMEM, "out of memory");
		} else if (json_object_set_new(root, "case", o) < 0) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
		}
	}
	ll_free(c.case_id);
	ll_free(c.title);
	ll_free(c.agency);
	ll_free(c.authority);
	return rc;
}

/* One finding as the model keeps it (the keys in this order: the writers' output follows it). */
static json_t *finding_json(const struct ll_finding_row *f)
{
	const char *const text[] = { f->rule_id, f->title, f->source, f->severity,
				     f->confidence, f->host, f->description };
	json_t *o = json_object(), *evs = json_array();
	/* JSON cannot carry text that is not UTF-8: see row_needs_escape */
	bool esc = any_needs_escape(text, LL_ARRAY_SIZE(text));

	if (!o || !evs) {
		json_decref(o);
		json_decref(evs);
		return NULL;
	}
	if (esc)
		json_object_set_new(o, "name_encoding", json_string("percent"));
	json_object_set_new(o, "id", json_integer(f->id));
	json_object_set_new(o, "rule_id", ll_json_name(f->rule_id, esc));
	json_object_set_new(o, "title", ll_json_name(f->title, esc));
	json_object_set_new(o, "source", ll_json_name(f->source, esc));
	json_object_set_new(o, "severity", ll_json_name(f->severity, esc));
	json_object_set_new(o, "techniques", ll_model_json_text(f->techniques));
	json_object_set_new(o, "confidence", ll_json_name(f->confidence, esc));
	json_object_set_new(o, "host", ll_json_name(f->host, esc));
	json_object_set_new(o, "first", ll_model_time(f->first_ns));
	json_object_set_new(o, "last", ll_model_time(f->last_ns));
	json_object_set_new(o, "event_count", json_integer(f->event_count));
	json_object_set_new(o, "description", ll_json_name(f->description, esc));
	json_object_set_new(o, "details", ll_model_json_text(f->details));
	for (size_t i = 0; i < f->nevents; i++)
		json_array_append_new(evs, json_integer(f->events[i]));
	json_object_set_new(o, "events", evs);
	return o;
}

static int load_findings(json_t *root, struct ll_store *st)
{
	struct ll_finding_list l = { NULL, 0 };
	json_t *fs = json_array();
	int rc;

	if (!fs)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = ll_findings_load(&l, st, NULL, 0)) < 0) {
		json_decref(fs);
		return rc;
	}
	for (size_t i = 0; i < l.n && rc == 0; i++)
		if (json_array_append_new(fs, finding_json(&l.v[i])) < 0)
			rc = ll_error_set(LL_ENOMEM, "out of memory");
	ll_finding_list_release(&l);
	if (rc < 0) {
		json_decref(fs);
		return rc;
	}
	json_object_set_new(root, "findings", fs);
	return 0;
}

/* Collects every integer under a key named "events" (and "event_id") anywhere in `v`. */
static void collect_ids(json_t *set, json_t *v, int depth)
{
	const char *k;
	json_t *x;
	size_t i;

	if (depth > 32)
		return;
	if (json_is_object(v)) {
		json_object_foreach(v, k, x) {
			if (!strcmp(k, "events") && json_is_array(x)) {
				json_t *e;

				json_array_foreach(x, i, e)
					if (json_is_integer(e)) {
						char key[32];

						snprintf(key, sizeof(key), "%020" JSON_INTEGER_FORMAT,
							 json_integer_value(e));
						json_object_set_new(set, key, json_true());
					}
			} else {
				collect_ids(set, x, depth + 1);
			}
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			collect_ids(set, x, depth + 1);
	}
}

static int load_cited_events(json_t *root, struct ll_store *st, bool redact)
{
	json_t *set = json_object(), *arr = json_array(), *one;
	const char **keys = NULL;
	size_t n = 0;
	const char *key;
	json_t *val;
	int rc = 0;

	collect_ids(set, json_object_get(root, "findings"), 0);
	collect_ids(set, json_object_get(root, "correlation"), 0);
	n = json_object_size(set);
	if (n && !(keys = ll_calloc(n, sizeof(*keys)))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	n = 0;
	json_object_foreach(set, key, val)
		keys[n++] = key;
	/* zero-padded keys: string order is numeric order */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
			const char *t = keys[j];

			keys[j] = keys[j - 1];
			keys[j - 1] = t;
		}
	for (size_t i = 0; i < n && i < LL_MODEL_MAX_CITED; i++) {
		one = NULL;
		if ((rc = ll_model_cited_event(&one, st, keys[i], redact)) < 0)
			goto out;
		if (json_array_size(one) == 1)
			json_array_append(arr, json_array_get(one, 0));
		json_decref(one);
	}
	json_object_set_new(root, "cited_events_total", json_integer((json_int_t)n));
out:
	ll_free(keys);
	json_decref(set);
	if (rc == 0)
		json_object_set_new(root, "cited_events", arr);
	else
		json_decref(arr);
	return rc;
}

static int load_event_stats(json_t *root, struct ll_store *st)
{
	int64_t count, first, last;
	bool any;
	int rc;

	if ((rc = ll_event_stats(&count, &any, &first, &last, st)) < 0)
		return rc;
	json_object_set_new(root, "event_count", json_integer(count));
	if (any)
		json_object_set_new(root, "event_span",
				    json_pack("{s:o, s:o}", "first", ll_model_time(first),
					      "last", ll_model_time(last)));
	else
		json_object_set_new(root, "event_span", json_null());
	return 0;
}

static int load_correlation(json_t *root, struct ll_store *st)
{
	json_t *doc = json_null();
	char *text = NULL;
	int64_t time_ns = 0;
	int rc;

	if ((rc = ll_correlate_load(&text, &time_ns, st)) < 0)
		return rc;
	if (text) {
		doc = json_loads(text, 0, NULL);
		ll_free(text);
		if (!doc || !json_is_object(doc)) {
			json_decref(doc);
			return ll_error_set(LL_ECORRUPT,
					    "the stored correlation result is not a JSON object");
		}
		json_object_set_new(root, "correlation_time", ll_model_time(time_ns));
	}
	json_object_set_new(root, "correlation", doc);
	return 0;
}

int ll_casefile_model_load(struct ll_casefile_model *out, struct ll_store *st)
{
	return ll_casefile_model_load_opts(out, st, 0);
}

int ll_casefile_model_load_opts(struct ll_casefile_model *out, struct ll_store *st,
				unsigned flags)
{
	json_t *root = json_object(), *v = NULL;
	int64_t gen = 0;
	int rc;

	if (!root)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = load_case(root, st)) < 0)
		goto out;
	if ((rc = load_evidence(root, st)) < 0)
		goto out;
	if ((rc = load_custody(root, st)) < 0)
		goto out;
	if ((rc = ll_model_analyses(&v, st)) < 0)
		goto out;
	json_object_set_new(root, "analyses", v);
	if ((rc = load_findings(root, st)) < 0 ||
	    (rc = load_correlation(root, st)) < 0 ||
	    (rc = load_cited_events(root, st, flags & LL_MODEL_REDACT_HARM)) < 0 ||
	    (rc = load_event_stats(root, st)) < 0)
		goto out;
	/* the mandate (core/expert/mandate.h) and what the report does not rest on */
	if ((rc = ll_mandate_load(&v, st)) < 0)
		goto out;
	json_object_set_new(root, "mandate", v);
	if ((rc = ll_model_disclosure(&v, st, root)) < 0)
		goto out;
	json_object_set_new(root, "disclosure", v);
	if ((rc = ll_model_harm_reviewers(&v, st)) < 0)
		goto out;
	json_object_set_new(root, "harm_reviewers", v);
	if (flags & LL_MODEL_REDACT_HARM)
		ll_redact_correlation(json_object_get(root, "correlation"));
	/* "generated" comes from the case, so a rebuild gives the same bytes */
	if ((rc = ll_custody_last_time(&gen, st)) < 0)
		goto out;
	if (gen == 0)
		gen = getenv("LIFELINE_NOW") ? ll_time_now_ns() : 0;
	if (gen == 0) {
		int64_t t = 0;
		bool zone;

		ll_time_parse_rfc3339(&t, &zone,
				      ll_model_str(json_object_get(root, "case"), "created"),
				      false);
		gen = t;
	}
	out->generated_ns = gen;
	out->root = root;
	root = NULL;
out:
	json_decref(root);
	return rc;
}

void ll_casefile_model_release(struct ll_casefile_model *m)
{
	json_decref(m->root);
	m->root = NULL;
}

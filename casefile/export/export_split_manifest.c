/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The manifest of a split export: each file with its timeline, events,
 * bytes, SHA-256 (of the bytes on disk, read back) and first and last
 * times; the keys a document may have; the counts. No clock and no path:
 * the same case gives the same manifest. docs/formats/timeline-split.md.
 */
#include "core/compat.h"
#include "casefile/export/export_split_int.h"

#include <jansson.h>
#include <stdlib.h>

#include "casefile/export/export_rows.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/time.h"

static struct split *sorting;

/* files by timeline stem, then number: a timeline's files together, in time order */
static int by_name(const void *a, const void *b)
{
	const struct part *x = &sorting->parts[*(const size_t *)a];
	const struct part *y = &sorting->parts[*(const size_t *)b];
	int c = strcmp(sorting->tl[x->timeline].stem, sorting->tl[y->timeline].stem);

	return c ? c : (x->number > y->number) - (x->number < y->number);
}

static json_t *time_json(int64_t ns)
{
	char t[48];

	ll_time_format(t, sizeof(t), ns, 9);
	return json_string(t);
}

static json_t *file_json(struct split *s, const struct part *p)
{
	const struct timeline *t = &s->tl[p->timeline];

	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:s, s:o, s:o, s:b}", "name", p->name,
			 "timeline", t->stem, "part", (json_int_t)p->number, "events",
			 (json_int_t)p->events, "bytes", (json_int_t)p->bytes, "sha256", p->sha256,
			 "first", time_json(p->first_ns), "last", time_json(p->last_ns),
			 "importable", t->importable);
}

/* a host name is evidence: the manifest keeps its first KEY_MAX bytes and says so */
#define KEY_MAX 1024

static json_t *timeline_json(const struct timeline *t)
{
	size_t n = t->keylen > KEY_MAX ? KEY_MAX : t->keylen;
	json_t *key = t->tag == TAG_KEY ? ll_json_string_lossy(t->key, n) : json_null();
	json_t *o = json_pack("{s:s, s:o, s:I, s:I, s:b}", "name", t->stem, "key", key, "events",
			      (json_int_t)t->events, "files", (json_int_t)t->nparts, "importable",
			      t->importable);

	if (o && n < t->keylen && json_object_set_new(o, "key_bytes",
						      json_integer((json_int_t)t->keylen)) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int add(json_t *arr, json_t *v)
{
	return v && json_array_append_new(arr, v) == 0 ? 0 : LL_ENOMEM;
}

int ll_export_split_manifest(struct split *s)
{
	bool bulk = s->o->fmt == LL_EXPORT_OSBULK;
	size_t *order = NULL, *torder = NULL;
	json_t *m = NULL, *files, *tls, *keys;
	char *text = NULL;
	int rc = 0;

	for (size_t i = 0; i < s->nparts; i++) {
		char md5[33], sha1[41];
		uint64_t size;

		if ((rc = ll_hash_file(ll_export_split_path(s, s->parts[i].name), LL_HASH_SHA256, md5, sha1,
				       s->parts[i].sha256, &size)) < 0)
			return rc;
		if (size != s->parts[i].bytes)
			return ll_error_set(LL_EIO, "'%s': %" PRIu64 " bytes on disk, %" PRIu64
					    " written", s->parts[i].name, size, s->parts[i].bytes);
	}
	order = ll_calloc(s->nparts + 1, sizeof(*order));
	torder = ll_calloc(s->ntl + 1, sizeof(*torder));
	m = json_object();
	files = json_array();
	tls = json_array();
	keys = json_array();
	if (!order || !torder || !m || !files || !tls || !keys) {
		json_decref(files);
		json_decref(tls);
		json_decref(keys);
		rc = LL_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < s->nparts; i++)
		order[i] = i;
	sorting = s;
	qsort(order, s->nparts, sizeof(*order), by_name);
	for (size_t i = 0; rc == 0 && i < s->nparts; i++)
		rc = add(files, file_json(s, &s->parts[order[i]]));
	/* timelines in the order of their first file */
	for (size_t i = 0, n = 0; i < s->nparts; i++)
		if (s->parts[order[i]].number == 1)
			torder[n++] = s->parts[order[i]].timeline;
	for (size_t i = 0; rc == 0 && i < s->ntl; i++)
		rc = add(tls, timeline_json(&s->tl[torder[i]]));
	for (size_t i = 0; rc == 0 && i < ll_export_bounded_nkeys; i++)
		rc = add(keys, json_string(ll_export_bounded_keys[i]));
	json_object_set_new(m, "schema", json_string("lifeline.timeline.export.manifest/1"));
	json_object_set_new(m, "format", json_string(bulk ? "opensearch-bulk" : "jsonl"));
	if (bulk)
		json_object_set_new(m, "index", json_string(s->o->index));
	else
		json_object_set_new(m, "timeline_per", json_string(s->o->group == LL_EXPORT_PER_ITEM
								   ? "item" : "host"));
	json_object_set_new(m, "max_events", json_integer((json_int_t)s->o->max_events));
	json_object_set_new(m, "max_bytes", json_integer((json_int_t)s->o->max_bytes));
	json_object_set_new(m, "events", json_integer((json_int_t)s->res.rows));
	json_object_set_new(m, "out_of_range", json_integer((json_int_t)s->res.out_of_range));
	json_object_set_new(m, "truncated", json_integer((json_int_t)s->res.truncated));
	json_object_set_new(m, "fields", keys);
	json_object_set_new(m, "timelines", tls);
	json_object_set_new(m, "files", files);
	if (rc < 0)
		goto out;
	if (!(text = json_dumps(m, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII))) {
		rc = LL_ENOMEM;
		goto out;
	}
	{
		struct ll_buf b = LL_BUF_INIT;

		ll_buf_init(&b);
		if ((rc = ll_buf_puts(&b, text)) == 0 && (rc = ll_buf_putc(&b, '\n')) == 0) {
			rc = ll_write_new_file(ll_export_split_path(s, "manifest.json"), 0644,
					       b.ptr, b.len);
			s->manifest_written = rc == 0;
		}
		ll_buf_release(&b);
	}
out:
	free(text);
	json_decref(m);
	ll_free(order);
	ll_free(torder);
	if (rc == LL_ENOMEM)
		return ll_error_set(LL_ENOMEM, "out of memory writing the manifest");
	return rc;
}

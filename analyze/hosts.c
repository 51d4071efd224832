/* SPDX-License-Identifier: Apache-2.0 */
/* Where an item's host comes from (--host, the inventory, the image's /etc/hostname or SYSTEM hive), conflicts named, events given it. */
#include "core/compat.h"
#include "analyze/hosts.h"

#include <stdio.h>

#include "analyze/harm/harm.h"
#include "analyze/tsk/tsk_hosts.h"
#include "core/alloc.h"
#include "core/analysis.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/hostname.h"
#include "core/json.h"
#include "core/store.h"

/* The sources in their order of precedence (docs/guides/analyst.md, "Hosts"). */
static const char *const source_label[] = { "--host", "inventory", "image" };
static const char *const source_words[] = {
	"collect --host", "the inventory",
	"the image's own name (/etc/hostname, or the SYSTEM hive's ComputerName)"
};

/* Appends one naming source: {"source", "name", "where"}. */
static int add_source(json_t *list, int kind, const char *name, const char *where)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "source", source_label[kind], "name", name,
			      "where", where);

	if (!o || json_array_append_new(list, o) < 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

static int gather(json_t *src, struct ll_store *st, const struct ll_evidence *ev)
{
	struct ll_harm_host_ref *refs = NULL;
	struct ll_tsk_hostname *vols = NULL;
	size_t nrefs = 0, nvols = 0;
	int rc = 0;

	if (ev->host && (rc = add_source(src, 0, ev->host, "evidence record")) < 0)
		return rc;
	if ((rc = ll_harm_hosts_of_exhibit(&refs, &nrefs, st, ev->id)) < 0)
		return rc;
	for (size_t i = 0; i < nrefs && rc == 0; i++)
		rc = add_source(src, 1, refs[i].hostname, refs[i].locator);
	ll_harm_host_refs_free(refs, nrefs);
	if (rc < 0 || (rc = ll_tsk_hostnames(&vols, &nvols, st, ev->id)) < 0)
		return rc;
	for (size_t i = 0; i < nvols && rc == 0; i++) {
		char where[96];

		snprintf(where, sizeof(where), "file system at offset %" PRIu64 "%s", vols[i].offset,
			 vols[i].pool_block ? " (pool volume)" : "");
		rc = add_source(src, 2, vols[i].name, where);
	}
	ll_tsk_hostnames_free(vols, nvols);
	return rc;
}

static int kind_of(const json_t *s)
{
	const char *l = json_string_value(json_object_get(s, "source"));

	for (int k = 0; k < 3; k++)
		if (!strcmp(l, source_label[k]))
			return k;
	return 0;
}

/* The first source is used; each other one naming another host is a conflict. */
static int conflicts_of(json_t *out, const char *id, const json_t *src)
{
	const json_t *used = json_array_get(src, 0), *s;
	const char *name = json_string_value(json_object_get(used, "name"));
	size_t i;

	json_array_foreach(src, i, s) {
		const char *other = json_string_value(json_object_get(s, "name"));
		char msg[768];

		if (i == 0 || ll_hostname_same(name, other))
			continue;
		snprintf(msg, sizeof(msg),
			 LL_HOSTS_CONFLICT "%s: %s (%s) names '%s', %s (%s) names '%s'; '%s' is used "
			 "(precedence: --host, the inventory, the image's own name)",
			 id, source_words[kind_of(used)],
			 json_string_value(json_object_get(used, "where")), name,
			 source_words[kind_of(s)], json_string_value(json_object_get(s, "where")),
			 other, name);
		if (json_array_append_new(out, json_string(msg)) < 0)
			return ll_error_set(LL_ENOMEM, "out of memory");
	}
	return 0;
}

/*
 * given: the rows ll_hosts_give_item wrote when the item was read in this
 * run: all its rows that name no host; any this pass rewrites (a source
 * stored since, as an inventory read after the image) are among them.
 */
static int apply_item(json_t *items, struct ll_store *st, const struct ll_evidence *ev,
		      json_int_t given)
{
	json_t *src = json_array(), *conf = json_array(), *used;
	const char *host = NULL, *from = NULL;
	char *ctext = NULL;
	int64_t changed = 0;
	int rc;

	if (!src || !conf) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = gather(src, st, ev)) < 0 || (rc = conflicts_of(conf, ev->id, src)) < 0)
		goto out;
	if ((used = json_array_get(src, 0))) {
		host = json_string_value(json_object_get(used, "name"));
		from = json_string_value(json_object_get(used, "source"));
	}
	if ((rc = ll_event_set_item_host(&changed, st, ev->id, host, from)) < 0)
		goto out;
	if (!(ctext = ll_json_dump(conf))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = ll_analysis_replace_warnings(st, ev->id, "timeline", LL_HOSTS_CONFLICT,
					       ctext)) < 0)
		goto out;
	if (host || json_array_size(conf)) {
		json_t *o = json_pack("{s:s, s:s?, s:s?, s:O, s:O, s:I}", "id", ev->id, "host", host,
				      "from", from, "sources", src, "conflicts", conf, "events",
				      (json_int_t)changed > given ? (json_int_t)changed : given);

		if (!o || json_array_append_new(items, o) < 0)
			rc = ll_error_set(LL_ENOMEM, "out of memory");
	}
out:
	ll_free(ctext);
	json_decref(src);
	json_decref(conf);
	return rc;
}

int ll_hosts_apply(json_t **out, struct ll_store *st, const json_t *given)
{
	struct ll_evidence **list = NULL;
	json_t *items = json_array();
	size_t n = 0;
	int rc;

	*out = NULL;
	if (!items)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = ll_evidence_list(&list, &n, st, NULL, 0)) < 0) {
		json_decref(items);
		return rc;
	}
	if ((rc = ll_store_begin(st)) < 0)
		goto out;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (!strcmp(list[i]->state, "registered"))
			rc = apply_item(items, st, list[i],
					json_integer_value(json_object_get(given, list[i]->id)));
	if (rc == 0)
		rc = ll_store_commit(st);
	if (rc < 0)
		ll_store_rollback(st);
out:
	ll_evidence_list_free(list, n);
	if (rc < 0) {
		json_decref(items);
		return rc;
	}
	*out = items;
	return 0;
}

int ll_hosts_item_host(char **out, struct ll_store *st, const struct ll_evidence *ev)
{
	json_t *src = json_array();
	const char *name;
	int rc;

	*out = NULL;
	if (!src)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = gather(src, st, ev)) == 0 &&
	    (name = json_string_value(json_object_get(json_array_get(src, 0), "name"))) &&
	    !(*out = ll_strdup(name)))
		rc = ll_error_set(LL_ENOMEM, "out of memory");
	json_decref(src);
	return rc;
}

/* Before the item's commit: the host apply_item would give (its first source), without its report. */
int ll_hosts_give_item(int64_t *changed, struct ll_store *st, const struct ll_evidence *ev)
{
	json_t *src = json_array(), *used;
	int rc;

	*changed = 0;
	if (!src)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = gather(src, st, ev)) == 0 && (used = json_array_get(src, 0)))
		rc = ll_event_set_item_host(changed, st, ev->id,
					    json_string_value(json_object_get(used, "name")),
					    json_string_value(json_object_get(used, "source")));
	json_decref(src);
	return rc;
}

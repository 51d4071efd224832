/* SPDX-License-Identifier: Apache-2.0 */
/* SigmaHQ regression cases: each rule must fire on the event its JSON shows. */
#include "core/compat.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "tests/unit/unit_skip.h"
#include <jansson.h>

#include "analyze/detect/detect_rules.h"
#include "analyze/sigma/sigma.h"
#include "core/alloc.h"
#include "core/buf.h"

#define SIGMA LL_SHARED_DIR "/testdata/sigma"

static struct ll_ruleset *sets[2];
static size_t cases, with_evtx, passed;

static const struct ll_sigma_rule *find_rule(const char *id)
{
	for (size_t s = 0; s < LL_ARRAY_SIZE(sets); s++)
		for (size_t i = 0; sets[s] && i < sets[s]->nrules; i++)
			if (!strcmp(ll_sigma_rule_meta(sets[s]->rules[i])->id, id))
				return sets[s]->rules[i];
	return NULL;
}

static const char *find_skip(const char *id, char *buf, size_t len)
{
	/* a rule that did not load: find its file by id to report why */
	for (size_t s = 0; s < LL_ARRAY_SIZE(sets); s++) {
		for (size_t i = 0; sets[s] && i < sets[s]->nskips; i++) {
			struct ll_buf b;
			bool hit;

			ll_buf_init(&b);
			ll_buf_printf(&b, "%s/%s", sets[s]->root, sets[s]->skips[i].path);
			hit = ll_buf_read_file(&b, b.ptr) == 0 && strstr(b.ptr, id);
			ll_buf_release(&b);
			if (hit) {
				snprintf(buf, len, "%s", sets[s]->skips[i].reason);
				return buf;
			}
		}
	}
	return NULL;
}

/* Our EVTX attrs contract from the python-evtx style JSON of the case. */
static void leaves(json_t *attrs, json_t *node)
{
	const char *k;
	json_t *v;

	json_object_foreach(node, k, v) {
		if (!strcmp(k, "#attributes"))
			continue;
		if (json_is_object(v))
			leaves(attrs, v);
		else if (json_is_string(v))
			json_object_set(attrs, k, v);
		else if (json_is_integer(v) || json_is_real(v)) {
			char t[64];

			if (json_is_integer(v))
				snprintf(t, sizeof(t), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			else
				snprintf(t, sizeof(t), "%.17g", json_real_value(v));
			json_object_set_new(attrs, k, json_string(t));
		} else if (json_is_null(v)) {
			json_object_set_new(attrs, k, json_string(""));
		}
	}
}

static json_t *to_attrs(json_t *doc)
{
	json_t *ev = json_object_get(doc, "Event");
	json_t *sys = json_object_get(ev, "System");
	json_t *attrs = json_object();
	json_t *eid = json_object_get(sys, "EventID");

	json_object_set(attrs, "Channel", json_object_get(sys, "Channel"));
	json_object_set(attrs, "Computer", json_object_get(sys, "Computer"));
	if (json_is_object(eid))
		eid = json_object_get(eid, "#text");
	json_object_set_new(attrs, "EventID", json_integer(json_is_integer(eid)
		? json_integer_value(eid) : json_is_string(eid) ? strtoll(json_string_value(eid), NULL, 10) : -1));
	json_object_set(attrs, "Level", json_object_get(sys, "Level"));
	json_object_set(attrs, "EventRecordID", json_object_get(sys, "EventRecordID"));
	json_object_set(attrs, "Task", json_object_get(sys, "Task"));
	json_object_set(attrs, "Keywords", json_object_get(sys, "Keywords"));
	json_object_set(attrs, "Provider_Name",
			json_object_get(json_object_get(json_object_get(sys, "Provider"), "#attributes"), "Name"));
	json_object_set(attrs, "UserID",
			json_object_get(json_object_get(json_object_get(sys, "Security"), "#attributes"), "UserID"));
	{
		/* drop members that were missing */
		const char *k;
		json_t *v;
		void *tmp;

		json_object_foreach_safe(attrs, tmp, k, v)
			if (!v || json_is_null(v))
				json_object_del(attrs, k);
	}
	if (json_is_object(json_object_get(ev, "EventData")))
		leaves(attrs, json_object_get(ev, "EventData"));
	if (json_is_object(json_object_get(ev, "UserData")))
		leaves(attrs, json_object_get(ev, "UserData"));
	return attrs;
}

/*
 * The JSON holds the events of the case, concatenated; the rule must match
 * at least `want` of them (match_count in info.yml; where the JSON holds
 * several events, more may legitimately match, e.g. procdump.exe and
 * procdump64.exe for the same rule).
 */
static bool case_matches(const struct ll_sigma_rule *r, const char *json_path, size_t *docs,
			 size_t *hits, size_t want)
{
	struct ll_buf b;
	struct ll_sigma_event ev = { 0 };
	size_t off = 0;
	bool ok = true;

	ll_buf_init(&b);
	*docs = 0;
	*hits = 0;
	if (ll_buf_read_file(&b, json_path) < 0) {
		ll_buf_release(&b);
		return false;
	}
	while (off < b.len) {
		json_error_t err;
		json_t *doc, *attrs;

		while (off < b.len && strchr(" \t\r\n", b.ptr[off]))
			off++;
		if (off >= b.len)
			break;
		doc = json_loadb(b.ptr + off, b.len - off, JSON_DISABLE_EOF_CHECK, &err);
		if (!doc) {
			ok = false;
			break;
		}
		off += err.position;
		attrs = to_attrs(doc);
		(*docs)++;
		if (ll_sigma_event_set(&ev, attrs) < 0)
			ok = false;
		else if (ll_sigma_rule_match(r, &ev))
			(*hits)++;
		json_decref(attrs);
		json_decref(doc);
	}
	ll_sigma_event_release(&ev);
	ll_buf_release(&b);
	return ok && *hits > 0 && *hits >= want;
}

static void one_case(const char *dir)
{
	struct ll_buf info, p;
	const char *id;
	char idbuf[64], why[128];
	const struct ll_sigma_rule *r;
	DIR *d;
	struct dirent *de;
	bool has_evtx = false;
	char json_path[4096] = "";
	size_t docs = 0, hits = 0, want = 1;
	const char *mc;

	ll_buf_init(&info);
	ll_buf_init(&p);
	ll_buf_printf(&p, "%s/info.yml", dir);
	assert_int_equal(ll_buf_read_file(&info, p.ptr), 0);
	cases++;
	/* the rule's id is the first "id:" under rule_metadata */
	id = strstr(info.ptr, "rule_metadata:");
	assert_non_null(id);
	id = strstr(id, "id: ");
	assert_non_null(id);
	id += 4;
	snprintf(idbuf, sizeof(idbuf), "%.36s", id);
	if ((mc = strstr(info.ptr, "match_count:")))
		want = strtoul(mc + 12, NULL, 10);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (l > 5 && !strcmp(de->d_name + l - 5, ".evtx"))
			has_evtx = true;
		if (l > 5 && !strcmp(de->d_name + l - 5, ".json"))
			snprintf(json_path, sizeof(json_path), "%s/%s", dir, de->d_name);
	}
	closedir(d);
	if (!has_evtx || !json_path[0]) {
		printf("#   n/a   %s: no EVTX in the case\n", idbuf);
		goto out;
	}
	with_evtx++;
	r = find_rule(idbuf);
	if (!r) {
		printf("#   FAIL  %s: rule not loaded (%s)\n", idbuf,
		       find_skip(idbuf, why, sizeof(why)) ? why : "rule file not found");
		goto out;
	}
	if (case_matches(r, json_path, &docs, &hits, want)) {
		passed++;
	} else {
		printf("#   FAIL  %s %s: %zu of %zu events match, expected at least %zu (%s)\n", idbuf,
		       ll_sigma_rule_meta(r)->title, hits, docs, want, json_path);
	}
out:
	ll_buf_release(&info);
	ll_buf_release(&p);
}

static void walk(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat sb;
	char sub[4096];

	if (!d)
		return;
	snprintf(sub, sizeof(sub), "%s/info.yml", dir);
	if (stat(sub, &sb) == 0) {
		closedir(d);
		one_case(dir);
		return;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name);
		if (stat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))
			walk(sub);
	}
	closedir(d);
}

static void regression(void **state)
{
	struct stat sb;

	(void)state;
	if (stat(SIGMA "/regression_data", &sb) < 0)
		LL_SKIP("no shared test data (testdata/sigma/regression_data under LL_SHARED_DIR)");
	assert_int_equal(ll_ruleset_load(&sets[0], SIGMA "/rules"), 0);
	assert_int_equal(ll_ruleset_load(&sets[1], SIGMA "/rules-emerging-threats"), 0);
	walk(SIGMA "/regression_data");
	printf("# sigma regression: %zu of %zu cases with an EVTX pass (%zu cases in all)\n",
	       passed, with_evtx, cases);
	assert_int_equal(cases, 100);
	/* every case that has an EVTX must pass */
	assert_int_equal(passed, with_evtx);
	ll_ruleset_free(sets[0]);
	ll_ruleset_free(sets[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(regression),
	};

	return ll_unit_exit(cmocka_run_group_tests(tests, NULL, NULL));
}

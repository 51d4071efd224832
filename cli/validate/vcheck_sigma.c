/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Check (c): the built-in Sigma rules on their regression cases
 * (DATA/sigma/cases.tsv). Each case is one EVTX file and the rules that must
 * fire on it; every other built-in rule must not (its negative case). The
 * file is read by `analyze timeline` in a case of its own and `analyze detect
 * --no-fs` runs the built-in rules; `findings list` says which fired. Per file
 * every loaded rule is one comparison: a missed or an extra rule differs.
 */
#include "core/compat.h"
#include "cli/validate/vcheck.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/error.h"

static const char limits_sigma[] =
	"Each rule is tried on the cases listed only: a rule without a positive case here is "
	"only shown not to fire on these files. The expected outcomes were set by the "
	"project from the samples' content; they measure agreement with them, not the "
	"rules' false-positive or false-negative rates on other systems' logs.";

/* Whether the space-separated list `ids` holds `id`. */
static bool in_list(const char *ids, const char *id)
{
	size_t n = strlen(id);

	for (const char *p = ids; (p = strstr(p, id)); p += n)
		if ((p == ids || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

static int run_case(struct vctx *c, json_t *check, const char *file, const char *want,
		    const char *note)
{
	char path[4096], casedir[4096], j[4096], d[4096], f[4096], id[64], msg[1024];
	const char *col[] = { "lifeline", "-C", casedir, "--json", "collect", "files", path, NULL };
	const char *ana[] = { "lifeline", "-C", casedir, "analyze", "timeline", id, NULL };
	const char *det[] = { "lifeline", "-C", casedir, "--json", "analyze", "detect", "--no-fs", NULL };
	const char *fin[] = { "lifeline", "-C", casedir, "--json", "findings", "list", NULL };
	json_t *dj = NULL, *fj = NULL, *x;
	struct ll_buf got = LL_BUF_INIT;
	uint64_t rules, fn = 0, fp = 0;
	size_t i;
	int rc;

	vsay(c, "sigma: %s", file);
	vfmt(path, sizeof(path), "%s/evtx/%s", c->data, file);
	vpath(c, j, sizeof(j), "collect.json");
	vpath(c, d, sizeof(d), "detect.json");
	vpath(c, f, sizeof(f), "findings.json");
	if ((rc = vcase_new(c, casedir, sizeof(casedir), "sigma")) < 0)
		return rc;
	if (vrun_self(c, col, j) != 0 || vjson_id(id, sizeof(id), j, "id") != 0 ||
	    vrun_self(c, ana, NULL) != 0 || vrun_self(c, det, d) != 0 ||
	    vrun_self(c, fin, f) != 0 || !(dj = json_load_file(d, 0, NULL)) ||
	    !(fj = json_load_file(f, 0, NULL)))
		return vdata_add(check, file, NULL, 0, 0, 0, "a lifeline step failed");
	rules = (uint64_t)json_integer_value(json_object_get(dj, "rules"));
	if (!json_object_get(check, "ruleset_sha256"))
		json_object_set(check, "ruleset_sha256", json_object_get(dj, "ruleset_sha256"));
	json_array_foreach(json_object_get(fj, "findings"), i, x) {
		const char *rid = json_string_value(json_object_get(x, "rule_id"));

		if (!rid || in_list(got.ptr ? got.ptr : "", rid))
			continue;
		ll_buf_printf(&got, "%s%s", got.len ? " " : "", rid);
		fp += !in_list(want, rid);
	}
	for (const char *p = want; *p;) {
		size_t n = strcspn(p, " ");
		char one[64];

		vfmt(one, sizeof(one), "%.*s", (int)n, p);
		if (n && strcmp(one, "-"))
			fn += !in_list(got.ptr ? got.ptr : "", one);
		p += n + (p[n] == ' ');
	}
	vfmt(msg, sizeof(msg), "%s; fired: %s; missed %" PRIu64 ", extra %" PRIu64, note,
	     got.len ? got.ptr : "none", fn, fp);
	rc = vdata_add(check, file, path, rules, rules - fn - fp, fn + fp, msg);
	json_decref(dj);
	json_decref(fj);
	ll_buf_release(&got);
	return rc;
}

int vcheck_sigma(struct vctx *c, json_t *checks)
{
	json_t *check = vcheck_new("sigma-regression",
				   "built-in Sigma rules on their positive and negative cases",
				   "expected outcomes (DATA/sigma/cases.tsv)", NULL, limits_sigma);
	struct ll_buf b = LL_BUF_INIT;
	char cases[4096];
	size_t done = 0, line = 0;
	int rc = 0;

	json_array_append_new(checks, check);
	vfmt(cases, sizeof(cases), "%s/sigma/cases.tsv", c->data ? c->data : "");
	if (!c->data || ll_buf_read_file(&b, cases) < 0) {
		ll_buf_release(&b);
		vcheck_not_run(check, "no regression cases: no DATA/sigma/cases.tsv (--data)");
		return 0;
	}
	for (char *p = b.ptr; p && *p && rc == 0;) {
		char *nl = strchr(p, '\n'), *t1, *t2;

		line++;
		if (nl)
			*nl = '\0';
		if (*p && *p != '#') {
			if (!(t1 = strchr(p, '\t')) || !(t2 = strchr(t1 + 1, '\t'))) {
				rc = ll_error_set(LL_ECORRUPT, "%s: line %zu: not three tab-separated fields",
						  cases, line);
				break;
			}
			*t1 = *t2 = '\0';
			rc = run_case(c, check, p, t1 + 1, t2 + 1);
			done++;
		}
		p = nl ? nl + 1 : NULL;
	}
	ll_buf_release(&b);
	if (rc == 0 && done == 0)
		vcheck_not_run(check, "DATA/sigma/cases.tsv lists no case");
	else if (rc == 0)
		vcheck_finish(check);
	return rc;
}

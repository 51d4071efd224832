/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lifeline validate: runs the validation suite on this machine, with the peer
 * tools as oracles, and writes validation.json (docs/formats/validation.md),
 * which `casefile build --validation` puts in the case file and its annex.
 * The lifeline side of every check runs this very binary (/proc/self/exe) as
 * a child, through the same commands an examiner runs.
 */
#include "core/compat.h"
#include "cli/commands.h"
#include "cli/validate/vcheck.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/hash.h"
#include "core/time.h"

static const char validate_usage[] =
	"usage: lifeline validate [-o FILE] [--json] [--data DIR] [--keep] [--timeout SECONDS]\n"
	"\n"
	"Runs the validation suite on this machine with the peer tools as oracles\n"
	"and writes FILE (default validation.json; never overwritten): lifeline's\n"
	"version and SHA-256, the date and host, and per check what was compared\n"
	"with which peer tool (and its version) on which data (name, SHA-256,\n"
	"size), the counts compared/equal/differing, pass or fail, and the known\n"
	"limits. A check whose peer is missing is listed as \"not run\".\n"
	"Checks: file-system bodyfile vs fls (images made here with mkfs.ext4 and\n"
	"mkfs.vfat + mtools, and DATA/fs/*), EVTX record ids vs evtxexport\n"
	"(DATA/evtx/*.evtx), the Sigma regression cases, tamper detection by\n"
	"casefile verify, E01 media hashes vs ewfverify. Exits 1 when a check fails.\n"
	"\n"
	"  -o FILE             where to write the JSON (default validation.json)\n"
	"  --data DIR          validation data (default: the installed\n"
	"                      share/lifeline/validation, if any)\n"
	"  --keep              keep the work folder (its path is printed)\n"
	"  --timeout SECONDS   limit of each child process (default 300)\n";

static const char statement[] =
	"Each count is of comparisons made in this run on the data listed. Passing N "
	"comparisons bounds the error rate of a method on such data; it does not show "
	"that the error rate is zero, nor cover data unlike that listed.";

/* The key of the run: a throw-away examiner in tmp/home. */
static int make_key(struct vctx *c, char *fpr, size_t len)
{
	char out[4096];
	const char *kn[] = { "lifeline", "key", "new", "--name", "lifeline validate", NULL };
	const char *ks[] = { "lifeline", "--json", "key", "show", NULL };
	int rc;

	vfmt(out, sizeof(out), "%s/key.json", c->tmp);
	if ((rc = vrun_self(c, kn, NULL)) != 0 || (rc = vrun_self(c, ks, out)) != 0)
		return rc < 0 ? rc : ll_error_set(LL_EIO, "making the run's examiner key failed (exit %d)", rc);
	return vjson_id(fpr, len, out, "fingerprint");
}

static void environment(const char *tmp)
{
	char home[4096];

	vfmt(home, sizeof(home), "%s/home", tmp);
	mkdir(home, 0700);
	setenv("HOME", home, 1);
	unsetenv("LIFELINE_KEY");
	unsetenv("LIFELINE_CERT");
	unsetenv("LIFELINE_HOME");
	unsetenv("LIFELINE_KEY_PASSPHRASE");
	setenv("LIFELINE_NO_PROGRESS", "1", 1);
	/* the oracles' output must not depend on the examiner's zone or locale */
	setenv("TZ", "UTC", 1);
	setenv("LC_ALL", "C", 1);
	setenv("MTOOLS_SKIP_CHECK", "1", 1);
}

/* The installed data next to the binary: <prefix>/share/lifeline/validation. */
static const char *default_data(char *buf, size_t len, const char *self)
{
	struct stat sb;
	char *slash;

	vfmt(buf, len, "%s", self);
	if (!(slash = strrchr(buf, '/')))
		return NULL;
	*slash = '\0';
	vfmt(slash, len - (size_t)(slash - buf), "/../share/lifeline/validation");
	return stat(buf, &sb) == 0 && S_ISDIR(sb.st_mode) ? buf : NULL;
}

static json_t *summary(const json_t *checks, int *failed)
{
	json_int_t run = 0, pass = 0, fail = 0, not_run = 0;
	size_t i;
	json_t *ch;

	json_array_foreach(checks, i, ch) {
		const char *s = json_string_value(json_object_get(ch, "status"));

		if (!strcmp(s, "pass"))
			run++, pass++;
		else if (!strcmp(s, "fail"))
			run++, fail++;
		else
			not_run++;
	}
	*failed = fail > 0;
	return json_pack("{s:I, s:I, s:I, s:I}", "run", run, "passed", pass, "failed", fail,
			 "not_run", not_run);
}

static void print_text(const json_t *doc, const char *out)
{
	size_t i;
	json_t *ch;

	json_array_foreach(json_object_get(doc, "checks"), i, ch) {
		const json_t *n = json_object_get(ch, "counts");
		const char *st = json_string_value(json_object_get(ch, "status"));

		if (!strcmp(st, "not run"))
			printf("  %-17s not run: %s\n", json_string_value(json_object_get(ch, "id")),
			       ll_cli_q(json_string_value(json_object_get(ch, "reason"))));
		else
			printf("  %-17s %s  %" JSON_INTEGER_FORMAT " compared, %" JSON_INTEGER_FORMAT
			       " equal, %" JSON_INTEGER_FORMAT " differing\n",
			       json_string_value(json_object_get(ch, "id")), st,
			       json_integer_value(json_object_get(n, "compared")),
			       json_integer_value(json_object_get(n, "equal")),
			       json_integer_value(json_object_get(n, "differing")));
	}
	printf("validation %s written to %s\n",
	       json_integer_value(json_object_get(json_object_get(doc, "summary"), "failed"))
		       ? "FAILED," : "passed,", ll_cli_qname(out));
}

int cmd_validate(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "data", required_argument, NULL, 'd' },
		{ "keep", no_argument, NULL, 'k' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int (*const steps[])(struct vctx *, json_t *) = {
		vcheck_fs, vcheck_evtx, vcheck_sigma, vcheck_tamper, vcheck_e01,
	};
	struct vctx c = { 0 };
	const char *out = "validation.json", *data = NULL;
	char self[PATH_MAX], tmpl[4096], sha[65], fpr[80], date[48], host[256], defdata[PATH_MAX];
	bool keep = false;
	struct utsname un;
	json_t *doc = NULL, *checks = NULL;
	struct stat sb;
	ssize_t n;
	char *text = NULL;
	int ch, rc, failed = 0, code = 0;

	optind = 0;
	c.timeout_s = 300;
	while ((ch = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': out = optarg; break;
		case 'd': data = optarg; break;
		case 'k': keep = true; break;
		case 't': {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*end || v < 1 || v > 86400)
				return ll_cli_usage(cli, validate_usage, "--timeout wants 1 to 86400 seconds");
			c.timeout_s = (int)v;
			break;
		}
		case 'h': return ll_cli_help(validate_usage);
		default: return ll_cli_usage(cli, validate_usage, "bad option");
		}
	}
	if (optind != argc)
		return ll_cli_usage(cli, validate_usage, "unexpected argument '%s'", argv[optind]);
	if (data && (stat(data, &sb) != 0 || !S_ISDIR(sb.st_mode)))
		return ll_cli_usage(cli, validate_usage, "--data '%s' is not a folder", data);
	if (stat(out, &sb) == 0)
		return ll_cli_fail_code(cli, ll_error_set(LL_EEXISTS, "'%s' already exists: refusing to overwrite it", out),
					LL_EXIT_OUTPUT);
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) < 0)
		return ll_cli_fail(cli, ll_error_set(LL_EIO, "cannot find the running binary (/proc/self/exe)"));
	self[n] = '\0';
	if ((rc = ll_hash_file("/proc/self/exe", LL_HASH_SHA256, NULL, NULL, sha, NULL)) < 0)
		return ll_cli_fail(cli, rc);
	vfmt(tmpl, sizeof(tmpl), "%s/lifeline-validate.XXXXXX",
		 getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpl))
		return ll_cli_fail(cli, ll_error_set(LL_EIO, "cannot make a work folder in %s", tmpl));
	c.tmp = tmpl;
	c.self = self;
	c.data = data ? data : default_data(defdata, sizeof(defdata), self);
	c.progress = isatty(2) && !cli->quiet;
	environment(tmpl);
	if ((rc = make_key(&c, fpr, sizeof(fpr))) < 0) {
		code = ll_cli_fail(cli, rc);
		goto out;
	}
	c.key_fpr = fpr;
	if (!(checks = json_array())) {
		code = ll_cli_fail(cli, ll_error_set(LL_ENOMEM, "out of memory"));
		goto out;
	}
	for (size_t i = 0; i < LL_ARRAY_SIZE(steps); i++) {
		size_t before = json_array_size(checks);

		if ((rc = steps[i](&c, checks)) < 0) {
			/* an error of the suite itself fails its check, named; the others still run */
			json_t *last = json_array_size(checks) > before ?
					       json_array_get(checks, json_array_size(checks) - 1) : NULL;

			if (last) {
				json_object_set_new(last, "status", json_string("fail"));
				json_object_set_new(last, "reason", json_string(ll_error_message()));
			}
		}
	}
	ll_time_format(date, sizeof(date), ll_time_now_ns(), 0);
	if (gethostname(host, sizeof(host)) != 0)
		vfmt(host, sizeof(host), "unknown");
	host[sizeof(host) - 1] = '\0';
	if (uname(&un) != 0)
		memset(&un, 0, sizeof(un));
	doc = json_pack("{s:s, s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:s?, s:O, s:o, s:s}",
			"schema", "lifeline.validation/1",
			"lifeline", "version", LL_VERSION, "sha256", sha, "path", self,
			"date", date, "host", host, "system", un.sysname[0] ? un.release : "unknown",
			"data_dir", c.data, "checks", checks, "summary", summary(checks, &failed),
			"statement", statement);
	if (!doc || !(text = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENSURE_ASCII))) {
		code = ll_cli_fail(cli, ll_error_set(LL_ENOMEM, "out of memory"));
		goto out;
	}
	{
		size_t len = strlen(text);

		text[len] = '\n'; /* json_dumps' terminator becomes the final newline */
		rc = ll_write_new_file(out, 0644, text, len + 1);
		text[len] = '\0';
	}
	if (rc < 0) {
		code = ll_cli_fail_code(cli, rc, LL_EXIT_OUTPUT);
		goto out;
	}
	if (cli->json)
		code = ll_cli_print_json(json_incref(doc), "lifeline.validation/1") ? LL_EXIT_OUTPUT : 0;
	else
		print_text(doc, out);
	if (!code && failed)
		code = LL_EXIT_NEGATIVE;
out:
	if (keep)
		fprintf(stderr, "validate: work folder kept: %s\n", tmpl);
	else
		ll_rmtree(tmpl);
	free(text);
	json_decref(doc);
	json_decref(checks);
	return code;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline casefile build|verify: the sealed case file for prosecutors and courts. */
#include "core/compat.h"
#include "cli/commands.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "analyze/versions.h"
#include "casefile/annex.h"
#include "casefile/casefile.h"
#include "casefile/versions.h"
#include "cli/progress.h"
#include "collect/versions.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/crypto.h"
#include "casefile/report/lang_fmt.h"
#include "core/error.h"
#include "core/expert/profile.h"
#include "core/name.h"
#include "core/time.h"
#include "core/versions.h"

static const char casefile_usage[] =
	"usage: lifeline casefile <subcommand>\n"
	"\n"
	"  build [-o DIR] [--recipient CERT] [--include-evidence] [--tsa-reply FILE] [--tsa-url URL] [--tz ZONE] [--lang en|fr] [--no-pdf] [--validation FILE]\n"
	"                write the sealed case file (BagIt bag + seal/)\n"
	"  verify DIR [--ca PEM] [--signer-fingerprint HEX] [--evidence CASE_DIR]\n"
	"                check a case file without the case database\n";

/* The profile kept with the signing key, NULL when there is none. */
static int load_profile(json_t **out, const struct ll_cli *cli)
{
	char *key = NULL, *cert = NULL;
	int rc;

	if ((rc = ll_key_default_paths(&key, &cert, cli->key, cli->cert)) == 0)
		rc = ll_profile_load(out, cert, cli->signer->fingerprint);
	ll_free(key);
	ll_free(cert);
	return rc;
}

static const char build_usage[] =
	"usage: lifeline casefile build [-o DIR] [--recipient CERT] [--include-evidence] [--tsa-reply FILE] [--tsa-url URL] [--tz ZONE] [--lang en|fr] [--no-pdf] [--validation FILE]\n"
	"\n"
	"Writes DIR/bag (a BagIt bag: the report, timeline exports, findings,\n"
	"correlation, custody ledger, CASE/UCO graph, harm annex and evidence or\n"
	"references) and DIR/seal (the examiner's CMS signature over\n"
	"bag/tagmanifest-sha256.txt, the RFC 3161 request, the timestamp when a\n"
	"TSA answered, and a cover sheet). Prints the seal fingerprint, the SHA-256\n"
	"of bag/tagmanifest-sha256.txt, and records it in the custody entry 'seal'.\n"
	"\n"
	"  -o DIR              the folder to create (default: exports/casefile-<case id>\n"
	"                      in the case); never overwritten\n"
	"  --recipient CERT    encrypt the harm annex to this certificate (CMS,\n"
	"                      AES-256-GCM): data/harm.tar.p7m instead of data/harm/\n"
	"  --include-evidence  copy the evidence files into data/evidence/ (checked\n"
	"                      against their registered SHA-256); otherwise they are\n"
	"                      referenced by hash in data/evidence-sha256.txt\n"
	"  --tsa-url URL       get the timestamp from an RFC 3161 TSA over HTTP(S)\n"
	"  --tsa-reply FILE    add the TSA's reply to the request DIR/seal/*.tsq of a\n"
	"                      case file built earlier (-o DIR names it)\n"
	"  --tz ZONE           show event times in this zone beside UTC (IANA name\n"
	"                      or +HH:MM; default: the zone 'analyze timeline'\n"
	"                      recorded, else UTC only)\n"
	"  --lang en|fr        the language of the report, its cover, annexes and\n"
	"                      PDF (default en); evidence text stays as found\n"
	"  --no-pdf            do not render data/report.pdf (WeasyPrint); the\n"
	"                      report and methods.json then say so\n"
	"  --validation FILE   the validation.json of 'lifeline validate': kept as\n"
	"                      data/validation.json and shown in the report's annex\n"
	"                      \"Validation of methods\" (refused if malformed)\n"
	"  --key FILE, --cert FILE\n"
	"                      the examiner key and certificate\n";

static const char verify_usage[] =
	"usage: lifeline casefile verify DIR [--ca PEM] [--signer-fingerprint HEX] [--evidence CASE_DIR]\n"
	"\n"
	"Checks a case file folder without the case database: the layout, every\n"
	"tag and payload manifest line (no file missing or unlisted), the signature,\n"
	"the signer's identity, the timestamp, the cover sheet (rebuilt from the\n"
	"signed content and compared byte for byte), the custody ledger inside, and\n"
	"the evidence files or references. The identity is established only by the\n"
	"certificate chain to --ca or by --signer-fingerprint; without either, the\n"
	"integrity may hold but the result is not OK. Names each failed step and\n"
	"exits 1.\n"
	"\n"
	"  --ca PEM            trust anchor(s) for the examiner and TSA certificates\n"
	"  --signer-fingerprint HEX\n"
	"                      the SHA-256 of the examiner's certificate, obtained\n"
	"                      from the examiner out of band ('key show' prints it)\n"
	"  --evidence CASE_DIR also hash the referenced evidence files found there\n";

struct versions {
	json_t *obj;
};

static void add_version(const char *name, const char *version, void *payload)
{
	json_object_set_new(payload, name, json_string(version));
}

static json_t *versions(void)
{
	json_t *v = json_object();

	ll_core_versions(add_version, v);
	ll_collect_versions(add_version, v);
	ll_analyze_versions(add_version, v);
	ll_casefile_versions(add_version, v);
	return v;
}

static int print_result(struct ll_cli *cli, const char *dir,
			const struct ll_casefile_result *res)
{
	if (cli->json) {
		json_t *doc = json_pack("{s:b, s:s, s:s, s:I, s:I, s:b, s:I, s:s}", "ok", 1,
					"folder", dir, "fingerprint", res->fingerprint,
					"payload_files", (json_int_t)res->payload_files,
					"payload_bytes", (json_int_t)res->payload_bytes,
					"timestamped", res->timestamped,
					"custody_seq", (json_int_t)res->seal_seq,
					"custody_head", res->seal_hash);

		if (res->timestamped)
			json_object_set_new(doc, "timestamp", json_string(res->timestamp));
		return ll_cli_print_json(doc, "lifeline.casefile.build/1") ? LL_EXIT_OUTPUT : 0;
	}
	printf("case file %s\n", ll_cli_qname(dir));
	printf("  payload   %zu files, %" PRIu64 " bytes\n", res->payload_files, res->payload_bytes);
	if (res->timestamped)
		printf("  timestamp %s\n", res->timestamp);
	else
		printf("  timestamp none: send %s/seal/tagmanifest-sha256.txt.p7s.tsq to a TSA,\n"
		       "            then run 'lifeline casefile build -o %s --tsa-reply REPLY.tsr'\n",
		       ll_cli_q(dir), ll_cli_qname(dir));
	printf("  custody   entry %" PRId64 " 'seal', head %s\n", res->seal_seq, res->seal_hash);
	printf("fingerprint %s\n", res->fingerprint);
	return 0;
}

static int casefile_build(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "recipient", required_argument, NULL, 'r' },
		{ "include-evidence", no_argument, NULL, 'e' },
		{ "tsa-reply", required_argument, NULL, 'R' },
		{ "tsa-url", required_argument, NULL, 'u' },
		{ "tz", required_argument, NULL, 'z' },
		{ "no-pdf", no_argument, NULL, 'P' },
		{ "validation", required_argument, NULL, 'V' },
		{ "lang", required_argument, NULL, 'L' },
		LL_CLI_KEY_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_casefile_build_opts bo = { 0 };
	json_t *profile = NULL;
	struct ll_progress_cb pc;
	struct ll_casefile_result res;
	struct ll_signer *signer = NULL;
	struct ll_case *cs = NULL;
	const char *reply = NULL, *out = NULL;
	char *defdir = NULL;
	json_t *vers = NULL;
	int c, rc;
	bool lang_given = false;

	optind = 0;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'r': bo.recipient = optarg; break;
		case 'e': bo.include_evidence = true; break;
		case 'R': reply = optarg; break;
		case 'u': bo.tsa_url = optarg; break;
		case 'z': bo.tz = optarg; break;
		case 'P': bo.no_pdf = true; break;
		case 'V': bo.validation = optarg; break;
		case 'L':
			if (ll_lang_parse(&bo.lang, optarg) < 0)
				return ll_cli_usage(cli, build_usage, "unknown language '%s' for --lang (en or fr)", optarg);
			lang_given = true;
			break;
		case LL_CLI_OPT_KEY: cli->key = optarg; break;
		case LL_CLI_OPT_CERT: cli->cert = optarg; break;
		case 'h': return ll_cli_help(build_usage);
		default: return ll_cli_usage(cli, build_usage, "bad option");
		}
	}
	if (optind != argc)
		return ll_cli_usage(cli, build_usage, "unexpected argument '%s'", argv[optind]);
	if (bo.tz && !ll_time_zone_valid(bo.tz))
		return ll_cli_usage(cli, build_usage, "unknown time zone '%s' for --tz", bo.tz);
	if (reply && bo.tsa_url)
		return ll_cli_usage(cli, build_usage, "--tsa-reply and --tsa-url exclude each other");
	if (reply && (bo.recipient || bo.include_evidence || bo.tz || bo.no_pdf || bo.validation || lang_given))
		return ll_cli_usage(cli, build_usage,
				    "--tsa-reply only adds a timestamp to a case file built earlier");
	if ((rc = ll_cli_setup_case(cli)) < 0)
		return ll_cli_fail(cli, rc);
	cs = cli->cs;
	if (!out) {
		char safe[128], rel[160];

		ll_annex_safe_name(safe, sizeof(safe), cs->case_id);
		snprintf(rel, sizeof(rel), "exports/casefile-%s", safe);
		if (!(defdir = ll_case_path(cs, rel))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto fail;
		}
		out = defdir;
	}
	if ((rc = ll_cli_setup(cli)) < 0)
		goto fail;
	signer = cli->signer;
	if (reply) {
		struct stat sb;

		if (stat(out, &sb) != 0) {
			rc = ll_error_set(LL_ENOTFOUND,
					  "'%s' does not exist: --tsa-reply answers the request of a case file built earlier",
					  out);
			goto fail;
		}
		rc = ll_casefile_add_timestamp(&res, cs, signer, out, reply);
	} else {
		vers = versions();
		bo.out_dir = out;
		bo.versions = vers;
		/* the expert as the profile kept with this key says (core/expert/profile.h) */
		if ((rc = load_profile(&profile, cli)) < 0)
			goto fail;
		bo.profile = profile;
		ll_progress_cb_init(&pc, "casefile", "steps", cli->quiet);
		bo.progress = ll_progress_cb_step; /* the build's steps, on stderr */
		bo.progress_payload = &pc;
		rc = ll_casefile_build(&res, cs, signer, &bo);
		ll_progress_cb_end(&pc);
	}
	if (rc < 0)
		goto fail;
	rc = print_result(cli, out, &res);
	json_decref(vers);
	json_decref(profile);
	ll_free(defdir);
	return rc;
fail:
	json_decref(vers);
	json_decref(profile);
	ll_free(defdir);
	/* a registered evidence file that changed: refuse to seal (exit 6) */
	if (rc == LL_EVERIFY)
		return ll_cli_fail_code(cli, rc, LL_EXIT_INTEGRITY);
	return ll_cli_fail(cli, rc);
}

static int casefile_verify(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ca", required_argument, NULL, 'c' },
		{ "signer-fingerprint", required_argument, NULL, 'f' },
		{ "evidence", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const label[] = { "ok", "WARNING", "skipped" };
	struct ll_casefile_verify_report rep;
	const char *ca = NULL, *pin = NULL, *evdir = NULL, *dir;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': ca = optarg; break;
		case 'f': pin = optarg; break;
		case 'e': evdir = optarg; break;
		case 'h': return ll_cli_help(verify_usage);
		default: return ll_cli_usage(cli, verify_usage, "bad option");
		}
	}
	if (optind != argc - 1)
		return ll_cli_usage(cli, verify_usage, "one case file folder is required");
	dir = argv[optind];
	rc = ll_casefile_verify(&rep, dir, ca, pin, evdir);
	if (rc < 0 && rc != LL_EVERIFY)
		return ll_cli_fail(cli, rc);
	if (cli->json) {
		json_t *steps = json_array();

		for (size_t i = 0; i < rep.nsteps; i++)
			json_array_append_new(steps, json_pack("{s:s, s:s, s:s}", "step", rep.steps[i].name,
							       "status",
							       rep.steps[i].status < 0 ? "failed"
							       : rep.steps[i].status == 1 ? "warning"
							       : rep.steps[i].status == 2 ? "skipped" : "ok",
							       "message",
							       ll_name_is_utf8(rep.steps[i].message)
								       ? rep.steps[i].message
								       : ll_cli_q(rep.steps[i].message)));
		ll_cli_print_json(json_pack("{s:b, s:b, s:b, s:b, s:s, s:s, s:s, s:s, s:o}", "ok", rep.ok,
					    "integrity", rep.integrity_ok, "identity", rep.identity_ok,
					    "signer_in_ledger", rep.signer_in_ledger,
					    "fingerprint", rep.fingerprint, "signer", rep.signer,
					    "signer_fingerprint", rep.signer_fingerprint,
					    "timestamp", rep.timestamp, "steps", steps),
				  "lifeline.casefile.verify/1");
	} else {
		for (size_t i = 0; i < rep.nsteps; i++) {
			const struct ll_casefile_step *s = &rep.steps[i];

			printf("%-8s %-13s %s\n", s->status < 0 ? "FAILED" : label[s->status],
			       s->name, ll_cli_q(s->message));
		}
		printf("fingerprint %s\n", rep.fingerprint);
	}
	if (!rep.ok && rep.integrity_ok) {
		/* what holds and what does not: not OK, yet not tampered with either */
		if (!cli->json)
			printf("case file integrity holds (manifests, signature, timestamp, cover, custody "
			       "ledger); the signer's identity is NOT established\n");
		fprintf(stderr,
			"lifeline: casefile verify: the integrity holds, but the signer's identity is not "
			"established (give --ca or --signer-fingerprint); the signing certificate %s %s "
			"the bag's custody ledger\n",
			rep.signer_fingerprint, rep.signer_in_ledger ? "signs entries of" : "is not one of the examiners in");
	}
	if (!rep.ok) {
		for (size_t i = 0; i < rep.nsteps; i++)
			if (rep.steps[i].status < 0)
				fprintf(stderr, "lifeline: casefile verify: %s failed: %s\n",
					rep.steps[i].name, ll_cli_q(rep.steps[i].message));
		return LL_EXIT_NEGATIVE;
	}
	if (!cli->json)
		printf("case file OK\n");
	return 0;
}

int cmd_casefile(struct ll_cli *cli, int argc, char **argv)
{
	static const struct ll_cmd subs[] = {
		{ "build", casefile_build, LL_CMD_CASE | LL_CMD_UNIT_CASE | LL_CMD_SIGNER,
		  "write the sealed case file" },
		{ "verify", casefile_verify, 0, "check a case file" },
	};

	return ll_cli_dispatch(cli, argc, argv, subs, LL_ARRAY_SIZE(subs), casefile_usage);
}

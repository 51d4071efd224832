/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline key profile: the examiner's profile kept with the key (core/expert/profile.h). */
#include "core/compat.h"
#include "cli/commands.h"
#include "cli/expert_opts.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/crypto.h"
#include "core/error.h"

int ll_cli_profile_opt(struct ll_cli *cli, const char *usage, struct ll_cli_profile_args *a,
		       int c, const char *arg)
{
	switch (c) {
	case LL_OPT_P_NAME: a->u.name = arg; return 1;
	case LL_OPT_P_ROLE: a->u.role = arg; return 1;
	case LL_OPT_P_ORG: a->u.organisation = arg; return 1;
	case LL_OPT_P_ACCR: a->u.accreditation = arg; return 1;
	case LL_OPT_P_CONTACT: a->u.contact = arg; return 1;
	case LL_OPT_P_QUAL:
		a->u.qualifications = a->quals;
		a->u.set_qualifications = true;
		return ll_cli_list_add(cli, usage, a->quals, &a->u.nqualifications,
				       LL_PROFILE_MAX_QUALIFICATIONS, "qualification", arg);
	default: return 0;
	}
}

int ll_cli_cert_in_use(char **cert_path, char fpr[65], const struct ll_cli *cli)
{
	struct ll_buf pem = LL_BUF_INIT;
	char *key = NULL, *cert = NULL;
	int rc;

	if ((rc = ll_key_default_paths(&key, &cert, cli->key, cli->cert)) < 0)
		return rc;
	if ((rc = ll_buf_read_file(&pem, cert)) < 0 ||
	    (rc = ll_cert_fingerprint(fpr, pem.ptr)) < 0) {
		ll_error_context("certificate '%s'", cert);
		goto out;
	}
	*cert_path = cert;
	cert = NULL;
out:
	ll_free(key);
	ll_free(cert);
	ll_buf_release(&pem);
	return rc;
}

void ll_cli_profile_print(const json_t *p)
{
	static const char *const k[][2] = {
		{ "name", "name         " }, { "role", "role         " },
		{ "organisation", "organisation " }, { "accreditation", "accreditation" },
		{ "contact", "contact      " },
	};

	if (!p) {
		printf("profile      (none: set it with 'lifeline key profile')\n");
		return;
	}
	ll_cli_print_fields(p, k, LL_ARRAY_SIZE(k), "qualifications", "qualification", false);
}

static const char profile_usage[] =
	"usage: lifeline key profile [--name TEXT] [--role TEXT] [--organisation TEXT]\n"
	"                            [--qualification TEXT]... [--accreditation TEXT]\n"
	"                            [--contact TEXT] [--cert FILE] [--json]\n"
	"\n"
	"Shows, or with options sets, the examiner's profile kept beside the\n"
	"certificate (examiner.crt: examiner.profile.json). The expert section and\n"
	"the declaration of 'casefile build' name the expert from it. Options not\n"
	"given are kept; an empty value removes a field; --qualification (repeat it)\n"
	"replaces the list. The profile is bound to the certificate: a new key needs\n"
	"its own.\n"
	"\n"
	"  --name TEXT           the expert's name as a court should read it\n"
	"  --role TEXT           e.g. \"digital forensic examiner\"\n"
	"  --organisation TEXT   laboratory or agency\n"
	"  --qualification TEXT  a qualification or court listing (repeatable)\n"
	"  --accreditation TEXT  e.g. \"ISO/IEC 17025:2017, scope 1234 (digital forensics)\"\n"
	"  --contact TEXT        a professional address, telephone or e-mail\n"
	"  --cert FILE           the certificate whose profile this is (default: in use)\n";

int cmd_key_profile(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, LL_OPT_P_NAME },
		LL_CLI_PROFILE_OPTIONS,
		LL_CLI_KEY_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_cli_profile_args a = { 0 };
	json_t *p = NULL;
	char *cert = NULL, fpr[65];
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if ((rc = ll_cli_profile_opt(cli, profile_usage, &a, c, optarg)) == 1)
			continue;
		if (rc)
			return rc;
		switch (c) {
		case LL_CLI_OPT_KEY: cli->key = optarg; break;
		case LL_CLI_OPT_CERT: cli->cert = optarg; break;
		case 'h': return ll_cli_help(profile_usage);
		default: return ll_cli_usage(cli, profile_usage, "bad option");
		}
	}
	if (optind != argc)
		return ll_cli_usage(cli, profile_usage, "unexpected argument '%s'", argv[optind]);
	if ((rc = LL_CLI_TEXT_ARGS(cli, profile_usage, { "--name", a.u.name },
				   { "--role", a.u.role }, { "--organisation", a.u.organisation },
				   { "--accreditation", a.u.accreditation },
				   { "--contact", a.u.contact })))
		return rc;
	for (size_t i = 0; i < a.u.nqualifications; i++)
		if ((rc = LL_CLI_TEXT_ARGS(cli, profile_usage, { "--qualification", a.quals[i] })))
			return rc;
	if ((rc = ll_cli_cert_in_use(&cert, fpr, cli)) < 0)
		return ll_cli_fail(cli, rc);
	if (ll_profile_update_any(&a.u))
		rc = ll_profile_update(&p, cert, fpr, &a.u);
	else
		rc = ll_profile_load(&p, cert, fpr);
	if (rc < 0) {
		ll_free(cert);
		return ll_cli_fail(cli, rc);
	}
	if (cli->json) {
		char *path = NULL;
		json_t *doc;

		if ((rc = ll_profile_path(&path, cert)) < 0) {
			ll_free(cert);
			json_decref(p);
			return ll_cli_fail(cli, rc);
		}
		doc = json_pack("{s:s, s:s, s:s}", "certificate", cert, "fingerprint", fpr,
				"file", path);
		json_object_set_new(doc, "profile", p ? p : json_null());
		p = NULL;
		ll_free(path);
		ll_free(cert);
		return ll_cli_print_json(doc, "lifeline.key.profile/1") ? LL_EXIT_OUTPUT : 0;
	}
	printf("certificate  %s\nfingerprint  %s\n", ll_cli_qname(cert), fpr);
	ll_cli_profile_print(p);
	json_decref(p);
	ll_free(cert);
	return 0;
}

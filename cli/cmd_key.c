/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline key new|show: the examiner's signing key and certificate. */
#include "core/compat.h"
#include "cli/commands.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/ui.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/crypto.h"
#include "core/error.h"
#include "cli/expert_opts.h"

static const char key_usage[] =
	"usage: lifeline key <subcommand>\n"
	"\n"
	"  new --name NAME [--org ORG] [--out DIR] [--encrypt] [--csr]\n"
	"                create an ECDSA P-256 key and self-signed certificate\n"
	"  show [--key FILE] [--cert FILE]\n"
	"                print the examiner and certificate fingerprint in use\n"
	"  profile [--name TEXT] [--role TEXT] [--organisation TEXT] [--qualification TEXT]...\n"
	"          [--accreditation TEXT] [--contact TEXT]\n"
	"                show or set the examiner's profile kept with the key\n";

static const char new_usage[] =
	"usage: lifeline key new --name NAME [--org ORG] [--out DIR] [--encrypt] [--csr] [--days N]\n"
	"                        [--role TEXT] [--organisation TEXT] [--qualification TEXT]...\n"
	"                        [--accreditation TEXT] [--contact TEXT]\n"
	"\n"
	"Creates DIR/examiner.key (ECDSA P-256, mode 0600) and DIR/examiner.crt\n"
	"(self-signed X.509). The same key signs custody entries and the case-file\n"
	"seal. DIR defaults to $LIFELINE_HOME or ~/.lifeline; existing keys are\n"
	"never overwritten.\n"
	"\n"
	"  --name NAME   the examiner's name (certificate CN; shown in the ledger)\n"
	"  --org ORG     organisation (certificate O)\n"
	"  --out DIR     where to write the files\n"
	"  --encrypt     protect the key with a passphrase (LIFELINE_KEY_PASSPHRASE,\n"
	"                else asked on the terminal)\n"
	"  --csr         also write DIR/examiner.csr for an agency CA\n"
	"  --days N      certificate validity (default 3650)\n"
	"\n"
	"With any of --role, --organisation, --qualification, --accreditation or\n"
	"--contact, also writes the examiner's profile (DIR/examiner.profile.json;\n"
	"see 'lifeline key profile'), its name from --name.\n";

static int key_new(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "org", required_argument, NULL, 'o' },
		{ "out", required_argument, NULL, 'd' },
		{ "encrypt", no_argument, NULL, 'e' },
		{ "csr", no_argument, NULL, 'r' },
		{ "days", required_argument, NULL, 'D' },
		LL_CLI_PROFILE_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_keygen_opts ko = { 0 };
	struct ll_cli_profile_args pa = { 0 };
	const char *out = NULL;
	char *dir = NULL, fpr[65], pass[256] = "";
	bool encrypt = false;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if ((rc = ll_cli_profile_opt(cli, new_usage, &pa, c, optarg)) == 1)
			continue;
		if (rc)
			return rc;
		switch (c) {
		case 'n': ko.name = optarg; break;
		case 'o': ko.org = optarg; break;
		case 'd': out = optarg; break;
		case 'e': encrypt = true; break;
		case 'r': ko.csr = true; break;
		case 'D': {
			char *end;
			unsigned long d = strtoul(optarg, &end, 10);

			if (*end || d == 0 || d > 36500)
				return ll_cli_usage(cli, new_usage, "bad --days '%s'", optarg);
			ko.valid_days = (unsigned)d;
			break;
		}
		case 'h': return ll_cli_help(new_usage);
		default: return ll_cli_usage(cli, new_usage, "bad option");
		}
	}
	if (optind != argc)
		return ll_cli_usage(cli, new_usage, "unexpected argument '%s'", argv[optind]);
	if (!ko.name || !*ko.name)
		return ll_cli_usage(cli, new_usage, "--name is required");
	if ((rc = LL_CLI_TEXT_ARGS(cli, new_usage, { "--role", pa.u.role },
				   { "--organisation", pa.u.organisation },
				   { "--accreditation", pa.u.accreditation },
				   { "--contact", pa.u.contact })))
		return rc;
	for (size_t i = 0; i < pa.u.nqualifications; i++)
		if ((rc = LL_CLI_TEXT_ARGS(cli, new_usage, { "--qualification", pa.quals[i] })))
			return rc;
	if (encrypt) {
		const char *env = getenv("LIFELINE_KEY_PASSPHRASE");

		if (env && *env)
			snprintf(pass, sizeof(pass), "%s", env);
		else if (EVP_read_pw_string(pass, sizeof(pass), "key passphrase: ", 1) != 0)
			return ll_error_set(LL_EINVAL, "no passphrase"),
			       ll_cli_fail(cli, LL_EINVAL);
		if (strlen(pass) < 8) {
			OPENSSL_cleanse(pass, sizeof(pass));
			ll_error_set(LL_EINVAL, "the passphrase needs at least 8 characters");
			return ll_cli_fail(cli, LL_EINVAL);
		}
		ko.passphrase = pass;
	}
	if (!out) {
		if ((rc = ll_key_default_dir(&dir)) < 0)
			return ll_cli_fail(cli, rc);
		out = dir;
	}
	rc = ll_key_generate(fpr, out, &ko);
	OPENSSL_cleanse(pass, sizeof(pass));
	if (rc == 0 && ll_profile_update_any(&pa.u)) {
		struct ll_buf crt = LL_BUF_INIT;

		/* the key exists now: a profile that fails is reported, the key is kept */
		pa.u.name = ko.name;
		if (!pa.u.organisation)
			pa.u.organisation = ko.org;
		if ((rc = ll_buf_printf(&crt, "%s/examiner.crt", out)) == 0)
			rc = ll_profile_update(NULL, crt.ptr, fpr, &pa.u);
		ll_buf_release(&crt);
	}
	if (rc < 0) {
		ll_free(dir);
		return ll_cli_fail(cli, rc);
	}
	if (cli->json) {
		struct ll_buf k = LL_BUF_INIT, crt = LL_BUF_INIT;

		ll_buf_printf(&k, "%s/examiner.key", out);
		ll_buf_printf(&crt, "%s/examiner.crt", out);
		json_t *doc = json_pack("{s:b, s:s, s:s, s:s, s:s, s:b}", "ok", 1,
					"name", ko.name, "key", k.ptr, "cert", crt.ptr,
					"fingerprint", fpr, "encrypted", encrypt);
		ll_buf_release(&k);
		ll_buf_release(&crt);
		ll_free(dir);
		return ll_cli_print_json(doc, "lifeline.key.new/1") ? LL_EXIT_OUTPUT : 0;
	}
	printf("examiner    %s\nkey         %s/examiner.key%s\ncertificate %s/examiner.crt\n"
	       "fingerprint %s\n",
	       ll_cli_q(ko.name), ll_cli_q(out), encrypt ? " (encrypted)" : "", ll_cli_q(out), fpr);
	if (ko.csr)
		printf("csr         %s/examiner.csr\n", ll_cli_q(out));
	ll_free(dir);
	return 0;
}

static const char show_usage[] =
	"usage: lifeline key show [--key FILE] [--cert FILE] [--json]\n"
	"\n"
	"Loads the examiner key that signing commands would use (--key/--cert,\n"
	"LIFELINE_KEY/LIFELINE_CERT, or the default files), checks that key and\n"
	"certificate match, and prints the examiner and certificate fingerprint,\n"
	"and the examiner's profile kept with the key (see 'key profile').\n";

static int key_show(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		LL_CLI_KEY_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_signer *s;
	json_t *profile = NULL;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case LL_CLI_OPT_KEY: cli->key = optarg; break;
		case LL_CLI_OPT_CERT: cli->cert = optarg; break;
		case 'h': return ll_cli_help(show_usage);
		default: return ll_cli_usage(cli, show_usage, "bad option");
		}
	}
	if (optind != argc)
		return ll_cli_usage(cli, show_usage, "unexpected argument '%s'", argv[optind]);
	if ((rc = ll_cli_setup(cli)) < 0)
		return ll_cli_fail(cli, rc);
	s = cli->signer;
	{
		/* the profile kept with this key (key profile), null when none */
		char *kp = NULL, *cp = NULL;

		if ((rc = ll_key_default_paths(&kp, &cp, cli->key, cli->cert)) == 0)
			rc = ll_profile_load(&profile, cp, s->fingerprint);
		ll_free(kp);
		ll_free(cp);
		if (rc < 0)
			return ll_cli_fail(cli, rc);
	}
	if (cli->json) {
		json_t *doc = json_pack("{s:s, s:s}", "name", s->name, "fingerprint", s->fingerprint);

		json_object_set_new(doc, "profile", profile ? profile : json_null());
		rc = ll_cli_print_json(doc, "lifeline.key.show/1");
	} else {
		printf("examiner    %s\nfingerprint %s\n", ll_cli_q(s->name), s->fingerprint);
		ll_cli_profile_print(profile);
		json_decref(profile);
	}
	return rc < 0 ? LL_EXIT_OUTPUT : 0;
}

int cmd_key(struct ll_cli *cli, int argc, char **argv)
{
	static const struct ll_cmd subs[] = {
		{ "new", key_new, 0, "create a key" },
		{ "show", key_show, LL_CMD_SIGNER, "show the key in use" },
		{ "profile", cmd_key_profile, 0, "show or set the examiner's profile" },
	};

	return ll_cli_dispatch(cli, argc, argv, subs, LL_ARRAY_SIZE(subs), key_usage);
}

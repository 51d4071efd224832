/* SPDX-License-Identifier: Apache-2.0 */
/* lifeline harm pseudonymize: the hospital's step before its files leave it. */
#include "core/compat.h"
#include "cli/commands.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "analyze/harm/harm.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/hash.h"

static const char harm_usage[] =
	"usage: lifeline harm <subcommand>\n"
	"\n"
	"  pseudonymize --key-file K --kid ID --id-columns COLS IN OUT\n"
	"               replace patient identifiers by HMAC pseudonyms\n";

static const char pseudo_usage[] =
	"usage: lifeline harm pseudonymize --key-file K --kid ID --id-columns COLS IN OUT\n"
	"\n"
	"Run at the hospital, before a CSV file leaves it. Each row's patient\n"
	"identifier becomes patient_pseudonym = \"P-\" + the first 32 hex digits of\n"
	"HMAC-SHA256(K, SYSTEM|VALUE) (VALUE without spaces, upper case), the key id\n"
	"goes in pseudonym_kid, and the identifier columns and every column that\n"
	"carries names, addresses, phone numbers, e-mail addresses, birth dates or\n"
	"identity or record numbers are dropped. The key is never written anywhere.\n"
	"OUT must not exist.\n"
	"\n"
	"  --key-file K      the per-case key: 64 hex digits (32 bytes)\n"
	"  --kid ID          the key's id, recorded in pseudonym_kid\n"
	"  --id-columns COLS comma-separated COLUMN or COLUMN=SYSTEM (the identifier\n"
	"                    namespace, e.g. mrn=urn:oid:1.2.250.1.71.4.2.1); without\n"
	"                    SYSTEM the column name is used. The first column with a\n"
	"                    value in a row gives its pseudonym\n";

static int load_key(uint8_t key[32], const char *path)
{
	struct ll_buf b = LL_BUF_INIT;
	char hex[65];
	size_t n = 0;
	int rc;

	if ((rc = ll_buf_read_file(&b, path)) < 0)
		return rc;
	for (size_t i = 0; i < b.len; i++) {
		char c = b.ptr[i];

		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		if (n >= 64) {
			n = 65;
			break;
		}
		hex[n++] = c;
	}
	hex[n < 65 ? n : 64] = '\0';
	rc = n == 64 ? ll_hex_decode(key, 32, hex) : LL_ECORRUPT;
	OPENSSL_cleanse(b.ptr, b.len);
	OPENSSL_cleanse(hex, sizeof(hex));
	ll_buf_release(&b);
	if (rc < 0)
		return ll_error_set(LL_ECORRUPT, "key file '%s': expected 64 hex digits (32 bytes)", path);
	return 0;
}

static int pseudonymize(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key-file", required_argument, NULL, 'k' },
		{ "kid", required_argument, NULL, 'i' },
		{ "id-columns", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *keyfile = NULL, *kid = NULL, *cols = NULL;
	struct ll_buf in = LL_BUF_INIT, out = LL_BUF_INIT;
	char *colbuf = NULL, *list[64];
	size_t ncols = 0;
	uint8_t key[32];
	json_t *stats = NULL;
	int c, rc, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': keyfile = optarg; break;
		case 'i': kid = optarg; break;
		case 'c': cols = optarg; break;
		case 'h': return ll_cli_help(pseudo_usage);
		default: return ll_cli_usage(cli, pseudo_usage, "bad option");
		}
	}
	if (!keyfile || !kid || !cols || !*kid)
		return ll_cli_usage(cli, pseudo_usage, "--key-file, --kid and --id-columns are required");
	if (argc - optind != 2)
		return ll_cli_usage(cli, pseudo_usage, "give IN and OUT");
	if (!(colbuf = ll_strdup(cols)))
		return ll_cli_fail(cli, ll_error_set(LL_ENOMEM, "out of memory"));
	for (char *p = colbuf, *next; p && ncols < LL_ARRAY_SIZE(list); p = next) {
		next = strchr(p, ',');
		if (next)
			*next++ = '\0';
		if (!*p) {
			ll_free(colbuf);
			return ll_cli_usage(cli, pseudo_usage, "empty column in --id-columns");
		}
		list[ncols++] = p;
	}
	if ((rc = load_key(key, keyfile)) < 0 ||
	    (rc = ll_buf_read_file(&in, argv[optind])) < 0 ||
	    (rc = ll_harm_pseudonymize(&out, &stats, in.ptr, in.len, key, sizeof(key), kid,
				       list, ncols)) < 0) {
		if (rc != LL_ENOTFOUND && in.len)
			ll_error_context("'%s'", argv[optind]);
		ret = ll_cli_fail(cli, rc);
		goto done;
	}
	if ((rc = ll_write_new_file(argv[optind + 1], 0600, out.ptr, out.len)) < 0) {
		ret = ll_cli_fail(cli, rc);
		goto done;
	}
	if (cli->json) {
		ret = ll_cli_print_json(stats, "lifeline.harm.pseudonymize/1") ? LL_EXIT_OUTPUT : 0;
		stats = NULL;
	} else {
		size_t i;
		json_t *d;

		printf("%" JSON_INTEGER_FORMAT " rows pseudonymised with key %s\n",
		       json_integer_value(json_object_get(stats, "rows")), kid);
		json_array_foreach(json_object_get(stats, "dropped_columns"), i, d)
			printf("dropped column %s\n", ll_cli_q(json_string_value(d)));
		ret = 0;
	}
done:
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(in.ptr, in.len);
	json_decref(stats);
	ll_buf_release(&in);
	ll_buf_release(&out);
	ll_free(colbuf);
	return ret;
}

int cmd_harm(struct ll_cli *cli, int argc, char **argv)
{
	static const struct ll_cmd subs[] = {
		{ "pseudonymize", pseudonymize, 0, "patient identifiers into HMAC pseudonyms" },
	};

	return ll_cli_dispatch(cli, argc, argv, subs, LL_ARRAY_SIZE(subs), harm_usage);
}

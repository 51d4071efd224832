/* SPDX-License-Identifier: Apache-2.0 */
/* CLI helpers: dispatch, error reporting, case and key loading. */
#include "core/compat.h"
#include "cli/cli.h"
#include "cli/pg/ws_hook.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/progress.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/name.h"
#include "core/time.h"

static const char *quoted(const char *s, unsigned flags)
{
	static struct ll_buf ring[16];
	static unsigned next;
	struct ll_buf *b = &ring[next++ % LL_ARRAY_SIZE(ring)];

	if (!s || (!ll_quote_needed(s) && !(flags & LL_QUOTE_NAME)))
		return s ? s : "";
	ll_buf_reset(b);
	if (ll_quote(b, s, flags) < 0 || !b->ptr)
		return "(out of memory)";
	return b->ptr;
}

const char *ll_cli_q(const char *s)
{
	return quoted(s, 0);
}

const char *ll_cli_qname(const char *s)
{
	return quoted(s, LL_QUOTE_NAME);
}

json_t *ll_cli_name_json(const char *s, bool esc)
{
	return ll_json_name(s, esc);
}

bool ll_cli_name_needs_escape(const char *s)
{
	return s && !ll_name_is_utf8(s);
}

int ll_cli_exit_code(int err)
{
	switch (err) {
	case LL_OK: return LL_EXIT_OK;
	case LL_EINVAL: return LL_EXIT_USAGE;
	case LL_ENOTFOUND: return LL_EXIT_INPUT;
	case LL_ECORRUPT:
	case LL_EUNSUPPORTED: return LL_EXIT_CORRUPT;
	case LL_EIO:
	case LL_ENOMEM:
	case LL_EEXISTS: return LL_EXIT_OUTPUT;
	case LL_EVERIFY: return LL_EXIT_NEGATIVE;
	case LL_EINTERRUPTED: return LL_EXIT_INTERRUPTED;
	default: return LL_EXIT_BUG;
	}
}

int ll_cli_fail_code(struct ll_cli *cli, int err, int exit_code)
{
	const char *msg = ll_error_message();

	if (!msg[0])
		msg = ll_error_name(err);
	if (cli->json) {
		/* JSON keeps the text exact, unless it is not UTF-8 (then quoted) */
		json_t *doc = json_pack("{s:b, s:{s:s, s:s}, s:i}", "ok", 0,
					"error", "code", ll_error_name(err),
					"message", ll_name_is_utf8(msg) ? msg : ll_cli_q(msg),
					"exit_code", exit_code);

		if (doc)
			ll_cli_print_json(doc, "lifeline.error/1");
	}
	/* messages name files and quote evidence: no raw control character */
	fprintf(stderr, "lifeline: %s%s%s\n", cli->cmd ? cli->cmd : "",
		cli->cmd ? ": " : "", ll_cli_q(msg));
	return exit_code;
}

int ll_cli_fail(struct ll_cli *cli, int err)
{
	return ll_cli_fail_code(cli, err, ll_cli_exit_code(err));
}

void ll_cli_json_usage(const struct ll_cli *cli, const char *msg)
{
	json_t *doc;

	if (!cli->json)
		return;
	/* the error object of every failure (docs/exit-codes.md), code "usage" */
	doc = json_pack("{s:b, s:{s:s, s:s}, s:i}", "ok", 0, "error", "code", "usage", "message",
			ll_name_is_utf8(msg) ? msg : ll_cli_q(msg), "exit_code", LL_EXIT_USAGE);
	if (doc)
		ll_cli_print_json(doc, "lifeline.error/1");
}

int ll_cli_usage(struct ll_cli *cli, const char *usage, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/*
	 * The commands' getopt loops end on "bad option" (getopt says nothing:
	 * ll_cli_run sets opterr to 0): name the argument it stopped at.
	 */
	if (!strcmp(fmt, "bad option") && cli->argv && optind >= 1 && optind <= cli->argc) {
		if (optopt && optopt < 0x7f && cli->argv[optind - 1][0] == '-' &&
		    cli->argv[optind - 1][1] != '-')
			snprintf(msg, sizeof(msg), "unknown option '-%c', or its value is missing",
				 optopt);
		else
			snprintf(msg, sizeof(msg), "unknown option '%s', or its value is missing",
				 cli->argv[optind - 1]);
	}
	ll_cli_json_usage(cli, msg);
	fprintf(stderr, "lifeline: %s%s%s\n\n%s", cli->cmd ? cli->cmd : "",
		cli->cmd ? ": " : "", ll_cli_q(msg), usage);
	return LL_EXIT_USAGE;
}

int ll_cli_text_args(struct ll_cli *cli, const char *usage, const struct ll_cli_text *v,
		     size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ll_text_check(v[i].option, v[i].value) < 0)
			return ll_cli_usage(cli, usage, "%s", ll_error_message());
	return 0;
}

int ll_cli_help(const char *usage)
{
	fputs(usage, stdout);
	return LL_EXIT_OK;
}

int ll_cli_dispatch(struct ll_cli *cli, int argc, char **argv,
		    const struct ll_cmd *subs, size_t nsubs, const char *usage)
{
	if (argc < 2)
		return ll_cli_usage(cli, usage, "a subcommand is required");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help"))
		return ll_cli_help(usage);
	for (size_t i = 0; i < nsubs; i++) {
		if (strcmp(subs[i].name, argv[1]) == 0) {
			static char name[128];

			snprintf(name, sizeof(name), "%s %s", argv[0], argv[1]);
			cli->cmd = name;
			return ll_cli_run(cli, &subs[i], argc - 1, argv + 1);
		}
	}
	return ll_cli_usage(cli, usage, "unknown subcommand '%s'", argv[1]);
}

int ll_cli_run(struct ll_cli *cli, const struct ll_cmd *cmd, int argc, char **argv)
{
	int code, pargc = cli->argc;
	char **pargv = cli->argv;

	/* a command that writes names its workspace unit: exactly one (cli.h) */
	unsigned unit = cmd->flags & LL_CMD_UNITS;

	if ((cmd->flags & LL_CMD_CASE) && (unit == 0 || (unit & (unit - 1)) != 0))
		LL_BUG("'%s' writes the case but its table entry names %s workspace unit "
		       "(LL_CMD_UNIT_*)", cli->cmd ? cli->cmd : cmd->name,
		       unit ? "more than one" : "no");
	cli->setup = cmd->flags;
	cli->items = NULL;
	cli->nitems = 0;
	cli->argc = argc;
	cli->argv = argv;
	opterr = 0; /* ll_cli_usage names a refused option, once, in text or JSON */
	ll_progress_set_command(cli->cmd); /* the "command" of --progress json */
	code = cmd->fn(cli, argc, argv);
	code = ll_ws_cli_end(cli, code); /* an attached workspace's push (cli/pg/ws_hook.c) */
	cli->argc = pargc;
	cli->argv = pargv;
	/* one place releases what the command's set-up opened, whichever way it returned */
	ll_signer_free(cli->signer);
	cli->signer = NULL;
	ll_case_free(cli->cs);
	cli->cs = NULL;
	return code;
}

int ll_cli_setup_case(struct ll_cli *cli)
{
	if (!(cli->setup & (LL_CMD_CASE | LL_CMD_CASE_RO | LL_CMD_SIGNER)))
		LL_BUG("'%s' sets nothing up: its table entry has no flags", cli->cmd);
	if (cli->cs || !(cli->setup & (LL_CMD_CASE | LL_CMD_CASE_RO)))
		return 0;
	if (cli->setup & LL_CMD_CASE) {
		int rc;

		/* an attached workspace: the unit's server locks, then a pull */
		if ((rc = ll_ws_cli_begin(cli)) < 0 || (rc = ll_case_open(&cli->cs, cli->case_dir)) < 0)
			return rc;
		return ll_ws_cli_opened(cli);
	}
	ll_ws_note_staleness(cli); /* an attached workspace: how old its last pull is */
	return ll_case_open_readonly(&cli->cs, cli->case_dir);
}

/* The examiner key from --key/--cert, LIFELINE_KEY/_CERT or the defaults. */
static int load_signer(struct ll_signer **out, const char *key_opt, const char *cert_opt)
{
	char *key = NULL, *cert = NULL;
	int rc;

	if ((rc = ll_key_default_paths(&key, &cert, key_opt, cert_opt)) < 0)
		return rc;
	rc = ll_signer_load(out, key, cert, getenv("LIFELINE_KEY_PASSPHRASE"));
	if (rc == LL_ENOTFOUND)
		ll_error_context("no examiner key (run 'lifeline key new --name NAME' or give --key/--cert)");
	ll_free(key);
	ll_free(cert);
	return rc;
}

int ll_cli_setup(struct ll_cli *cli)
{
	int rc;

	if ((rc = ll_cli_setup_case(cli)) < 0)
		return rc;
	if (cli->signer || !(cli->setup & LL_CMD_SIGNER))
		return 0;
	return load_signer(&cli->signer, cli->key, cli->cert);
}

int ll_cli_print_json(json_t *doc, const char *schema)
{
	char *s;

	if (schema)
		json_object_set_new(doc, "schema", json_string(schema));
	{
		/* a read-only command in an attached workspace: how old what it read is */
		json_t *w = json_is_object(doc) ? ll_ws_staleness_json() : NULL;

		if (w)
			json_object_set_new(doc, "workspace", w);
	}
	s = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(doc);
	if (!s)
		return ll_error_set(LL_ENOMEM, "out of memory");
	fputs(s, stdout);
	fputc('\n', stdout);
	free(s);
	return 0;
}

void ll_cli_time(char out[48], int64_t ns)
{
	ll_time_format(out, 48, ns, 6);
}

int ll_cli_parse_size(uint64_t *out, const char *s)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	if (!s || !*s || *s == '-')
		return ll_error_set(LL_EINVAL, "bad size '%s'", s ? s : "");
	v = strtoull(s, &end, 10);
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	default: return ll_error_set(LL_EINVAL, "bad size '%s'", s);
	}
	if (*end == 'i' || *end == 'B')
		end++;
	if (*end == 'B')
		end++;
	if (*end || (shift && v > (UINT64_MAX >> shift)))
		return ll_error_set(LL_EINVAL, "bad size '%s'", s);
	*out = (uint64_t)v << shift;
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Shared CLI plumbing: the command table, errors to exit codes, output. */
#ifndef LL_CLI_CLI_H
#define LL_CLI_CLI_H

#include "core/compat.h"

#include <jansson.h>

struct ll_case;
struct ll_signer;

/* Exit codes (docs/exit-codes.md). */
enum ll_exit {
	LL_EXIT_OK = 0,
	LL_EXIT_NEGATIVE = 1,  /* completed, negative result (verification failed) */
	LL_EXIT_USAGE = 2,
	LL_EXIT_INPUT = 3,     /* input missing or unreadable */
	LL_EXIT_CORRUPT = 4,   /* input corrupt or unsupported */
	LL_EXIT_OUTPUT = 5,    /* output or I/O failure, refusing to overwrite */
	LL_EXIT_INTEGRITY = 6, /* integrity or custody failure: refusing to proceed */
	LL_EXIT_BUG = 70,
	LL_EXIT_INTERRUPTED = 130
};

/*
 * What a (sub)command needs before it can work, set up by ll_cli_setup once
 * its options are parsed and released by ll_cli_run after it returns.
 */
enum ll_cmd_flags {
	LL_CMD_CASE = 1 << 0,    /* the case, read-write */
	LL_CMD_CASE_RO = 1 << 1, /* the case, read-only (works on read-only media) */
	LL_CMD_SIGNER = 1 << 2,  /* the examiner key: --key/--cert, LIFELINE_KEY/_CERT, defaults */
	/*
	 * What a command that writes (LL_CMD_CASE) works on: in an attached
	 * workspace the unit whose server locks it takes (cli/pg/ws_hook.c).
	 * Every LL_CMD_CASE entry names exactly one; ll_cli_run stops one that
	 * does not (LL_BUG) before it runs, so a new command has to say.
	 */
	LL_CMD_UNIT_CASE = 1 << 3,     /* the whole case */
	LL_CMD_UNIT_ITEMS = 1 << 4,    /* the items in cli->items; none named: the whole case */
	LL_CMD_UNIT_REGISTER = 1 << 5, /* registers new items */
	LL_CMD_UNIT_CUSTODY = 1 << 6,  /* appends custody entries only */
	/* reads the items' files: an attached workspace first finds those it lacks by hash */
	LL_CMD_EVIDENCE_FILES = 1 << 7,
};
#define LL_CMD_UNITS \
	(LL_CMD_UNIT_CASE | LL_CMD_UNIT_ITEMS | LL_CMD_UNIT_REGISTER | LL_CMD_UNIT_CUSTODY)

struct ll_cli {
	const char *case_dir; /* -C */
	bool json;            /* --json */
	bool quiet;           /* -q */
	const char *cmd;      /* "custody add", for messages */
	unsigned setup;       /* the running (sub)command's enum ll_cmd_flags */
	const char *key, *cert;      /* --key, --cert (LL_CLI_KEY_OPTIONS) */
	struct ll_case *cs;          /* LL_CMD_CASE(_RO), after ll_cli_setup */
	struct ll_signer *signer;    /* LL_CMD_SIGNER, after ll_cli_setup */
	char **items;		     /* the evidence items a command works on (attached */
	size_t nitems;		     /* workspaces lock them: cli/pg/ws_hook.c) */
	int argc;		     /* the running (sub)command's arguments, for */
	char **argv;		     /* ll_cli_usage to name an option getopt refused */
};

typedef int (*ll_cmd_fn)(struct ll_cli *cli, int argc, char **argv);

struct ll_cmd {
	const char *name;
	ll_cmd_fn fn;
	unsigned flags;       /* enum ll_cmd_flags */
	const char *summary;
};

/* Top-level commands (cli/commands.c). */
extern const struct ll_cmd ll_commands[];
extern const size_t ll_command_count;

/*
 * Dispatches argv[1] among `subs`; prints `usage` for -h/--help or a usage
 * error (exit 2) for a missing or unknown subcommand.
 */
int ll_cli_dispatch(struct ll_cli *cli, int argc, char **argv,
		    const struct ll_cmd *subs, size_t nsubs, const char *usage);
/*
 * Runs `cmd` with its flags in cli->setup, then releases the case and the
 * signer that ll_cli_setup opened for it. Returns the command's exit code.
 */
int ll_cli_run(struct ll_cli *cli, const struct ll_cmd *cmd, int argc, char **argv);
/*
 * The set-up cli->setup asks for, called by the command once its options are
 * parsed (a usage error comes before a missing case or key): the case into
 * cli->cs (-C or found from the current directory), then the signer into
 * cli->signer (cli->key, cli->cert). A step done already is not repeated.
 * Returns 0 or a negative LL_E* code, the command reports it as before.
 */
int ll_cli_setup(struct ll_cli *cli);
/* The case step alone, for a command that checks something before loading the key. */
int ll_cli_setup_case(struct ll_cli *cli);

/* Exit code for an ll error code. */
int ll_cli_exit_code(int err);
/*
 * Reports the thread's last error (text on stderr, or the JSON error document
 * on stdout with --json) and returns the exit code for `err`.
 */
int ll_cli_fail(struct ll_cli *cli, int err);
/* Same, with an explicit exit code (e.g. 6 for "refusing to proceed"). */
int ll_cli_fail_code(struct ll_cli *cli, int err, int exit_code);
/* A usage error: message + usage on stderr, returns 2. */
/* With --json: the error object of a usage error (code "usage", exit 2) on stdout. */
void ll_cli_json_usage(const struct ll_cli *cli, const char *msg);
int ll_cli_usage(struct ll_cli *cli, const char *usage, const char *fmt, ...)
	LL_PRINTF(3, 4);

/* A free-text option and its value (NULL when not given). */
struct ll_cli_text {
	const char *option, *value;
};

/*
 * 0, or the usage error of the first given value that is not UTF-8
 * (ll_text_check), with the option named. LL_CLI_TEXT_ARGS(cli, usage,
 * { "--note", note }, …) passes the pairs as an array.
 */
int ll_cli_text_args(struct ll_cli *cli, const char *usage, const struct ll_cli_text *v,
		     size_t n);
#define LL_CLI_TEXT_ARGS(cli, usage, ...)                                           \
	ll_cli_text_args((cli), (usage), (const struct ll_cli_text[]){ __VA_ARGS__ }, \
			 sizeof((const struct ll_cli_text[]){ __VA_ARGS__ }) /          \
				 sizeof(struct ll_cli_text))
/* -h/--help: usage on stdout, returns 0. */
int ll_cli_help(const char *usage);

/* Prints `doc` (adding "schema") on stdout, then decrefs it. */
int ll_cli_print_json(json_t *doc, const char *schema);

/*
 * Evidence-derived or user-given text for a human reader (terminal): control
 * characters, C1 controls and bytes that are not UTF-8 made visible
 * (core/name.h ll_quote; docs/commands/README.md "Names and text in the
 * output"). ll_cli_q is for free text (notes, messages), ll_cli_qname for a
 * file name, put in double quotes when it needs quoting, as git does. The
 * result lives until 16 further calls; NULL gives "".
 */
const char *ll_cli_q(const char *s);
const char *ll_cli_qname(const char *s);
/*
 * A file name for --json output: as it is, or percent-escaped when `esc`
 * (the document then says "name_encoding": "percent", as a custody entry
 * does; docs/formats/custody.md). ll_cli_names_escaped tells whether any of
 * `n` names needs it.
 */
json_t *ll_cli_name_json(const char *s, bool esc);
bool ll_cli_name_needs_escape(const char *s);

/* "2024-06-03T14:02:11.123456Z" into a static buffer of the caller. */
void ll_cli_time(char out[48], int64_t ns);

/* Parses a size such as 4096, 640M, 2G, 1T (binary units). */
int ll_cli_parse_size(uint64_t *out, const char *s);

/* Shared long options for signing commands. */
#define LL_CLI_OPT_KEY 1001
#define LL_CLI_OPT_CERT 1002
#define LL_CLI_KEY_OPTIONS \
	{ "key", required_argument, NULL, LL_CLI_OPT_KEY }, \
	{ "cert", required_argument, NULL, LL_CLI_OPT_CERT }

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lifeline case init --store, case attach, case sync, case status: a
 * workspace that is a working copy of a case in the PostgreSQL store.
 */
#include "core/compat.h"
#include "cli/pg/ws_hook.h"
#include "cli/pg/cmd_case_pg.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/progress.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/crypto.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_push.h"
#include "core/pg/pg_schema.h"
#include "core/pg/pg_ws.h"
#include "core/time.h"

static const char attach_usage[] =
	"usage: lifeline case attach DIR --store postgresql://USER@HOST[:PORT]/DB --case-id ID\n"
	"                            [--evidence-dir ROOT]... [--json]\n"
	"\n"
	"Makes DIR (absent or empty) a workspace of the server's case ID: the case\n"
	"is exported into it (its chain verified) and DIR/store.json records the\n"
	"server and the case, never a password (give it in PGPASSWORD or\n"
	"~/.pgpass; a URL with one is accepted here and stored without it).\n"
	"Commands that write in an attached workspace lock their unit on the\n"
	"server, pull, work, then push what they changed with their custody\n"
	"entries (docs/postgresql.md).\n"
	"\n"
	"  --store URL    the server (libpq URL; the password is never printed)\n"
	"  --case-id ID   the case\n"
	"  --evidence-dir ROOT   a shared path holding the case's evidence files\n"
	"                 (repeatable, kept in store.json): a file this workspace\n"
	"                 lacks is looked for where it was collected, then as\n"
	"                 ROOT/evidence/ID/NAME or ROOT/ID/NAME, and used only\n"
	"                 when its SHA-256 is the recorded one\n"
	"  --json         a summary\n";

static const char sync_usage[] =
	"usage: lifeline case sync [--key FILE --cert FILE] [--json]\n"
	"\n"
	"Pulls the server's case into the attached workspace (-C DIR or the\n"
	"current one): only what changed since the last pull (the chain's new\n"
	"entries, the items pushed since) when store.json's kept head is still\n"
	"the server's, else the whole case, saying why; the custody chain is\n"
	"verified either way. When a command's\n"
	"push failed (the server went away), its work waits in the workspace\n"
	"(.ll-unpushed): sync takes that command's locks again and pushes it,\n"
	"its custody entries signed by the examiner key, then pulls.\n"
	"\n"
	"  --key FILE, --cert FILE   the examiner key for a waiting push\n";

static const char status_usage[] =
	"usage: lifeline case status [--json]\n"
	"\n"
	"Says whether the workspace (-C DIR or the current one) is attached to a\n"
	"PostgreSQL store: the server (no password), the case id, the last sync\n"
	"and the chain's head then, and whether work waits to be pushed.\n";

static int store_of_url(struct ll_ws_store *s, const char *url, const char *case_id)
{
	int rc;

	memset(s, 0, sizeof(*s));
	if ((rc = ll_ws_url_strip(&s->url, url)) < 0)
		return rc;
	if (!(s->case_id = ll_strdup(case_id)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	s->gen = -1; /* no pull yet */
	return 0;
}

int ll_case_init_store(struct ll_cli *cli, const char *dir, const char *url)
{
	struct ll_ws_pull_result pulled;
	struct ll_pg_push_result res = { 0 };
	struct ll_ws_store s = { 0 };
	struct ll_case *cs = NULL;
	struct ll_pg *pg = NULL;
	struct ll_pg_case c;
	int rc;

	if ((rc = ll_case_open_readonly(&cs, dir)) < 0 ||
	    (rc = store_of_url(&s, url, cs->case_id)) < 0 ||
	    (!cli->signer && (rc = ll_ws_load_signer(&cli->signer, cli->key, cli->cert)) < 0) ||
	    (rc = ll_pg_connect(&pg, url)) < 0 ||
	    (rc = ll_pg_push(&res, pg, cs->store, cs->case_id, cli->signer, NULL, NULL)) < 0 ||
	    (rc = ll_pg_case_find(&c, pg, cs->case_id)) < 0)
		goto out;
	ll_case_free(cs);
	cs = NULL;
	s.case_key = c.key;
	/* the workspace takes the server's chain (with its push entry) */
	if ((rc = ll_ws_store_write(dir, &s)) < 0 || (rc = ll_ws_after_push(&pulled, pg, &s, dir, cli->quiet)) < 0)
		goto out;
out:
	ll_pg_push_result_release(&res);
	ll_pg_free(pg);
	ll_case_free(cs);
	ll_ws_store_release(&s);
	return rc;
}

/* attach's options: the store's DIR arguments plus the repeatable --evidence-dir. */
static int attach_args(struct ll_cli *cli, int argc, char **argv, const char **url,
		       const char **case_id, char ***roots, size_t *nroots, int *exit_code)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "case-id", required_argument, NULL, 'i' },
		{ "evidence-dir", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*url = *case_id = NULL;
	*nroots = 0;
	/* at most one root per argument: optarg points into argv */
	if (!(*roots = ll_calloc((size_t)argc + 1, sizeof(**roots)))) {
		*exit_code = ll_cli_fail(cli, ll_error_set(LL_ENOMEM, "out of memory"));
		return 1;
	}
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's': *url = optarg; break;
		case 'i': *case_id = optarg; break;
		case 'e': (*roots)[(*nroots)++] = optarg; break;
		case 'h': *exit_code = ll_cli_help(attach_usage); goto usage;
		default: *exit_code = ll_cli_usage(cli, attach_usage, "bad option"); goto usage;
		}
	}
	if (optind != argc - 1)
		*exit_code = ll_cli_usage(cli, attach_usage, "one directory is required");
	else if (!*url || !*case_id)
		*exit_code = ll_cli_usage(cli, attach_usage, "--store and --case-id are required");
	else if (!ll_pg_is_url(*url))
		*exit_code = ll_cli_usage(cli, attach_usage, "--store takes a postgresql:// URL");
	else
		return 0;
usage:
	ll_free(*roots);
	*roots = NULL;
	return 1;
}

int ll_case_attach(struct ll_cli *cli, int argc, char **argv)
{
	struct ll_pg_push_result res = { 0 };
	struct ll_custody_report rep;
	struct ll_ws_store s = { 0 };
	struct ll_progress_cb bar;
	struct ll_pg *pg = NULL;
	struct ll_pg_case c;
	const char *url = NULL, *case_id = NULL;
	bool present;
	int rc, code = 0;
	char **roots;
	size_t nroots;

	if (attach_args(cli, argc, argv, &url, &case_id, &roots, &nroots, &code))
		return code;
	rc = store_of_url(&s, url, case_id);
	/* the roots checked before the directory is made */
	for (size_t i = 0; i < nroots && rc == 0; i++)
		rc = ll_ws_store_add_evidence_dir(&s, roots[i]);
	ll_free(roots);
	ll_progress_cb_init(&bar, "pull", "rows", cli->quiet);
	/* the change generation read before the export's snapshot: a push between is pulled again */
	if (rc < 0 || (rc = ll_pg_connect(&pg, url)) < 0 ||
	    (rc = ll_pg_case_find(&c, pg, case_id)) < 0 ||
	    (rc = ll_ws_changes_present(&present, pg)) < 0 ||
	    (present && (rc = ll_ws_changes_gen(&s.gen, pg, &c)) < 0))
		goto fail;
	rc = ll_pg_export(&res, &rep, pg, case_id, argv[optind], ll_progress_cb, &bar);
	ll_progress_cb_end(&bar);
	if (rc < 0)
		goto fail;
	s.case_key = c.key;
	s.last_sync_ns = ll_time_now_ns();
	snprintf(s.head, sizeof(s.head), "%s", rep.head);
	s.head_seq = rep.entries; /* verified: seqs 1..entries, each once */
	if ((rc = ll_ws_store_write(argv[optind], &s)) < 0)
		goto fail;
	if (cli->json) {
		json_t *doc = json_pack("{s:b, s:s, s:s, s:s, s:I, s:s}", "ok", 1, "case_id", case_id,
					"store", s.url, "dir", argv[optind], "events",
					(json_int_t)res.events, "head", rep.head);

		code = ll_cli_print_json(doc, "lifeline.case.attach/1") ? LL_EXIT_OUTPUT : 0;
	} else {
		printf("attached %s to case %s of %s: %" PRId64 " events; custody chain verified, "
		       "head %s\n", ll_cli_qname(argv[optind]), ll_cli_q(case_id), pg->url_masked,
		       res.events, rep.head);
	}
	ll_pg_push_result_release(&res);
	ll_ws_store_release(&s);
	ll_pg_free(pg);
	return code;
fail:
	ll_pg_push_result_release(&res);
	ll_ws_store_release(&s);
	ll_pg_free(pg);
	return rc == LL_EVERIFY ? ll_cli_fail_code(cli, rc, LL_EXIT_INTEGRITY) : ll_cli_fail(cli, rc);
}

static int no_args(struct ll_cli *cli, int argc, char **argv, const char *usage)
{
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return ll_cli_help(usage) + 1000;
	if (argc > 1)
		return ll_cli_usage(cli, usage, "unexpected argument '%s'", argv[1]);
	return 0;
}

/* The work a failed push left, pushed under its command's locks again. */
static int retry_push(struct ll_cli *cli, struct ll_pg *pg, const struct ll_pg_case *c,
		      const struct ll_ws_store *s, const char *dir)
{
	struct ll_ws_unit u = { 0 };
	struct ll_case *cs = NULL;
	char **items = NULL;
	size_t nitems = 0;
	int64_t base, n = 0;
	bool registers;
	int rc;

	if ((rc = ll_ws_read_unpushed(&u, &items, &nitems, dir)) < 0 ||
	    (!cli->signer && (rc = ll_ws_load_signer(&cli->signer, cli->key, cli->cert)) < 0) ||
	    (rc = ll_case_open(&cs, dir)) < 0)
		goto out;
	base = u.base_seq;
	registers = u.registers;
	u.registers = false; /* the ids known at the pull come from the marker */
	if ((rc = ll_ws_unit_mark(&u, cs->store)) < 0)
		goto out;
	u.base_seq = base;
	u.registers = registers;
	/* the items locked again have no digests: every table of theirs is pushed */
	if ((rc = ll_ws_take_locks(pg, c, s->case_id, cli->signer, &u, items, nitems)) < 0 ||
	    (rc = ll_ws_push(&n, pg, c, cs->store, &u, cli->signer)) < 0)
		goto out;
	ll_case_free(cs);
	cs = NULL;
	ll_ws_unlock_all(pg);
out:
	if (rc < 0)
		ll_error_context("pushing the work a failed push left in %s", dir);
	ll_case_free(cs);
	for (size_t i = 0; i < nitems; i++)
		ll_free(items[i]);
	ll_free(items);
	ll_ws_unit_release(&u);
	return rc;
}

int ll_case_sync(struct ll_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		LL_CLI_KEY_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ll_ws_pull_result res;
	struct ll_ws_store s = { 0 };
	struct ll_pg *pg = NULL;
	struct ll_pg_case c;
	char *dir = NULL, p[4200];
	bool pushed = false;
	int ch, rc, code = 0, fd = -1;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case LL_CLI_OPT_KEY: cli->key = optarg; break;
		case LL_CLI_OPT_CERT: cli->cert = optarg; break;
		case 'h': return ll_cli_help(sync_usage);
		default: return ll_cli_usage(cli, sync_usage, "bad option");
		}
	}
	if (optind != argc)
		return ll_cli_usage(cli, sync_usage, "unexpected argument '%s'", argv[optind]);
	if ((rc = ll_case_find(&dir, cli->case_dir)) < 0)
		goto fail;
	/* one command at a time in a workspace (cli/pg/ws_hook.c) */
	snprintf(p, sizeof(p), "%s/.ll-store.lock", dir);
	if ((fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0 || flock(fd, LOCK_EX) != 0) {
		rc = ll_error_set(LL_EIO, "cannot lock '%s': %s", p, strerror(errno));
		goto fail;
	}
	if ((rc = ll_ws_store_read(&s, dir)) < 0 || (rc = ll_ws_check_local(dir, &s)) < 0 ||
	    (rc = ll_ws_connect(&pg, &c, &s, dir)) < 0)
		goto fail;
	snprintf(p, sizeof(p), "%s/%s", dir, LL_WS_UNPUSHED_FILE);
	if (access(p, F_OK) == 0) {
		if ((rc = retry_push(cli, pg, &c, &s, dir)) < 0)
			goto fail;
		pushed = true;
	}
	if ((rc = ll_ws_after_push(&res, pg, &s, dir, cli->quiet || cli->json)) < 0)
		goto fail;
	if (cli->json) {
		json_t *doc = json_pack("{s:b, s:s, s:s, s:s, s:I, s:b, s:{s:b, s:s?, s:I, s:I, s:I, s:I, s:f}}",
					"ok", 1, "case_id", s.case_id, "store", s.url, "head", s.head,
					"head_seq", (json_int_t)s.head_seq, "pushed", pushed, "pull",
					"full", res.full, "why", res.full ? res.why : NULL, "rows",
					(json_int_t)res.rows, "items", (json_int_t)res.items, "entries",
					(json_int_t)res.entries, "gen", (json_int_t)res.gen, "seconds",
					res.seconds);

		code = ll_cli_print_json(doc, "lifeline.case.sync/1") ? LL_EXIT_OUTPUT : 0;
	} else if (res.full) {
		printf("%spulled the whole case %s from %s (%s): %" PRId64 " rows; custody chain "
		       "verified, head %" PRId64 " %s\n",
		       pushed ? "pushed the waiting work, " : "", ll_cli_q(s.case_id),
		       pg->url_masked, res.why, res.rows, s.head_seq, s.head);
	} else {
		printf("%spulled what changed in case %s from %s: %" PRId64 " items, %" PRId64
		       " rows, %" PRId64 " new custody entries; custody chain verified, head %"
		       PRId64 " %s\n",
		       pushed ? "pushed the waiting work, " : "", ll_cli_q(s.case_id),
		       pg->url_masked, res.items, res.rows, res.entries, s.head_seq, s.head);
	}
	ll_ws_store_release(&s);
	ll_pg_free(pg);
	ll_free(dir);
	if (fd >= 0)
		close(fd);
	return code;
fail:
	ll_ws_store_release(&s);
	ll_pg_free(pg);
	ll_free(dir);
	if (fd >= 0)
		close(fd);
	return rc == LL_EVERIFY ? ll_cli_fail_code(cli, rc, LL_EXIT_INTEGRITY) : ll_cli_fail(cli, rc);
}

int ll_case_status(struct ll_cli *cli, int argc, char **argv)
{
	struct ll_ws_store s = { 0 };
	char *dir = NULL, p[4200], t[48] = "never";
	bool attached, unpushed;
	int rc, code = 0;

	if ((rc = no_args(cli, argc, argv, status_usage)))
		return rc >= 1000 ? rc - 1000 : rc;
	if ((rc = ll_case_find(&dir, cli->case_dir)) < 0)
		return ll_cli_fail(cli, rc);
	attached = ll_ws_attached(dir);
	if (attached && (rc = ll_ws_store_read(&s, dir)) < 0) {
		ll_free(dir);
		return ll_cli_fail(cli, rc);
	}
	snprintf(p, sizeof(p), "%s/%s", dir, LL_WS_UNPUSHED_FILE);
	unpushed = access(p, F_OK) == 0;
	if (s.last_sync_ns)
		ll_time_format(t, sizeof(t), s.last_sync_ns, 0);
	if (cli->json) {
		json_t *doc = attached ?
			json_pack("{s:b, s:s, s:s, s:s, s:I, s:s, s:s, s:I, s:I, s:b}", "attached", 1,
				  "dir", dir, "store", s.url, "case_id", s.case_id, "case_key",
				  (json_int_t)s.case_key, "last_sync", t, "head", s.head, "head_seq",
				  (json_int_t)s.head_seq, "pull_gen", (json_int_t)s.gen, "unpushed",
				  unpushed) :
			json_pack("{s:b, s:s}", "attached", 0, "dir", dir);

		code = ll_cli_print_json(doc, "lifeline.case.status/1") ? LL_EXIT_OUTPUT : 0;
	} else if (attached) {
		printf("attached: case %s of %s (key %" PRId64 ")\nlast sync %s, head %" PRId64
		       " %s\n%s",
		       ll_cli_q(s.case_id), s.url, s.case_key, t, s.head_seq, s.head,
		       unpushed ? "work not yet on the server (a push failed)\n" : "");
	} else {
		printf("not attached: a SQLite case only (%s)\n", ll_cli_qname(dir));
	}
	ll_ws_store_release(&s);
	ll_free(dir);
	return code;
}

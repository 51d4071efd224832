/* SPDX-License-Identifier: Apache-2.0 */
/* `lifeline __worker --sigma`: rule files parsed by libyaml after the lock-down, streamed as trees. */
#include "core/compat.h"
#include "analyze/worker/worker_sigma.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "analyze/sigma/sigma_int.h"
#include "analyze/worker/frame.h"
#include "analyze/worker/landlock.h"
#include "analyze/worker/sandbox.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/endian.h"
#include "core/error.h"
#include "core/name.h"

#define FLUSH_AT (256u * 1024u)
#define TEXT_MAX                                                               \
	(                                                                      \
		(uint64_t)1                                                    \
		<< 30) /* a rule file in the input: a bound on a broken input */

struct sw {
	int in, out;
	struct ll_buf buf;  /* frames not yet written */
	struct ll_buf text; /* the current file's name, NUL, text */
	const char *hook;   /* LIFELINE_TEST_WORKER, test builds only */
};

static int flush(struct sw *w)
{
	int rc = ll_frame_write_all(w->out, w->buf.ptr, w->buf.len);

	ll_buf_reset(&w->buf);
	return rc;
}

static int send(struct sw *w, const struct ll_frame *f)
{
	int rc;

	if ((rc = ll_frame_encode(&w->buf, f)) < 0)
		return rc;
	return w->buf.len >= FLUSH_AT ? flush(w) : 0;
}

/* Exactly `n` bytes of the input (the parent's memory file) appended to `b`. */
static int take(struct ll_buf *b, int fd, size_t n)
{
	int rc;

	if ((rc = ll_buf_grow(b, n)) < 0)
		return rc;
	while (n) {
		ssize_t got = read(fd, b->ptr + b->len, n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return ll_error_set(LL_EIO,
				"worker: the rule files' input ends early%s%s",
				got < 0 ? ": " : "",
				got < 0 ? strerror(errno) : "");
		b->len += (size_t)got;
		n -= (size_t)got;
	}
	b->ptr[b->len] = '\0';
	return 0;
}

/* The next file: its name at w->text.ptr, its text after the name's NUL. */
static int next_file(
	struct sw *w, const char **name, const char **text, size_t *len)
{
	uint64_t n;
	int rc;

	ll_buf_reset(&w->text);
	if ((rc = take(&w->text, w->in, 4)) < 0)
		return rc;
	n = ll_le32((const uint8_t *)w->text.ptr);
	if (n == 0 || n > LL_FRAME_SIGMA_NAME_MAX)
		return ll_error_set(LL_EINVAL,
			"worker: a rule file name of %" PRIu64 " bytes", n);
	ll_buf_reset(&w->text);
	if ((rc = take(&w->text, w->in, (size_t)n)) < 0 ||
		(rc = ll_buf_putc(&w->text, '\0')) < 0 ||
		(rc = take(&w->text, w->in, 8)) < 0)
		return rc;
	n = ll_le64((const uint8_t *)w->text.ptr + w->text.len - 8);
	if (n > TEXT_MAX)
		return ll_error_set(LL_EINVAL,
			"worker: a rule file of %" PRIu64 " bytes", n);
	w->text.len -= 8;
	if ((rc = take(&w->text, w->in, (size_t)n)) < 0)
		return rc;
	*name = w->text.ptr;
	*text = w->text.ptr + strlen(w->text.ptr) + 1;
	*len = (size_t)n;
	return 0;
}

/*
 * What the parent would refuse of a tree, said as a parse failure of the
 * file (so its rule is skipped, not the rule set): the frames' limits, and
 * text that is not UTF-8 (libyaml's output always is).
 */
static int fits(const struct sy_node *n, uint64_t *nodes, uint64_t *bytes)
{
	size_t len;
	int rc;

	if (++*nodes > LL_FRAME_SIGMA_NODES_MAX)
		return ll_error_set(LL_EUNSUPPORTED,
			"line %zu: more than %" PRIu64
			" YAML nodes in one file",
			n->line, LL_FRAME_SIGMA_NODES_MAX);
	if (n->line > UINT32_MAX)
		return ll_error_set(
			LL_EUNSUPPORTED, "line %zu: too many lines", n->line);
	if (n->kind < SY_SEQ) {
		len = strlen(n->s);
		if (len > LL_FRAME_SIGMA_SCALAR_MAX ||
			(*bytes += len) > LL_FRAME_SIGMA_FILE_MAX)
			return ll_error_set(LL_EUNSUPPORTED,
				"line %zu: a scalar of %zu bytes"
				" (at most %zu, %" PRIu64 " in one file)",
				n->line, len, LL_FRAME_SIGMA_SCALAR_MAX,
				LL_FRAME_SIGMA_FILE_MAX);
		if (ll_utf8_valid_prefix(n->s) != len)
			return ll_error_set(LL_ECORRUPT,
				"line %zu: a scalar that is not UTF-8",
				n->line);
	}
	for (size_t i = 0; i < n->n; i++)
		if ((rc = fits(n->kids[i], nodes, bytes)) < 0)
			return rc;
	return 0;
}

/* The tree depth first: OPEN, the children, CLOSE; SCALAR for a leaf. */
static int send_tree(struct sw *w, const struct sy_node *n)
{
	struct ll_frame f = { .type = LL_FRAME_SIGMA_SCALAR };
	int rc;

	f.u.sigma.kind = (uint8_t)n->kind;
	f.u.sigma.line = (uint32_t)n->line;
	if (n->kind < SY_SEQ) {
		f.u.sigma.quoted = n->quoted;
		f.u.sigma.text = n->s;
		return send(w, &f);
	}
	f.type = LL_FRAME_SIGMA_OPEN;
	if ((rc = send(w, &f)) < 0)
		return rc;
	for (size_t i = 0; i < n->n; i++)
		if ((rc = send_tree(w, n->kids[i])) < 0)
			return rc;
	f = (struct ll_frame){ .type = LL_FRAME_SIGMA_CLOSE };
	f.u.sigma.count = (uint32_t)n->n;
	return send(w, &f);
}

#ifdef LL_TEST_HOOKS
/*
 * tests/hostile/h0531-sigma-worker-failures.sh: LIFELINE_TEST_WORKER=HOOK:TEXT
 * fails the worker on the rule files whose name holds TEXT, after their
 * SIGMA_BEGIN: segv, kill, or badframe (a SIGMA_CLOSE with nothing open).
 */
static void test_hook(struct sw *w, const char *name)
{
	static const uint8_t bad[] = { 0x03, 0x03, 0, 0, 4, 0, 0, 0, 0, 0, 0,
		0 };
	const char *only = w->hook ? strchr(w->hook, ':') : NULL;
	volatile int *null = NULL;
	size_t n;

	if (!w->hook || (only && !strstr(name, only + 1)))
		return;
	n = only ? (size_t)(only - w->hook) : strlen(w->hook);
	flush(w);
	if (n == 4 && !strncmp(w->hook, "segv", 4))
		*null = 1;
	else if (n == 4 && !strncmp(w->hook, "kill", 4))
		raise(SIGKILL);
	else if (n == 8 && !strncmp(w->hook, "badframe", 8))
		ll_frame_write_all(w->out, bad, sizeof(bad));
}
#endif

/* One file: BEGIN, its tree or nothing, END with the parse's result. */
static int one(struct sw *w, uint32_t index, const char *name, const char *text,
	size_t len)
{
	struct ll_frame f = { .type = LL_FRAME_SIGMA_BEGIN };
	struct sy_node *root = NULL;
	char msg[LL_FRAME_TEXT_MAX + 1];
	uint64_t nodes = 0, bytes = 0;
	int rc, prc;

	f.u.sigma.index = index;
	f.u.sigma.name = name;
	if ((rc = send(w, &f)) < 0)
		return rc;
#ifdef LL_TEST_HOOKS
	test_hook(w, name);
#endif
	if ((prc = ll_sy_parse(&root, text, len)) == 0 &&
		(prc = fits(root, &nodes, &bytes)) == 0)
		rc = send_tree(w, root);
	ll_sy_free(root);
	if (rc < 0)
		return rc;
	f = (struct ll_frame){ .type = LL_FRAME_SIGMA_END };
	f.u.sigma.message = "";
	if (prc < 0) {
		size_t n;

		/* the message as the parse said it, cut to a frame's text at a character */
		snprintf(msg, sizeof(msg), "%s", ll_error_message());
		n = ll_utf8_valid_prefix(msg);
		msg[n] = '\0';
		if (!n)
			snprintf(msg, sizeof(msg), "%s", ll_error_name(prc));
		f.u.sigma.rc = prc;
		f.u.sigma.message = msg;
	}
	return send(w, &f);
}

static int arg_num(uint64_t *out, const char *s)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-')
		return ll_error_set(LL_EINVAL, "worker: bad number '%s'", s);
	return 0;
}

static int run(int argc, char **argv, struct sw *w)
{
	struct ll_sandbox_limits lim = { 0 };
	uint64_t in = UINT64_MAX, out = UINT64_MAX, count = UINT64_MAX;
	struct ll_frame f = { .type = LL_FRAME_HELLO };
	int rc = 0;

	for (int i = 0; i + 1 < argc && rc == 0; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];

		if (!strcmp(k, "--in"))
			rc = arg_num(&in, v);
		else if (!strcmp(k, "--out"))
			rc = arg_num(&out, v);
		else if (!strcmp(k, "--count"))
			rc = arg_num(&count, v);
		else if (!strcmp(k, "--cpu"))
			rc = arg_num(&lim.cpu_seconds, v);
		else if (!strcmp(k, "--as"))
			rc = arg_num(&lim.as_bytes, v);
		else
			rc = ll_error_set(
				LL_EINVAL, "worker: unknown argument '%s'", k);
	}
	if (rc == 0 && (argc % 2 || in > INT32_MAX || out > INT32_MAX ||
			       count > UINT32_MAX))
		rc = ll_error_set(LL_EINVAL, "worker: incomplete arguments (it "
					     "is started by 'analyze detect')");
	if (rc < 0)
		return rc;
	w->in = (int)in;
	w->out = (int)out;
	lim.write_fds[lim.nwrite_fds++] = w->out;
	lim.write_fds[lim.nwrite_fds++] = STDERR_FILENO;
#ifdef LL_TEST_HOOKS
	w->hook = getenv("LIFELINE_TEST_WORKER");
#endif
	/* its inputs are descriptors: the ruleset grants no file of the case */
	if ((rc = ll_landlock_worker(NULL, NULL, NULL, 0, -1, NULL)) < 0 ||
	    (rc = ll_sandbox_enter(&lim)) < 0)
		return rc;
	f.u.hello.version = LL_FRAME_VERSION;
	f.u.hello.item = "rules";
	if ((rc = send(w, &f)) < 0)
		return rc;
	for (uint32_t i = 0; i < count; i++) {
		const char *name = NULL, *text = NULL;
		size_t len = 0;

		if ((rc = next_file(w, &name, &text, &len)) < 0 ||
			(rc = one(w, i, name, text, len)) < 0)
			return rc;
	}
	return flush(w);
}

int ll_worker_sigma_main(int argc, char **argv)
{
	struct sw w = { .in = -1, .out = -1 };
	int rc;

	ll_buf_init(&w.buf);
	ll_buf_init(&w.text);
	rc = run(argc, argv, &w);
	if (rc < 0)
		fprintf(stderr, "lifeline __worker: %s\n", ll_error_message());
	ll_buf_release(&w.buf);
	ll_buf_release(&w.text);
	return rc < 0 ? 3 : 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* `lifeline __worker --probe`: which reader reads each file handed over, decided after the lock-down. */
#include "core/compat.h"
#include "analyze/worker/worker_probe.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "analyze/input.h"
#include "analyze/source.h"
#include "analyze/timeline.h"
#include "analyze/worker/frame.h"
#include "analyze/worker/sandbox.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/json.h"

#define MAX_FILES 1024

/* What the parent handed over: the files are descriptors 4, 5, … in the order of --file. */
struct pargs {
	const char *item;
	bool whole;
	uint64_t cpu, as;
	uint32_t index[MAX_FILES];
	const char *rel[MAX_FILES];
	size_t n;
};

static int number(uint64_t *out, const char *s, uint64_t max, const char **end)
{
	char *e;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &e, 10);
	if (errno || e == s || s[0] == '-' || v > max || (!end && *e))
		return ll_error_set(LL_EINVAL, "worker: bad number '%s'", s);
	if (end)
		*end = e;
	*out = v;
	return 0;
}

static int parse(struct pargs *a, int argc, char **argv)
{
	uint64_t v;
	const char *e;
	int rc = 0;

	*a = (struct pargs){ .item = NULL };
	for (int i = 0; i + 1 < argc && rc == 0; i += 2) {
		const char *k = argv[i], *s = argv[i + 1];

		if (!strcmp(k, "--item"))
			a->item = s;
		else if (!strcmp(k, "--whole"))
			a->whole = !strcmp(s, "1");
		else if (!strcmp(k, "--cpu"))
			rc = number(&a->cpu, s, UINT64_MAX, NULL);
		else if (!strcmp(k, "--as"))
			rc = number(&a->as, s, UINT64_MAX, NULL);
		else if (!strcmp(k, "--file") && a->n < MAX_FILES &&
			 (rc = number(&v, s, UINT32_MAX, &e)) == 0 && *e == ':') {
			a->index[a->n] = (uint32_t)v;
			a->rel[a->n++] = e + 1;
		} else if (rc == 0)
			rc = ll_error_set(LL_EINVAL, "worker: bad argument '%s'", k);
	}
	if (rc == 0 && (argc % 2 || !a->item))
		rc = ll_error_set(LL_EINVAL, "worker: incomplete arguments (it is started by 'analyze timeline')");
	return rc;
}

static int send(struct ll_buf *out, const struct ll_frame *f)
{
	int rc;

	ll_buf_reset(out);
	if ((rc = ll_frame_encode(out, f)) < 0)
		return rc;
	return ll_frame_write_all(3, out->ptr, out->len);
}

#ifdef LL_TEST_HOOKS
/*
 * LIFELINE_TEST_WORKER=probesegv|probebad|probepart[:TEXT], on the files whose path
 * holds TEXT: the probe crashes, names a reader that does not exist, or a
 * reader that does not read whole items (tests/hostile/h0533-probe-worker.sh).
 */
static const char *test_hook(const char *rel, const char *kind)
{
	const char *h = getenv("LIFELINE_TEST_WORKER"), *only;
	volatile int *null = NULL;
	size_t n;

	if (!h || strncmp(h, "probe", 5))
		return kind;
	only = strchr(h, ':');
	n = only ? (size_t)(only - h) : strlen(h);
	if (only && !strstr(rel, only + 1))
		return kind;
	if (n == 9 && !strncmp(h, "probesegv", n))
		*null = 1;
	if (n == 8 && !strncmp(h, "probebad", n))
		return "nosuch";
	if (n == 9 && !strncmp(h, "probepart", n))
		return "syslog";
	return kind;
}
#endif

int ll_worker_probe_main(int argc, char **argv)
{
	struct ll_sandbox_limits lim = { .nwrite_fds = 2, .write_fds = { 3, STDERR_FILENO } };
	struct ll_frame f = { .type = LL_FRAME_HELLO };
	struct ll_buf out;
	struct pargs a;
	int rc;

	ll_buf_init(&out);
	if ((rc = parse(&a, argc, argv)) < 0)
		goto out;
	lim.cpu_seconds = a.cpu;
	lim.as_bytes = a.as;
	json_object_seed(0); /* jansson seeds its hashes from /dev/urandom: now, not later */
	if ((rc = ll_sandbox_enter(&lim)) < 0)
		goto out;
	f.u.hello.version = LL_FRAME_VERSION;
	f.u.hello.item = a.item;
	if ((rc = send(&out, &f)) < 0)
		goto out;
	for (size_t i = 0; i < a.n && rc == 0; i++) {
		const struct ll_source_kind *k = NULL;
		const char *kind;

		/* the evidence is read from here on: a file's bytes, under the filter */
		if ((rc = ll_input_bind_once(a.rel[i], 4 + (int)i)) < 0)
			break;
		k = ll_timeline_pick_reader(a.rel[i], a.whole);
		kind = k ? k->name : "none";
#ifdef LL_TEST_HOOKS
		kind = test_hook(a.rel[i], kind);
#endif
		f = (struct ll_frame){ .type = LL_FRAME_FILE };
		f.u.file.index = a.index[i];
		f.u.file.kind = kind;
		if ((rc = send(&out, &f)) < 0)
			break;
		f = (struct ll_frame){ .type = LL_FRAME_END };
		f.u.end.message = "";
		rc = send(&out, &f);
	}
out:
	ll_buf_release(&out);
	if (rc < 0) {
		/* stderr stays writable: the parent names the exit status, this says why */
		fprintf(stderr, "lifeline __worker --probe: %s\n", ll_error_message());
		return 3;
	}
	return 0;
}

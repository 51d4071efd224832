/* SPDX-License-Identifier: Apache-2.0 */
/* The parent's side of the rules' worker: hand it the rule files, check and rebuild their trees. */
#define _GNU_SOURCE 1 /* memfd_create, pipe2 */
#include "core/compat.h"
#include "analyze/worker/worker_sigma.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analyze/worker/frame.h"
#include "analyze/worker/stream.h"
#include "analyze/worker/worker_int.h"
#include "core/buf.h"
#include "core/error.h"

#define MIB ((uint64_t)1 << 20)

/* One run: the worker, its pipe, and how far the rule set got. */
struct srun {
	const struct ll_worker_sigma_doc *docs;
	size_t n;
	ll_worker_sigma_cb cb;
	void *payload;
	pid_t pid;
	int pipe;
	uint64_t cpu;
	struct ll_frame_decoder dec;
	size_t next;	    /* the file the worker is on: the ENDs received */
	bool stopped_by_cb; /* the callback failed: its error, not the worker's */
	bool eof;
};

/* The input: per file u32le name length, name, u64le text length, text. */
static int input(int *out, const struct ll_worker_sigma_doc *docs, size_t n,
	uint64_t *total)
{
	struct ll_buf b;
	int fd, rc = 0;

	*total = 0;
	if ((fd = memfd_create("lifeline-rules", MFD_CLOEXEC)) < 0)
		return ll_error_set(LL_EIO,
			"cannot make the rules' worker input: %s",
			strerror(errno));
	ll_buf_init(&b);
	for (size_t i = 0; i < n && rc == 0; i++) {
		size_t nl = strlen(docs[i].name);
		uint8_t h[8];

		ll_buf_reset(&b);
		for (int k = 0; k < 4; k++)
			h[k] = (uint8_t)(nl >> (8 * k));
		if ((rc = ll_buf_put(&b, h, 4)) < 0 ||
			(rc = ll_buf_put(&b, docs[i].name, nl)) < 0)
			break;
		for (int k = 0; k < 8; k++)
			h[k] = (uint8_t)((uint64_t)docs[i].len >> (8 * k));
		if ((rc = ll_buf_put(&b, h, 8)) < 0 ||
			(rc = ll_frame_write_all(fd, b.ptr, b.len)) < 0 ||
			(rc = ll_frame_write_all(
				 fd, docs[i].text, docs[i].len)) < 0)
			break;
		*total += docs[i].len;
	}
	ll_buf_release(&b);
	if (rc == 0 && lseek(fd, 0, SEEK_SET) < 0)
		rc = ll_error_set(LL_EIO,
			"cannot rewind the rules' worker input: %s",
			strerror(errno));
	if (rc < 0) {
		close(fd);
		return rc;
	}
	*out = fd;
	return 0;
}

static int start(struct srun *s, int in_fd, uint64_t total)
{
	char count[24], cpu[24], as[24];
	char *argv[] = { (char *)"lifeline", (char *)"__worker",
		(char *)"--sigma", (char *)"--in", (char *)"3", (char *)"--out",
		(char *)"4", (char *)"--count", count, (char *)"--cpu", cpu,
		(char *)"--as", as, NULL };
	int p[2];

	/* libyaml parses tens of MiB/s: a minute and a second per MiB is slack for loaded machines */
	s->cpu = 60 + total / MIB;
	snprintf(count, sizeof(count), "%zu", s->n);
	snprintf(cpu, sizeof(cpu), "%" PRIu64, s->cpu);
#if defined(__SANITIZE_ADDRESS__)
	snprintf(as, sizeof(as),
		"0"); /* ASan reserves terabytes of shadow memory */
#else
	snprintf(as, sizeof(as), "%" PRIu64, (uint64_t)4096 * MIB);
#endif
	if (pipe2(p, O_CLOEXEC) < 0)
		return ll_error_set(LL_EIO,
			"cannot make the rules' worker pipe: %s",
			strerror(errno));
	fflush(NULL);
	if ((s->pid = fork()) < 0) {
		close(p[0]);
		close(p[1]);
		return ll_error_set(LL_EIO,
			"cannot start the rules' worker: %s", strerror(errno));
	}
	if (s->pid == 0)
		ll_worker_exec(in_fd, p[1], -1, argv);
	close(p[1]);
	s->pipe = p[0];
	return 0;
}

/* One checked frame: the worker must follow the rule set, file by file. */
static int apply(struct srun *s, const struct ll_frame *f)
{
	const struct ll_frame_sigma *g = &f->u.sigma;
	int rc;

	switch (f->type) {
	case LL_FRAME_HELLO:
		if (strcmp(f->u.hello.item, "rules"))
			return ll_error_set(LL_ECORRUPT,
				"worker stream: HELLO for '%s', not 'rules'",
				f->u.hello.item);
		return 0;
	case LL_FRAME_SIGMA_BEGIN:
		if (g->index != s->next || s->next >= s->n ||
			strcmp(g->name, s->docs[s->next].name))
			return ll_error_set(LL_ECORRUPT,
				"worker stream: rule file %" PRIu32
				" ('%s'), not %zu",
				g->index, g->name, s->next);
		return 0;
	case LL_FRAME_SIGMA_OPEN:
	case LL_FRAME_SIGMA_SCALAR:
	case LL_FRAME_SIGMA_CLOSE:
		return 0;
	case LL_FRAME_SIGMA_END:
		if ((rc = s->cb(s->next, g->root, g->rc, g->message,
			     s->payload)) < 0) {
			s->stopped_by_cb = true;
			return rc;
		}
		s->next++;
		return 0;
	default:
		return ll_error_set(LL_ECORRUPT,
			"worker stream: frame type 0x%04x from the rules' "
			"worker",
			(unsigned)f->type);
	}
}

static int apply_cb(void *payload, const struct ll_frame *f)
{
	return apply(payload, f);
}

/* Reads the pipe to its end (stream.h); < 0 as soon as a frame is refused or the callback fails. */
static int pump(struct srun *s, bool *timed_out)
{
	struct ll_worker_stream st = { .fd = s->pipe, .dec = &s->dec,
		.wall = 3 * s->cpu + 30, .apply = apply_cb, .payload = s,
		.who = "the rules' worker" };
	int rc = ll_worker_stream_pump(&st);

	*timed_out = st.timed_out;
	s->eof = st.eof;
	if (rc == 0 && s->next != s->n)
		return ll_error_set(LL_ECORRUPT,
			"worker stream: it ended after %zu of %zu rule files",
			s->next, s->n);
	return rc;
}

/* After the stream: 0, the callback's failure, or the worker's (named with its rule file). */
static int conclude(struct srun *s, int rc, bool timed_out)
{
	char why[1024], buf[256];
	const char *c, *name;
	struct rusage ru = { 0 };
	int status = 0, e;

	if (rc < 0)
		snprintf(why, sizeof(why), "%s", ll_error_message());
	if ((e = ll_worker_wait(s->pid, rc < 0 || timed_out,
		     "the rules' worker", &status, &ru)) < 0)
		return e;
	if (rc < 0 && s->stopped_by_cb)
		return ll_error_set(rc, "%s", why);
	c = ll_worker_cause(buf, sizeof(buf), status, &ru, s->cpu);
	if (rc == 0 && !c)
		return 0;
	c = ll_worker_blame(why, c, rc, timed_out, s->eof);
	name = s->docs[s->next < s->n ? s->next : s->n - 1].name;
	return ll_error_set(LL_ECORRUPT,
		"cannot parse rule file '%s': the rules' worker was stopped: "
		"%s",
		name, c);
}

int ll_worker_sigma_run(const struct ll_worker_sigma_doc *docs, size_t n,
	ll_worker_sigma_cb cb, void *payload)
{
	struct srun s = {
		.docs = docs, .n = n, .cb = cb, .payload = payload, .pipe = -1
	};
	bool timed_out = false;
	uint64_t total = 0;
	int in_fd = -1, rc;

	if (!n)
		return 0;
	if ((rc = input(&in_fd, docs, n, &total)) < 0)
		return rc;
	ll_frame_decoder_init(&s.dec);
	rc = start(&s, in_fd, total);
	close(in_fd);
	if (rc == 0) {
		rc = pump(&s, &timed_out);
		rc = conclude(&s, rc, timed_out);
		close(s.pipe);
	}
	ll_frame_decoder_release(&s.dec);
	return rc;
}

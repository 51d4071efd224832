/* SPDX-License-Identifier: Apache-2.0 */
/* A worker's frame stream read to its end, and the worker reaped (stream.h). */
#include "core/compat.h"
#include "analyze/worker/stream.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analyze/worker/frame.h"
#include "core/error.h"

int ll_worker_stream_pump(struct ll_worker_stream *s)
{
	static uint8_t buf[64 * 1024];
	struct timespec t0, now;
	struct ll_frame f;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
		uint64_t spent;
		ssize_t got;

		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((spent = (uint64_t)(now.tv_sec - t0.tv_sec)) >= s->wall) {
			s->timed_out = true;
			return ll_error_set(LL_EINTERRUPTED,
				"it ran past the wall-clock limit of %" PRIu64 " s", s->wall);
		}
		rc = poll(&pfd, 1, (int)(s->wall - spent > 60 ? 60 : s->wall - spent) * 1000);
		if (rc < 0 && errno != EINTR)
			return ll_error_set(LL_EIO, "cannot wait for %s: %s", s->who, strerror(errno));
		if (rc <= 0)
			continue;
		got = read(s->fd, buf, sizeof(buf));
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got < 0)
			return ll_error_set(LL_EIO, "cannot read the pipe of %s: %s", s->who,
				strerror(errno));
		if (got == 0) {
			s->eof = true;
			return ll_frame_decoder_finish(s->dec);
		}
		if ((rc = ll_frame_decoder_feed(s->dec, buf, (size_t)got)) < 0)
			return rc;
		while ((rc = ll_frame_decoder_next(&f, s->dec)) == 1)
			if ((rc = s->apply(s->payload, &f)) < 0)
				return rc;
		if (rc < 0)
			return rc;
	}
}

int ll_worker_wait(pid_t pid, bool kill_it, const char *who, int *status, struct rusage *ru)
{
	if (kill_it)
		kill(pid, SIGKILL);
	while (wait4(pid, status, 0, ru) < 0)
		if (errno != EINTR)
			return ll_error_set(LL_EIO, "cannot wait for %s: %s", who, strerror(errno));
	return 0;
}

const char *ll_worker_blame(const char *why, const char *cause, int rc, bool timed_out,
			    bool eof)
{
	/* a refused frame or the wall clock: this side stopped it; else how it ended says more */
	return timed_out || (rc < 0 && (!eof || !cause)) ? why : cause;
}

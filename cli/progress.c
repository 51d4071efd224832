/* SPDX-License-Identifier: Apache-2.0 */
/* Terminal progress bar: bytes or items, rate and ETA. */
#include "core/compat.h"
#include "cli/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void ll_progress_init(struct ll_progress *p, const char *label, uint64_t total,
		      bool bytes, bool quiet)
{
	p->label = label;
	p->total = total;
	p->done = 0;
	p->bytes = bytes;
	p->start_ns = mono_ns();
	p->last_draw_ns = 0;
	p->enabled = !quiet && isatty(STDERR_FILENO) && !getenv("LIFELINE_NO_PROGRESS");
}

static void draw(struct ll_progress *p, int64_t now)
{
	double secs = (double)(now - p->start_ns) / 1e9;
	double rate = secs > 0 ? (double)p->done / secs : 0;
	char bar[31];

	if (p->total) {
		int fill = (int)(30.0 * (double)p->done / (double)p->total);

		for (int i = 0; i < 30; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[30] = '\0';
		if (p->bytes)
			fprintf(stderr, "\r%s [%s] %5.1f%% %8.1f MB/s ETA %4.0fs ",
				p->label, bar, 100.0 * (double)p->done / (double)p->total,
				rate / 1e6,
				rate > 0 ? (double)(p->total - p->done) / rate : 0.0);
		else
			fprintf(stderr, "\r%s [%s] %" PRIu64 "/%" PRIu64 " ", p->label,
				bar, p->done, p->total);
	} else if (p->bytes) {
		fprintf(stderr, "\r%s %10.1f MB %8.1f MB/s ", p->label,
			(double)p->done / 1e6, rate / 1e6);
	} else {
		fprintf(stderr, "\r%s %" PRIu64 " (%.0f/s) ", p->label, p->done, rate);
	}
	fflush(stderr);
}

void ll_progress_update(struct ll_progress *p, uint64_t done)
{
	int64_t now;

	p->done = done;
	if (!p->enabled)
		return;
	now = mono_ns();
	if (now - p->last_draw_ns < 100000000)
		return;
	p->last_draw_ns = now;
	draw(p, now);
}

void ll_progress_finish(struct ll_progress *p)
{
	if (!p->enabled)
		return;
	draw(p, mono_ns());
	fputc('\n', stderr);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Progress on stderr: a terminal bar (bytes or items, rate and ETA) or JSON lines. */
#include "core/compat.h"
#include "cli/progress.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/json.h"

static enum ll_progress_mode g_mode = LL_PROGRESS_AUTO;
static const char *g_command = "";

void ll_progress_set_mode(enum ll_progress_mode mode)
{
	g_mode = mode;
}

void ll_progress_set_command(const char *command)
{
	g_command = command ? command : "";
}

int ll_progress_parse_mode(const char *s, enum ll_progress_mode *mode)
{
	if (!strcmp(s, "auto"))
		*mode = LL_PROGRESS_AUTO;
	else if (!strcmp(s, "json"))
		*mode = LL_PROGRESS_JSON;
	else if (!strcmp(s, "none"))
		*mode = LL_PROGRESS_NONE;
	else
		return -1;
	return 0;
}

bool ll_progress_json(void)
{
	return g_mode == LL_PROGRESS_JSON;
}

static int64_t mono_ns(void);

int64_t ll_progress_clock(void)
{
	return mono_ns();
}

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
	p->unit = bytes ? "bytes" : "items";
	p->total = total;
	p->done = 0;
	p->events = 0;
	p->has_events = false;
	p->bytes = bytes;
	p->start_ns = mono_ns();
	p->last_draw_ns = 0;
	p->json = g_mode == LL_PROGRESS_JSON;
	p->enabled = p->json || (g_mode == LL_PROGRESS_AUTO && !quiet &&
				 isatty(STDERR_FILENO) && !getenv("LIFELINE_NO_PROGRESS"));
}

void ll_progress_unit(struct ll_progress *p, const char *unit)
{
	p->unit = unit;
}

void ll_progress_events(struct ll_progress *p, uint64_t events)
{
	p->events = events;
	p->has_events = true;
}

/*
 * One object a line, flushed: the script reading it sees each update as it
 * comes. rate and eta only when known (eta needs a total and a rate); the
 * item's name may be any bytes (a file of the evidence): made valid UTF-8.
 */
static void draw_json(struct ll_progress *p, double secs, double rate, bool final)
{
	json_t *o = json_object();
	char *text;

	if (!o)
		return;
	json_object_set_new(o, "command", json_string(g_command));
	json_object_set_new(o, "item", p->label ? ll_json_string_lossy(p->label, strlen(p->label))
						: json_null());
	json_object_set_new(o, "done", json_integer((json_int_t)p->done));
	json_object_set_new(o, "total", p->total ? json_integer((json_int_t)p->total) : json_null());
	json_object_set_new(o, "unit", json_string(p->unit));
	json_object_set_new(o, "elapsed", json_real(secs));
	if (secs > 0 && p->done > 0)
		json_object_set_new(o, "rate", json_real(rate));
	if (p->total && rate > 0)
		json_object_set_new(o, "eta", json_real(p->done >= p->total ? 0.0
						       : (double)(p->total - p->done) / rate));
	if (p->has_events) {
		json_object_set_new(o, "events", json_integer((json_int_t)p->events));
		if (secs > 0)
			json_object_set_new(o, "events_rate", json_real((double)p->events / secs));
	}
	json_object_set_new(o, "final", json_boolean(final));
	if ((text = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII))) {
		fprintf(stderr, "%s\n", text);
		free(text);
	}
	json_decref(o);
	fflush(stderr);
}

static void draw(struct ll_progress *p, int64_t now, bool final)
{
	double secs = (double)(now - p->start_ns) / 1e9;
	double rate = secs > 0 ? (double)p->done / secs : 0;
	char bar[31];

	if (p->json) {
		draw_json(p, secs, rate, final);
		return;
	}
	if (p->total) {
		int fill = (int)(30.0 * (double)p->done / (double)p->total);

		for (int i = 0; i < 30; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[30] = '\0';
		if (p->bytes)
			fprintf(stderr, "\r%s [%s] %5.1f%% %8.1f MB/s ETA %4.0fs ",
				p->label, bar, 100.0 * (double)p->done / (double)p->total,
				rate / 1e6,
				rate > 0 && p->total > p->done
					? (double)(p->total - p->done) / rate : 0.0);
		else
			fprintf(stderr, "\r%s [%s] %" PRIu64 "/%" PRIu64 " ", p->label,
				bar, p->done, p->total);
	} else if (p->bytes) {
		fprintf(stderr, "\r%s %10.1f MB %8.1f MB/s ", p->label,
			(double)p->done / 1e6, rate / 1e6);
	} else {
		fprintf(stderr, "\r%s %" PRIu64 " %s (%.0f/s) ", p->label, p->done, p->unit, rate);
	}
	if (p->has_events)
		fprintf(stderr, "%" PRIu64 " events (%.0f/s) ", p->events,
			secs > 0 ? (double)p->events / secs : 0.0);
	fputs("\033[K", stderr); /* the rest of a longer line drawn before */
	fflush(stderr);
}

void ll_progress_update(struct ll_progress *p, uint64_t done)
{
	int64_t now;

	p->done = done;
	if (!p->enabled)
		return;
	now = mono_ns();
	if (p->last_draw_ns && now - p->last_draw_ns < 100000000)
		return;
	p->last_draw_ns = now;
	draw(p, now, false);
}

void ll_progress_finish(struct ll_progress *p)
{
	if (!p->enabled)
		return;
	draw(p, mono_ns(), true);
	if (!p->json)
		fputc('\n', stderr);
}

void ll_progress_cb_init(struct ll_progress_cb *c, const char *label, const char *unit, bool quiet)
{
	*c = (struct ll_progress_cb){ .label = label, .unit = unit, .quiet = quiet };
	c->bar.start_ns = mono_ns(); /* the command's work starts now, not at the first count */
}

void ll_progress_cb(void *payload, uint64_t done, uint64_t total)
{
	struct ll_progress_cb *c = payload;

	if (!c->started) {
		int64_t start = c->bar.start_ns;

		ll_progress_init(&c->bar, c->label, total, !strcmp(c->unit, "bytes"), c->quiet);
		ll_progress_unit(&c->bar, c->unit);
		c->bar.start_ns = start;
		c->started = true;
	}
	c->bar.total = total;
	ll_progress_update(&c->bar, done);
}

void ll_progress_cb_end(struct ll_progress_cb *c)
{
	if (!c->started)
		return;
	ll_progress_finish(&c->bar);
	c->started = false;
}

void ll_progress_cb_one(void *payload)
{
	struct ll_progress_cb *c = payload;

	ll_progress_cb(c, ++c->count, 0);
}

void ll_progress_cb_step(void *payload, const char *step, uint64_t done, uint64_t total)
{
	struct ll_progress_cb *c = payload;

	c->label = step;
	c->bar.label = step;
	ll_progress_cb(c, done, total);
}

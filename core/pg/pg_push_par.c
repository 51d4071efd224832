/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `case push --jobs N`: the items' partitions loaded on N streams at once.
 *
 * Each stream is a thread with its own libpq connection and its own
 * read-only SQLite connection (neither is shared between threads), taking
 * the next item from a common list, largest first so that the streams end
 * together. Each item goes through ll_pg_push_item: one transaction on its
 * stream, so a pusher killed at any point leaves no partial partition
 * whatever the number of streams. The first error stops every stream
 * after its current item (whose transaction rolls back) and is reported
 * by the caller's thread (errors are per thread: core/error.c).
 */
#include "core/compat.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/pg/pg_conn.h"
#include "core/pg/pg_push.h"
#include "core/pg/pg_push_item.h"
#include "core/store.h"

struct par {
	pthread_mutex_t mu;
	const char *url, *db_path;
	const struct ll_pg_case *c;
	const struct ll_pg_push_todo *todo;
	size_t *order, n, next; /* indexes into todo, largest first */
	bool stop;
	int rc;                 /* the first error, its message below */
	char msg[1024];
	void (*cb)(void *, uint64_t, uint64_t);
	void *payload;
	uint64_t done, total;
	struct ll_pg_push_result *res;
};

struct stream {
	struct par *p;
	pthread_t th;
	uint64_t item_rows; /* rows of the current item already counted in p->done */
	int64_t events;
	double seconds;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The item's rows so far (cumulative, from ll_pg_push_table): the shared count moves on. */
static void stream_rows(void *payload, uint64_t rows)
{
	struct stream *s = payload;
	struct par *p = s->p;

	pthread_mutex_lock(&p->mu);
	p->done += rows - s->item_rows;
	s->item_rows = rows;
	if (p->cb)
		p->cb(p->payload, p->done, p->total);
	pthread_mutex_unlock(&p->mu);
}

static void record_error(struct par *p, int rc)
{
	pthread_mutex_lock(&p->mu);
	if (!p->rc) {
		p->rc = rc;
		snprintf(p->msg, sizeof(p->msg), "%s", ll_error_message());
	}
	p->stop = true;
	pthread_mutex_unlock(&p->mu);
}

static void *stream_main(void *arg)
{
	struct stream *s = arg;
	struct par *p = s->p;
	struct ll_pg *pg = NULL;
	struct ll_store *st = NULL;
	double t0 = now_s();
	int rc;

	if ((rc = ll_pg_connect(&pg, p->url)) < 0 || (rc = ll_store_open_readonly(&st, p->db_path)) < 0) {
		record_error(p, rc);
		goto out;
	}
	for (;;) {
		struct ll_pg_item_stats is;
		size_t i;

		pthread_mutex_lock(&p->mu);
		if (p->stop || p->next == p->n) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		i = p->order[p->next++];
		pthread_mutex_unlock(&p->mu);
		s->item_rows = 0;
		if ((rc = ll_pg_push_item(&is, pg, st, p->c, p->todo[i].id, p->todo[i].seq, stream_rows,
					  s)) < 0) {
			record_error(p, rc);
			break;
		}
		s->events += is.rows;
		pthread_mutex_lock(&p->mu);
		p->res->events += is.rows;
		p->res->partitions++;
		p->res->copy_seconds += is.copy_s;
		p->res->time_index_seconds += is.time_index_s;
		p->res->attach_seconds += is.attach_s;
		pthread_mutex_unlock(&p->mu);
	}
out:
	s->seconds = now_s() - t0;
	ll_store_free(st);
	ll_pg_free(pg);
	return NULL;
}

/* The items' order: most events first (ties in evidence order, so a run is repeatable). */
static void largest_first(size_t *order, const struct ll_pg_push_todo *todo, size_t n)
{
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = 1; i < n; i++) {
		size_t v = order[i], j = i;

		while (j > 0 && todo[order[j - 1]].events < todo[v].events) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = v;
	}
}

int ll_pg_push_par(struct ll_pg_push_result *res, const char *url, const char *db_path,
		   const struct ll_pg_case *c, const struct ll_pg_push_todo *todo, size_t n,
		   int jobs, void (*cb)(void *, uint64_t, uint64_t), void *payload, uint64_t total)
{
	struct par p = { .url = url, .db_path = db_path, .c = c, .todo = todo, .n = n,
			 .cb = cb, .payload = payload, .total = total, .res = res };
	struct stream s[LL_PG_PUSH_JOBS_MAX];
	int started = 0, rc = 0;

	if (jobs < 2 || jobs > LL_PG_PUSH_JOBS_MAX)
		return ll_error_set(LL_EINVAL, "push streams: %d (2..%d)", jobs, LL_PG_PUSH_JOBS_MAX);
	if (n && !(p.order = ll_calloc(n, sizeof(*p.order))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	largest_first(p.order, todo, n);
	if (pthread_mutex_init(&p.mu, NULL) != 0) {
		ll_free(p.order);
		return ll_error_set(LL_ENOMEM, "cannot make the streams' lock");
	}
	memset(s, 0, sizeof(s));
	for (int j = 0; j < jobs; j++) {
		s[j].p = &p;
		if (pthread_create(&s[j].th, NULL, stream_main, &s[j]) != 0) {
			pthread_mutex_lock(&p.mu);
			p.stop = true;
			pthread_mutex_unlock(&p.mu);
			rc = ll_error_set(LL_ENOMEM, "cannot start push stream %d of %d", j + 1, jobs);
			break;
		}
		started++;
	}
	for (int j = 0; j < started; j++)
		pthread_join(s[j].th, NULL);
	res->nstreams = started;
	for (int j = 0; j < started; j++) {
		res->stream_events[j] = s[j].events;
		res->stream_seconds[j] = s[j].seconds;
	}
	pthread_mutex_destroy(&p.mu);
	ll_free(p.order);
	if (rc == 0 && p.rc)
		rc = ll_error_set(p.rc, "%s", p.msg);
	return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The event writer's background thread: stores slabs of copied events while
 * the reader parses the next ones. Two slabs change hands under one mutex;
 * the thread is the only user of the SQLite connection while it runs (the
 * connection is opened without SQLite's own mutex, see core/store.c).
 */
#include "core/compat.h"
#include "core/event_async.h"

#include <pthread.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

struct ll_event_async {
	struct ll_event_writer *w;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;          /* work handed over, work done, or stop */
	struct ll_event_slab spare; /* the slab the thread stores or has emptied */
	bool busy;                  /* `spare` holds rows to store */
	bool stop;
	int rc;                     /* first error, with its message */
	char msg[2048];             /* error.c's message size */
};

static void *run(void *arg)
{
	struct ll_event_async *a = arg;

	pthread_mutex_lock(&a->mu);
	for (;;) {
		while (!a->busy && !a->stop)
			pthread_cond_wait(&a->cv, &a->mu);
		if (!a->busy)
			break;
		if (a->rc == 0) {
			int rc;

			pthread_mutex_unlock(&a->mu);
			rc = ll_event_slab_write(a->w, &a->spare);
			pthread_mutex_lock(&a->mu);
			if (rc < 0) {
				a->rc = rc;
				snprintf(a->msg, sizeof(a->msg), "%s", ll_error_message());
			}
		}
		a->spare.n = 0;
		a->busy = false;
		pthread_cond_broadcast(&a->cv);
	}
	pthread_mutex_unlock(&a->mu);
	return NULL;
}

static void slab_free(struct ll_event_slab *sl)
{
	ll_free(sl->rows);
	ll_buf_release(&sl->arena);
}

int ll_event_async_start(struct ll_event_async **out, struct ll_event_writer *w)
{
	struct ll_event_async *a = ll_calloc(1, sizeof(*a));
	int err;

	if (!a)
		return ll_error_set(LL_ENOMEM, "out of memory");
	a->w = w;
	ll_buf_init(&a->spare.arena);
	if (pthread_mutex_init(&a->mu, NULL) != 0) {
		ll_free(a);
		return ll_error_set(LL_ENOMEM, "cannot create a mutex");
	}
	if (pthread_cond_init(&a->cv, NULL) != 0) {
		pthread_mutex_destroy(&a->mu);
		ll_free(a);
		return ll_error_set(LL_ENOMEM, "cannot create a condition variable");
	}
	if ((err = pthread_create(&a->thread, NULL, run, a)) != 0) {
		pthread_cond_destroy(&a->cv);
		pthread_mutex_destroy(&a->mu);
		ll_free(a);
		return ll_error_set(LL_ENOMEM, "cannot start the event writer thread (error %d)",
				    err);
	}
	*out = a;
	return 0;
}

/* The thread's error as this thread's error; 0 when it had none. Under mu. */
static int error_of(const struct ll_event_async *a)
{
	if (a->rc < 0)
		return ll_error_set(a->rc, "%s", a->msg);
	return 0;
}

int ll_event_async_submit(struct ll_event_async *a, struct ll_event_slab *sl)
{
	struct ll_event_slab t;
	int rc;

	pthread_mutex_lock(&a->mu);
	while (a->busy)
		pthread_cond_wait(&a->cv, &a->mu);
	if ((rc = error_of(a)) < 0) {
		pthread_mutex_unlock(&a->mu);
		sl->n = 0;
		return rc;
	}
	t = a->spare;
	a->spare = *sl;
	*sl = t;
	a->busy = true;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	return 0;
}

int ll_event_async_stop(struct ll_event_async *a)
{
	int rc;

	pthread_mutex_lock(&a->mu);
	a->stop = true;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->thread, NULL);
	rc = error_of(a);
	pthread_cond_destroy(&a->cv);
	pthread_mutex_destroy(&a->mu);
	slab_free(&a->spare);
	ll_free(a);
	return rc;
}

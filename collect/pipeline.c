/* SPDX-License-Identifier: Apache-2.0 */
/* The block ring: one producer, ordered consumer threads and an unordered worker pool. */
#include "core/compat.h"
#include "collect/pipeline.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/error.h"

/*
 * One mutex, but a condition variable per waiter kind: a broadcast to every
 * thread on every block woke 8 threads to let one proceed, and on the
 * virtual machines we measured each needless wake-up cost a context switch
 * (bench/README.md). Signalling a condition nobody waits on is free.
 */
struct pipe {
	const struct ll_pipe_config *cfg;
	pthread_mutex_t mu;
	pthread_cond_t prod_cv;                         /* the producer: a slot is free */
	pthread_cond_t work_cv;                         /* workers: a block to prepare */
	pthread_cond_t cons_cv[LL_PIPE_MAX_CONSUMERS];  /* each consumer: its next block */
	struct ll_block *slots;
	uint64_t produced;   /* blocks published */
	bool eof;
	int err;
	char msg[1024];
	uint64_t cursor[LL_PIPE_MAX_CONSUMERS]; /* next block of each consumer */
	uint64_t claim;                         /* next block to prepare */
};

struct thread_arg {
	struct pipe *p;
	size_t idx;
};

/* Wakes everybody: an error or the end (called locked). */
static void wake_all(struct pipe *p)
{
	pthread_cond_broadcast(&p->prod_cv);
	pthread_cond_broadcast(&p->work_cv);
	for (size_t i = 0; i < p->cfg->nconsumers; i++)
		pthread_cond_signal(&p->cons_cv[i]);
}

/* Records the first failure with this thread's message (called locked). */
static void set_err(struct pipe *p, int rc)
{
	if (p->err)
		return;
	p->err = rc;
	snprintf(p->msg, sizeof(p->msg), "%s", ll_error_message());
	wake_all(p);
}

static void *consumer_main(void *arg)
{
	struct thread_arg *a = arg;
	struct pipe *p = a->p;
	const struct ll_pipe_config *cfg = p->cfg;
	size_t i = a->idx;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct ll_block *b;
		int rc;

		while (!p->err &&
		       !(p->cursor[i] < p->produced &&
			 (!cfg->after_prepare[i] ||
			  p->slots[p->cursor[i] % cfg->nslots].prepared)) &&
		       !(p->eof && p->cursor[i] == p->produced))
			pthread_cond_wait(&p->cons_cv[i], &p->mu);
		if (p->err || p->cursor[i] == p->produced)
			break;
		b = &p->slots[p->cursor[i] % cfg->nslots];
		pthread_mutex_unlock(&p->mu);
		rc = cfg->consumer[i](cfg->consumer_ctx[i], b);
		pthread_mutex_lock(&p->mu);
		if (rc < 0)
			set_err(p, rc);
		p->cursor[i]++;
		/* The slot may be free now. */
		pthread_cond_signal(&p->prod_cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static void *worker_main(void *arg)
{
	struct thread_arg *a = arg;
	struct pipe *p = a->p;
	const struct ll_pipe_config *cfg = p->cfg;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct ll_block *b;
		int rc;

		while (!p->err && p->claim == p->produced && !p->eof)
			pthread_cond_wait(&p->work_cv, &p->mu);
		if (p->err || p->claim == p->produced)
			break;
		b = &p->slots[p->claim++ % cfg->nslots];
		pthread_mutex_unlock(&p->mu);
		rc = cfg->prepare(cfg->prepare_ctx, b);
		pthread_mutex_lock(&p->mu);
		if (rc < 0)
			set_err(p, rc);
		b->prepared = true;
		/* Consumers that wait for prepared blocks, and the producer reusing the slot. */
		for (size_t c = 0; c < cfg->nconsumers; c++)
			if (cfg->after_prepare[c])
				pthread_cond_signal(&p->cons_cv[c]);
		pthread_cond_signal(&p->prod_cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static uint64_t min_cursor(const struct pipe *p)
{
	uint64_t m = p->produced;

	for (size_t i = 0; i < p->cfg->nconsumers; i++)
		if (p->cursor[i] < m)
			m = p->cursor[i];
	/* A block being prepared is in use too. */
	return p->cfg->prepare && p->claim < m ? p->claim : m;
}

static int produce_loop(struct pipe *p, ll_produce_fn produce, void *ctx)
{
	const struct ll_pipe_config *cfg = p->cfg;
	int rc = 0;

	for (uint64_t seq = 0;; seq++) {
		struct ll_block *b;
		bool any_prepare_pending;

		pthread_mutex_lock(&p->mu);
		while (!p->err && p->produced - min_cursor(p) >= cfg->nslots)
			pthread_cond_wait(&p->prod_cv, &p->mu);
		b = &p->slots[seq % cfg->nslots];
		/* A reused slot must also be done by the worker that prepared it. */
		any_prepare_pending = cfg->prepare && seq >= cfg->nslots && !b->prepared;
		while (!p->err && any_prepare_pending && !b->prepared)
			pthread_cond_wait(&p->prod_cv, &p->mu);
		if (p->err) {
			pthread_mutex_unlock(&p->mu);
			return p->err;
		}
		pthread_mutex_unlock(&p->mu);
		if (cfg->stop && *cfg->stop) {
			rc = ll_error_set(LL_EINTERRUPTED, "interrupted by a signal");
			goto fail;
		}
		b->len = 0;
		b->seq = seq;
		b->prepared = false;
		rc = produce(ctx, b, cfg->block_size);
		if (rc < 0)
			goto fail;
		pthread_mutex_lock(&p->mu);
		if (b->len > 0)
			p->produced++;
		if (rc == 1) {
			p->eof = true;
			wake_all(p);
		} else if (b->len > 0) {
			pthread_cond_signal(&p->work_cv);
			for (size_t c = 0; c < cfg->nconsumers; c++)
				if (!cfg->after_prepare[c])
					pthread_cond_signal(&p->cons_cv[c]);
		}
		pthread_mutex_unlock(&p->mu);
		if (rc == 1)
			return 0;
	}
fail:
	pthread_mutex_lock(&p->mu);
	set_err(p, rc);
	pthread_mutex_unlock(&p->mu);
	return rc;
}

int ll_pipe_run(const struct ll_pipe_config *cfg, ll_produce_fn produce,
		void *produce_ctx)
{
	struct pipe p = { 0 };
	pthread_t th[LL_PIPE_MAX_CONSUMERS + 16];
	struct thread_arg args[LL_PIPE_MAX_CONSUMERS + 16];
	size_t nth = 0, nworkers = cfg->prepare ? cfg->nworkers : 0;
	sigset_t all, old;
	int rc = 0;

	if (cfg->nconsumers > LL_PIPE_MAX_CONSUMERS || nworkers > 16 ||
	    (cfg->prepare && nworkers == 0) || cfg->nslots < 2 || !cfg->block_size)
		return ll_error_set(LL_EINTERNAL, "bad pipeline configuration");
	p.cfg = cfg;
	if (!(p.slots = ll_calloc(cfg->nslots, sizeof(*p.slots))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < cfg->nslots; i++) {
		/* Page-aligned, so a sink may write it with O_DIRECT. */
		p.slots[i].data = ll_malloc_aligned(4096, cfg->block_size);
		p.slots[i].aux = cfg->aux_size ? ll_calloc(1, cfg->aux_size) : NULL;
		if (!p.slots[i].data || (cfg->aux_size && !p.slots[i].aux)) {
			rc = ll_error_set(LL_ENOMEM, "out of memory for %zu blocks of %zu bytes",
					  cfg->nslots, cfg->block_size);
			goto out;
		}
	}
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.prod_cv, NULL);
	pthread_cond_init(&p.work_cv, NULL);
	for (size_t i = 0; i < LL_PIPE_MAX_CONSUMERS; i++)
		pthread_cond_init(&p.cons_cv[i], NULL);
	/* Signals go to the producer (the caller's thread), which stops cleanly. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (size_t i = 0; i < cfg->nconsumers + nworkers; i++) {
		bool cons = i < cfg->nconsumers;

		args[nth].p = &p;
		args[nth].idx = cons ? i : i - cfg->nconsumers;
		if (pthread_create(&th[nth], NULL, cons ? consumer_main : worker_main,
				   &args[nth]) != 0) {
			pthread_mutex_lock(&p.mu);
			set_err(&p, ll_error_set(LL_EINTERNAL, "cannot start a thread"));
			pthread_mutex_unlock(&p.mu);
			break;
		}
		nth++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!p.err)
		produce_loop(&p, produce, produce_ctx);
	for (size_t i = 0; i < nth; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.prod_cv);
	pthread_cond_destroy(&p.work_cv);
	for (size_t i = 0; i < LL_PIPE_MAX_CONSUMERS; i++)
		pthread_cond_destroy(&p.cons_cv[i]);
	if (p.err)
		rc = ll_error_set(p.err, "%s", p.msg);
out:
	for (size_t i = 0; i < cfg->nslots; i++) {
		ll_free(p.slots[i].data);
		ll_free(p.slots[i].aux);
	}
	ll_free(p.slots);
	return rc;
}

size_t ll_acquire_nworkers(void)
{
	/*
	 * Asked once (sysconf reads /sys): a sandboxed worker asks before its
	 * lock-down, which forbids open, and the pipeline then takes the answer.
	 */
	static size_t known;
	long n;

	if (known)
		return known;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	known = n < 1 ? 1 : n > 8 ? 8 : (size_t)n;
	return known;
}

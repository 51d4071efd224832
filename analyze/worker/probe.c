/* SPDX-License-Identifier: Apache-2.0 */
/* The parent's side of the probe worker: start it with an item's files, check its answers. */
#define _GNU_SOURCE 1 /* pipe2 */
#include "core/compat.h"
#include "analyze/worker/probe.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyze/source.h"
#include "analyze/timeline.h"
#include "analyze/worker/frame.h"
#include "analyze/worker/stream.h"
#include "analyze/worker/worker_int.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/error.h"
#include "core/evidence.h"

#define MIB ((uint64_t)1 << 20)
/* Files per probe worker: each is a descriptor of the parent until the worker starts. */
#define CHUNK 128
#define NFIXED 12 /* argv before the files, with its NULL */

/* One item's answers. */
struct item {
	const struct ll_evidence *ev;
	size_t n;				/* files probed: 1 for an image */
	const struct ll_source_kind **kind;	/* per file; NULL: none recognises it */
	char **why;				/* per file: the worker's failure on it, else NULL */
};

struct ll_worker_probe {
	struct ll_case *cs;
	struct item *items;
	size_t n, cap;
};

/* One probe worker over files [from, to) of an item. */
struct prun {
	struct item *it;
	bool whole;
	size_t sent[CHUNK]; /* the files handed over, in order */
	size_t nsent, answered;
	pid_t pid;
	int pipe;
	uint64_t cpu;
	struct ll_frame_decoder dec;
	bool eof;
};

int ll_worker_probe_new(struct ll_worker_probe **out, struct ll_case *cs)
{
	struct ll_worker_probe *p = ll_calloc(1, sizeof(*p));

	if (!p)
		return ll_error_set(LL_ENOMEM, "out of memory");
	p->cs = cs;
	*out = p;
	return 0;
}

void ll_worker_probe_free(struct ll_worker_probe *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		for (size_t j = 0; j < p->items[i].n; j++)
			ll_free(p->items[i].why[j]);
		ll_free(p->items[i].why);
		ll_free(p->items[i].kind);
	}
	ll_free(p->items);
	ll_free(p);
}

int ll_worker_probe_check(const struct ll_source_kind **out, const char *kind, bool whole)
{
	*out = NULL;
	if (!strcmp(kind, "none"))
		return 0;
	for (size_t i = 0; i < ll_source_kind_count; i++) {
		const struct ll_source_kind *k = ll_source_kinds[i];

		if (strcmp(k->name, kind))
			continue;
		if (whole && !k->whole_item)
			return ll_error_set(LL_ECORRUPT,
					    "probe answer: '%s' does not read whole items", kind);
		*out = k;
		return 0;
	}
	return ll_error_set(LL_ECORRUPT, "probe answer: no reader '%s'", kind);
}

/* One checked frame: HELLO of the item, then FILE and END of each file handed over, in order. */
static int apply(void *payload, const struct ll_frame *f)
{
	struct prun *s = payload;
	const struct ll_source_kind *k;
	int rc;

	switch (f->type) {
	case LL_FRAME_HELLO:
		if (strcmp(f->u.hello.item, s->it->ev->id))
			return ll_error_set(LL_ECORRUPT, "worker stream: HELLO for item '%s', not '%s'",
					    f->u.hello.item, s->it->ev->id);
		return 0;
	case LL_FRAME_FILE:
		if (s->answered >= s->nsent || f->u.file.index != s->sent[s->answered])
			return ll_error_set(LL_ECORRUPT, "worker stream: FILE %u, not the next file asked",
					    f->u.file.index);
		if ((rc = ll_worker_probe_check(&k, f->u.file.kind, s->whole)) < 0)
			return rc;
		s->it->kind[f->u.file.index] = k;
		s->answered++;
		return 0;
	case LL_FRAME_END:
		if (f->u.end.events || f->u.end.rc)
			return ll_error_set(LL_ECORRUPT, "worker stream: a probe's END with events or an error");
		return 0;
	default:
		return ll_error_set(LL_ECORRUPT, "worker stream: frame type 0x%04x from a probe worker",
				    (unsigned)f->type);
	}
}

/* Reads the pipe to its end; < 0 as soon as a frame is refused or the wall clock is past. */
static int pump(struct prun *s, bool *timed_out)
{
	struct ll_worker_stream st = { .fd = s->pipe, .dec = &s->dec, .wall = 3 * s->cpu + 30,
				       .apply = apply, .payload = s, .who = "the probe worker" };
	int rc = ll_worker_stream_pump(&st);

	*timed_out = st.timed_out;
	s->eof = st.eof;

	if (rc == 0 && s->answered != s->nsent)
		return ll_error_set(LL_ECORRUPT, "it ended without answering for the file");
	return rc;
}

/* After the stream: 0, or the worker's failure (its cause in the message, as a reader worker's). */
static int conclude(struct prun *s, int rc, bool timed_out)
{
	char why[LL_FRAME_TEXT_MAX + 64], buf[256];
	struct rusage ru = { 0 };
	const char *c;
	int status = 0, e;

	if (rc < 0)
		snprintf(why, sizeof(why), "%s", ll_error_message());
	if ((e = ll_worker_wait(s->pid, rc < 0 || timed_out, "the probe worker", &status, &ru)) < 0)
		return e;
	c = ll_worker_cause(buf, sizeof(buf), status, &ru, s->cpu);
	if (rc == 0 && !c)
		return 0;
	c = ll_worker_blame(why, c, rc, timed_out, s->eof);
	return ll_error_set(LL_ECORRUPT, "%s", c);
}

/* argv's "INDEX:REL" of each file handed over, freed by the caller. */
static void free_args(char **v, size_t n)
{
	for (size_t i = NFIXED; i < n; i += 2)
		ll_free(v[i]);
}

/*
 * Starts the probe worker of files [from, to) of s->it: those this side
 * cannot open are answered NULL here, as ll_input_head's failure is by
 * the picker. 0 with the worker started (or none needed: s->nsent 0).
 */
static int start(struct prun *s, struct ll_case *cs, size_t from, size_t to)
{
	const struct ll_evidence *ev = s->it->ev;
	char cpu[24], as[24];
	char *v[NFIXED + 2 * CHUNK] = { (char *)"lifeline", (char *)"__worker", (char *)"--probe",
					(char *)"--item", ev->id, (char *)"--whole",
					(char *)(s->whole ? "1" : "0"), (char *)"--cpu", cpu,
					(char *)"--as", as };
	int fds[CHUNK + 1], p[2], rc = 0;
	size_t nv = NFIXED - 1;

	for (size_t i = from; i < to && rc == 0; i++) {
		char *abs = ll_case_path(cs, ev->files[i].path);
		size_t len = strlen(ev->files[i].path) + 24;
		int fd;

		if (!abs || !(v[nv + 1] = ll_malloc(len))) {
			ll_free(abs);
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			break;
		}
		fd = open(abs, O_RDONLY | O_CLOEXEC);
		ll_free(abs);
		if (fd < 0) {
			ll_free(v[nv + 1]);
			continue;
		}
		snprintf(v[nv + 1], len, "%zu:%s", i, ev->files[i].path);
		v[nv] = (char *)"--file";
		nv += 2;
		fds[1 + s->nsent] = fd;
		s->sent[s->nsent++] = i;
	}
	v[nv] = NULL;
	/* reading 64 KiB per file takes no time: a minute, and a second per file, is slack */
	s->cpu = 60 + s->nsent;
	snprintf(cpu, sizeof(cpu), "%" PRIu64, s->cpu);
#if defined(__SANITIZE_ADDRESS__)
	snprintf(as, sizeof(as), "0"); /* ASan reserves terabytes of shadow memory */
#else
	snprintf(as, sizeof(as), "%" PRIu64, (uint64_t)1024 * MIB);
#endif
	if (rc == 0 && s->nsent && pipe2(p, O_CLOEXEC) < 0)
		rc = ll_error_set(LL_EIO, "cannot make the probe worker's pipe: %s", strerror(errno));
	if (rc == 0 && s->nsent) {
		fflush(NULL);
		fds[0] = p[1];
		if ((s->pid = fork()) == 0)
			ll_worker_exec_fds(fds, (int)s->nsent + 1, v);
		if (s->pid < 0)
			rc = ll_error_set(LL_EIO, "cannot start the probe worker: %s", strerror(errno));
		close(p[1]);
		s->pipe = p[0];
		if (rc < 0)
			close(p[0]);
	}
	for (size_t i = 0; i < s->nsent; i++)
		close(fds[1 + i]);
	free_args(v, nv);
	return rc;
}

/*
 * Probes files [*from, to) of `it` in one worker: *from past them, or,
 * when the worker failed, past the file it failed on (its why set).
 */
static int probe_chunk(struct ll_worker_probe *p, struct item *it, size_t *from, size_t to)
{
	struct prun s = { .it = it, .whole = !strcmp(it->ev->kind, "image"), .pipe = -1 };
	bool timed_out = false;
	size_t bad;
	int rc;

	ll_frame_decoder_init(&s.dec);
	rc = start(&s, p->cs, *from, to);
	if (rc == LL_ENOMEM) {
		ll_frame_decoder_release(&s.dec);
		return rc;
	}
	if (rc == 0 && s.nsent) {
		rc = pump(&s, &timed_out);
		rc = conclude(&s, rc, timed_out);
		close(s.pipe);
	}
	ll_frame_decoder_release(&s.dec);
	*from = to;
	if (rc == LL_ENOMEM)
		return rc;
	if (rc == 0)
		return 0;
	/* the file it was on (none answered: the first) is the one that fails; the rest go on */
	bad = s.nsent ? s.sent[s.answered < s.nsent ? s.answered : s.nsent - 1] : *from;
	if (!(it->why[bad] = ll_strdup(ll_error_message())))
		return ll_error_set(LL_ENOMEM, "out of memory");
	it->kind[bad] = NULL;
	*from = bad + 1;
	return 0;
}

static int probe_item(struct ll_worker_probe *p, struct item *it)
{
	size_t n = it->ev->nfiles, from = 0;
	int rc;

	if (!strcmp(it->ev->kind, "image") && n > 1)
		n = 1; /* a disk image is read by its first file */
	if (!(it->kind = ll_calloc(n ? n : 1, sizeof(*it->kind))) ||
	    !(it->why = ll_calloc(n ? n : 1, sizeof(*it->why))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	it->n = n;
	while (from < n)
		if ((rc = probe_chunk(p, it, &from, from + CHUNK < n ? from + CHUNK : n)) < 0)
			return rc;
	return 0;
}

static int find(struct item **out, struct ll_worker_probe *p, const struct ll_evidence *ev)
{
	struct item *it;
	int rc;

	for (size_t i = 0; i < p->n; i++)
		if (p->items[i].ev == ev) {
			*out = &p->items[i];
			return 0;
		}
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 8;
		struct item *grown = ll_reallocarray(p->items, cap, sizeof(*grown));

		if (!grown)
			return ll_error_set(LL_ENOMEM, "out of memory");
		p->items = grown;
		p->cap = cap;
	}
	it = &p->items[p->n++];
	*it = (struct item){ .ev = ev };
	if ((rc = probe_item(p, it)) < 0)
		return rc;
	*out = it;
	return 0;
}

int ll_worker_probe_pick(const struct ll_source_kind **out, struct ll_worker_probe *p,
			 const struct ll_evidence *ev, size_t index, const char *abs, bool whole)
{
	struct item *it = NULL;
	int rc;

	*out = NULL;
	if (!p) {
		*out = ll_timeline_pick_reader(abs, whole);
		return 0;
	}
	if ((rc = find(&it, p, ev)) < 0)
		return rc;
	if (index >= it->n)
		return 0;
	if (it->why[index]) {
		ll_error_set(LL_ECORRUPT, "%s", it->why[index]);
		return 1;
	}
	*out = it->kind[index];
	/* the cache holds the image item's answer among whole-item readers; the driver asks the same */
	if (*out && whole && !(*out)->whole_item)
		*out = NULL;
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* The parent's side of the check worker: start it, check its frames, keep what they say. */
#define _GNU_SOURCE 1 /* pipe2 */
#include "core/compat.h"
#include "cli/check_worker.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/worker/frame.h"
#include "analyze/worker/stream.h"
#include "analyze/worker/worker_int.h"
#include "cli/vdisk_media.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/evidence.h"

#define MIB ((uint64_t)1 << 20)

/* One run: the worker, its pipe and what came through it. */
struct crun {
	struct ll_check_result *out;
	const char *mode, *item;
	pid_t pid;
	int pipe;
	uint64_t cpu;
	struct ll_frame_decoder dec;
	bool ended;
	ll_progress_fn progress; /* mode "media": bytes hashed so far */
	void *progress_payload;
	uint64_t done;		 /* the last PROGRESS's */
};

/* Lower-case hex of exactly `len` characters. */
static bool is_hex(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[len] == ' ' || s[len] == '\0';
}

/* "SIZE MD5 SHA1 SHA256" of mode "media": every character checked. */
static int media(struct ll_check_result *out, const char *t)
{
	uint64_t size = 0;
	const char *p = t;

	if (*p < '0' || *p > '9')
		return ll_error_set(LL_ECORRUPT, "check worker: media hashes '%s': no size", t);
	for (; *p >= '0' && *p <= '9'; p++) {
		if (size > (UINT64_MAX - 9) / 10)
			return ll_error_set(LL_ECORRUPT, "check worker: media size too large");
		size = size * 10 + (uint64_t)(*p - '0');
	}
	if (*p++ != ' ' || !is_hex(p, 32) || p[32] != ' ' || !is_hex(p + 33, 40) ||
	    p[73] != ' ' || !is_hex(p + 74, 64) || p[138] != '\0')
		return ll_error_set(LL_ECORRUPT, "check worker: media hashes '%s': not SIZE MD5 SHA1 SHA256", t);
	out->media_size = size;
	memcpy(out->media.md5, p, 32);
	out->media.md5[32] = '\0';
	memcpy(out->media.sha1, p + 33, 40);
	out->media.sha1[40] = '\0';
	memcpy(out->media.sha256, p + 74, 64);
	out->media.sha256[64] = '\0';
	out->has_media = true;
	return 0;
}

/* One validated frame: it must be what this mode answers, in order. */
static int apply(struct crun *r, const struct ll_frame *f)
{
	struct ll_check_result *out = r->out;
	bool ewf = !strcmp(r->mode, "ewf");
	struct ll_check_problem *p;

	if (r->ended)
		return ll_error_set(LL_ECORRUPT, "check worker: a frame after END");
	switch (f->type) {
	case LL_FRAME_HELLO:
		if (strcmp(f->u.hello.item, r->item))
			return ll_error_set(LL_ECORRUPT, "check worker: HELLO for item '%s', not '%s'",
					    f->u.hello.item, r->item);
		return 0;
	case LL_FRAME_FILE:
		if (f->u.file.index != 0 || strcmp(f->u.file.kind, r->mode))
			return ll_error_set(LL_ECORRUPT, "check worker: FILE %u (%s), not 0 (%s)",
					    f->u.file.index, f->u.file.kind, r->mode);
		return 0;
	case LL_FRAME_PARTIAL:
		if (!ewf || out->nproblems >= 64)
			return ll_error_set(LL_ECORRUPT, "check worker: an unexpected PARTIAL");
		if (strcmp(f->u.partial.reason, "damaged-container") &&
		    strcmp(f->u.partial.reason, "unreadable-container"))
			return ll_error_set(LL_ECORRUPT, "check worker: reason '%s'",
					    f->u.partial.reason);
		if (!f->u.partial.message[0])
			return ll_error_set(LL_ECORRUPT, "check worker: an empty message");
		if (!(p = ll_reallocarray(out->problems, out->nproblems + 1, sizeof(*p))))
			return ll_error_set(LL_ENOMEM, "out of memory");
		out->problems = p;
		p += out->nproblems;
		p->unreadable = !strcmp(f->u.partial.reason, "unreadable-container");
		if (!(p->message = ll_strdup(f->u.partial.message)))
			return ll_error_set(LL_ENOMEM, "out of memory");
		out->nproblems++;
		return 0;
	case LL_FRAME_PROGRESS:
		/* forward only, within the media the worker announced */
		if (ewf || out->has_media || f->u.progress.done < r->done ||
		    (f->u.progress.total && f->u.progress.done > f->u.progress.total))
			return ll_error_set(LL_ECORRUPT, "check worker: PROGRESS %" PRIu64 " of %" PRIu64
					    " after %" PRIu64, f->u.progress.done,
					    f->u.progress.total, r->done);
		r->done = f->u.progress.done;
		if (r->progress)
			r->progress(r->progress_payload, r->done);
		return 0;
	case LL_FRAME_WARN:
		if (ewf || out->has_media)
			return ll_error_set(LL_ECORRUPT, "check worker: an unexpected WARN");
		return media(out, f->u.warn.text);
	case LL_FRAME_END:
		if (!ewf && !f->u.end.rc && !out->has_media)
			return ll_error_set(LL_ECORRUPT, "check worker: END without the media hashes");
		out->rc = f->u.end.rc;
		snprintf(out->message, sizeof(out->message), "%s", f->u.end.message);
		r->ended = true;
		return 0;
	default:
		return ll_error_set(LL_ECORRUPT, "check worker: frame type 0x%04x",
				    (unsigned)f->type);
	}
}

static int start(struct crun *r, char *const *paths, const char *const *rels, size_t n)
{
	char **argv = ll_calloc(12 + 4 * n + 1, sizeof(*argv));
	char cpu[24], as[24];
	uint64_t bytes = 0;
	size_t k = 0;
	int p[2], in_fd, rc = 0;

	if (!argv)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct stat sb;

		if (stat(paths[i], &sb) == 0 && sb.st_size > 0)
			bytes += (uint64_t)sb.st_size;
	}
	/*
	 * CPU, all threads together: every chunk inflated and hashed three
	 * ways. Compression hides how much media a segment holds (empty
	 * space shrinks a thousandfold), so the limit stops a worker that
	 * loops, not a big image: 10 minutes and 8 s per MiB of segments.
	 */
	r->cpu = 600 + bytes / MIB * 8;
	snprintf(cpu, sizeof(cpu), "%" PRIu64, r->cpu);
#if defined(__SANITIZE_ADDRESS__)
	snprintf(as, sizeof(as), "0"); /* ASan reserves terabytes of shadow memory */
#else
	/* libewf's chunk tables grow with the set: its bytes on top of the readers' 4 GiB */
	snprintf(as, sizeof(as), "%" PRIu64, (uint64_t)4096 * MIB + bytes);
#endif
	argv[k++] = (char *)"lifeline";
	argv[k++] = (char *)"__check";
	argv[k++] = (char *)"--mode";
	argv[k++] = (char *)r->mode;
	argv[k++] = (char *)"--item";
	argv[k++] = (char *)r->item;
	argv[k++] = (char *)"--out";
	argv[k++] = (char *)"4";
	argv[k++] = (char *)"--cpu";
	argv[k++] = cpu;
	argv[k++] = (char *)"--as";
	argv[k++] = as;
	for (size_t i = 0; i < n; i++) {
		argv[k++] = (char *)"--segment";
		argv[k++] = paths[i];
		argv[k++] = (char *)"--rel";
		argv[k++] = (char *)rels[i];
	}
	argv[k] = NULL;
	/* its fd 3 (ll_worker_exec keeps one input) reads nothing: it opens the segments by name */
	if ((in_fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0) {
		rc = ll_error_set(LL_EIO, "cannot open /dev/null: %s", strerror(errno));
		goto out;
	}
	if (pipe2(p, O_CLOEXEC) < 0) {
		rc = ll_error_set(LL_EIO, "cannot make the check worker's pipe: %s",
				  strerror(errno));
		goto out;
	}
	fflush(NULL); /* nothing buffered is written twice */
	if ((r->pid = fork()) < 0) {
		rc = ll_error_set(LL_EIO, "cannot start a check worker: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		goto out;
	}
	if (r->pid == 0)
		ll_worker_exec(in_fd, p[1], -1, argv);
	close(p[1]);
	r->pipe = p[0];
out:
	if (in_fd >= 0)
		close(in_fd);
	ll_free(argv);
	return rc;
}

static int apply_cb(void *payload, const struct ll_frame *f)
{
	return apply(payload, f);
}

/* After the stream: reaps the worker; a failure is out->failed with its cause. */
static int conclude(struct crun *r, int rc, const struct ll_worker_stream *st)
{
	char why[1024], buf[256];
	struct rusage ru = { 0 };
	const char *c;
	int status = 0, e;

	if (rc == 0 && !r->ended)
		rc = ll_error_set(LL_ECORRUPT, "it ended without END");
	if (rc < 0)
		snprintf(why, sizeof(why), "%s", ll_error_message());
	if ((e = ll_worker_wait(r->pid, rc < 0 || st->timed_out, "the check worker", &status,
				&ru)) < 0)
		return e;
	if (rc == LL_ENOMEM)
		return ll_error_set(rc, "%s", why);
	c = ll_worker_cause(buf, sizeof(buf), status, &ru, r->cpu);
	if (rc == 0 && !c)
		return 0;
	c = ll_worker_blame(why, c, rc, st->timed_out, st->eof);
	r->out->failed = true;
	snprintf(r->out->cause, sizeof(r->out->cause), "the check worker failed: %s", c);
	return 0;
}

int ll_check_run(struct ll_check_result *out, const char *mode, const char *item,
		 char *const *paths, const char *const *rels, size_t n, ll_progress_fn progress,
		 void *progress_payload)
{
	struct crun r = { .out = out, .mode = mode, .item = item, .pipe = -1,
			  .progress = progress, .progress_payload = progress_payload };
	struct ll_worker_stream st = { .dec = &r.dec, .apply = apply_cb, .payload = &r,
				       .who = "the check worker" };
	int rc;

	*out = (struct ll_check_result){ 0 };
	ll_frame_decoder_init(&r.dec);
	if ((rc = start(&r, paths, rels, n)) == 0) {
		st.fd = r.pipe;
		st.wall = 3 * r.cpu + 30;
		rc = ll_worker_stream_pump(&st);
		rc = conclude(&r, rc, &st);
		close(r.pipe);
	}
	ll_frame_decoder_release(&r.dec);
	if (rc < 0)
		ll_check_result_release(out);
	return rc;
}

void ll_check_result_release(struct ll_check_result *r)
{
	for (size_t i = 0; i < r->nproblems; i++)
		ll_free(r->problems[i].message);
	ll_free(r->problems);
	r->problems = NULL;
	r->nproblems = 0;
}

int ll_check_media_in_worker(struct ll_media_hashes *out, uint64_t *size, char **paths,
			     size_t n, void *payload)
{
	struct ll_check_media *mc = payload;
	const char **rels = ll_calloc(n ? n : 1, sizeof(*rels));
	struct ll_check_result res;
	int rc;

	if (!rels)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		rels[i] = mc->ev ? mc->ev->files[i].path : paths[i];
	/*
	 * A `file` item with media hashes is a virtual disk `collect files`
	 * hashed (cli/vdisk_media.c): recomputed the same way, by the same
	 * check worker (mode "vdisk"), so that the two can only differ if the
	 * virtual bytes did. Files that are no longer one disk say so.
	 */
	if (mc->ev && strcmp(mc->ev->kind, "image")) {
		const char *format = NULL;

		rc = ll_cli_vdisk_media(out, size, &format, paths, rels, n, mc->ev->id, NULL, mc);
		ll_free(rels);
		if (rc == 0 && !format)
			rc = ll_error_set(LL_ECORRUPT,
					  "the files are no longer a virtual disk lifeline can open");
		return rc;
	}
	rc = ll_check_run(&res, "media", mc->ev ? mc->ev->id : mc->id, paths, rels, n,
			  mc->progress, mc->progress_payload);
	ll_free(rels);
	if (rc < 0)
		return rc;
	if (res.failed) {
		mc->failed = true;
		rc = ll_error_set(LL_ECORRUPT, "%s", res.cause);
	} else if (res.rc < 0) {
		/* the worker's own error is its message: only a chunk's checksum stays LL_EVERIFY */
		rc = ll_error_set(res.rc == LL_EVERIFY ? LL_EVERIFY : LL_EIO, "%s", res.message);
	} else {
		*out = res.media;
		*size = res.media_size;
	}
	ll_check_result_release(&res);
	return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* `lifeline __check`: an E01 set's own checks, or an image's media hashes, after the lock-down. */
#include "core/compat.h"
#include "cli/check_worker.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/worker/frame.h"
#include "analyze/worker/landlock.h"
#include "analyze/worker/sandbox.h"
#include "analyze/tsk/tsk_vdisk.h"
#include "analyze/tsk/tsk_walk.h"
#include "collect/block_reader.h"
#include "collect/ewf_sections.h"
#include "collect/hashers.h"
#include "collect/pipeline.h"
#include "collect/source.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/json.h"

/* What the parent handed over (docs/formats/worker-frames.md, "Check workers"). */
struct cargs {
	const char *mode, *item;
	int out_fd;
	uint64_t cpu, as;
	char **paths; /* --segment: absolute */
	const char **rels; /* --rel: as the item records them */
	size_t n, nrel;
};

struct cw {
	struct ll_buf out;
	int fd;
	const struct cargs *a;
	FILE **segs;		/* the segments, opened before the lock-down */
	char **open_err;	/* why one could not be opened */
	struct ll_source *src;	/* libewf's handle, NULL when it cannot open the set */
	struct ll_tsk_image *vdisk; /* mode "vdisk": the virtual disk, through libtsk */
	char src_err[512];	/* why not */
	int src_rc;
	uint64_t progress_sent; /* mode "media": bytes last told the parent */
};

static int send(struct cw *w, const struct ll_frame *f)
{
	return ll_frame_encode(&w->out, f);
}

static int flush(struct cw *w)
{
	int rc = ll_frame_write_all(w->fd, w->out.ptr, w->out.len);

	ll_buf_reset(&w->out);
	return rc;
}

/* `s` as frame text: valid UTF-8 (lossy), at most LL_FRAME_TEXT_MAX bytes, whole characters. */
static int text(char *buf, size_t size, const char *s)
{
	json_t *j = ll_json_string_lossy(s, strlen(s));
	const char *v;
	size_t n;

	if (!j)
		return ll_error_set(LL_ENOMEM, "out of memory");
	v = json_string_value(j);
	n = strlen(v);
	if (n > LL_FRAME_TEXT_MAX)
		n = LL_FRAME_TEXT_MAX;
	if (n >= size)
		n = size - 1;
	while (n && n < strlen(v) && ((unsigned char)v[n] & 0xC0) == 0x80)
		n--;
	memcpy(buf, v, n);
	buf[n] = '\0';
	json_decref(j);
	return 0;
}

static int problem(struct cw *w, bool unreadable, const char *fmt, ...) LL_PRINTF(3, 4);

/* One problem of the set: a PARTIAL frame (the parent adds it as check_item did). */
static int problem(struct cw *w, bool unreadable, const char *fmt, ...)
{
	struct ll_frame f = { .type = LL_FRAME_PARTIAL };
	char msg[1024], t[LL_FRAME_TEXT_MAX + 1];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if ((rc = text(t, sizeof(t), msg)) < 0)
		return rc;
	f.u.partial.reason = unreadable ? "unreadable-container" : "damaged-container";
	f.u.partial.message = t;
	return send(w, &f);
}

static int64_t pread_at(void *payload, uint64_t off, void *buf, size_t len)
{
	FILE *f = payload;
	size_t n;

	if (fseeko(f, (off_t)off, SEEK_SET) != 0)
		return ll_error_set(LL_EIO, "cannot seek: %s", strerror(errno));
	n = fread(buf, 1, len, f);
	if (n < len && ferror(f))
		return ll_error_set(LL_EIO, "cannot read: %s", strerror(errno));
	return (int64_t)n;
}

/* One segment's section chain (ll_ewf_sections_check); `st` gets what it stores. */
static int check_segment(struct ll_ewf_sections *st, struct cw *w, size_t i)
{
	struct stat sb;

	if (!w->segs[i])
		return ll_error_set(LL_EIO, "%s", w->open_err[i]);
	if (fstat(fileno(w->segs[i]), &sb) != 0)
		return ll_error_set(LL_EIO, "cannot stat: %s", strerror(errno));
	return ll_ewf_sections_check(st, pread_at, w->segs[i], (uint64_t)sb.st_size);
}

/*
 * An E01 set's own checksums: every segment's section chain, then every
 * chunk inflated and checked (the path `evidence verify` takes; the first bad
 * chunk is named with its media offset), then the media's MD5 and SHA-1
 * against those the set stores, as ewfverify does. Moved here from
 * cmd_analyze_timeline.c: the same messages.
 */
static int check_ewf_set(struct cw *w)
{
	const char *const *rel = w->a->rels;
	struct ll_ewf_sections st = { 0 };
	struct ll_media_hashes mh;
	char why[768] = "";
	uint64_t size;
	size_t n = w->a->n;
	int rc = 0;

	for (size_t i = 0; i < n && !why[0]; i++) {
		struct ll_ewf_sections seg;

		rc = check_segment(&seg, w, i);
		if (rc == LL_ENOMEM)
			return rc;
		if (rc < 0) {
			snprintf(why, sizeof(why), "'%s': %s", rel[i], ll_error_message());
			break;
		}
		if (seg.chunks && !st.chunks)
			st = seg;
		if (seg.has_md5) {
			st.has_md5 = true;
			memcpy(st.md5, seg.md5, sizeof(st.md5));
		}
		if (seg.has_sha1) {
			st.has_sha1 = true;
			memcpy(st.sha1, seg.sha1, sizeof(st.sha1));
		}
		if (i + 1 == n && !seg.done)
			snprintf(why, sizeof(why),
				 "'%s': the last segment of the set ends in 'next', not 'done': segments are missing",
				 rel[i]);
	}
	/* whether libewf opens it at all: if not, no reader is given it (libtsk leaks then) */
	if (w->src_rc == LL_ENOMEM)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if (w->src_rc < 0) {
		if (!why[0])
			snprintf(why, sizeof(why), "'%s': the container cannot be read: %s", rel[0],
				 w->src_err);
		return problem(w, true, "%s; libewf cannot open it: not read", why);
	}
	if (why[0])
		return problem(w, false, "%s", why);
	rc = ll_source_hash(&mh, &size, w->src, NULL, NULL, NULL);
	if (rc == LL_ENOMEM || rc == LL_EINTERRUPTED)
		return rc;
	if (rc < 0)
		return problem(w, false, "'%s': %s%s", rel[0],
			       rc == LL_EVERIFY ? "" : "the container cannot be read: ",
			       ll_error_message());
	if ((st.chunks && size != st.media_size) ||
	    (st.has_md5 && memcmp(st.md5, mh.md5_raw, 16)) ||
	    (st.has_sha1 && memcmp(st.sha1, mh.sha1_raw, 20)))
		return problem(w, false,
			       "'%s': the media read (%" PRIu64 " bytes, MD5 %s) differs from what the E01 stores (%" PRIu64 " bytes%s%s)",
			       rel[0], size, mh.md5, st.media_size,
			       st.has_md5 ? ", an MD5" : "", st.has_sha1 ? ", a SHA-1" : "");
	return 0;
}

/*
 * Modes "media" and "vdisk": a PROGRESS frame every 64 MiB hashed, so a
 * long read-back (`collect image`'s verification, `evidence verify`, a
 * virtual disk's media at `collect files`) shows its progress. A failed
 * write is not this callback's to report: END's write fails too.
 */
static void media_progress(void *payload, uint64_t done)
{
	struct cw *w = payload;
	struct ll_frame f = { .type = LL_FRAME_PROGRESS };

	if (done < w->progress_sent + ((uint64_t)64 << 20))
		return;
	w->progress_sent = done;
	f.u.progress.done = done;
	f.u.progress.total = w->vdisk ? ll_tsk_image_size(w->vdisk)
			     : w->src->size > 0 ? (uint64_t)w->src->size : 0;
	if (send(w, &f) == 0)
		(void)flush(w);
}

/*
 * The media's hashes — an E01's through libewf (mode "media"), a virtual
 * disk's through libtsk's image layer or its chain's libraries (mode
 * "vdisk") — as a WARN "SIZE MD5 SHA1 SHA256", or END's error.
 */
static int hash_media(struct cw *w)
{
	struct ll_frame f = { .type = LL_FRAME_WARN };
	struct ll_media_hashes mh;
	char t[256];
	uint64_t size;
	int rc;

	if (w->src_rc < 0)
		return ll_error_set(w->src_rc, "%s", w->src_err);
	rc = w->vdisk ? ll_tsk_image_hash(mh.md5, mh.sha1, mh.sha256, &size, w->vdisk,
					  w->a->rels[0], media_progress, w)
		      : ll_source_hash(&mh, &size, w->src, NULL, media_progress, w);
	if (rc < 0)
		return rc;
	snprintf(t, sizeof(t), "%" PRIu64 " %s %s %s", size, mh.md5, mh.sha1, mh.sha256);
	f.u.warn.text = t;
	return send(w, &f);
}

static int num(uint64_t *out, const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-')
		return ll_error_set(LL_EINVAL, "check worker: bad number '%s'", s);
	*out = v;
	return 0;
}

static int add(void *list, size_t *n, const char *s)
{
	char ***l = list;
	char **v = ll_reallocarray(*l, *n + 1, sizeof(**l));

	if (!v)
		return ll_error_set(LL_ENOMEM, "out of memory");
	v[(*n)++] = (char *)s;
	*l = v;
	return 0;
}

static int parse_args(struct cargs *a, int argc, char **argv)
{
	uint64_t v = 0;
	int rc = 0;

	*a = (struct cargs){ .out_fd = -1 };
	for (int i = 0; i + 1 < argc && rc == 0; i += 2) {
		const char *k = argv[i], *s = argv[i + 1];

		if (!strcmp(k, "--mode"))
			a->mode = s;
		else if (!strcmp(k, "--item"))
			a->item = s;
		else if (!strcmp(k, "--out") && (rc = num(&v, s)) == 0)
			a->out_fd = v > INT32_MAX ? -1 : (int)v;
		else if (!strcmp(k, "--cpu"))
			rc = num(&a->cpu, s);
		else if (!strcmp(k, "--as"))
			rc = num(&a->as, s);
		else if (!strcmp(k, "--segment"))
			rc = add(&a->paths, &a->n, s);
		else if (!strcmp(k, "--rel"))
			rc = add(&a->rels, &a->nrel, s);
		else if (strcmp(k, "--out"))
			rc = ll_error_set(LL_EINVAL, "check worker: unknown argument '%s'", k);
	}
	if (rc == 0 && (argc % 2 || !a->mode || !a->item || a->out_fd < 0 || !a->n ||
			a->n != a->nrel ||
			(strcmp(a->mode, "ewf") && strcmp(a->mode, "media") && strcmp(a->mode, "vdisk"))))
		rc = ll_error_set(LL_EINVAL, "check worker: incomplete arguments (it is started by 'analyze timeline')");
	return rc;
}

/*
 * Everything that needs a file: the segments for the section chains, libewf's
 * handle (it keeps its segments open), the number of hashing threads (sysconf
 * reads /sys), OpenSSL's configuration; then the lock-down, threads allowed for the hashing pipeline.
 */
static int start(struct cw *w)
{
	struct ll_sandbox_limits lim = { .cpu_seconds = w->a->cpu, .as_bytes = w->a->as,
					 .threads = true };
	size_t n = w->a->n;
	struct ll_hashers h;
	int rc;

	json_object_seed(0); /* jansson seeds its hashes from /dev/urandom: now, not later */
	/*
	 * Before libewf parses a byte: read-only access to the set's segments and
	 * the system's libraries and configuration, nothing of the case (landlock.h)
	 */
	if ((rc = ll_landlock_worker(NULL, NULL, (const char *const *)w->a->paths, n, -1, NULL)) < 0)
		return rc;
	if (!(w->segs = ll_calloc(n, sizeof(*w->segs))) ||
	    !(w->open_err = ll_calloc(n, sizeof(*w->open_err))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < n && !strcmp(w->a->mode, "ewf"); i++)
		if (!(w->segs[i] = fopen(w->a->paths[i], "rb"))) {
			char e[300];

			snprintf(e, sizeof(e), "cannot open: %s", strerror(errno));
			if (!(w->open_err[i] = ll_strdup(e)))
				return ll_error_set(LL_ENOMEM, "out of memory");
		}
	/* a virtual disk: libvmdk/libvhdi open it and a VMDK's extents now (tsk_vdisk.h) */
	if (!strcmp(w->a->mode, "vdisk"))
		w->src_rc = ll_tsk_image_open_vdisk(&w->vdisk, (const char *const *)w->a->paths, n,
						    ll_vdisk_of_file(w->a->paths[0]));
	else
		w->src_rc = ll_source_open_ewf(&w->src, w->a->paths, n);
	if (w->src_rc < 0)
		snprintf(w->src_err, sizeof(w->src_err), "%s", ll_error_message());
	(void)ll_acquire_nworkers();
	/* OpenSSL reads its configuration at its first digest: now, not under the filter */
	if ((rc = ll_hashers_init(&h)) < 0)
		return rc;
	ll_hashers_release(&h);
	lim.write_fds[lim.nwrite_fds++] = w->fd;
	lim.write_fds[lim.nwrite_fds++] = STDERR_FILENO;
	return ll_sandbox_enter(&lim);
}

#ifdef LL_TEST_HOOKS
/* LIFELINE_TEST_CHECK=segv|badframe|lie: the failures tests/hostile/h0314 provokes (test builds only). */
static void test_hook(struct cw *w)
{
	static const uint8_t bad[LL_FRAME_HEADER] = { 4, 0, 1, 0, 0, 0, 0, 0 };
	const char *hook = getenv("LIFELINE_TEST_CHECK");
	volatile int *null = NULL;

	if (!hook)
		return;
	flush(w);
	if (!strcmp(hook, "segv"))
		*null = 1;
	else if (!strcmp(hook, "badframe"))
		ll_frame_write_all(w->fd, bad, sizeof(bad));
	else if (!strcmp(hook, "lie")) {
		/* well-formed frames the parent must refuse: a reason no check gives, bad hashes */
		struct ll_frame f = { .type = LL_FRAME_PARTIAL };

		f.u.partial.reason = "refused";
		f.u.partial.message = "all is well";
		if (!strcmp(w->a->mode, "media")) {
			f = (struct ll_frame){ .type = LL_FRAME_WARN };
			f.u.warn.text = "1 0123 x";
		}
		if (send(w, &f) == 0)
			flush(w);
	}
}
#endif

static int check_main(int argc, char **argv)
{
	struct cargs a;
	struct cw w = { .fd = -1, .src_rc = 0 };
	struct ll_frame f = { .type = LL_FRAME_HELLO };
	char msg[LL_FRAME_TEXT_MAX + 1];
	int rc;

	ll_buf_init(&w.out);
	if ((rc = parse_args(&a, argc, argv)) < 0)
		goto out;
	w.a = &a;
	w.fd = a.out_fd;
	if ((rc = start(&w)) < 0)
		goto out;
	f.u.hello.version = LL_FRAME_VERSION;
	f.u.hello.item = a.item;
	if ((rc = send(&w, &f)) < 0)
		goto out;
	f = (struct ll_frame){ .type = LL_FRAME_FILE };
	f.u.file.index = 0;
	f.u.file.kind = a.mode;
	if ((rc = send(&w, &f)) < 0)
		goto out;
#ifdef LL_TEST_HOOKS
	test_hook(&w);
#endif
	rc = !strcmp(a.mode, "ewf") ? check_ewf_set(&w)
	     : hash_media(&w);
	f = (struct ll_frame){ .type = LL_FRAME_END };
	f.u.end.rc = rc < 0 ? rc : 0;
	f.u.end.message = "";
	if (rc < 0) {
		if (text(msg, sizeof(msg), ll_error_message()) < 0 || !msg[0])
			snprintf(msg, sizeof(msg), "%s", ll_error_name(rc));
		f.u.end.message = msg;
	}
	if ((rc = send(&w, &f)) == 0)
		rc = flush(&w);
out:
	if (rc < 0)
		fprintf(stderr, "lifeline __check: %s\n", ll_error_message());
	/* the segments and libewf's handle go with the process: no close under the filter matters */
	ll_buf_release(&w.out);
	return rc < 0 ? 3 : 0;
}

int ll_check_main(int argc, char **argv)
{
	int code = check_main(argc, argv);

	/* _exit: no atexit handler may run under the filter (see ll_worker_main) */
	fflush(stderr);
	_exit(code);
}

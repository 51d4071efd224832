/* SPDX-License-Identifier: Apache-2.0 */
/* The acquisition: open, record the opening entry, image in one pass, verify, register. */
#include "core/compat.h"
#include "collect/acquire.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "collect/ewf_util.h"
#include "collect/pipeline.h"
#include "collect/sink.h"
#include "collect/source.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/case.h"
#include "core/crypto.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/evidence.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/time.h"

#define BLOCK_SIZE LL_PIPE_BLOCK_SIZE
#define NSLOTS LL_PIPE_NSLOTS

static double mono_secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *source_info(const struct ll_source *s)
{
	json_t *o = json_object();
	char *txt;

	json_object_set_new(o, "type", json_string(s->is_device ? "device"
						   : s->seekable     ? "file"
								     : "stream"));
	json_object_set_new(o, "sector_size", json_integer(s->sector_size));
	if (s->size >= 0)
		json_object_set_new(o, "size", json_integer(s->size));
	if (s->model)
		json_object_set_new(o, "model", json_string(s->model));
	if (s->serial)
		json_object_set_new(o, "serial", json_string(s->serial));
	txt = ll_json_dump(o);
	json_decref(o);
	return txt;
}

static const char *compression_name(enum ll_compression c)
{
	return c == LL_COMPRESS_BEST ? "best" : c == LL_COMPRESS_FAST ? "fast" : "none";
}

static json_t *options_json(const struct ll_acquire_opts *o, const char *format,
			    uint32_t spc)
{
	json_t *j = json_pack("{s:s, s:b, s:I, s:s}", "format", format, "verify",
			      o->verify, "segment_size", (json_int_t)o->segment_size,
			      "tool", "lifeline " LL_VERSION);

	if (o->e01) {
		json_object_set_new(j, "compression", json_string(compression_name(o->compression)));
		json_object_set_new(j, "sectors_per_chunk", json_integer(spc));
	}
	return j;
}

static json_t *errors_json(const struct ll_range *e, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I, s:I}", "offset", (json_int_t)e[i].off,
						   "length", (json_int_t)e[i].len));
	return a;
}

static const char *rel_path(const struct ll_case *cs, const char *abs)
{
	size_t n = strlen(cs->dir);

	if (!strncmp(abs, cs->dir, n) && abs[n] == '/')
		return abs + n + 1;
	return abs;
}

/* Container files: size and SHA-256 of the bytes on disk. */
static int hash_containers(struct ll_acquire_result *res, const struct ll_case *cs,
			   const struct ll_sink *sink, bool single_raw)
{
	if (!(res->files = ll_calloc(sink->nfiles ? sink->nfiles : 1, sizeof(*res->files))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < sink->nfiles; i++) {
		struct ll_evidence_file_rec *f = &res->files[i];
		struct stat sb;
		int rc;

		res->nfiles++;
		f->role = "segment";
		if (!(f->path = ll_strdup(rel_path(cs, sink->files[i]))))
			return ll_error_set(LL_ENOMEM, "out of memory");
		if (single_raw) {
			/*
			 * One raw file holds exactly the media stream, so its
			 * SHA-256 is the media's: read back by the verification
			 * pass, or with --no-verify the stream as written (the
			 * documented meaning; evidence verify re-reads it).
			 */
			if (stat(sink->files[i], &sb) != 0)
				return ll_error_set(LL_EIO, "cannot stat '%s'", sink->files[i]);
			f->size = (uint64_t)sb.st_size;
			memcpy(f->sha256, res->hashes.sha256, sizeof(f->sha256));
			continue;
		}
		if ((rc = ll_hash_file(sink->files[i], LL_HASH_SHA256, NULL, NULL, f->sha256,
				       &f->size)) < 0)
			return rc;
	}
	return 0;
}

static int verify_image(struct ll_acquire_result *res, const struct ll_sink *sink,
			const struct ll_acquire_opts *o)
{
	struct ll_media_hashes v;
	struct ll_source *src = NULL;
	uint64_t size = 0;
	double t0 = mono_secs();
	int rc;

	if (o->phase)
		o->phase(o->progress_payload, "verify", (int64_t)res->media_size);
	if (o->e01 && o->verify_media) {
		rc = o->verify_media(&v, &size, sink->files, sink->nfiles, o->verify_payload);
		/* an interrupt reaches the worker too: it is the interruption, not the image */
		if (rc < 0 && o->stop && *o->stop)
			return ll_error_set(LL_EINTERRUPTED, "interrupted");
	} else {
		rc = o->e01 ? ll_source_open_ewf(&src, sink->files, sink->nfiles)
			    : ll_source_open_concat(&src, sink->files, sink->nfiles);
		if (rc < 0)
			return rc;
		rc = ll_source_hash(&v, &size, src, o->stop, o->progress, o->progress_payload);
		ll_source_free(src);
	}
	res->verify_secs = mono_secs() - t0;
	if (rc == LL_EVERIFY) /* an E01 chunk failed its checksum */
		return ll_error_context("verification failed");
	if (rc < 0)
		return rc;
	if (size != res->media_size || strcmp(v.md5, res->hashes.md5) ||
	    strcmp(v.sha1, res->hashes.sha1) || strcmp(v.sha256, res->hashes.sha256))
		return ll_error_set(LL_EVERIFY,
				    "verification failed: the image reads back as %" PRIu64
				    " bytes with MD5 %s, SHA-1 %s, SHA-256 %s, but %" PRIu64
				    " bytes with MD5 %s, SHA-1 %s, SHA-256 %s were acquired",
				    size, v.md5, v.sha1, v.sha256, res->media_size,
				    res->hashes.md5, res->hashes.sha1, res->hashes.sha256);
	res->verified = true;
	return 0;
}

/*
 * Renames `path` to the first free "<path>.incomplete", "<path>.2.incomplete"…
 * so the name says it is not evidence and an earlier attempt's file is never
 * replaced (link fails on an existing name; rename would overwrite it).
 */
static int keep_incomplete(char **out, const char *path)
{
	for (unsigned k = 1; k < 1000; k++) {
		struct ll_buf nn = LL_BUF_INIT;
		int rc = k == 1 ? ll_buf_printf(&nn, "%s.incomplete", path)
				: ll_buf_printf(&nn, "%s.%u.incomplete", path, k);
		bool done;

		if (rc < 0)
			return rc;
		if (link(path, nn.ptr) == 0)
			done = unlink(path) == 0;
		else if (errno == EEXIST)
			done = false;
		else /* a file system without hard links: check, then rename */
			done = access(nn.ptr, F_OK) != 0 && rename(path, nn.ptr) == 0;
		if (done) {
			if (out)
				*out = ll_buf_detach(&nn);
			ll_buf_release(&nn);
			return 0;
		}
		if (access(nn.ptr, F_OK) != 0 || access(path, F_OK) != 0) {
			rc = ll_error_set(LL_EIO, "cannot rename '%s' to '%s': %s", path, nn.ptr,
					  strerror(errno));
			ll_buf_release(&nn);
			return rc;
		}
		ll_buf_release(&nn);
	}
	return ll_error_set(LL_EEXISTS, "too many earlier attempts beside '%s'", path);
}

/*
 * One acquisition per item directory at a time: held until the item is
 * registered or marked incomplete, so a retry cannot start beside a live run.
 */
static int lock_dir(int *fd_out, const char *dir_abs, const char *id)
{
	int fd = open(dir_abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return ll_error_set(LL_EIO, "cannot open '%s': %s", dir_abs, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return ll_error_set(LL_EEXISTS,
				    "evidence item '%s' is being acquired by another process", id);
	}
	*fd_out = fd;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Before a retry: the files of the unfinished attempt stay, renamed
 * *.incomplete (an attempt killed outright left plain names); `kept` lists
 * them, relative to the case, for the custody entry.
 */
static int prepare_retry(json_t *kept, const struct ll_case *cs, const char *dir_abs)
{
	DIR *d = opendir(dir_abs);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	if (!d)
		return ll_error_set(LL_EIO, "cannot list '%s': %s", dir_abs, strerror(errno));
	while ((de = readdir(d))) {
		void *p;

		if (de->d_name[0] == '.')
			continue;
		if (!(p = ll_reallocarray(names, n + 1, sizeof(*names))) ||
		    !(names = p, names[n] = ll_strdup(de->d_name))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			break;
		}
		n++;
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct ll_buf full = LL_BUF_INIT;
		struct stat sb;
		size_t len = strlen(names[i]);
		char *now = NULL;

		if ((rc = ll_buf_printf(&full, "%s/%s", dir_abs, names[i])) < 0)
			break;
		if (lstat(full.ptr, &sb) == 0 && S_ISREG(sb.st_mode)) {
			if (len > 11 && !strcmp(names[i] + len - 11, ".incomplete"))
				now = ll_strdup(full.ptr);
			else
				rc = keep_incomplete(&now, full.ptr);
			if (rc == 0 && !now)
				rc = ll_error_set(LL_ENOMEM, "out of memory");
			if (rc == 0)
				json_array_append_new(kept, json_string(rel_path(cs, now)));
		}
		ll_free(now);
		ll_buf_release(&full);
	}
	for (size_t i = 0; i < n; i++)
		ll_free(names[i]);
	ll_free(names);
	return rc;
}

static char *register_details(const struct ll_acquire_result *res,
			      const struct ll_block_reader *rd, json_t *options)
{
	json_t *files = json_array(), *d;
	char *txt;

	for (size_t i = 0; i < res->nfiles; i++)
		json_array_append_new(files, json_pack("{s:s, s:I, s:s}", "path",
						       res->files[i].path, "size",
						       (json_int_t)res->files[i].size,
						       "sha256", res->files[i].sha256));
	d = json_pack("{s:{s:s, s:s, s:s}, s:I, s:I, s:I, s:o, s:o, s:b, s:{s:f, s:f}, s:O}",
		      "media_hashes", "md5", res->hashes.md5, "sha1", res->hashes.sha1,
		      "sha256", res->hashes.sha256, "media_size",
		      (json_int_t)res->media_size, "padded_bytes", (json_int_t)res->padded,
		      "unreadable_bytes",
		      (json_int_t)res->unreadable, "errors", errors_json(rd->errs, rd->nerrs),
		      "files", files, "verified", res->verified, "timings",
		      "acquire_s", res->acquire_secs, "verify_s", res->verify_secs, "options",
		      options);
	txt = d ? ll_json_dump(d) : NULL;
	json_decref(d);
	return txt;
}

static char *e01_notes(const struct ll_acquire_opts *o,
		       const struct ll_custody_entry *acq)
{
	struct ll_buf b = LL_BUF_INIT;

	if (o->notes && *o->notes)
		ll_buf_printf(&b, "%s; ", o->notes);
	ll_buf_printf(&b, "lifeline custody entry %" PRId64 " (acquire) %s", acq->seq,
		      acq->hash);
	return ll_buf_detach(&b);
}

/*
 * One imaging run, in the steps of libewf's imaging handle: open the output
 * (source, exhibit id, item directory), start (the "acquire" custody entry,
 * then the sink with everything its header holds), update (the one read
 * pass), stop (hashes, flush, verify, register); on failure the read errors
 * go on record with the 'incomplete' entry; close frees what the run held.
 */
struct imaging {
	struct ll_acquire_result *res;
	struct ll_case *cs;
	const struct ll_signer *signer;
	const struct ll_acquire_opts *o;
	struct ll_source *src;
	struct ll_sink *sink;
	struct ll_sink_opts so;
	struct ll_pipe_config cfg;
	struct ll_block_reader rd;
	struct ll_hashers hs;
	struct ll_buf path, desc;
	char *dir_abs, *info, *opt_txt, *notes;
	json_t *options, *kept;
	char old_state[16];
	char os[256];              /* the E01 header's, alive as long as the sink */
	bool opened, hashers, retry, made_dir;
	int lock_fd;
	double t0;
};

static int nomem(void)
{
	return ll_error_set(LL_ENOMEM, "out of memory");
}

/* The source, the exhibit id and a fresh, locked evidence/<id> directory. */
static int open_output(struct imaging *im)
{
	struct ll_acquire_result *res = im->res;
	const struct ll_acquire_opts *o = im->o;
	struct ll_case *cs = im->cs;
	struct ll_source *src;
	int rc;

	if ((rc = ll_source_open(&im->src, o->source)) < 0)
		return rc;
	src = im->src;
	res->media_size = src->size >= 0 ? (uint64_t)src->size : 0;
	if (src->model && !(res->model = ll_strdup(src->model)))
		return nomem();
	if (src->serial && !(res->serial = ll_strdup(src->serial)))
		return nomem();
	if (ll_source_same_device(src, cs->dir))
		return ll_error_set(LL_EEXISTS,
				    "refusing to write the image onto the device being imaged ('%s' holds the case directory)",
				    o->source);
	if (o->id) {
		if (!(res->id = ll_strdup(o->id)))
			return nomem();
		/* --exhibit of an unfinished image: this run is its retry. */
		if ((rc = ll_register_retryable(&im->retry, im->old_state, cs->store,
						res->id)) < 0)
			return rc;
	} else if ((rc = ll_evidence_next_id(&res->id, cs->store)) < 0) {
		return rc;
	}
	if (!im->retry && (rc = ll_register_check_id(cs->store, res->id)) < 0)
		return rc;
	if ((rc = ll_buf_printf(&im->path, "evidence/%s", res->id)) < 0)
		return rc;
	if (!(res->dir = ll_strdup(im->path.ptr)) ||
	    !(im->dir_abs = ll_case_path(cs, im->path.ptr)))
		return nomem();
	/* A fresh directory per item: nothing in it can be overwritten. */
	if (mkdir(im->dir_abs, 0755) != 0 && !(im->retry && errno == EEXIST))
		return ll_error_set(errno == EEXIST ? LL_EEXISTS : LL_EIO,
				    "cannot create '%s': %s", im->dir_abs, strerror(errno));
	im->made_dir = !im->retry;
	if ((rc = lock_dir(&im->lock_fd, im->dir_abs, res->id)) < 0)
		return rc;
	if (im->retry) {
		if (!(im->kept = json_array()))
			return nomem();
		if ((rc = prepare_retry(im->kept, cs, im->dir_abs)) < 0)
			return rc;
		res->retried = true;
	}
	return 0;
}

/* The image's format and options, and the item as the register will hold it. */
static int describe(struct imaging *im)
{
	struct ll_acquire_result *res = im->res;
	const struct ll_acquire_opts *o = im->o;
	struct ll_source *src = im->src;
	int rc;

	im->so.sector_size = src->sector_size;
	im->so.media_size = src->size;
	if (o->e01 && src->size >= 0 && src->size % src->sector_size)
		im->so.media_size += src->sector_size - src->size % src->sector_size;
	im->so.compression = o->compression;
	res->format = o->e01 ? "e01" : o->segment_size ? "split-raw" : "raw";
	res->sectors_per_chunk = o->e01 ? ll_e01_sectors_per_chunk(src->size, src->sector_size) : 0;
	if (o->e01 && !res->sectors_per_chunk)
		return ll_error_set(LL_EUNSUPPORTED,
				    "'%s' is too large for an E01 image; use --format raw",
				    o->source);
	im->options = options_json(o, res->format, res->sectors_per_chunk);
	if (!im->options || !(im->opt_txt = ll_json_dump(im->options)) ||
	    !(im->info = source_info(src)))
		return nomem();
	if (o->description && *o->description)
		rc = ll_buf_puts(&im->desc, o->description);
	else
		rc = ll_buf_printf(&im->desc, "image of %s", o->source);
	return rc < 0 ? rc : 0;
}

/* The details of the "acquire" entry: source, options, and a retry's record. */
static char *acquire_details(const struct imaging *im)
{
	const struct ll_acquire_opts *o = im->o;
	json_t *ed = json_pack("{s:s, s:O, s:o, s:s}", "source", o->source, "options",
			       im->options, "source_info", json_loads(im->info, 0, NULL),
			       "output", im->res->dir);
	char *edt;

	if (ed && o->host)
		json_object_set_new(ed, "host", json_string(o->host));
	/* The retry is on record: what state the item was in, what files were kept. */
	if (ed && im->retry)
		json_object_set_new(ed, "retry", json_pack("{s:s, s:O}", "previous_state",
							   im->old_state, "kept_files", im->kept));
	edt = ed ? ll_json_dump(ed) : NULL;
	json_decref(ed);
	return edt;
}

/* The sink, with everything the E01 header holds (libewf freezes it at the first write). */
static int open_sink(struct imaging *im, const struct ll_custody_entry *acq)
{
	struct ll_acquire_result *res = im->res;
	const struct ll_acquire_opts *o = im->o;
	struct ll_source *src = im->src;
	struct ll_sink_opts *so = &im->so;
	struct utsname un;
	int rc;

	if (uname(&un) == 0)
		snprintf(im->os, sizeof(im->os), "%s %s", un.sysname, un.release);
	if (!(im->notes = e01_notes(o, acq)))
		return nomem();
	ll_buf_reset(&im->path);
	if ((rc = ll_buf_printf(&im->path, "%s/%s", im->dir_abs, res->id)) < 0)
		return rc;
	so->base = im->path.ptr;
	so->segment_size = o->segment_size;
	so->physical = src->is_device;
	so->block_size = BLOCK_SIZE;
	so->nworkers = ll_acquire_nworkers();
	so->case_number = im->cs->case_id;
	so->evidence_number = res->id;
	so->examiner = im->signer->name;
	so->description = im->desc.ptr;
	so->notes = im->notes;
	so->model = src->model;
	so->serial = src->serial;
	so->software = "lifeline " LL_VERSION;
	so->os = im->os;
	rc = o->e01 ? ll_sink_e01_open(&im->sink, so) : ll_sink_raw_open(&im->sink, so);
	return rc < 0 ? rc : 0;
}

/* The "acquire" custody entry (the item is on record from here), then the sink. */
static int start(struct imaging *im)
{
	struct ll_acquire_result *res = im->res;
	const struct ll_acquire_opts *o = im->o;
	struct ll_custody_entry acq = { 0 };
	struct ll_evidence_item it = { 0 };
	char *edt;
	int rc;

	it.id = res->id;
	it.kind = "image";
	it.format = res->format;
	it.description = im->desc.ptr;
	it.notes = o->notes;
	it.source = o->source;
	it.source_info = im->info;
	it.media_size = im->src->size;
	it.started_ns = ll_time_now_ns();
	it.details = im->opt_txt;
	it.host = o->host;
	it.retry = im->retry;
	if (!(edt = acquire_details(im)))
		return nomem();
	rc = ll_register_open(&acq, im->cs->store, im->signer, &it, "acquire", edt);
	ll_free(edt);
	if (rc < 0)
		return rc;
	im->opened = true;
	res->state = "acquiring";
	res->acquire_seq = acq.seq;
	memcpy(res->acquire_hash, acq.hash, sizeof(acq.hash));
	if ((rc = open_sink(im, &acq)) < 0)
		return rc;
	if ((rc = ll_hashers_init(&im->hs)) < 0)
		return rc;
	im->hashers = true;
	im->cfg.block_size = BLOCK_SIZE;
	im->cfg.nslots = NSLOTS;
	im->cfg.stop = o->stop;
	if ((rc = ll_hashers_attach(&im->hs, &im->cfg)) < 0 ||
	    (rc = ll_sink_attach(im->sink, &im->cfg)) < 0)
		return rc;
	return 0;
}

/* The one read pass: every block to the hashers and the sink. */
static int update(struct imaging *im)
{
	struct ll_acquire_result *res = im->res;
	const struct ll_acquire_opts *o = im->o;
	struct ll_block_reader *rd = &im->rd;
	int rc;

	rd->src = im->src;
	rd->recover = true;
	rd->retries = 2;
	rd->pad_to = o->e01 ? im->src->sector_size : 0;
	rd->stop = o->stop;
	rd->progress = o->progress;
	rd->progress_payload = o->progress_payload;
	if (o->phase)
		o->phase(o->progress_payload, "acquire", im->src->size);
	im->t0 = mono_secs();
	rc = ll_pipe_run(&im->cfg, ll_block_reader_produce, rd);
	res->media_size = rd->off;
	res->unreadable = rd->unreadable;
	res->padded = rd->padded;
	return rc < 0 ? rc : 0;
}

/* Durable before it is called evidence (libewf does not fsync). */
static int flush_files(const struct ll_sink *sink)
{
	for (size_t i = 0; i < sink->nfiles; i++) {
		int fd = open(sink->files[i], O_RDONLY | O_CLOEXEC);

		if (fd < 0 || fsync(fd) != 0) {
			int rc = ll_error_set(LL_EIO, "cannot flush '%s' to disk: %s",
					      sink->files[i], strerror(errno));

			if (fd >= 0)
				close(fd);
			return rc;
		}
		close(fd);
	}
	return 0;
}

/* The "register" entry that closes the item: hashes, files, errors, timings. */
static int register_item(struct imaging *im)
{
	struct ll_acquire_result *res = im->res;
	struct ll_register_close_args a = { 0 };
	struct ll_custody_entry reg = { 0 };
	char *details = NULL, *item_details = NULL;
	json_t *options = im->options;
	int rc;

	if (!(details = register_details(res, &im->rd, options))) {
		rc = nomem();
		goto out;
	}
	json_object_set_new(options, "timings",
			    json_pack("{s:f, s:f}", "acquire_s", res->acquire_secs,
				      "verify_s", res->verify_secs));
	json_object_set_new(options, "verified", json_boolean(res->verified));
	if (res->padded)
		json_object_set_new(options, "padded_bytes", json_integer((json_int_t)res->padded));
	if (!(item_details = ll_json_dump(options))) {
		rc = nomem();
		goto out;
	}
	a.id = res->id;
	a.hashes = &res->hashes;
	a.media_size = res->media_size;
	a.unreadable = res->unreadable;
	a.files = res->files;
	a.nfiles = res->nfiles;
	a.errs = im->rd.errs;
	a.nerrs = im->rd.nerrs;
	a.action = "register";
	a.entry_details = details;
	a.item_details = item_details;
	if ((rc = ll_register_close(&reg, im->cs->store, im->signer, &a)) < 0)
		goto out;
	res->state = "registered";
	res->register_seq = reg.seq;
	memcpy(res->head, reg.hash, sizeof(reg.hash));
out:
	ll_free(details);
	ll_free(item_details);
	return rc;
}

/* Hashes and container finished, flushed, verified, read-only, registered. */
static int stop(struct imaging *im)
{
	struct ll_acquire_result *res = im->res;
	const struct ll_acquire_opts *o = im->o;
	struct ll_sink *sink = im->sink;
	int rc;

	if ((rc = ll_hashers_final(&res->hashes, &im->hs)) < 0 ||
	    (rc = sink->finish(sink, &res->hashes, im->rd.errs, im->rd.nerrs, im->rd.off)) < 0)
		return rc;
	if ((rc = flush_files(sink)) < 0)
		return rc;
	res->acquire_secs = mono_secs() - im->t0;
	if (o->verify && (rc = verify_image(res, sink, o)) < 0)
		return rc;
	if ((rc = hash_containers(res, im->cs, sink,
				  !o->e01 && sink->nfiles == 1)) < 0)
		return rc;
	/* Read-only before the item is registered as complete. */
	for (size_t i = 0; i < sink->nfiles; i++)
		if (chmod(sink->files[i], 0444) != 0)
			return ll_error_set(LL_EIO, "cannot make '%s' read-only: %s",
					    sink->files[i], strerror(errno));
	return register_item(im);
}

/*
 * After a failure (`rc`): the container renamed *.incomplete and, once the
 * item is on record, its 'incomplete' entry with the bytes read and the read
 * errors. The first failure stays the thread's message.
 */
static void append_read_errors(struct imaging *im, int rc)
{
	struct ll_acquire_result *res = im->res;

	if (im->sink) {
		char saved[1024];

		/* Closing and renaming may touch the message: the first failure is the one to tell. */
		snprintf(saved, sizeof(saved), "%s", ll_error_message());
		im->sink->abort(im->sink);
		/* libewf finalizes on close; the name must say this is not evidence. */
		for (size_t i = 0; i < im->sink->nfiles; i++)
			keep_incomplete(NULL, im->sink->files[i]);
		ll_error_set(rc, "%s", saved);
	}
	if (im->opened) {
		char reason[1024];
		struct ll_custody_entry note = { 0 };
		int rc2;

		snprintf(reason, sizeof(reason), "acquisition not completed: %s",
			 ll_error_message());
		rc2 = ll_register_incomplete(&note, im->cs->store, im->signer, res->id, reason,
					     im->rd.off, im->rd.errs, im->rd.nerrs);
		if (rc2 == 0) {
			res->state = "incomplete";
			memcpy(res->head, note.hash, sizeof(note.hash));
		}
		/* The original failure is what the user must see. */
		ll_error_set(rc, "%s", reason + strlen("acquisition not completed: "));
	}
}

/* Hands the read errors to the result and frees what the run held. */
static void close_imaging(struct imaging *im, int rc)
{
	struct ll_acquire_result *res = im->res;

	if (im->rd.nerrs && !res->errs) {
		res->errs = im->rd.errs;
		res->nerrs = im->rd.nerrs;
		im->rd.errs = NULL;
		im->rd.nerrs = 0;
	}
	/* nothing registered (a full disk, say): leave no empty folder to block the next id */
	if (rc < 0 && !im->opened && im->made_dir && im->dir_abs)
		rmdir(im->dir_abs);
	if (im->lock_fd >= 0)
		close(im->lock_fd);
	json_decref(im->kept);
	if (im->hashers)
		ll_hashers_release(&im->hs);
	ll_block_reader_release(&im->rd);
	ll_sink_free(im->sink);
	ll_source_free(im->src);
	json_decref(im->options);
	ll_free(im->dir_abs);
	ll_free(im->info);
	ll_free(im->opt_txt);
	ll_free(im->notes);
	ll_buf_release(&im->path);
	ll_buf_release(&im->desc);
}

int ll_acquire_image(struct ll_acquire_result *res, struct ll_case *cs,
		     const struct ll_signer *signer,
		     const struct ll_acquire_opts *o)
{
	struct imaging im = { 0 };
	int rc;

	memset(res, 0, sizeof(*res));
	res->state = "none";
	im.res = res;
	im.cs = cs;
	im.signer = signer;
	im.o = o;
	im.lock_fd = -1;
	/* without libewf no E01 can be written: said before anything is read or recorded */
	if (o->e01 && !ll_ewf_api_get())
		return ll_error_context("cannot write an E01");
	/* libewf frees and regrows its per-chunk buffers; keep glibc from returning them. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	if ((rc = open_output(&im)) == 0 && (rc = describe(&im)) == 0 &&
	    (rc = start(&im)) == 0 && (rc = update(&im)) == 0)
		rc = stop(&im);
	if (rc < 0)
		append_read_errors(&im, rc);
	close_imaging(&im, rc);
	return rc;
}

void ll_acquire_result_release(struct ll_acquire_result *res)
{
	for (size_t i = 0; i < res->nfiles; i++)
		ll_evidence_file_rec_release(&res->files[i]);
	ll_free(res->files);
	ll_free(res->errs);
	ll_free(res->id);
	ll_free(res->dir);
	ll_free(res->model);
	ll_free(res->serial);
	memset(res, 0, sizeof(*res));
}

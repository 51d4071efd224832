/* SPDX-License-Identifier: Apache-2.0 */
/* Copying files into the case with their hashes, owner, mode and MAC times. */
#include "core/compat.h"
#include "collect/files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/case.h"
#include "core/crypto.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/evidence.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/name.h"
#include "core/time.h"

#ifndef O_NOATIME
#define O_NOATIME 01000000 /* Linux; hidden without _GNU_SOURCE */
#endif

#define COPY_BUF (1 << 20)

struct walk {
	struct ll_files_result *res;
	struct ll_case *cs;
	const struct ll_files_opts *o;
	uint8_t *buf;
};

static bool same_ts(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

/* A stat time as text: its true date even where it does not fit int64 ns. */
static void ts_text(char *out, size_t outlen, struct timespec t)
{
	ll_time_format_sec(out, outlen, (int64_t)t.tv_sec, (int64_t)t.tv_nsec);
}

static char *meta_json(const struct stat *sb, bool changed)
{
	char at[48], mt[48], ct[48], mode[16];
	struct passwd pw, *pwp = NULL;
	struct group gr, *grp = NULL;
	char pbuf[1024], gbuf[1024];
	json_t *o;
	char *txt;

	ts_text(at, sizeof(at), sb->st_atim);
	ts_text(mt, sizeof(mt), sb->st_mtim);
	ts_text(ct, sizeof(ct), sb->st_ctim);
	snprintf(mode, sizeof(mode), "%04o", (unsigned)(sb->st_mode & 07777));
	/* an unknown owner (or a failed lookup) is recorded as null */
	if (getpwuid_r(sb->st_uid, &pw, pbuf, sizeof(pbuf), &pwp) != 0)
		pwp = NULL;
	if (getgrgid_r(sb->st_gid, &gr, gbuf, sizeof(gbuf), &grp) != 0)
		grp = NULL;
	o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:I}", "uid",
		      (json_int_t)sb->st_uid, "gid", (json_int_t)sb->st_gid, "mode", mode,
		      "atime", at, "mtime", mt, "ctime", ct, "inode", (json_int_t)sb->st_ino,
		      "size", (json_int_t)sb->st_size);
	if (!o)
		return NULL;
	json_object_set_new(o, "owner", pwp ? json_string(pwp->pw_name) : json_null());
	json_object_set_new(o, "group", grp ? json_string(grp->gr_name) : json_null());
	if (changed)
		json_object_set_new(o, "changed_during_copy", json_true());
	txt = ll_json_dump(o);
	json_decref(o);
	return txt;
}

static struct ll_evidence_file_rec *new_file(struct ll_files_result *r)
{
	if (r->nfiles == r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 16;
		void *p = ll_reallocarray(r->files, ncap, sizeof(*r->files));

		if (!p)
			return NULL;
		r->files = p;
		r->cap = ncap;
	}
	memset(&r->files[r->nfiles], 0, sizeof(*r->files));
	return &r->files[r->nfiles++];
}

static int write_all(int fd, const uint8_t *p, size_t len, const char *path)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return ll_error_set(LL_EIO, "cannot write '%s': %s", path,
					    n < 0 ? strerror(errno) : "no space left");
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Copies `src` to the new file `dst`, hashing the bytes read. */
static int copy_one(struct walk *w, const char *src, const char *dst)
{
	struct ll_files_result *r = w->res;
	struct ll_multihash mh;
	struct ll_evidence_file_rec *f;
	struct stat before, after;
	char md5[33], sha1[41], sha256[65], real[PATH_MAX];
	uint64_t size = 0, csize = 0;
	int in = -1, out = -1, rc;
	bool mh_ok = false;

	in = open(src, O_RDONLY | O_CLOEXEC | O_NOATIME | O_NOFOLLOW);
	if (in < 0 && errno == EPERM)
		in = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (in < 0)
		return ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO,
				    "cannot open '%s': %s", src, strerror(errno));
	if (fstat(in, &before) != 0) {
		rc = ll_error_set(LL_EIO, "cannot stat '%s': %s", src, strerror(errno));
		goto out;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0) {
		rc = ll_error_set(errno == EEXIST ? LL_EEXISTS : LL_EIO,
				  "cannot create '%s': %s", dst, strerror(errno));
		goto out;
	}
	if ((rc = ll_multihash_init(&mh, LL_HASH_ALL)) < 0)
		goto out;
	mh_ok = true;
	for (;;) {
		ssize_t n = read(in, w->buf, COPY_BUF);

		if (n < 0 && errno == EINTR) {
			if (w->o->stop && *w->o->stop) {
				rc = ll_error_set(LL_EINTERRUPTED, "interrupted by a signal");
				goto out;
			}
			continue;
		}
		if (n < 0) {
			rc = ll_error_set(LL_EIO, "cannot read '%s': %s", src, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if ((rc = ll_multihash_update(&mh, w->buf, (size_t)n)) < 0 ||
		    (rc = write_all(out, w->buf, (size_t)n, dst)) < 0)
			goto out;
		size += (uint64_t)n;
		if (w->o->stop && *w->o->stop) {
			rc = ll_error_set(LL_EINTERRUPTED, "interrupted by a signal");
			goto out;
		}
	}
	if (fsync(out) != 0 || close(out) != 0) {
		out = -1;
		rc = ll_error_set(LL_EIO, "cannot write '%s': %s", dst, strerror(errno));
		goto out;
	}
	out = -1;
	if ((rc = ll_multihash_final(&mh, md5, sha1, sha256)) < 0)
		goto out;
	fstat(in, &after);
	/* The copy must read back as what was read from the source. */
	if (!(f = new_file(r))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	f->role = "file";
	if (!(f->path = ll_strdup(dst + strlen(w->cs->dir) + 1)) ||
	    !(f->orig_path = ll_strdup(realpath(src, real) ? real : src)) ||
	    !(f->meta = meta_json(&before, after.st_size != before.st_size ||
						   !same_ts(after.st_mtim, before.st_mtim)))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = ll_hash_file(dst, LL_HASH_ALL, f->md5, f->sha1, f->sha256, &csize)) < 0)
		goto out;
	f->size = csize;
	if (csize != size || strcmp(f->md5, md5) || strcmp(f->sha1, sha1) ||
	    strcmp(f->sha256, sha256)) {
		rc = ll_error_set(LL_EVERIFY,
				  "the copy '%s' (sha256 %s, %" PRIu64 " bytes) differs from what was read from '%s' (sha256 %s, %" PRIu64 " bytes)",
				  dst, f->sha256, csize, src, sha256, size);
		goto out;
	}
	if (chmod(dst, 0444) != 0) {
		rc = ll_error_set(LL_EIO, "cannot make '%s' read-only: %s", dst, strerror(errno));
		goto out;
	}
	r->total_bytes += size;
	rc = 0;
out:
	if (mh_ok)
		ll_multihash_release(&mh);
	if (out >= 0)
		close(out);
	close(in);
	return rc;
}

static int skip(struct ll_files_result *r, const char *path)
{
	void *p = ll_reallocarray(r->skipped, r->nskipped + 1, sizeof(*r->skipped));

	if (!p)
		return ll_error_set(LL_ENOMEM, "out of memory");
	r->skipped = p;
	if (!(r->skipped[r->nskipped] = ll_strdup(path)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	r->nskipped++;
	return 0;
}

static int walk_path(struct walk *w, const char *src, const char *dst);

static int walk_dir(struct walk *w, const char *src, const char *dst)
{
	struct dirent **names = NULL;
	int n, rc = 0;

	if (mkdir(dst, 0755) != 0)
		return ll_error_set(errno == EEXIST ? LL_EEXISTS : LL_EIO,
				    "cannot create '%s': %s", dst, strerror(errno));
	/* Sorted, so the custody entry lists files in a stable order. */
	if ((n = scandir(src, &names, NULL, alphasort)) < 0)
		return ll_error_set(LL_EIO, "cannot read directory '%s': %s", src, strerror(errno));
	for (int i = 0; i < n; i++) {
		struct ll_buf s = LL_BUF_INIT, d = LL_BUF_INIT;
		const char *nm = names[i]->d_name;

		if (rc == 0 && strcmp(nm, ".") && strcmp(nm, "..")) {
			if ((rc = ll_buf_printf(&s, "%s/%s", src, nm)) == 0 &&
			    (rc = ll_buf_printf(&d, "%s/%s", dst, nm)) == 0)
				rc = walk_path(w, s.ptr, d.ptr);
		}
		ll_buf_release(&s);
		ll_buf_release(&d);
		free(names[i]);
	}
	free(names);
	return rc;
}

static int walk_path(struct walk *w, const char *src, const char *dst)
{
	struct stat sb;

	if (lstat(src, &sb) != 0)
		return ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO,
				    "cannot stat '%s': %s", src, strerror(errno));
	if (S_ISDIR(sb.st_mode))
		return walk_dir(w, src, dst);
	if (S_ISREG(sb.st_mode))
		return copy_one(w, src, dst);
	return skip(w->res, src);
}

static const char *base_name(const char *p)
{
	size_t n = strlen(p);
	const char *s;

	while (n > 1 && p[n - 1] == '/')
		n--;
	for (s = p + n; s > p && s[-1] != '/'; s--)
		;
	return s;
}

/* evidence/<id>/files/<name of the argument>, made unique among arguments. */
static int top_dest(struct ll_buf *d, const char *files_dir, const char *arg)
{
	const char *b = base_name(arg);
	size_t len = strcspn(b, "/");
	struct stat sb;

	if (len == 0 || (len == 1 && b[0] == '.') || (len == 2 && !strncmp(b, "..", 2)))
		b = "root", len = 4;
	for (unsigned i = 1;; i++) {
		int rc;

		ll_buf_reset(d);
		rc = i == 1 ? ll_buf_printf(d, "%s/%.*s", files_dir, (int)len, b)
			    : ll_buf_printf(d, "%s/%.*s~%u", files_dir, (int)len, b, i);
		if (rc < 0)
			return rc;
		if (lstat(d->ptr, &sb) != 0)
			return 0;
	}
}

/* A name for the entry's JSON: as it is, or escaped when the entry escapes its names. */
static json_t *name_json(const char *s, bool escape)
{
	struct ll_buf b = LL_BUF_INIT;
	json_t *v;

	if (!escape)
		return json_string(s);
	v = ll_name_pct_encode(&b, s) == 0 ? json_string(b.ptr ? b.ptr : "") : NULL;
	ll_buf_release(&b);
	return v;
}

/*
 * The collect entry's details. JSON strings cannot carry bytes that are not
 * UTF-8, so when any name is not UTF-8 every name of the entry is written
 * percent-escaped and "name_encoding" says so (docs/formats/custody.md).
 * Any piece that cannot be built fails the whole entry: a file left out of
 * the signed list would never verify.
 */
static char *entry_details(const struct ll_files_result *r, const char *desc,
			   const char *host, const char *chains)
{
	json_t *files = json_array(), *skipped = json_array(), *d = NULL;
	bool esc = false, ok = files && skipped;
	char *txt;

	for (size_t i = 0; i < r->nfiles && !esc; i++)
		esc = !ll_name_is_utf8(r->files[i].path) || !ll_name_is_utf8(r->files[i].orig_path);
	for (size_t i = 0; i < r->nskipped && !esc; i++)
		esc = !ll_name_is_utf8(r->skipped[i]);
	for (size_t i = 0; ok && i < r->nfiles; i++)
		ok = json_array_append_new(files, json_pack("{s:o, s:o, s:I, s:s, s:s, s:s}",
							    "path", name_json(r->files[i].path, esc),
							    "orig_path",
							    name_json(r->files[i].orig_path, esc),
							    "size", (json_int_t)r->files[i].size, "md5",
							    r->files[i].md5, "sha1", r->files[i].sha1,
							    "sha256", r->files[i].sha256)) == 0;
	for (size_t i = 0; ok && i < r->nskipped; i++)
		ok = json_array_append_new(skipped, name_json(r->skipped[i], esc)) == 0;
	if (ok) {
		d = json_pack("{s:O, s:O, s:I, s:s}", "files", files, "skipped", skipped,
			      "total_bytes", (json_int_t)r->total_bytes, "tool",
			      "lifeline " LL_VERSION);
		ok = d != NULL;
	}
	if (ok && esc)
		ok = json_object_set_new(d, "name_encoding", json_string("percent")) == 0;
	/* a virtual disk's media, as `collect image` records an image's (everify.c reads it) */
	if (ok && r->media_format)
		ok = json_object_set_new(d, "media_hashes",
					 json_pack("{s:s, s:s, s:s}", "md5", r->media.md5, "sha1",
						   r->media.sha1, "sha256", r->media.sha256)) == 0 &&
		     json_object_set_new(d, "media_size", json_integer((json_int_t)r->media_size)) == 0 &&
		     json_object_set_new(d, "media_format", json_string(r->media_format)) == 0;
	/* a differencing disk's layers, child to base, as the collection found them */
	if (ok && chains)
		ok = json_object_set_new(d, "vdisk_chains", json_loads(chains, 0, NULL)) == 0;
	if (ok && r->media_layers)
		ok = json_object_set_new(d, "layer_media", json_loads(r->media_layers, 0, NULL)) == 0;
	if (ok && desc)
		ok = json_object_set_new(d, "description", json_string(desc)) == 0;
	if (ok && host)
		ok = json_object_set_new(d, "host", json_string(host)) == 0;
	txt = ok ? ll_json_dump(d) : NULL;
	json_decref(files);
	json_decref(skipped);
	json_decref(d);
	return txt;
}

/*
 * The files as a virtual disk (o->media): its media hashes go on the item
 * row like an acquired image's. A disk that cannot be read whole is still
 * collected, its container hashes recorded, and the reason kept to be
 * told (res->media_problem): its media hashes are not guessed.
 */
static int virtual_media(struct ll_files_result *res, struct ll_case *cs,
			 const struct ll_files_opts *o)
{
	char **paths = ll_calloc(res->nfiles + 1, sizeof(*paths));
	const char **rels = ll_calloc(res->nfiles + 1, sizeof(*rels));
	const char *format = NULL;
	int rc = 0;

	if (!paths || !rels) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < res->nfiles; i++) {
		rels[i] = res->files[i].path;
		if (!(paths[i] = ll_case_path(cs, res->files[i].path))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
	}
	rc = o->media(&res->media, &res->media_size, &format, paths, rels, res->nfiles, res->id,
		      &res->media_layers, o->media_payload);
	if (rc == LL_ENOMEM || rc == LL_EINTERRUPTED)
		goto out;
	if (rc < 0) {
		snprintf(res->media_problem, sizeof(res->media_problem), "%s", ll_error_message());
		rc = 0;
	} else {
		res->media_format = format;
	}
out:
	for (size_t i = 0; paths && i < res->nfiles; i++)
		ll_free(paths[i]);
	ll_free(paths);
	ll_free(rels);
	return rc;
}

int ll_collect_files(struct ll_files_result *res, struct ll_case *cs,
		     const struct ll_signer *signer, const struct ll_files_opts *o)
{
	struct walk w = { res, cs, o, NULL };
	struct ll_buf rel = LL_BUF_INIT, d = LL_BUF_INIT;
	struct ll_custody_entry e = { 0 };
	struct ll_evidence_item it = { 0 };
	char *files_dir = NULL, *item_dir = NULL, *details = NULL;
	bool opened = false, made_dir = false;
	int rc;

	memset(res, 0, sizeof(*res));
	res->state = "none";
	if ((rc = ll_text_check("the description", o->description)) < 0)
		return rc;
	for (size_t i = 0; i < o->npaths; i++) {
		struct stat sb;

		if (lstat(o->paths[i], &sb) != 0)
			return ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO,
					    "cannot stat '%s': %s", o->paths[i], strerror(errno));
	}
	if (o->id) {
		if (!(res->id = ll_strdup(o->id)))
			return ll_error_set(LL_ENOMEM, "out of memory");
	} else if ((rc = ll_evidence_next_id(&res->id, cs->store)) < 0) {
		return rc;
	}
	if ((rc = ll_register_check_id(cs->store, res->id)) < 0 ||
	    (rc = ll_buf_printf(&rel, "evidence/%s", res->id)) < 0)
		goto out;
	if (!(item_dir = ll_case_path(cs, rel.ptr)) ||
	    !(w.buf = ll_malloc(COPY_BUF))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if (mkdir(item_dir, 0755) != 0) {
		rc = ll_error_set(errno == EEXIST ? LL_EEXISTS : LL_EIO,
				  "cannot create '%s': %s", item_dir, strerror(errno));
		goto out;
	}
	made_dir = true;
	ll_buf_reset(&rel);
	if ((rc = ll_buf_printf(&rel, "evidence/%s/files", res->id)) < 0)
		goto out;
	if (!(files_dir = ll_case_path(cs, rel.ptr))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if (mkdir(files_dir, 0755) != 0) {
		rc = ll_error_set(LL_EIO, "cannot create '%s': %s", files_dir, strerror(errno));
		goto out;
	}
	it.id = res->id;
	it.kind = "file";
	it.format = "file";
	it.description = o->description;
	it.source = o->paths[0];
	it.media_size = -1;
	it.started_ns = ll_time_now_ns();
	it.host = o->host;
	if ((rc = ll_register_open(NULL, cs->store, signer, &it, NULL, NULL)) < 0)
		goto out;
	opened = true;
	res->state = "acquiring";
	for (size_t i = 0; i < o->npaths; i++) {
		if ((rc = top_dest(&d, files_dir, o->paths[i])) < 0 ||
		    (rc = walk_path(&w, o->paths[i], d.ptr)) < 0)
			goto out;
	}
	if (o->media && (rc = virtual_media(res, cs, o)) < 0)
		goto out;
	if (!(details = entry_details(res, o->description, o->host, o->chains_json))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	{
		struct ll_register_close_args a = { 0 };

		a.id = res->id;
		a.media_size = res->media_format ? res->media_size : res->total_bytes;
		a.hashes = res->media_format ? &res->media : NULL;
		a.files = res->files;
		a.nfiles = res->nfiles;
		a.action = "collect";
		a.entry_details = details;
		if ((rc = ll_register_close(&e, cs->store, signer, &a)) < 0)
			goto out;
	}
	res->state = "registered";
	res->entry_seq = e.seq;
	memcpy(res->head, e.hash, sizeof(e.hash));
out:
	if (rc < 0 && opened) {
		char reason[1024];
		struct ll_custody_entry note = { 0 };

		snprintf(reason, sizeof(reason), "collection not completed: %s",
			 ll_error_message());
		if (ll_register_incomplete(&note, cs->store, signer, res->id, reason,
					   res->total_bytes, NULL, 0) == 0) {
			res->state = "incomplete";
			memcpy(res->head, note.hash, sizeof(note.hash));
		}
		ll_error_set(rc, "%s", reason + strlen("collection not completed: "));
	} else if (rc < 0 && made_dir) {
		/* nothing registered (a full disk, say): leave no empty folder to block the next id */
		if (files_dir)
			rmdir(files_dir);
		rmdir(item_dir);
	}
	ll_free(w.buf);
	ll_free(files_dir);
	ll_free(item_dir);
	ll_free(details);
	ll_buf_release(&rel);
	ll_buf_release(&d);
	return rc;
}

void ll_files_result_release(struct ll_files_result *res)
{
	for (size_t i = 0; i < res->nfiles; i++)
		ll_evidence_file_rec_release(&res->files[i]);
	ll_free(res->files);
	for (size_t i = 0; i < res->nskipped; i++)
		ll_free(res->skipped[i]);
	ll_free(res->skipped);
	ll_free(res->id);
	ll_free(res->media_layers);
	memset(res, 0, sizeof(*res));
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Split exports: the case's events as a directory of files small enough to
 * import (Timesketch JSONL, one timeline per host or evidence item; OpenSearch
 * _bulk request bodies) and a manifest of them. One pass over the events in
 * time order (the time index, never a sort of the whole case): each event
 * goes to its timeline's current file, a new file is started when the
 * current one holds max_events events or the next line would pass
 * max_bytes. A case of many hosts keeps at most MAX_OPEN files open,
 * reopening the others for appending. docs/formats/timeline-split.md.
 */
#include "core/compat.h"
#include "casefile/export/export.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casefile/export/export_rows.h"
#include "casefile/export/export_split_int.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/store.h"

#define MAX_OPEN 64
#define LABEL_MAX 48
/*
 * Each timeline's lines wait in memory until it holds PENDING_FILE bytes
 * (or all of them hold PENDING_ALL): with more timelines than MAX_OPEN and
 * their events interleaved in time, writing each line as it came reopened
 * and closed a file per event (two thirds of the export's CPU at 200 hosts,
 * bench/README.md 2026-12-03).
 */
#define PENDING_FILE 65536u
#define PENDING_ALL (32u << 20)

bool ll_export_index_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 255 || strchr("._-", name[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		      strchr("._-", name[i])))
			return false;
	return true;
}

const char *ll_export_split_path(struct split *s, const char *name)
{
	ll_buf_reset(&s->path);
	ll_buf_printf(&s->path, "%s/%s", s->dir, name);
	return s->path.ptr;
}

/*
 * The file-name stem of a timeline: "<kind>-<label>", the label the key's
 * bytes lowercased with anything but [a-z0-9.-] as '_', at most LABEL_MAX;
 * when that is not the key itself, "-" and 12 hex digits of its SHA-256
 * follow, so that two keys never share a stem ("SRV" and "srv",
 * "a/b" and "a_b"). A host name is evidence: it never makes a path.
 */
static int make_stem(char **out, const char *kind, const char *key, size_t len)
{
	struct ll_buf b = LL_BUF_INIT;
	bool same = len <= LABEL_MAX;
	int rc;

	ll_buf_init(&b);
	rc = ll_buf_printf(&b, "%s-", kind);
	for (size_t i = 0; rc == 0 && i < len && i < LABEL_MAX; i++) {
		unsigned char c = (unsigned char)key[i], l = c;

		if (c >= 'A' && c <= 'Z')
			l = (unsigned char)(c - 'A' + 'a');
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'))
			l = '_';
		same = same && l == c;
		rc = ll_buf_putc(&b, (char)l);
	}
	if (rc == 0 && (!same || len == 0)) {
		uint8_t h[32];
		char hex[LL_SHA256_HEX];

		ll_sha256(h, key, len);
		ll_hex_encode(hex, h, 6);
		rc = ll_buf_printf(&b, "%s-%s", len ? "" : "_", hex);
	}
	if (rc < 0) {
		ll_buf_release(&b);
		return rc;
	}
	*out = ll_buf_detach(&b);
	return 0;
}

static uint64_t fnv(uint8_t tag, const char *k, size_t n)
{
	uint64_t h = 1469598103934665603ull ^ tag;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
	return h;
}

static int grow_slots(struct split *s)
{
	size_t n = s->nslots ? s->nslots * 2 : 64;
	size_t *slots = ll_calloc(n, sizeof(*slots));

	if (!slots)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t t = 0; t < s->ntl; t++) {
		size_t i = (size_t)fnv(s->tl[t].tag, s->tl[t].key, s->tl[t].keylen) & (n - 1);

		while (slots[i])
			i = (i + 1) & (n - 1);
		slots[i] = t + 1;
	}
	ll_free(s->slots);
	s->slots = slots;
	s->nslots = n;
	return 0;
}

/*
 * The timeline of `tag` (a special group: TAG_NONE no host, TAG_OOR out of
 * range, TAG_BULK the one _bulk stream; or TAG_KEY with the key's bytes),
 * made on first use. *out is an index into s->tl.
 */
static int timeline_get(size_t *out, struct split *s, uint8_t tag, const char *key, size_t len)
{
	struct timeline *t;
	size_t i;
	int rc;

	if ((s->ntl + 1) * 2 > s->nslots && (rc = grow_slots(s)) < 0)
		return rc;
	i = (size_t)fnv(tag, key, len) & (s->nslots - 1);
	for (; s->slots[i]; i = (i + 1) & (s->nslots - 1)) {
		t = &s->tl[s->slots[i] - 1];
		if (t->tag == tag && t->keylen == len && !memcmp(t->key, key, len)) {
			*out = s->slots[i] - 1;
			return 0;
		}
	}
	if (s->ntl == s->captl) {
		size_t n = s->captl ? s->captl * 2 : 16;
		struct timeline *tl = ll_reallocarray(s->tl, n, sizeof(*tl));

		if (!tl)
			return ll_error_set(LL_ENOMEM, "out of memory");
		s->tl = tl;
		s->captl = n;
	}
	t = &s->tl[s->ntl];
	memset(t, 0, sizeof(*t));
	t->tag = tag;
	t->importable = tag != TAG_OOR;
	t->part = SIZE_MAX;
	ll_buf_init(&t->pending);
	if (!(t->key = ll_malloc(len + 1)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	memcpy(t->key, key, len);
	t->key[len] = '\0';
	t->keylen = len;
	switch (tag) {
	case TAG_NONE: rc = (t->stem = ll_strdup("nohost")) ? 0 : LL_ENOMEM; break;
	case TAG_OOR: rc = (t->stem = ll_strdup("out-of-range")) ? 0 : LL_ENOMEM; break;
	case TAG_BULK: rc = (t->stem = ll_strdup("bulk")) ? 0 : LL_ENOMEM; break;
	default:
		rc = make_stem(&t->stem, s->o->group == LL_EXPORT_PER_ITEM ? "item" : "host",
			       key, len);
	}
	if (rc < 0) {
		ll_free(t->key);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	s->slots[i] = ++s->ntl;
	*out = s->ntl - 1;
	return 0;
}

static int close_file(struct split *s, struct timeline *t)
{
	int rc = 0;

	if (!t || !t->f)
		return 0;
	if (fclose(t->f) != 0)
		rc = ll_error_set(LL_EIO, "writing '%s': %s", ll_export_split_path(s, s->parts[t->part].name),
				  strerror(errno));
	t->f = NULL;
	s->open--;
	return rc;
}

/* Opens the current file of `t` ("wbx" when new), closing the least recently used one first. */
static int open_file(struct split *s, struct timeline *t, bool create)
{
	const char *p;
	int fd, rc;

	if (t->f)
		return 0;
	if (s->open >= MAX_OPEN) {
		struct timeline *lru = NULL;

		for (size_t i = 0; i < s->ntl; i++)
			if (s->tl[i].f && (!lru || s->tl[i].used < lru->used))
				lru = &s->tl[i];
		if ((rc = close_file(s, lru)) < 0)
			return rc;
	}
	p = ll_export_split_path(s, s->parts[t->part].name);
	fd = open(p, O_WRONLY | O_CLOEXEC | (create ? O_CREAT | O_EXCL : O_APPEND), 0644);
	if (fd < 0)
		return ll_error_set(errno == EEXIST ? LL_EEXISTS : LL_EIO, "cannot %s '%s': %s",
				    create ? "create" : "reopen", p, strerror(errno));
	if (!(t->f = fdopen(fd, "ab"))) {
		close(fd);
		return ll_error_set(LL_EIO, "'%s': %s", p, strerror(errno));
	}
	s->open++;
	return 0;
}

/* Writes the lines `t` holds to its current file. */
static int flush_pending(struct split *s, struct timeline *t)
{
	size_t n = t->pending.len;
	int rc;

	if (n == 0)
		return 0;
	if ((rc = open_file(s, t, false)) < 0)
		return rc;
	t->used = ++s->clock;
	if (fwrite(t->pending.ptr, 1, n, t->f) != n)
		return ll_error_set(LL_EIO, "writing '%s': %s",
				    ll_export_split_path(s, s->parts[t->part].name), strerror(errno));
	s->pending -= n;
	ll_buf_reset(&t->pending);
	return 0;
}

static int flush_all(struct split *s)
{
	int rc = 0;

	for (size_t i = 0; i < s->ntl && rc == 0; i++)
		rc = flush_pending(s, &s->tl[i]);
	return rc;
}

/* Starts file number nparts+1 of timeline `t`. */
static int new_part(struct split *s, struct timeline *t)
{
	struct part *p;
	struct ll_buf name = LL_BUF_INIT;
	int rc;

	if ((rc = flush_pending(s, t)) < 0 || (rc = close_file(s, t)) < 0)
		return rc;
	if (s->nparts == s->capparts) {
		size_t n = s->capparts ? s->capparts * 2 : 16;
		struct part *parts = ll_reallocarray(s->parts, n, sizeof(*parts));

		if (!parts)
			return ll_error_set(LL_ENOMEM, "out of memory");
		s->parts = parts;
		s->capparts = n;
	}
	ll_buf_init(&name);
	if ((rc = ll_buf_printf(&name, "%s-%04u.%s", t->stem, t->nparts + 1,
				s->o->fmt == LL_EXPORT_OSBULK ? "ndjson" : "jsonl")) < 0) {
		ll_buf_release(&name);
		return rc;
	}
	p = &s->parts[s->nparts];
	memset(p, 0, sizeof(*p));
	p->name = ll_buf_detach(&name);
	p->timeline = (size_t)(t - s->tl);
	p->number = ++t->nparts;
	t->part = s->nparts++;
	return open_file(s, t, true);
}

/* Appends the current line to `t`'s files, starting a new one at a limit. */
static int write_line(struct split *s, struct timeline *t, int64_t ns)
{
	struct part *p = t->part == SIZE_MAX ? NULL : &s->parts[t->part];
	int rc;

	if (!p || p->events >= s->o->max_events || p->bytes + s->line.len > s->o->max_bytes) {
		if ((rc = new_part(s, t)) < 0)
			return rc;
		p = &s->parts[t->part];
	}
	if ((rc = ll_buf_put(&t->pending, s->line.ptr, s->line.len)) < 0)
		return rc;
	s->pending += s->line.len;
	if (t->pending.len >= PENDING_FILE)
		rc = flush_pending(s, t);
	else if (s->pending >= PENDING_ALL)
		rc = flush_all(s);
	if (rc < 0)
		return rc;
	if (!p->events)
		p->first_ns = ns;
	p->last_ns = ns;
	p->events++;
	p->bytes += s->line.len;
	t->events++;
	return 0;
}

/* One event: its line (the _bulk action first) to its timeline's file. */
static int one_event(struct split *s, struct ll_export_cursor *c)
{
	int64_t ns = ll_export_int(c, LL_EV_TIME), id = ll_export_int(c, LL_EV_ID);
	bool bulk = s->o->fmt == LL_EXPORT_OSBULK, cut;
	size_t t;
	int rc;

	ll_buf_reset(&s->line);
	if (bulk)
		/* the event id as _id: loading the files twice replaces, never doubles */
		ll_buf_printf(&s->line, "{\"index\":{\"_index\":\"%s\",\"_id\":\"%" PRId64 "\"}}\n",
			      s->o->index, id);
	if ((rc = ll_export_bounded_doc(&s->line, &cut, c)) < 0 ||
	    (rc = ll_buf_putc(&s->line, '\n')) < 0)
		return rc;
	if (cut)
		s->res.truncated++;
	if (bulk) {
		rc = timeline_get(&t, s, TAG_BULK, "", 0);
	} else if (!ll_export_year_ok(ns)) {
		/* Timesketch refuses the file; they go apart, said, never dropped */
		s->res.out_of_range++;
		rc = timeline_get(&t, s, TAG_OOR, "", 0);
	} else {
		int col = s->o->group == LL_EXPORT_PER_ITEM ? LL_EV_EVIDENCE : LL_EV_HOST;
		const char *k = ll_export_text(c, col);

		rc = k ? timeline_get(&t, s, TAG_KEY, k, ll_export_bytes(c, col))
		       : timeline_get(&t, s, TAG_NONE, "", 0);
	}
	if (rc < 0 || (rc = write_line(s, &s->tl[t], ns)) < 0)
		return rc;
	s->res.rows++;
	return 0;
}

/* The directory: made, or an existing empty one. */
static int prepare_dir(struct split *s)
{
	struct dirent *e;
	DIR *d;

	if (mkdir(s->dir, 0755) == 0) {
		s->made_dir = true;
		return 0;
	}
	if (errno != EEXIST)
		return ll_error_set(LL_EIO, "cannot create '%s': %s", s->dir, strerror(errno));
	if (!(d = opendir(s->dir)))
		return ll_error_set(LL_EEXISTS, "'%s' exists and is not a directory", s->dir);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			closedir(d);
			return ll_error_set(LL_EEXISTS, "'%s' is not empty; refusing to write "
					    "into it", s->dir);
		}
	closedir(d);
	return 0;
}

static void split_release(struct split *s, bool failed)
{
	for (size_t i = 0; i < s->ntl; i++) {
		if (s->tl[i].f)
			fclose(s->tl[i].f);
		ll_free(s->tl[i].key);
		ll_free(s->tl[i].stem);
		ll_buf_release(&s->tl[i].pending);
	}
	for (size_t i = 0; i < s->nparts; i++) {
		if (failed)
			unlink(ll_export_split_path(s, s->parts[i].name));
		ll_free(s->parts[i].name);
	}
	if (failed && s->manifest_written)
		unlink(ll_export_split_path(s, "manifest.json"));
	if (failed && s->made_dir)
		rmdir(s->dir);
	ll_free(s->tl);
	ll_free(s->slots);
	ll_free(s->parts);
	ll_buf_release(&s->line);
	ll_buf_release(&s->path);
}

int ll_timeline_export_split(struct ll_export_split_result *out, struct ll_store *st,
			     const char *dir, const struct ll_export_split_opts *o,
			     const struct ll_export_filter *f)
{
	static const struct ll_export_filter none = { 0 };
	struct ll_export_cursor *c = NULL;
	struct split s = { 0 };
	int rc, step = 0;

	memset(out, 0, sizeof(*out));
	if (!f)
		f = &none;
	if (o->fmt != LL_EXPORT_JSONL && o->fmt != LL_EXPORT_OSBULK)
		return ll_error_set(LL_EINVAL, "only jsonl and opensearch-bulk are split");
	if (o->max_events < 1 || o->max_bytes < LL_EXPORT_SPLIT_BYTES_MIN)
		return ll_error_set(LL_EINVAL, "limits: at least 1 event and %u bytes a file",
				    LL_EXPORT_SPLIT_BYTES_MIN);
	if (o->fmt == LL_EXPORT_OSBULK && (!o->index || !ll_export_index_name_ok(o->index)))
		return ll_error_set(LL_EINVAL, "bad index name '%s'", o->index ? o->index : "");
	s.dir = dir;
	s.o = o;
	ll_buf_init(&s.line);
	ll_buf_init(&s.path);
	if ((rc = prepare_dir(&s)) < 0)
		goto out;
	/* one read transaction: a consistent snapshot while streaming */
	if ((rc = ll_store_exec(st, "BEGIN")) < 0)
		goto out;
	if ((rc = ll_export_events_open(&c, st, f)) == 0) {
		while ((step = ll_export_next(c)) > 0)
			if ((rc = one_event(&s, c)) < 0)
				break;
		if (rc == 0 && step < 0)
			rc = step;
	}
	ll_export_cursor_free(c);
	ll_store_exec(st, rc < 0 ? "ROLLBACK" : "COMMIT");
	if (rc == 0)
		rc = flush_all(&s);
	for (size_t i = 0; i < s.ntl; i++) {
		int r = close_file(&s, &s.tl[i]);

		if (rc == 0)
			rc = r;
	}
	if (rc == 0)
		rc = ll_export_split_manifest(&s);
out:
	if (rc == 0) {
		*out = s.res;
		out->files = s.nparts;
		out->timelines = s.ntl;
	}
	split_release(&s, rc < 0);
	return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The encryption burst seen in the NTFS change journal (issue #19 item 6):
 * thousands of files rewritten or renamed within minutes on one item. The
 * journal keeps this after the files are gone (deleted, their entries
 * reused), where the fs burst (fs_detect.c) needs the files' own times.
 *
 * A record counts when it says an existing file's content was rewritten
 * (DATA_OVERWRITE, or DATA_EXTEND without FILE_CREATE: Windows keeps
 * FILE_CREATE in a new file's records until it is closed, so a file being
 * written for the first time is not counted) or that it took a new name
 * (RENAME_NEW_NAME). Files are counted once (MFT entry and sequence) in a
 * sliding window of usn.window_s seconds; wherever a window holds at least
 * usn.min_files files, its records are burst records; burst records no
 * more than a window apart form one burst, one finding.
 */
#include "core/compat.h"
#include "analyze/detect/usn_burst.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/event/event_usn.h"

#define NS INT64_C(1000000000)
/* Events a finding cites: the first, the last and evenly spaced ones between. */
#define CITED_MAX 200

#define R_OVERWRITE 0x1u
#define R_EXTEND 0x2u
#define R_CREATE 0x100u
#define R_NEW_NAME 0x2000u

struct rec {
	int64_t id, t;
	uint64_t file;     /* entry << 16 | sequence */
	uint32_t reason;
	char ext[16];      /* RENAME_NEW_NAME: the new name's extension, lowercase */
	bool burst;
};

struct item {
	struct rec *r;
	size_t n, cap;
	char *evidence, *host;
};

/* A record of a file's content rewritten or renamed (see the top of the file). */
bool ll_usn_burst_counts(uint32_t reason)
{
	return (reason & (R_OVERWRITE | R_NEW_NAME)) ||
	       ((reason & R_EXTEND) && !(reason & R_CREATE));
}

/* Open addressing: how many of the window's records each file has. */
struct counts {
	uint64_t *key;
	uint32_t *n;
	size_t cap;
	size_t distinct;
};

static size_t slot(const struct counts *c, uint64_t k)
{
	size_t i = (size_t)((k * UINT64_C(0x9E3779B97F4A7C15)) >> 20) & (c->cap - 1);

	while (c->n[i] && c->key[i] != k)
		i = (i + 1) & (c->cap - 1);
	return i;
}

static void add(struct counts *c, uint64_t k)
{
	size_t i = slot(c, k);

	if (!c->n[i]++) {
		c->key[i] = k;
		c->distinct++;
	}
}

/* Removes one of k's records; a file whose last record leaves frees its slot (rehashing the run after it). */
static void drop(struct counts *c, uint64_t k)
{
	size_t i = slot(c, k), j;

	if (--c->n[i])
		return;
	c->distinct--;
	for (j = (i + 1) & (c->cap - 1); c->n[j]; j = (j + 1) & (c->cap - 1)) {
		uint64_t kk = c->key[j];
		uint32_t nn = c->n[j];
		size_t s;

		c->n[j] = 0;
		s = slot(c, kk);
		c->key[s] = kk;
		c->n[s] = nn;
	}
}

static void set_ext(struct rec *r, const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t l;

	r->ext[0] = '\0';
	if (!dot || dot == name || (l = strlen(dot + 1)) == 0 || l >= sizeof(r->ext))
		return;
	for (size_t i = 0; i < l; i++)
		r->ext[i] = (char)tolower((unsigned char)dot[1 + i]);
	r->ext[l] = '\0';
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The most frequent new extension of the burst's renames, and how many carry it. */
static const char *top_ext(const struct item *it, size_t lo, size_t hi, size_t *best, size_t *renames)
{
	const char **v = ll_calloc(hi - lo + 1, sizeof(*v));
	const char *dom = NULL;
	size_t n = 0, run = 0;

	*best = *renames = 0;
	if (!v)
		return NULL;
	for (size_t i = lo; i < hi; i++)
		if (it->r[i].burst && (it->r[i].reason & R_NEW_NAME)) {
			(*renames)++;
			if (it->r[i].ext[0])
				v[n++] = it->r[i].ext;
		}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n; i++) {
		run = i > 0 && !strcmp(v[i], v[i - 1]) ? run + 1 : 1;
		if (run > *best) {
			*best = run;
			dom = v[i];
		}
	}
	ll_free(v);
	return dom;
}

static int emit_burst(const struct item *it, size_t lo, size_t hi, const struct ll_fs_thresholds *t,
		      ll_finding_cb cb, void *ctx)
{
	size_t nb = 0, over = 0, ext = 0, ren = 0, best = 0, renames = 0, nids = 0, files;
	int64_t first = INT64_MAX, last = INT64_MIN, *ids = NULL;
	struct counts c = { 0 };
	struct ll_finding f = { 0 };
	const char *dom;
	char title[200], desc[700];
	json_t *d;
	int rc;

	for (size_t i = lo; i < hi; i++)
		nb += it->r[i].burst;
	for (c.cap = 64; c.cap < 2 * nb + 2; c.cap *= 2)
		;
	c.key = ll_calloc(c.cap, sizeof(*c.key));
	c.n = ll_calloc(c.cap, sizeof(*c.n));
	ids = ll_calloc(CITED_MAX, sizeof(*ids));
	if (!c.key || !c.n || !ids) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = lo, k = 0, s = 0; i < hi; i++) {
		const struct rec *r = &it->r[i];

		if (!r->burst)
			continue;
		add(&c, r->file);
		over += (r->reason & R_OVERWRITE) != 0;
		ext += (r->reason & R_EXTEND) && !(r->reason & R_CREATE);
		ren += (r->reason & R_NEW_NAME) != 0;
		first = r->t < first ? r->t : first;
		last = r->t > last ? r->t : last;
		/* sampled: CITED_MAX records spread evenly, the first and last among them */
		if (nb <= CITED_MAX) {
			ids[nids++] = r->id;
		} else if (s < CITED_MAX && k == s * (nb - 1) / (CITED_MAX - 1)) {
			ids[nids++] = r->id;
			s++;
		}
		k++;
	}
	files = c.distinct;
	dom = top_ext(it, lo, hi, &best, &renames);
	snprintf(title, sizeof(title), "Encryption burst in the NTFS change journal: %zu files "
		 "rewritten or renamed in %" PRId64 " s", files, (last - first) / NS);
	snprintf(desc, sizeof(desc),
		 "The change journal records %zu files rewritten or renamed between its first and "
		 "last such record %" PRId64 " s apart (at least %" PRId64 " files within %" PRId64
		 " s): %zu renames, %zu overwrites, %zu extensions of existing files%s%s%s. The "
		 "journal keeps these records after the files are deleted. %zu of the %zu records "
		 "are cited.",
		 files, (last - first) / NS, t->usn_min_files, t->usn_window_s, ren, over, ext,
		 dom ? "; the most common new name ends in '." : "", dom ? dom : "", dom ? "'" : "",
		 nids, nb);
	d = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:b}",
		      "evidence_id", it->evidence, "files", (json_int_t)files,
		      "records", (json_int_t)nb, "renames", (json_int_t)ren,
		      "overwrites", (json_int_t)over, "extends", (json_int_t)ext,
		      "cited", (json_int_t)nids, "window_s", (json_int_t)t->usn_window_s,
		      "min_files", (json_int_t)t->usn_min_files, "sampled", nids < nb);
	if (!d) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if (dom) {
		json_object_set_new(d, "extension", json_string(dom));
		json_object_set_new(d, "extension_share", json_real((double)best / (double)renames));
	}
	f.rule_id = "fs.usn_encryption_burst";
	f.title = title;
	f.source = "fs-detector";
	f.severity = "critical";
	f.techniques = "[\"T1486\"]";
	/* renames to one new extension are what ransomware leaves; rewrites alone may be backups */
	f.confidence = dom && 2 * best >= renames && 2 * ren >= files ? "high" : "medium";
	f.host = it->host;
	f.description = desc;
	f.first_ns = first;
	f.last_ns = last;
	f.event_ids = ids;
	f.nevents = nids;
	f.details = d;
	rc = cb(ctx, &f);
	json_decref(d);
out:
	ll_free(c.key);
	ll_free(c.n);
	ll_free(ids);
	return rc;
}

/* Marks the burst records of one item (records in time order) and reports each burst. */
static int run_item(struct item *it, const struct ll_fs_thresholds *t, ll_finding_cb cb, void *ctx)
{
	struct counts c = { 0 };
	int64_t win = t->usn_window_s * NS;
	size_t l = 0, marked = 0;
	int rc = 0;

	if (it->n == 0)
		return 0;
	for (c.cap = 64; c.cap < 2 * it->n + 2; c.cap *= 2)
		;
	c.key = ll_calloc(c.cap, sizeof(*c.key));
	c.n = ll_calloc(c.cap, sizeof(*c.n));
	if (!c.key || !c.n) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t r = 0; r < it->n; r++) {
		add(&c, it->r[r].file);
		while (it->r[r].t - it->r[l].t > win)
			drop(&c, it->r[l++].file);
		if ((int64_t)c.distinct >= t->usn_min_files) {
			for (size_t k = marked > l ? marked : l; k <= r; k++)
				it->r[k].burst = true;
			marked = r + 1;
		}
	}
	/* burst records no more than a window apart: one burst */
	for (size_t i = 0; i < it->n && rc >= 0;) {
		size_t j, lastb;

		if (!it->r[i].burst) {
			i++;
			continue;
		}
		for (j = i + 1, lastb = i; j < it->n; j++) {
			if (!it->r[j].burst)
				continue;
			if (it->r[j].t - it->r[lastb].t > win)
				break;
			lastb = j;
		}
		rc = emit_burst(it, i, lastb + 1, t, cb, ctx);
		i = lastb + 1;
	}
out:
	ll_free(c.key);
	ll_free(c.n);
	return rc;
}

static void reset(struct item *it)
{
	it->n = 0;
	ll_free(it->evidence);
	ll_free(it->host);
	it->evidence = it->host = NULL;
}

int ll_usn_burst_run(struct ll_store *st, const struct ll_fs_thresholds *t, ll_finding_cb cb,
		     void *ctx)
{
	struct ll_event_usn_cursor *s = NULL;
	struct item it = { 0 };
	struct ll_usn_event e;
	int rc, step;

	if ((rc = ll_event_usn_open(&s, st)) < 0)
		return rc;
	while ((step = ll_event_usn_next(&e, s)) > 0) {
		struct rec *r;

		if (!it.evidence || strcmp(it.evidence, e.evidence_id)) {
			if ((rc = run_item(&it, t, cb, ctx)) < 0)
				goto out;
			reset(&it);
			if (!(it.evidence = ll_strdup(e.evidence_id))) {
				rc = ll_error_set(LL_ENOMEM, "out of memory");
				goto out;
			}
		}
		if (!it.host && e.host && !(it.host = ll_strdup(e.host))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
		if (!ll_usn_burst_counts(e.reason))
			continue;
		if (it.n == it.cap) {
			size_t nc = it.cap ? it.cap * 2 : 4096;
			struct rec *v = ll_reallocarray(it.r, nc, sizeof(*v));

			if (!v) {
				rc = ll_error_set(LL_ENOMEM, "out of memory");
				goto out;
			}
			it.r = v;
			it.cap = nc;
		}
		r = &it.r[it.n++];
		memset(r, 0, sizeof(*r));
		r->id = e.id;
		r->t = e.time_ns;
		r->file = e.file_entry << 16 | (e.file_seq & 0xFFFF);
		r->reason = e.reason;
		if (e.reason & R_NEW_NAME)
			set_ext(r, e.name);
	}
	rc = step < 0 ? step : run_item(&it, t, cb, ctx);
out:
	ll_event_usn_free(s);
	reset(&it);
	ll_free(it.r);
	return rc;
}

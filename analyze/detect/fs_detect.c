/* SPDX-License-Identifier: Apache-2.0 */
/* File-system detectors: encryption bursts, ransom notes, deleted backups. */
/* FNM_CASEFOLD */
#define _GNU_SOURCE 1
#include "core/compat.h"
#include "analyze/detect/detect.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/store.h"
#include "core/time.h"

#define NS INT64_C(1000000000)

struct fev {
	int64_t id, t;
	char macb;
};

struct fent {
	char *path;
	const char *base;
	char ext[16];      /* lowercase, "" when none */
	bool alloc;
	int64_t size;
	size_t first, n;   /* its events in fs.ev */
	int win;           /* burst window + 1, 0 outside */
};

struct fs {
	struct fev *ev;
	size_t nev, capev;
	struct fent *en;
	size_t nen, capen;
	char *evidence, *host;
	json_t *hosts;     /* every host the item's fs events name, when more than one */
	const struct ll_fs_thresholds *t;
	ll_finding_cb emit;
	void *ctx;
	char **notes, **words, **backups;
	size_t nnotes, nwords, nbackups;
	int64_t *wins;     /* burst windows: start, end ns pairs */
	struct ll_store *st; /* for the item's shadow copy catalog */
	size_t nwins;
};

/* --- data files: one pattern a line, # comments --- */
static int load_list(char ***out, size_t *n, char ***words, size_t *nw, const char *path)
{
	struct ll_buf b;
	char *line, *next;
	int rc;

	ll_buf_init(&b);
	if ((rc = ll_buf_read_file(&b, path)) < 0) {
		ll_buf_release(&b);
		return rc;
	}
	for (line = b.ptr; line && *line; line = next) {
		char **dst;
		size_t *cnt;
		char ***arr;
		char *e;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		e = line + strlen(line);
		while (e > line && isspace((unsigned char)e[-1]))
			*--e = '\0';
		while (isspace((unsigned char)*line))
			line++;
		if (!*line || *line == '#')
			continue;
		arr = out;
		cnt = n;
		if (words && !strncmp(line, "word:", 5)) {
			arr = words;
			cnt = nw;
			line += 5;
		}
		if (!(dst = ll_reallocarray(*arr, *cnt + 1, sizeof(*dst))) ||
		    !((*arr = dst)[*cnt] = ll_strdup(line))) {
			if (dst)
				*arr = dst;
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			break;
		}
		(*cnt)++;
	}
	ll_buf_release(&b);
	return rc;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ll_free(v[i]);
	ll_free(v);
}

static void set_ext(struct fent *e)
{
	const char *dot = strrchr(e->base, '.');
	size_t l;

	e->ext[0] = '\0';
	if (!dot || dot == e->base)
		return;
	l = strlen(dot + 1);
	if (l == 0 || l >= sizeof(e->ext))
		return;
	for (size_t i = 0; i < l; i++) {
		unsigned char c = (unsigned char)dot[1 + i];

		if (!isalnum(c) && c != '_' && c != '-' && c != '$' && c != '~')
			return;
		e->ext[i] = (char)tolower(c);
	}
	e->ext[l] = '\0';
}

/* A name like record.docx.locked: the stem keeps a short extension of its own. */
static bool double_ext(const struct fent *e)
{
	size_t bl = strlen(e->base), el = strlen(e->ext);
	const char *end = e->base + bl - el - 1, *dot;
	size_t k;

	if (!el || bl < el + 3)
		return false;
	for (dot = end - 1; dot > e->base && *dot != '.'; dot--)
		;
	if (dot <= e->base || *dot != '.')
		return false;
	k = (size_t)(end - dot - 1);
	if (k < 1 || k > 5)
		return false;
	for (const char *c = dot + 1; c < end; c++)
		if (!isalnum((unsigned char)*c))
			return false;
	return true;
}

static int64_t floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

struct pair {
	int64_t bucket;
	size_t ent;
};

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->bucket != y->bucket)
		return (x->bucket > y->bucket) - (x->bucket < y->bucket);
	return (x->ent > y->ent) - (x->ent < y->ent);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Emits one finding over `ids` (sorted, made unique here). */
static int emit(struct fs *fs, const char *rule_id, const char *title, const char *sev,
		const char *tech, const char *conf, const char *desc, int64_t *ids,
		size_t n, int64_t first, int64_t last, json_t *details)
{
	struct ll_finding f = { 0 };
	size_t u = 0;
	int rc;

	if (n > 1) /* qsort(NULL, 0) is undefined */
		qsort(ids, n, sizeof(*ids), cmp_i64);
	for (size_t i = 0; i < n; i++)
		if (u == 0 || ids[u - 1] != ids[i])
			ids[u++] = ids[i];
	json_object_set_new(details, "evidence_id", json_string(fs->evidence));
	if (json_array_size(fs->hosts) > 1)
		json_object_set(details, "hosts", fs->hosts);
	f.rule_id = rule_id;
	f.title = title;
	f.source = "fs-detector";
	f.severity = sev;
	f.techniques = tech;
	f.confidence = conf;
	f.host = fs->host;
	f.description = desc;
	f.first_ns = first;
	f.last_ns = last;
	f.event_ids = ids;
	f.nevents = u;
	f.details = details;
	rc = fs->emit(fs->ctx, &f);
	json_decref(details);
	return rc;
}

static int push_id(int64_t **ids, size_t *n, size_t *cap, int64_t id)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		int64_t *v = ll_reallocarray(*ids, nc, sizeof(*v));

		if (!v)
			return ll_error_set(LL_ENOMEM, "out of memory");
		*ids = v;
		*cap = nc;
	}
	(*ids)[(*n)++] = id;
	return 0;
}

/* ---- encryption burst ---- */

static int burst_window(struct fs *fs, int w, int64_t b0, int64_t b1, int64_t peak,
			double thr, double median)
{
	const struct ll_fs_thresholds *t = fs->t;
	const char **exts = NULL;
	size_t n = 0, best = 0, run = 0, inside = 0, outside = 0, dbl = 0;
	const char *dom = NULL;
	int64_t *ids = NULL, first = INT64_MAX, last = INT64_MIN;
	size_t nids = 0, capids = 0;
	int rc = 0;

	exts = ll_calloc(fs->nen + 1, sizeof(*exts));
	if (!exts)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < fs->nen; i++)
		if (fs->en[i].win == w + 1)
			exts[n++] = fs->en[i].ext;
	if (n > 1) /* qsort(NULL, 0) is undefined */
		qsort(exts, n, sizeof(*exts), cmp_str);
	for (size_t i = 0; i < n; i++) {
		run = i > 0 && !strcmp(exts[i], exts[i - 1]) ? run + 1 : 1;
		if (exts[i][0] && run > best) {
			best = run;
			dom = exts[i];
		}
	}
	if (!dom || (double)best < t->ext_share * (double)n)
		goto out;
	for (size_t i = 0; i < fs->nen; i++) {
		const struct fent *e = &fs->en[i];

		if (strcmp(e->ext, dom))
			continue;
		if (e->win == w + 1) {
			inside++;
			dbl += double_ext(e);
			for (size_t k = e->first; k < e->first + e->n; k++) {
				const struct fev *v = &fs->ev[k];
				int64_t b = floordiv(v->t, t->bucket_s * NS);

				if ((v->macb != 'm' && v->macb != 'c') || b < b0 || b > b1)
					continue;
				if ((rc = push_id(&ids, &nids, &capids, v->id)) < 0)
					goto out;
				first = v->t < first ? v->t : first;
				last = v->t > last ? v->t : last;
			}
		} else if (e->win == 0) {
			outside++;
		}
	}
	/* a new extension: hardly present outside the bursts */
	if ((double)outside > t->ext_new * (double)inside || nids == 0)
		goto out;
	{
		char desc[512];
		char title[160];
		double dshare = inside ? (double)dbl / (double)inside : 0;
		json_t *d = json_pack("{s:I, s:s, s:f, s:I, s:f, s:I, s:f, s:f, s:I}",
				      "files", (json_int_t)inside, "extension", dom,
				      "extension_share", n ? (double)best / (double)n : 0,
				      "files_with_extension_outside", (json_int_t)outside,
				      "double_extension_share", dshare,
				      "peak_files_per_bucket", (json_int_t)peak,
				      "threshold_per_bucket", thr, "median_per_bucket", median,
				      "bucket_s", (json_int_t)t->bucket_s);

		snprintf(title, sizeof(title), "Encryption burst: files rewritten to '.%s'", dom);
		snprintf(desc, sizeof(desc),
			 "%zu files changed to the new extension '.%s' within %" PRId64
			 " s (up to %" PRId64 " files per %" PRId64 " s bucket against a median of %.1f); "
			 "%.0f%% keep their former extension before it.",
			 inside, dom, (last - first) / NS, peak, t->bucket_s, median, dshare * 100);
		rc = emit(fs, "fs.encryption_burst", title, "critical", "[\"T1486\"]",
			  dshare >= 0.5 ? "high" : "medium", desc, ids, nids, first, last, d);
		if (rc == 0) {
			int64_t *nw = ll_reallocarray(fs->wins, fs->nwins + 1, 2 * sizeof(*nw));

			if (!nw) {
				rc = ll_error_set(LL_ENOMEM, "out of memory");
			} else {
				fs->wins = nw;
				nw[2 * fs->nwins] = first;
				nw[2 * fs->nwins + 1] = last;
				fs->nwins++;
			}
		}
	}
out:
	ll_free(ids);
	ll_free(exts);
	return rc;
}

static int detect_burst(struct fs *fs)
{
	const struct ll_fs_thresholds *t = fs->t;
	int64_t bw = t->bucket_s * NS;
	struct pair *p = NULL;
	int64_t *counts = NULL, *sorted = NULL, *bk = NULL;
	size_t np = 0, nb = 0;
	double median, thr;
	int rc = 0, nwin = 0;

	p = ll_calloc(fs->nev + 1, sizeof(*p));
	if (!p)
		return ll_error_set(LL_ENOMEM, "out of memory");
	/* distinct (bucket, file) pairs of content and metadata changes */
	for (size_t i = 0; i < fs->nen; i++) {
		const struct fent *e = &fs->en[i];
		size_t start = np;

		for (size_t k = e->first; k < e->first + e->n; k++) {
			const struct fev *v = &fs->ev[k];
			int64_t b;
			size_t j;

			if (v->macb != 'm' && v->macb != 'c')
				continue;
			b = floordiv(v->t, bw);
			for (j = start; j < np; j++)
				if (p[j].bucket == b)
					break;
			if (j == np)
				p[np++] = (struct pair){ b, i };
		}
	}
	if (np > 1) /* qsort(NULL, 0) is undefined */
		qsort(p, np, sizeof(*p), cmp_pair);
	counts = ll_calloc(np + 1, sizeof(*counts));
	bk = ll_calloc(np + 1, sizeof(*bk));
	sorted = ll_calloc(np + 1, sizeof(*sorted));
	if (!counts || !bk || !sorted) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < np; i++) {
		if (nb == 0 || bk[nb - 1] != p[i].bucket) {
			bk[nb] = p[i].bucket;
			counts[nb++] = 0;
		}
		counts[nb - 1]++;
	}
	if (nb == 0)
		goto out;
	memcpy(sorted, counts, nb * sizeof(*sorted));
	if (nb > 1) /* qsort(NULL, 0) is undefined */
		qsort(sorted, nb, sizeof(*sorted), cmp_i64);
	median = nb % 2 ? (double)sorted[nb / 2]
			: ((double)sorted[nb / 2 - 1] + (double)sorted[nb / 2]) / 2;
	thr = t->factor * median;
	if (thr < (double)t->min_files)
		thr = (double)t->min_files;
	/* join burst buckets into windows, then judge each window */
	for (size_t i = 0; i < nb && rc == 0; i++) {
		int64_t b0, b1, peak;
		size_t j;

		if ((double)counts[i] < thr)
			continue;
		b0 = b1 = bk[i];
		peak = counts[i];
		for (j = i + 1; j < nb; j++) {
			if ((double)counts[j] < thr)
				continue;
			if ((bk[j] - b1) * t->bucket_s > t->merge_gap_s + t->bucket_s)
				break;
			b1 = bk[j];
			peak = counts[j] > peak ? counts[j] : peak;
		}
		for (size_t k = 0; k < np; k++)
			if (p[k].bucket >= b0 && p[k].bucket <= b1 && fs->en[p[k].ent].win == 0)
				fs->en[p[k].ent].win = nwin + 1;
		rc = burst_window(fs, nwin, b0, b1, peak, thr, median);
		nwin++;
		while (i + 1 < nb && bk[i + 1] <= b1)
			i++;
	}
out:
	ll_free(p);
	ll_free(counts);
	ll_free(bk);
	ll_free(sorted);
	return rc;
}

/* ---- ransom notes ---- */


struct name_ix {
	size_t ent;
	char low[256];
	int64_t t;     /* first content write */
};

static int cmp_nix(const void *a, const void *b)
{
	const struct name_ix *x = a, *y = b;
	int c = strcmp(x->low, y->low);

	if (c)
		return c;
	return (x->t > y->t) - (x->t < y->t);
}

static int64_t write_time(const struct fs *fs, const struct fent *e)
{
	int64_t best = INT64_MAX;

	for (size_t k = e->first; k < e->first + e->n; k++)
		if ((fs->ev[k].macb == 'm' || fs->ev[k].macb == 'b') && fs->ev[k].t < best)
			best = fs->ev[k].t;
	return best;
}

static bool known_note(const struct fs *fs, const char *base)
{
	for (size_t i = 0; i < fs->nnotes; i++)
		if (fnmatch(fs->notes[i], base, FNM_CASEFOLD) == 0)
			return true;
	return false;
}

static bool note_word(const struct fs *fs, const char *low)
{
	for (size_t i = 0; i < fs->nwords; i++)
		if (strstr(low, fs->words[i]))
			return true;
	return false;
}

static bool near_burst(const struct fs *fs, int64_t a, int64_t b)
{
	for (size_t i = 0; i < fs->nwins; i++)
		if (b >= fs->wins[2 * i] - 3600 * NS && a <= fs->wins[2 * i + 1] + 3600 * NS)
			return true;
	return false;
}

static size_t distinct_dirs(const struct fs *fs, const struct name_ix *g, size_t n)
{
	size_t d = 0;

	/* names are equal within the group, so equal paths mean equal directories */
	const char **v = ll_calloc(n + 1, sizeof(*v));

	if (!v)
		return 0;
	for (size_t i = 0; i < n; i++)
		v[i] = fs->en[g[i].ent].path;
	if (n > 1) /* qsort(NULL, 0) is undefined */
		qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(v[i], v[i - 1]))
			d++;
	ll_free(v);
	return d;
}

static int note_group(struct fs *fs, const struct name_ix *g, size_t n, bool known)
{
	const struct ll_fs_thresholds *t = fs->t;
	int64_t *ids = NULL, first = INT64_MAX, last = INT64_MIN;
	size_t nids = 0, capids = 0, lo = 0, hi = 0, best_lo = 0, best_n = 0;
	int rc = 0;

	if (!known) {
		/* identical small files spread over many directories within a window */
		for (lo = 0; lo < n; lo++) {
			while (hi < n && ll_time_within(g[lo].t, g[hi].t, t->note_window_s * NS))
				hi++;
			if (hi - lo > best_n) {
				best_n = hi - lo;
				best_lo = lo;
			}
		}
		if ((int64_t)best_n < t->note_min_dirs ||
		    (int64_t)distinct_dirs(fs, g + best_lo, best_n) < t->note_min_dirs)
			return 0;
		if (!note_word(fs, g[0].low) &&
		    !near_burst(fs, g[best_lo].t, g[best_lo + best_n - 1].t))
			return 0;
		g += best_lo;
		n = best_n;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct fent *e = &fs->en[g[i].ent];

		for (size_t k = e->first; k < e->first + e->n && rc == 0; k++) {
			const struct fev *v = &fs->ev[k];

			if (v->macb != 'm' && v->macb != 'b')
				continue;
			rc = push_id(&ids, &nids, &capids, v->id);
			first = v->t < first ? v->t : first;
			last = v->t > last ? v->t : last;
		}
	}
	if (rc == 0 && nids) {
		char desc[512], title[300];
		size_t dirs = distinct_dirs(fs, g, n);

		snprintf(title, sizeof(title), "Ransom note '%s'", fs->en[g[0].ent].base);
		snprintf(desc, sizeof(desc), "%zu files named '%s' in %zu directories%s.", n,
			 fs->en[g[0].ent].base, dirs,
			 known ? " (a known ransom-note name)"
			       : ", identical in size and written within the notes window");
		rc = emit(fs, known ? "fs.ransom_note.known" : "fs.ransom_note.spread", title,
			  "high", "[\"T1486\"]", known ? "high" : "medium", desc, ids, nids,
			  first, last,
			  json_pack("{s:s, s:I, s:I, s:b}", "name", fs->en[g[0].ent].base,
				    "files", (json_int_t)n, "directories", (json_int_t)dirs,
				    "known_name", known));
	}
	ll_free(ids);
	return rc;
}

static int detect_notes(struct fs *fs)
{
	struct name_ix *ix = ll_calloc(fs->nen + 1, sizeof(*ix));
	size_t n = 0;
	int rc = 0;

	if (!ix)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < fs->nen; i++) {
		const struct fent *e = &fs->en[i];
		size_t l = strlen(e->base);

		if (l == 0 || l >= sizeof(ix[n].low) || e->size <= 0 || !e->alloc)
			continue;
		ix[n].ent = i;
		for (size_t k = 0; k <= l; k++)
			ix[n].low[k] = (char)tolower((unsigned char)e->base[k]);
		ix[n].t = write_time(fs, e);
		if (ix[n].t != INT64_MAX)
			n++;
	}
	if (n > 1) /* qsort(NULL, 0) is undefined */
		qsort(ix, n, sizeof(*ix), cmp_nix);
	for (size_t i = 0; i < n && rc == 0;) {
		size_t j = i + 1;
		bool known;

		while (j < n && !strcmp(ix[j].low, ix[i].low))
			j++;
		known = known_note(fs, fs->en[ix[i].ent].base);
		if (known || (int64_t)(j - i) >= fs->t->note_min_dirs) {
			/* identical: split the same name by size unless it is a known note */
			if (known) {
				rc = note_group(fs, ix + i, j - i, true);
			} else {
				size_t k = i;

				while (k < j && rc == 0) {
					size_t m = k, cnt = 0;
					struct name_ix *sub = ll_calloc(j - i, sizeof(*sub));

					if (!sub) {
						rc = ll_error_set(LL_ENOMEM, "out of memory");
						break;
					}
					for (size_t q = i; q < j; q++)
						if (fs->en[ix[q].ent].size == fs->en[ix[k].ent].size)
							sub[cnt++] = ix[q];
					/* each size once: only start at its first member */
					for (m = i; m < k; m++)
						if (fs->en[ix[m].ent].size == fs->en[ix[k].ent].size)
							break;
					if (m == k)
						rc = note_group(fs, sub, cnt, false);
					ll_free(sub);
					k++;
				}
			}
		}
		i = j;
	}
	ll_free(ix);
	return rc;
}

/* ---- deleted backups ---- */

/*
 * The event of a deleted entry that dates its deletion (issue 17 item 6):
 * the inode change (ctime), which an unlink sets (ext2/3/4: with dtime; the
 * entry's creation and writes are the backup's own history, not the act).
 * Without a ctime event, its latest event: the deletion is at or after it.
 */
static size_t deletion_event(const struct fs *fs, const struct fent *e, bool *by_ctime)
{
	size_t best = e->first;

	*by_ctime = false;
	for (size_t k = e->first; k < e->first + e->n; k++) {
		if (fs->ev[k].macb == 'c') {
			if (!*by_ctime || fs->ev[k].t > fs->ev[best].t)
				best = k;
			*by_ctime = true;
		} else if (!*by_ctime && fs->ev[k].t >= fs->ev[best].t) {
			best = k;
		}
	}
	return best;
}

static int detect_backups(struct fs *fs)
{
	int64_t *ids = NULL, first = INT64_MAX, last = INT64_MIN;
	size_t nids = 0, capids = 0, files = 0, undated = 0;
	json_t *paths = json_array();
	int rc = 0;

	for (size_t i = 0; i < fs->nen && rc == 0; i++) {
		const struct fent *e = &fs->en[i];
		size_t k;

		if (e->alloc)
			continue;
		for (k = 0; k < fs->nbackups; k++)
			if (fnmatch(fs->backups[k], e->path, FNM_CASEFOLD) == 0)
				break;
		if (k == fs->nbackups)
			continue;
		files++;
		if (json_array_size(paths) < 100)
			json_array_append_new(paths, json_string(e->path));
		if (e->n) {
			bool by_ctime;
			const struct fev *v = &fs->ev[deletion_event(fs, e, &by_ctime)];

			undated += !by_ctime;
			rc = push_id(&ids, &nids, &capids, v->id);
			first = v->t < first ? v->t : first;
			last = v->t > last ? v->t : last;
		}
	}
	if (rc == 0 && nids) {
		char desc[640], shadow[256] = "";
		int64_t stores = 0, s_first = 0, s_last = 0;
		json_t *d;

		/* the shadow copy catalog, when the item's volumes have one (tsk_vss.c) */
		if (fs->st && (rc = ll_event_vss_catalog(fs->st, fs->evidence, &stores, &s_first,
							 &s_last)) < 0)
			goto out;
		if (stores > 0) {
			char t1[40], t2[40];

			ll_time_format(t1, sizeof(t1), s_first, 0);
			ll_time_format(t2, sizeof(t2), s_last, 0);
			snprintf(shadow, sizeof(shadow), " The volumes still hold %" PRId64 " shadow "
				 "copy stores (created %s to %s): the files as they were then are in "
				 "the timeline (locator vss_store=N).", stores, t1, t2);
		} else {
			snprintf(shadow, sizeof(shadow), " No shadow copy store was found on the "
				 "item's NTFS volumes.");
		}
		snprintf(desc, sizeof(desc),
			 "%zu deleted backup files (backup-file patterns), deleted at the times "
			 "cited: each entry's inode change (ctime), which the unlink sets%s.%s",
			 files, undated ? "; entries without one are cited at their latest time, "
					  "the deletion at or after it" : "", shadow);
		d = json_pack("{s:I, s:O, s:s, s:I, s:I}", "files", (json_int_t)files, "paths", paths,
			      "times", "deletion (inode change)", "files_without_ctime",
			      (json_int_t)undated, "shadow_copy_stores", (json_int_t)stores);
		if (stores > 0) {
			json_object_set_new(d, "shadow_copy_first_ns", json_integer(s_first));
			json_object_set_new(d, "shadow_copy_last_ns", json_integer(s_last));
		}
		rc = emit(fs, "fs.backup_deleted", "Backup files deleted", "high", "[\"T1490\"]",
			  "medium", desc, ids, nids, first, last, d);
	}
out:
	json_decref(paths);
	ll_free(ids);
	return rc;
}

/* ---- loading one evidence item's fs events ---- */

static void reset_item(struct fs *fs)
{
	for (size_t i = 0; i < fs->nen; i++)
		ll_free(fs->en[i].path);
	fs->nen = fs->nev = 0;
	ll_free(fs->evidence);
	ll_free(fs->host);
	ll_free(fs->wins);
	json_decref(fs->hosts);
	fs->hosts = NULL;
	fs->evidence = fs->host = NULL;
	fs->wins = NULL;
	fs->nwins = 0;
}

static int run_item(struct fs *fs)
{
	int rc;

	if (fs->nen == 0)
		return 0;
	if ((rc = detect_burst(fs)) < 0 || (rc = detect_notes(fs)) < 0 ||
	    (rc = detect_backups(fs)) < 0)
		return rc;
	return 0;
}

static int add_event(struct fs *fs, const struct ll_fs_event *row)
{
	const char *path = row->path;
	const char *macb = row->macb;
	struct fent *e = fs->nen ? &fs->en[fs->nen - 1] : NULL;

	if (!path)
		return 0;
	if (!e || strcmp(e->path, path)) {
		if (fs->nen == fs->capen) {
			size_t nc = fs->capen ? fs->capen * 2 : 1024;
			struct fent *v = ll_reallocarray(fs->en, nc, sizeof(*v));

			if (!v)
				return ll_error_set(LL_ENOMEM, "out of memory");
			fs->en = v;
			fs->capen = nc;
		}
		e = &fs->en[fs->nen];
		memset(e, 0, sizeof(*e));
		if (!(e->path = ll_strdup(path)))
			return ll_error_set(LL_ENOMEM, "out of memory");
		fs->nen++;
		e->base = strrchr(e->path, '/') ? strrchr(e->path, '/') + 1 : e->path;
		set_ext(e);
		e->first = fs->nev;
		e->size = row->size;
	}
	if (row->allocated)
		e->alloc = true;
	if (fs->nev == fs->capev) {
		size_t nc = fs->capev ? fs->capev * 2 : 4096;
		struct fev *v = ll_reallocarray(fs->ev, nc, sizeof(*v));

		if (!v)
			return ll_error_set(LL_ENOMEM, "out of memory");
		fs->ev = v;
		fs->capev = nc;
	}
	fs->ev[fs->nev++] = (struct fev){ row->id, row->time_ns,
					  macb && *macb ? (char)tolower((unsigned char)*macb) : '?' };
	e->n++;
	return 0;
}

static int note_host(struct fs *fs, const char *host)
{
	size_t i;
	json_t *h;

	json_array_foreach(fs->hosts, i, h)
		if (!strcmp(json_string_value(h), host))
			return 0;
	if (json_array_append_new(fs->hosts, json_string(host)) < 0 ||
	    (!fs->host && !(fs->host = ll_strdup(host))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

int ll_fs_detect_run(struct ll_store *st, const struct ll_fs_thresholds *t,
		     const char *rules_dir, ll_finding_cb emitcb, void *ctx)
{
	struct fs fs = { .t = t, .emit = emitcb, .ctx = ctx, .st = st };
	struct ll_event_fs_cursor *s = NULL;
	struct ll_fs_event row;
	struct ll_buf p;
	int rc, step;

	ll_buf_init(&p);
	ll_buf_printf(&p, "%s/ransom_notes.txt", rules_dir);
	if ((rc = load_list(&fs.notes, &fs.nnotes, &fs.words, &fs.nwords, p.ptr)) < 0)
		goto out;
	ll_buf_reset(&p);
	ll_buf_printf(&p, "%s/backup_patterns.txt", rules_dir);
	if ((rc = load_list(&fs.backups, &fs.nbackups, NULL, NULL, p.ptr)) < 0)
		goto out;
	if ((rc = ll_event_fs_open(&s, st)) < 0)
		goto out;
	while ((step = ll_event_fs_next(&row, s)) > 0) {
		const char *ev = row.evidence_id;
		const char *host = row.host;

		if (!fs.evidence || strcmp(fs.evidence, ev)) {
			if ((rc = run_item(&fs)) < 0)
				goto out;
			reset_item(&fs);
			if (!(fs.evidence = ll_strdup(ev)) || !(fs.hosts = json_array())) {
				rc = ll_error_set(LL_ENOMEM, "out of memory");
				goto out;
			}
		}
		/* the findings' host: the first any event names (analyze/hosts.c gives an
		 * image's events one), all of them in details.hosts when they differ */
		if (host && (rc = note_host(&fs, host)) < 0)
			goto out;
		if ((rc = add_event(&fs, &row)) < 0)
			goto out;
	}
	if (step < 0) {
		rc = step;
		goto out;
	}
	rc = run_item(&fs);
out:
	ll_event_fs_free(s);
	reset_item(&fs);
	ll_free(fs.en);
	ll_free(fs.ev);
	free_list(fs.notes, fs.nnotes);
	free_list(fs.words, fs.nwords);
	free_list(fs.backups, fs.nbackups);
	ll_buf_release(&p);
	return rc;
}

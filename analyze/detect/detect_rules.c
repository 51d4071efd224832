/* SPDX-License-Identifier: Apache-2.0 */
/* Loads a rule set from a file or a directory tree, hashing what it read. */
#include "core/compat.h"
#include "analyze/detect/detect_rules.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "analyze/detect/detect_corr.h"
#include "analyze/detect/rule_docs.h"
#include "analyze/sigma/sigma.h"
#include "analyze/worker/worker_sigma.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/hash.h"

#define MAX_DIR_DEPTH 32

struct names {
	char **v;
	size_t n;
};

static bool rule_file(const char *name)
{
	size_t l = strlen(name);

	return name[0] != '.' && ((l > 4 && !strcmp(name + l - 4, ".yml")) ||
				  (l > 5 && !strcmp(name + l - 5, ".yaml")));
}

static int push_name(struct names *ns, const char *rel)
{
	char **v = ll_reallocarray(ns->v, ns->n + 1, sizeof(*v));

	if (!v)
		return ll_error_set(LL_ENOMEM, "out of memory");
	ns->v = v;
	if (!(ns->v[ns->n] = ll_strdup(rel)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	ns->n++;
	return 0;
}

/* Collects rule files below root/rel (rel "" for the root). */
static int walk(struct names *ns, const char *root, const char *rel, int depth)
{
	struct ll_buf dir;
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (depth > MAX_DIR_DEPTH)
		return ll_error_set(LL_EUNSUPPORTED, "'%s/%s': directories nested too deep", root, rel);
	ll_buf_init(&dir);
	ll_buf_printf(&dir, "%s%s%s", root, *rel ? "/" : "", rel);
	if (!(d = opendir(dir.ptr))) {
		rc = ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO,
				  "cannot open directory '%s': %s", dir.ptr, strerror(errno));
		ll_buf_release(&dir);
		return rc;
	}
	while (rc == 0 && (de = readdir(d))) {
		struct ll_buf sub, full;
		struct stat sb;

		if (de->d_name[0] == '.')
			continue;
		ll_buf_init(&sub);
		ll_buf_init(&full);
		ll_buf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		ll_buf_printf(&full, "%s/%s", root, sub.ptr);
		if (stat(full.ptr, &sb) == 0) {
			if (S_ISDIR(sb.st_mode))
				rc = walk(ns, root, sub.ptr, depth + 1);
			else if (S_ISREG(sb.st_mode) && rule_file(de->d_name))
				rc = push_name(ns, sub.ptr);
		}
		ll_buf_release(&sub);
		ll_buf_release(&full);
	}
	closedir(d);
	ll_buf_release(&dir);
	return rc;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int ll_ruleset_add_skip(struct ll_ruleset *rs, const char *rel, const char *reason,
			const char *detail)
{
	struct ll_rule_skip *s = ll_reallocarray(rs->skips, rs->nskips + 1, sizeof(*s));

	if (!s)
		return ll_error_set(LL_ENOMEM, "out of memory");
	rs->skips = s;
	s = &rs->skips[rs->nskips];
	s->path = ll_strdup(rel);
	s->reason = ll_strdup(reason && *reason ? reason : "invalid rule");
	s->detail = ll_strdup(detail);
	if (!s->path || !s->reason || !s->detail) {
		ll_free(s->path);
		ll_free(s->reason);
		ll_free(s->detail);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	rs->nskips++;
	return 0;
}

/* Reads one rule file into `b` and adds it to the rule set's digest. */
static int read_one(struct ll_ruleset *rs, EVP_MD_CTX *md, struct ll_buf *b, const char *full,
		    const char *rel)
{
	uint64_t len;
	int rc;

	if ((rc = ll_buf_read_file(b, full)) < 0)
		return rc;
	len = b->len;
	EVP_DigestUpdate(md, rel, strlen(rel) + 1);
	EVP_DigestUpdate(md, &len, sizeof(len));
	EVP_DigestUpdate(md, b->ptr, b->len);
	rs->files++;
	return 0;
}

/* What parsing `rel` gave: the rule (taken), or its failure recorded as a skip. */
static int keep(struct ll_ruleset *rs, int rc, struct ll_sigma_rule *r, const char *why,
		const char *rel)
{
	if (rc == 0) {
		struct ll_sigma_rule **v = ll_reallocarray(rs->rules, rs->nrules + 1, sizeof(*v));

		if (!v) {
			ll_sigma_rule_free(r);
			return ll_error_set(LL_ENOMEM, "out of memory");
		}
		rs->rules = v;
		rs->rules[rs->nrules++] = r;
	} else if (rc == LL_EUNSUPPORTED || rc == LL_ECORRUPT) {
		rc = ll_ruleset_add_skip(rs, rel, rc == LL_ECORRUPT && !why[0] ? "invalid rule" : why,
			      ll_error_message());
	}
	return rc;
}

/* The name of document `k` of `ndocs` in `rel`: the file's own when it has one, else "rel#k". */
static void doc_name(struct ll_buf *name, const char *rel, size_t k, size_t ndocs)
{
	ll_buf_reset(name);
	if (ndocs > 1)
		ll_buf_printf(name, "%s#%zu", rel, k + 1);
	else
		ll_buf_puts(name, rel);
}

static int load_one(struct ll_ruleset *rs, EVP_MD_CTX *md, const char *full,
		    const char *rel)
{
	struct ll_buf b, name, *docs = NULL;
	size_t ndocs = 0;
	char why[128];
	int rc;

	ll_buf_init(&b);
	ll_buf_init(&name);
	if ((rc = read_one(rs, md, &b, full, rel)) == 0)
		rc = ll_rule_docs_split(&docs, &ndocs, b.ptr, b.len);
	for (size_t k = 0; k < ndocs && rc == 0; k++) {
		struct ll_sigma_rule *r = NULL;

		doc_name(&name, rel, k, ndocs);
		if (!name.ptr) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			break;
		}
		rc = ll_sigma_rule_parse(&r, why, sizeof(why), docs[k].ptr, docs[k].len, name.ptr);
		rc = keep(rs, rc, r, why, name.ptr);
	}
	ll_rule_docs_free(docs, ndocs);
	ll_buf_release(&name);
	ll_buf_release(&b);
	return rc;
}

/* The rule files to load: full paths (to read) and names below the rule set. */
struct files {
	char **full, **rel;
	size_t n;
};

struct from_worker {
	struct ll_ruleset *rs;
	const struct ll_worker_sigma_doc *docs;
};

static int worker_rule(size_t index, const struct sy_node *root, int rc, const char *msg,
		       void *payload)
{
	struct from_worker *fw = payload;
	const char *rel = fw->docs[index].name;
	struct ll_sigma_rule *r = NULL;
	char why[128];

	rc = ll_sigma_rule_from_tree(&r, why, sizeof(why), root, rc, msg, rel);
	return keep(fw->rs, rc, r, why, rel);
}

/*
 * Every file read and hashed here, then parsed by libyaml in the rules'
 * worker (analyze/worker/worker_sigma.h): this process builds the rules
 * from the trees it checked, as load_one does from its own parse.
 */
static int load_in_worker(struct ll_ruleset *rs, EVP_MD_CTX *md, const struct files *fs)
{
	struct ll_worker_sigma_doc *docs = NULL;
	struct ll_buf *texts = NULL, *names = NULL, file;
	struct from_worker fw = { .rs = rs };
	size_t n = 0;
	int rc = 0;

	ll_buf_init(&file);
	/* each YAML document of a file is a document for the worker, named as load_one names it */
	for (size_t i = 0; i < fs->n && rc == 0; i++) {
		struct ll_buf *split = NULL;
		size_t ns = 0;
		void *d, *t, *m;

		ll_buf_reset(&file);
		if ((rc = read_one(rs, md, &file, fs->full[i], fs->rel[i])) < 0 ||
		    (rc = ll_rule_docs_split(&split, &ns, file.ptr, file.len)) < 0)
			break;
		d = ll_reallocarray(docs, n + ns, sizeof(*docs));
		if (d)
			docs = d;
		t = d ? ll_reallocarray(texts, n + ns, sizeof(*texts)) : NULL;
		if (t)
			texts = t;
		m = t ? ll_reallocarray(names, n + ns, sizeof(*names)) : NULL;
		if (m)
			names = m;
		if (!m) {
			ll_rule_docs_free(split, ns);
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			break;
		}
		for (size_t k = 0; k < ns; k++) {
			texts[n] = split[k]; /* the buffer moves; split's array is freed below */
			ll_buf_init(&names[n]);
			doc_name(&names[n], fs->rel[i], k, ns);
			n++;
		}
		ll_free(split);
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!names[i].ptr) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			break;
		}
		docs[i].name = names[i].ptr;
		docs[i].text = texts[i].ptr;
		docs[i].len = texts[i].len;
	}
	fw.docs = docs;
	if (rc == 0)
		rc = ll_worker_sigma_run(docs, n, worker_rule, &fw);
	for (size_t i = 0; i < n; i++) {
		ll_buf_release(&texts[i]);
		ll_buf_release(&names[i]);
	}
	ll_free(texts);
	ll_free(names);
	ll_free(docs);
	ll_buf_release(&file);
	return rc;
}

static int add_file(struct files *fs, const char *full, const char *rel)
{
	char **f = ll_reallocarray(fs->full, fs->n + 1, sizeof(*f));
	char **r = f ? ll_reallocarray(fs->rel, fs->n + 1, sizeof(*r)) : NULL;

	if (f)
		fs->full = f;
	if (r)
		fs->rel = r;
	if (!f || !r || !(fs->full[fs->n] = ll_strdup(full)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	if (!(fs->rel[fs->n] = ll_strdup(rel))) {
		ll_free(fs->full[fs->n]);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	fs->n++;
	return 0;
}

int ll_ruleset_load(struct ll_ruleset **out, const char *path)
{
	return ll_ruleset_load_ext(out, path, 0);
}

int ll_ruleset_load_ext(struct ll_ruleset **out, const char *path, unsigned flags)
{
	struct ll_ruleset *rs = ll_calloc(1, sizeof(*rs));
	struct names ns = { 0 };
	struct files fs = { 0 };
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char dig[32];
	struct stat sb;
	int rc = 0;

	*out = NULL;
	if (!rs || !md || !(rs->root = ll_strdup(path))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	if (stat(path, &sb) < 0) {
		rc = ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO,
				  "rules '%s': %s", path, strerror(errno));
		goto out;
	}
	if (S_ISDIR(sb.st_mode)) {
		if ((rc = walk(&ns, path, "", 0)) < 0)
			goto out;
		if (ns.n > 1) /* qsort(NULL, 0) is undefined */
			qsort(ns.v, ns.n, sizeof(*ns.v), cmp_name);
		for (size_t i = 0; i < ns.n && rc == 0; i++) {
			struct ll_buf full;

			ll_buf_init(&full);
			ll_buf_printf(&full, "%s/%s", path, ns.v[i]);
			rc = add_file(&fs, full.ptr, ns.v[i]);
			ll_buf_release(&full);
		}
	} else {
		const char *base = strrchr(path, '/');

		rc = add_file(&fs, path, base ? base + 1 : path);
	}
	if (rc < 0)
		goto out;
	if (flags & LL_RULESET_LOAD_WORKER)
		rc = load_in_worker(rs, md, &fs);
	for (size_t i = 0; i < fs.n && rc == 0 && !(flags & LL_RULESET_LOAD_WORKER); i++)
		rc = load_one(rs, md, fs.full[i], fs.rel[i]);
	/* correlations name rules of the whole set: resolved once every file is in */
	if (rc == 0)
		rc = ll_corr_resolve(rs);
	if (rc < 0)
		goto out;
	EVP_DigestFinal_ex(md, dig, NULL);
	ll_hex_encode(rs->sha256, dig, sizeof(dig));
	*out = rs;
	rs = NULL;
out:
	for (size_t i = 0; i < ns.n; i++)
		ll_free(ns.v[i]);
	ll_free(ns.v);
	for (size_t i = 0; i < fs.n; i++) {
		ll_free(fs.full[i]);
		ll_free(fs.rel[i]);
	}
	ll_free(fs.full);
	ll_free(fs.rel);
	EVP_MD_CTX_free(md);
	ll_ruleset_free(rs);
	return rc;
}

void ll_ruleset_free(struct ll_ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->nrules; i++)
		ll_sigma_rule_free(rs->rules[i]);
	for (size_t i = 0; i < rs->nskips; i++) {
		ll_free(rs->skips[i].path);
		ll_free(rs->skips[i].reason);
		ll_free(rs->skips[i].detail);
	}
	ll_free(rs->rules);
	ll_free(rs->skips);
	ll_free(rs->root);
	ll_free(rs);
}

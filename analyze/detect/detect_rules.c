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

#include "analyze/sigma/sigma.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/hash.h"

#ifndef LL_RULES_DIR
#define LL_RULES_DIR "rules"
#endif

#define MAX_DIR_DEPTH 32

const char *ll_rules_dir(void)
{
	const char *e = getenv("LIFELINE_RULES_DIR");

	return e && *e ? e : LL_RULES_DIR;
}

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

static int add_skip(struct ll_ruleset *rs, const char *rel, const char *reason,
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

static int load_one(struct ll_ruleset *rs, EVP_MD_CTX *md, const char *full,
		    const char *rel)
{
	struct ll_sigma_rule *r = NULL;
	struct ll_buf b;
	char why[128];
	uint64_t len;
	int rc;

	ll_buf_init(&b);
	if ((rc = ll_buf_read_file(&b, full)) < 0)
		goto out;
	len = b.len;
	EVP_DigestUpdate(md, rel, strlen(rel) + 1);
	EVP_DigestUpdate(md, &len, sizeof(len));
	EVP_DigestUpdate(md, b.ptr, b.len);
	rs->files++;
	rc = ll_sigma_rule_parse(&r, why, sizeof(why), b.ptr, b.len, rel);
	if (rc == 0) {
		struct ll_sigma_rule **v = ll_reallocarray(rs->rules, rs->nrules + 1, sizeof(*v));

		if (!v) {
			ll_sigma_rule_free(r);
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
		rs->rules = v;
		rs->rules[rs->nrules++] = r;
	} else if (rc == LL_EUNSUPPORTED || rc == LL_ECORRUPT) {
		rc = add_skip(rs, rel, rc == LL_ECORRUPT && !why[0] ? "invalid rule" : why,
			      ll_error_message());
	}
out:
	ll_buf_release(&b);
	return rc;
}

int ll_ruleset_load(struct ll_ruleset **out, const char *path)
{
	struct ll_ruleset *rs = ll_calloc(1, sizeof(*rs));
	struct names ns = { 0 };
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
			rc = load_one(rs, md, full.ptr, ns.v[i]);
			ll_buf_release(&full);
		}
	} else {
		const char *base = strrchr(path, '/');

		rc = load_one(rs, md, path, base ? base + 1 : path);
	}
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

/* SPDX-License-Identifier: Apache-2.0 */
/* A differencing disk's parents found for `collect files` (vdisk_chain.h). */
#include "core/compat.h"
#include "cli/vdisk/vdisk_chain.h"

#include <errno.h>
#include <jansson.h>
#include <sys/stat.h>

#include "analyze/vdisk_parent.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/json.h"

struct list {
	char **v;
	char **real; /* realpath of each, to find a loop or a file given twice */
	size_t n;
};

static int push(struct list *l, const char *path, size_t cap)
{
	char *r = realpath(path, NULL);

	if (!r)
		return ll_error_set(LL_EIO, "cannot resolve '%s': %s", path, strerror(errno));
	if (l->n == cap || !(l->v[l->n] = ll_strdup(path))) {
		free(r);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	/* realpath's buffer is the C library's: copied into ours */
	l->real[l->n] = ll_strdup(r);
	free(r);
	if (!l->real[l->n]) {
		ll_free(l->v[l->n]);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	l->n++;
	return 0;
}

static size_t find_real(const struct list *l, const char *path)
{
	char *r = realpath(path, NULL);
	size_t at = SIZE_MAX;

	for (size_t i = 0; r && i < l->n && at == SIZE_MAX; i++)
		if (!strcmp(l->real[i], r))
			at = i;
	free(r);
	return at;
}

static bool is_file(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* dir of path with its '/', "" for none, into d. */
static int dir_of(struct ll_buf *d, const char *path)
{
	const char *s = strrchr(path, '/');

	ll_buf_reset(d);
	return ll_buf_printf(d, "%.*s", s ? (int)(s - path + 1) : 0, path);
}

/*
 * Where the parent named `name` by `child` is: the first candidate that is
 * a regular file, into *found (a path); the candidates tried, into tried.
 */
static int look_up(struct ll_buf *found, struct ll_buf *tried, const char *child,
		   const char *name, const char *parent_dir)
{
	struct ll_buf dir = LL_BUF_INIT, cand = LL_BUF_INIT;
	const char *base = ll_vdisk_parent_base(name);
	int rc = LL_ENOTFOUND;

	if (dir_of(&dir, child) < 0)
		goto oom;
	ll_buf_reset(tried);
	for (int step = 0; step < 3 && rc == LL_ENOTFOUND; step++) {
		ll_buf_reset(&cand);
		if (step == 0 && name[0] != '/') {
			if (ll_buf_printf(&cand, "%s%s", dir.ptr ? dir.ptr : "", name) < 0)
				goto oom;
		} else if (step == 1 && (name[0] == '/' || base != name)) {
			if (ll_buf_printf(&cand, "%s%s", dir.ptr ? dir.ptr : "", base) < 0)
				goto oom;
		} else if (step == 2 && parent_dir) {
			if (ll_buf_printf(&cand, "%s/%s", parent_dir, base) < 0)
				goto oom;
		} else {
			continue;
		}
		if (!*base || !strcmp(base, ".") || !strcmp(base, ".."))
			break;
		if (ll_buf_printf(tried, "%s'%s'", tried->len ? ", " : "", cand.ptr) < 0)
			goto oom;
		if (is_file(cand.ptr)) {
			ll_buf_reset(found);
			if (ll_buf_printf(found, "%s", cand.ptr) < 0)
				goto oom;
			rc = 0;
		}
	}
	ll_buf_release(&dir);
	ll_buf_release(&cand);
	return rc;
oom:
	ll_buf_release(&dir);
	ll_buf_release(&cand);
	return ll_error_set(LL_ENOMEM, "out of memory");
}

/* One argument's chain, its parents pushed onto l; its layers described in layers. */
static int follow(struct list *l, size_t cap, json_t *layers, size_t arg, const char *parent_dir)
{
	struct ll_buf found = LL_BUF_INIT, tried = LL_BUF_INIT;
	size_t chain[LL_VDISK_CHAIN_MAX + 1], depth = 0;
	size_t cur = arg;
	struct ll_vdisk_parent child = { 0 };
	int rc = 0;

	chain[depth++] = arg;
	for (;;) {
		struct ll_vdisk_parent p;
		size_t at;

		if ((rc = ll_vdisk_parent_of_file(&p, l->v[cur])) < 0)
			break;
		/* a parent that is no virtual disk (a raw backing file, any file of that name) */
		if (!p.format) {
			rc = ll_error_set(LL_EUNSUPPORTED,
					  "'%s', found as the parent of '%s', is not a QCOW, VMDK, VHD or VHDX "
					  "disk (a raw backing file is not read); nothing collected",
					  l->v[cur], l->v[chain[depth - 2]]);
			break;
		}
		/* a VHDX parent must be the disk its child was made from (its DataWriteGuid) */
		if (depth > 1 && (rc = ll_vdisk_parent_link_check(&child, l->v[chain[depth - 2]], &p,
								     l->v[cur])) < 0)
			break;
		if (json_array_append_new(layers,
					  json_pack("{s:s, s:s?, s:s?, s:s?}", "path", l->v[cur],
						    "format", p.format, "parent_name",
						    p.differencing ? p.name : NULL, "field",
						    p.differencing ? p.field : NULL)) < 0) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			break;
		}
		if (!p.differencing)
			break;
		child = p;
		if ((rc = look_up(&found, &tried, l->v[cur], p.name, parent_dir)) == LL_ENOTFOUND) {
			rc = ll_error_set(LL_ENOTFOUND,
					  "%s image '%s' is a differencing disk: its parent '%s' (its %s, "
					  "at offset %" PRIu64 ") is not found; looked for %s%s; nothing "
					  "collected", p.format, l->v[cur], p.name, p.field, p.offset,
					  tried.len ? tried.ptr : "(no usable name)",
					  parent_dir ? "" : " (--parent-dir DIR names another place)");
			break;
		}
		if (rc < 0)
			break;
		at = find_real(l, found.ptr);
		/* a parent that is the child, or one of its descendants: a loop */
		for (size_t k = 0; at != SIZE_MAX && k < depth; k++)
			if (chain[k] == at) {
				rc = ll_error_set(LL_ECORRUPT,
						  "%s image '%s': its parent '%s' (found as '%s') is the "
						  "chain's own layer '%s': a loop; nothing collected",
						  p.format, l->v[cur], p.name, found.ptr, l->v[at]);
				goto out;
			}
		if (depth == LL_VDISK_CHAIN_MAX) {
			rc = ll_error_set(LL_EUNSUPPORTED,
					  "%s image '%s': a chain deeper than %d layers from '%s' is not "
					  "read; nothing collected", p.format, l->v[cur],
					  LL_VDISK_CHAIN_MAX, l->v[arg]);
			break;
		}
		if (at == SIZE_MAX) {
			if ((rc = push(l, found.ptr, cap)) < 0)
				break;
			at = l->n - 1;
		}
		chain[depth++] = at;
		cur = at;
	}
out:
	ll_buf_release(&found);
	ll_buf_release(&tried);
	return rc;
}

int ll_vdisk_chains_find(struct ll_vdisk_chains *out, char *const *args, size_t n,
			 const char *parent_dir)
{
	size_t cap = n * (LL_VDISK_CHAIN_MAX + 1);
	struct list l = { ll_calloc(cap + 1, sizeof(char *)), ll_calloc(cap + 1, sizeof(char *)), 0 };
	json_t *chains = json_array();
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!l.v || !l.real || !chains) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	/* the arguments as given, first: directories and all */
	for (size_t i = 0; i < n; i++) {
		char *r = realpath(args[i], NULL);

		if (!(l.v[l.n] = ll_strdup(args[i])) || !(l.real[l.n] = ll_strdup(r ? r : args[i]))) {
			free(r);
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
		free(r);
		l.n++;
	}
	for (size_t i = 0; i < n; i++) {
		struct ll_vdisk_parent p;
		json_t *layers;

		if (!is_file(args[i]))
			continue;
		if ((rc = ll_vdisk_parent_of_file(&p, args[i])) < 0)
			goto out;
		if (!p.differencing)
			continue;
		if (!(layers = json_array()) ||
		    json_array_append_new(chains, json_pack("{s:s, s:o}", "child", args[i],
							   "layers", layers)) < 0) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
		if ((rc = follow(&l, cap, layers, i, parent_dir)) < 0)
			goto out;
	}
	if (json_array_size(chains) && !(out->json = ll_json_dump(chains))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	out->paths = l.v;
	out->npaths = l.n;
	l.v = NULL;
out:
	for (size_t i = 0; i < l.n; i++) {
		if (l.v)
			ll_free(l.v[i]);
		ll_free(l.real[i]);
	}
	ll_free(l.v);
	ll_free(l.real);
	json_decref(chains);
	return rc;
}

void ll_vdisk_chains_release(struct ll_vdisk_chains *c)
{
	for (size_t i = 0; i < c->npaths; i++)
		ll_free(c->paths[i]);
	ll_free(c->paths);
	ll_free(c->json);
	memset(c, 0, sizeof(*c));
}

bool ll_vdisk_chain_order(size_t *order, char *const *paths, const char *const *rels, size_t n)
{
	for (size_t lead = 0; n > 1 && lead < n; lead++) {
		size_t k = 0, at = lead;
		bool loop = false;

		order[k++] = lead;
		while (k <= n && !loop) {
			struct ll_vdisk_parent p;
			size_t next;

			if (ll_vdisk_parent_of_file(&p, paths[at]) < 0 || !p.differencing ||
			    (next = ll_vdisk_parent_in(rels, n, at, p.name)) == SIZE_MAX)
				break;
			for (size_t j = 0; j < k; j++)
				loop = loop || order[j] == next;
			if (!loop && k < n)
				order[k++] = next;
			at = next;
			if (k == n)
				break;
		}
		if (k == n && !loop)
			return true;
	}
	return false;
}

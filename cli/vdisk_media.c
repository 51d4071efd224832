/* SPDX-License-Identifier: Apache-2.0 */
/* A virtual disk's media hashes at `collect files`, by the check worker (vdisk_media.h). */
#include "core/compat.h"
#include "cli/vdisk_media.h"

#include "analyze/tsk/tsk_vdisk.h"
#include "analyze/vdisk_sets.h"
#include "cli/check_worker.h"
#include "cli/vdisk/vdisk_chain.h"
#include "collect/hashers.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "analyze/vdisk_parent.h"

#define MAX_DESCRIPTOR 65536

struct named {
	const char *const *rels;
	size_t n, self, found;
	bool *seen;
};

static const char *base_of(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static void on_extent(const char *name, uint64_t sectors, size_t line, void *payload)
{
	LL_UNUSED(sectors);
	LL_UNUSED(line);
	struct named *x = payload;

	for (size_t i = 0; i < x->n; i++)
		if (i != x->self && !x->seen[i] && !strcmp(base_of(x->rels[i]), name)) {
			x->seen[i] = true;
			x->found++;
		}
}

/* Whether file i is a VMDK descriptor naming every other file as its extent. */
static bool leads_all(char *const *paths, const char *const *rels, size_t n, size_t i)
{
	uint8_t *buf = ll_malloc(MAX_DESCRIPTOR);
	bool *seen = ll_calloc(n, sizeof(*seen));
	struct named x = { rels, n, i, 0, seen };
	size_t len = 0;
	FILE *f;

	if (buf && seen && (f = fopen(paths[i], "rb"))) {
		len = fread(buf, 1, MAX_DESCRIPTOR, f);
		/* a descriptor file is small: a longer one is not read as one */
		if (fgetc(f) != EOF)
			len = 0;
		fclose(f);
	}
	if (len > 21 && !memcmp(buf, "# Disk DescriptorFile", 21))
		ll_vmdk_descriptor_extents(buf, len, on_extent, &x);
	ll_free(buf);
	ll_free(seen);
	return x.found == n - 1;
}

/*
 * Each layer of the chain p[0..n) (child to base): a differencing layer
 * cannot be read alone, said so; a layer that can (the base) hashed alone
 * by its own check worker, or why not.
 */
static int layer_media(char **out, char *const *p, const char *const *r, size_t n, const char *id)
{
	json_t *a = json_array();
	int rc = 0;

	for (size_t i = 0; a && rc == 0 && i < n; i++) {
		struct ll_vdisk_parent vp;
		struct ll_check_result res;
		json_t *o;

		if (ll_vdisk_parent_of_file(&vp, p[i]) == 0 && vp.differencing) {
			o = json_pack("{s:s, s:b, s:s}", "path", r[i], "differencing", 1, "media",
				      "a differencing layer is read through its parent, not alone");
		} else if ((rc = ll_check_run(&res, "vdisk", id, p + i, r + i, 1, NULL, NULL)) < 0) {
			break;
		} else {
			if (!res.failed && res.rc == 0 && res.has_media)
				o = json_pack("{s:s, s:b, s:I, s:s, s:s, s:s}", "path", r[i],
					      "differencing", 0, "size", (json_int_t)res.media_size,
					      "md5", res.media.md5, "sha1", res.media.sha1, "sha256",
					      res.media.sha256);
			else
				o = json_pack("{s:s, s:b, s:s}", "path", r[i], "differencing", 0,
					      "media_problem", res.failed ? res.cause : res.message);
			ll_check_result_release(&res);
		}
		if (!o || json_array_append_new(a, o) < 0)
			rc = ll_error_set(LL_ENOMEM, "out of memory");
	}
	if (!a)
		rc = ll_error_set(LL_ENOMEM, "out of memory");
	if (rc == 0 && !(*out = ll_json_dump(a)))
		rc = ll_error_set(LL_ENOMEM, "out of memory");
	json_decref(a);
	return rc;
}

int ll_cli_vdisk_media(struct ll_media_hashes *out, uint64_t *size, const char **format,
		       char *const *paths, const char *const *rels, size_t n, const char *id,
		       char **layers, void *payload)
{
	char **p = NULL;
	const char **r = NULL;
	struct ll_check_result res;
	enum ll_vdisk v = LL_VDISK_NONE;
	size_t lead = SIZE_MAX, k = 0, *order = NULL;
	bool chain = false;
	int rc;

	*format = NULL;
	if (layers)
		*layers = NULL;
	for (size_t i = 0; i < n && lead == SIZE_MAX; i++) {
		enum ll_vdisk t = ll_vdisk_of_file(paths[i]);

		if (t != LL_VDISK_NONE && (n == 1 || (t == LL_VDISK_VMDK &&
						      leads_all(paths, rels, n, i)))) {
			lead = i;
			v = t;
		}
	}
	if (!(p = ll_calloc(n, sizeof(*p))) || !(r = ll_calloc(n, sizeof(*r))) ||
	    !(order = ll_calloc(n, sizeof(*order)))) {
		ll_free(p);
		ll_free(r);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	/* a differencing disk and its parents: the child first, its chain after it */
	if (lead == SIZE_MAX && ll_vdisk_chain_order(order, paths, rels, n)) {
		lead = order[0];
		v = ll_vdisk_of_file(paths[lead]);
		chain = true;
	}
	if (lead == SIZE_MAX) {
		ll_free(p);
		ll_free(r);
		ll_free(order);
		return 0;
	}
	/* the descriptor first: the worker opens the disk by it, its extents are allowed reads */
	p[k] = paths[lead];
	r[k++] = rels[lead];
	for (size_t i = 0; i < n; i++)
		if (i != lead) {
			p[k] = paths[chain ? order[k] : i];
			r[k] = rels[chain ? order[k] : i];
			k++;
		}
	rc = ll_check_run(&res, "vdisk", id, p, r, n, NULL, NULL);
	/* each layer's own media, where it can be read alone (the chain's are the child's view) */
	if (rc == 0 && chain && layers && (rc = layer_media(layers, p, r, n, id)) < 0)
		ll_check_result_release(&res);
	ll_free(p);
	ll_free(r);
	ll_free(order);
	if (rc < 0)
		return rc;
	if (res.failed && payload)
		((struct ll_check_media *)payload)->failed = true;
	if (res.failed)
		rc = ll_error_set(LL_ECORRUPT, "%s", res.cause);
	else if (res.rc < 0)
		rc = ll_error_set(LL_ECORRUPT, "%s", res.message);
	else if (!res.has_media)
		rc = ll_error_set(LL_ECORRUPT, "the check worker gave no media hashes");
	else {
		*out = res.media;
		*size = res.media_size;
		*format = ll_vdisk_name(v);
	}
	ll_check_result_release(&res);
	return rc;
}

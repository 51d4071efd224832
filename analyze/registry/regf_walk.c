/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hive walk through libregf (regf_walk.h): every key with its path and
 * last-written time, values read only where they are interpreted, damage
 * said with the offset of the key it was found under.
 */
#include "core/compat.h"
#include "analyze/registry/regf_walk.h"

#include "analyze/registry/regf_lib.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

struct ll_regf_hive {
	libregf_file_t *f;
	libbfio_handle_t *bfio; /* the memory range of a hive opened from memory */
	char *name;
};

struct walk {
	struct ll_regf_hive *h;
	const struct ll_regf_limits *l;
	const struct ll_regf_walk_ops *ops;
	void *payload;
	struct ll_buf path;
	size_t root_len; /* bytes of the root's name in path */
	struct ll_buf names, msg;
	struct ll_regf_value *vals;
	uint8_t **data;
	size_t *name_at; /* where each value's name starts in `names` */
	size_t vcap;
	uint64_t nkeys;
	bool stopped;
	char shown[256];
};

/*
 * The key path for a message: whole, or its last components after "…\"
 * (a message holds 1 KiB; the offset beside it names the key for certain).
 */
static const char *shown(struct walk *w)
{
	const char *p = w->path.ptr, *tail;
	size_t max = sizeof(w->shown) - 8;

	if (w->path.len <= max)
		return p;
	tail = p + w->path.len - max;
	if (strchr(tail, '\\'))
		tail = strchr(tail, '\\') + 1;
	while (((unsigned char)*tail & 0xc0) == 0x80)
		tail++;
	snprintf(w->shown, sizeof(w->shown), "\xe2\x80\xa6\\%s", tail);
	return w->shown;
}

void ll_regf_limits_default(struct ll_regf_limits *l)
{
	l->max_depth = LL_REGF_MAX_DEPTH;
	l->max_keys = LL_REGF_MAX_KEYS;
	l->max_values = LL_REGF_MAX_VALUES;
	l->max_value_size = LL_REGF_MAX_VALUE_SIZE;
}

/*
 * libregf's message on one line, the error freed: its top line, and the
 * deepest line of its backtrace that names an offset in the hive (where
 * the damage is), when the top line does not.
 */
static void regf_err(char *out, size_t n, libregf_error_t **e)
{
	const struct ll_regf_api *rx = ll_regf_api_get(); /* loaded by open */
	char trace[2048];
	const char *where = NULL;

	out[0] = '\0';
	trace[0] = '\0';
	if (!e || !*e)
		return;
	rx->error_sprint(*e, out, n);
	rx->error_backtrace_sprint(*e, trace, sizeof(trace));
	rx->error_free(e);
	for (char *p = out; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	if (strstr(out, "offset"))
		return;
	/* the backtrace lists the innermost call first */
	for (char *line = trace, *next; line && *line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		if (strstr(line, "offset")) {
			where = line;
			break;
		}
	}
	if (where) {
		size_t len = strlen(out);

		while (len && out[len - 1] == ' ')
			out[--len] = '\0';
		snprintf(out + len, n - len, " (%s)", where);
	}
}

int ll_regf_hive_open(struct ll_regf_hive **out, const char *path, const char *name)
{
	const struct ll_regf_api *rx = ll_regf_api_get(); /* first use: loads it */
	struct ll_regf_hive *h = NULL;
	libregf_error_t *err = NULL;
	char emsg[512];
	int rc;

	*out = NULL;
	if (!rx) /* libregf.so.1 missing: said by the error the getter set */
		return ll_error_context("'%s'", name);
	if (!(h = ll_calloc(1, sizeof(*h))) || !(h->name = ll_strdup(name))) {
		rc = LL_ENOMEM;
		goto fail;
	}
	if (rx->file_initialize(&h->f, &err) != 1) {
		regf_err(emsg, sizeof(emsg), &err);
		rc = ll_error_set(LL_ENOMEM, "libregf: %s", emsg);
		goto fail;
	}
	if (rx->file_open(h->f, path, LIBREGF_OPEN_READ, &err) != 1) {
		regf_err(emsg, sizeof(emsg), &err);
		rx->file_free(&h->f, NULL);
		rc = ll_error_set(LL_ECORRUPT, "'%s': not a readable registry hive: %s", name, emsg);
		goto fail;
	}
	*out = h;
	return 0;
fail:
	if (h)
		ll_free(h->name);
	ll_free(h);
	return rc;
}

int ll_regf_hive_open_mem(struct ll_regf_hive **out, const uint8_t *data, size_t len,
			  const char *name)
{
	const struct ll_regf_api *rx = ll_regf_api_get(); /* preloaded before a lock-down */
	const struct ll_regf_bfio_api *lb = rx ? ll_regf_bfio_api_get() : NULL;
	struct ll_regf_hive *h = NULL;
	libregf_error_t *err = NULL;
	libbfio_error_t *berr = NULL;
	char emsg[512];
	int rc;

	*out = NULL;
	if (!rx || !lb)
		return ll_error_context("'%s'", name);
	if (!(h = ll_calloc(1, sizeof(*h))) || !(h->name = ll_strdup(name))) {
		rc = LL_ENOMEM;
		goto fail;
	}
	/* libbfio reads the caller's bytes in place: `data` outlives the hive */
	if (lb->memory_range_initialize(&h->bfio, &berr) != 1 ||
	    lb->memory_range_set(h->bfio, (uint8_t *)(uintptr_t)data, len, &berr) != 1) {
		lb->error_free(&berr);
		rc = ll_error_set(LL_ENOMEM, "libbfio: cannot make a memory range");
		goto fail;
	}
	if (rx->file_initialize(&h->f, &err) != 1) {
		regf_err(emsg, sizeof(emsg), &err);
		rc = ll_error_set(LL_ENOMEM, "libregf: %s", emsg);
		goto fail;
	}
	if (rx->file_open_file_io_handle(h->f, h->bfio, LIBREGF_OPEN_READ, &err) != 1) {
		regf_err(emsg, sizeof(emsg), &err);
		rx->file_free(&h->f, NULL);
		rc = ll_error_set(LL_ECORRUPT, "'%s': not a readable registry hive: %s", name, emsg);
		goto fail;
	}
	*out = h;
	return 0;
fail:
	if (h) {
		if (h->bfio)
			lb->handle_free(&h->bfio, NULL);
		ll_free(h->name);
	}
	ll_free(h);
	return rc;
}

void ll_regf_hive_free(struct ll_regf_hive *h)
{
	const struct ll_regf_api *rx;

	if (!h)
		return;
	rx = ll_regf_api_get(); /* loaded by open */
	rx->file_close(h->f, NULL);
	rx->file_free(&h->f, NULL);
	if (h->bfio)
		ll_regf_bfio_api_get()->handle_free(&h->bfio, NULL);
	ll_free(h->name);
	ll_free(h);
}

bool ll_regf_hive_corrupted(struct ll_regf_hive *h)
{
	return ll_regf_api_get()->file_is_corrupted(h->f, NULL) == 1;
}

/* The value's data, at most `max` bytes, into a fresh allocation (*len its size). */
static int value_data(uint8_t **out, size_t *len, uint64_t *size, libregf_value_t *v, size_t max,
		      uint32_t *type)
{
	const struct ll_regf_api *rx = ll_regf_api_get();
	size_t n = 0;
	uint8_t *d;

	*out = NULL;
	*len = 0;
	*size = 0;
	if (rx->value_get_value_type(v, type, NULL) != 1)
		return LL_ECORRUPT;
	if (rx->value_get_value_data_size(v, &n, NULL) != 1)
		return LL_ECORRUPT;
	*size = n;
	if (n == 0)
		return 0;
	if (n > max)
		/* libregf reads a value whole: a larger one is not read at all */
		return 0;
	if (!(d = ll_malloc(n)))
		return LL_ENOMEM;
	if (rx->value_get_value_data(v, d, n, NULL) != 1) {
		ll_free(d);
		return LL_ECORRUPT;
	}
	*out = d;
	*len = n;
	return 0;
}

static void free_values(struct walk *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ll_free(w->data[i]);
		w->data[i] = NULL;
	}
}

/* Reads up to the limit of values of `key` into w->vals; *n the count read. */
static int read_values(struct walk *w, size_t *n, libregf_key_t *key, int count,
		       int64_t key_off)
{
	const struct ll_regf_api *rx = ll_regf_api_get();
	size_t want = (size_t)count;
	char emsg[512];
	int rc = 0;

	*n = 0;
	if (want > w->l->max_values) {
		ll_buf_reset(&w->msg);
		if (ll_buf_printf(&w->msg, "'%s': key '%s' (offset %lld): %d values, only the first %" PRIu32 " read",
				  w->h->name, shown(w), (long long)key_off, count,
				  w->l->max_values) >= 0)
			w->ops->limit(w->payload, w->msg.ptr);
		want = w->l->max_values;
	}
	if (want > w->vcap) {
		struct ll_regf_value *v = ll_reallocarray(w->vals, want, sizeof(*v));
		uint8_t **d;
		size_t *at;

		if (!v)
			return LL_ENOMEM;
		w->vals = v;
		if (!(d = ll_reallocarray(w->data, want, sizeof(*d))))
			return LL_ENOMEM;
		w->data = d;
		if (!(at = ll_reallocarray(w->name_at, want, sizeof(*at))))
			return LL_ENOMEM;
		w->name_at = at;
		for (size_t i = w->vcap; i < want; i++)
			w->data[i] = NULL;
		w->vcap = want;
	}
	/* names are kept in one buffer, NUL-separated, and pointed at after it stops growing */
	ll_buf_reset(&w->names);
	{
		size_t *name_at = w->name_at;

		for (size_t i = 0; i < want; i++) {
			libregf_value_t *v = NULL;
			libregf_error_t *err = NULL;
			struct ll_regf_value *out = &w->vals[*n];
			size_t nsz = 0;
			off64_t voff = 0;

			if (rx->key_get_value(key, (int)i, &v, &err) != 1) {
				regf_err(emsg, sizeof(emsg), &err);
				ll_buf_reset(&w->msg);
				if (ll_buf_printf(&w->msg, "'%s': key '%s' (offset %lld): value %zu unreadable: %s",
						  w->h->name, shown(w), (long long)key_off, i,
						  emsg) >= 0)
					w->ops->damaged(w->payload, w->msg.ptr);
				continue;
			}
			rx->value_get_offset(v, &voff, NULL);
			name_at[*n] = w->names.len;
			if (rx->value_get_utf8_name_size(v, &nsz, NULL) == 1 && nsz > 1 &&
			    nsz < 65536) {
				if ((rc = ll_buf_grow(&w->names, nsz)) < 0) {
					rx->value_free(&v, NULL);
					break;
				}
				if (rx->value_get_utf8_name(v, (uint8_t *)w->names.ptr + w->names.len,
							    nsz, NULL) == 1)
					w->names.len += strnlen(w->names.ptr + w->names.len, nsz);
			}
			if ((rc = ll_buf_putc(&w->names, '\0')) < 0) {
				rx->value_free(&v, NULL);
				break;
			}
			*out = (struct ll_regf_value){ 0 };
			rc = value_data(&w->data[*n], &out->len, &out->size, v, w->l->max_value_size,
					&out->type);
			rx->value_free(&v, NULL);
			if (rc == LL_ENOMEM)
				break;
			if (rc < 0) {
				rc = 0;
				ll_buf_reset(&w->msg);
				if (ll_buf_printf(&w->msg, "'%s': key '%s' (offset %lld): value %zu data unreadable (value offset %lld)",
						  w->h->name, shown(w), (long long)key_off, i,
						  (long long)voff) >= 0)
					w->ops->damaged(w->payload, w->msg.ptr);
				w->names.len = name_at[*n];
				continue;
			}
			out->data = w->data[*n];
			(*n)++;
		}
		for (size_t i = 0; i < *n; i++)
			w->vals[i].name = w->names.ptr + name_at[i];
	}
	return rc;
}

static int walk_key(struct walk *w, libregf_key_t *key, unsigned depth)
{
	const struct ll_regf_api *rx = ll_regf_api_get();
	struct ll_regf_key k = { 0 };
	libregf_error_t *err = NULL;
	off64_t off = 0;
	int nsub = 0, nval = 0;
	size_t nread = 0;
	char emsg[512];
	int rc = 0;

	if (w->nkeys >= w->l->max_keys) {
		if (!w->stopped) {
			ll_buf_reset(&w->msg);
			if (ll_buf_printf(&w->msg, "'%s': more than %" PRIu64 " keys: the rest not read (from key '%s')",
					  w->h->name, w->l->max_keys, shown(w)) >= 0)
				w->ops->limit(w->payload, w->msg.ptr);
		}
		w->stopped = true;
		return 0;
	}
	rx->key_get_offset(key, &off, NULL);
	k.path = w->path.ptr;
	k.rel = w->path.len > w->root_len ? w->path.ptr + w->root_len + 1 : "";
	k.depth = depth;
	k.offset = (int64_t)off;
	if (rx->key_get_last_written_time(key, &k.filetime, NULL) != 1)
		k.filetime = 0;
	if (rx->key_get_number_of_sub_keys(key, &nsub, &err) != 1 || nsub < 0) {
		regf_err(emsg, sizeof(emsg), &err);
		ll_buf_reset(&w->msg);
		if (ll_buf_printf(&w->msg, "'%s': key '%s' (offset %lld): sub keys unreadable: %s",
				  w->h->name, shown(w), (long long)off, emsg) >= 0)
			w->ops->damaged(w->payload, w->msg.ptr);
		nsub = 0;
	}
	if (rx->key_get_number_of_values(key, &nval, &err) != 1 || nval < 0) {
		regf_err(emsg, sizeof(emsg), &err);
		ll_buf_reset(&w->msg);
		if (ll_buf_printf(&w->msg, "'%s': key '%s' (offset %lld): values unreadable: %s",
				  w->h->name, shown(w), (long long)off, emsg) >= 0)
			w->ops->damaged(w->payload, w->msg.ptr);
		nval = 0;
	}
	k.nsubkeys = (uint32_t)nsub;
	k.nvalues = (uint32_t)nval;
	if (nval > 0 && w->ops->want_values && w->ops->want_values(k.rel)) {
		rc = read_values(w, &nread, key, nval, k.offset);
		k.values = w->vals;
		k.nvals_read = nread;
	}
	if (rc >= 0) {
		w->nkeys++;
		rc = w->ops->key(w->payload, &k);
	}
	free_values(w, nread);
	if (rc < 0)
		return rc;
	if (nsub > 0 && depth + 1 >= w->l->max_depth) {
		ll_buf_reset(&w->msg);
		if (ll_buf_printf(&w->msg, "'%s': key '%s' (offset %lld) is %u levels deep: its %d sub keys not read",
				  w->h->name, shown(w), (long long)off, depth + 1, nsub) >= 0)
			w->ops->limit(w->payload, w->msg.ptr);
		return 0;
	}
	for (int i = 0; i < nsub && !w->stopped; i++) {
		libregf_key_t *sub = NULL;
		size_t keep = w->path.len, nsz = 0;

		if (rx->key_get_sub_key(key, i, &sub, &err) != 1) {
			regf_err(emsg, sizeof(emsg), &err);
			ll_buf_reset(&w->msg);
			if (ll_buf_printf(&w->msg, "'%s': key '%s' (offset %lld): sub key %d unreadable: %s",
					  w->h->name, shown(w), (long long)off, i, emsg) >= 0)
				w->ops->damaged(w->payload, w->msg.ptr);
			continue;
		}
		rc = ll_buf_putc(&w->path, '\\');
		if (rc >= 0 && rx->key_get_utf8_name_size(sub, &nsz, NULL) == 1 && nsz > 1 &&
		    nsz < 65536 && (rc = ll_buf_grow(&w->path, nsz)) >= 0 &&
		    rx->key_get_utf8_name(sub, (uint8_t *)w->path.ptr + w->path.len, nsz, NULL) == 1) {
			w->path.len += strnlen(w->path.ptr + w->path.len, nsz);
			w->path.ptr[w->path.len] = '\0';
		}
		if (rc >= 0)
			rc = walk_key(w, sub, depth + 1);
		rx->key_free(&sub, NULL);
		w->path.len = keep;
		w->path.ptr[keep] = '\0';
		if (rc < 0)
			return rc;
	}
	return 0;
}

int ll_regf_hive_walk(uint64_t *nkeys, struct ll_regf_hive *h, const struct ll_regf_limits *l,
		      const struct ll_regf_walk_ops *ops, void *payload)
{
	const struct ll_regf_api *rx = ll_regf_api_get(); /* loaded by open */
	struct walk w = { .h = h, .l = l, .ops = ops, .payload = payload };
	libregf_key_t *root = NULL;
	libregf_error_t *err = NULL;
	char emsg[512];
	size_t nsz = 0;
	int rc;

	*nkeys = 0;
	ll_buf_init(&w.path);
	ll_buf_init(&w.names);
	ll_buf_init(&w.msg);
	if (rx->file_get_root_key(h->f, &root, &err) != 1) {
		regf_err(emsg, sizeof(emsg), &err);
		rc = ll_error_set(LL_ECORRUPT, "'%s': root key unreadable: %s", h->name, emsg);
		goto out;
	}
	if ((rc = ll_buf_puts(&w.path, "")) < 0)
		goto out;
	if (rx->key_get_utf8_name_size(root, &nsz, NULL) == 1 && nsz > 1 && nsz < 65536 &&
	    (rc = ll_buf_grow(&w.path, nsz)) >= 0 &&
	    rx->key_get_utf8_name(root, (uint8_t *)w.path.ptr, nsz, NULL) == 1) {
		w.path.len = strnlen(w.path.ptr, nsz);
		w.path.ptr[w.path.len] = '\0';
	}
	if (rc < 0)
		goto out;
	w.root_len = w.path.len;
	rc = walk_key(&w, root, 0);
out:
	*nkeys = w.nkeys;
	if (root)
		rx->key_free(&root, NULL);
	free_values(&w, w.vcap);
	ll_free(w.vals);
	ll_free(w.data);
	ll_free(w.name_at);
	ll_buf_release(&w.path);
	ll_buf_release(&w.names);
	ll_buf_release(&w.msg);
	return rc;
}

int ll_regf_hive_value_text(struct ll_buf *out, struct ll_regf_hive *h, const char *rel,
			    const char *value)
{
	const struct ll_regf_api *rx = ll_regf_api_get(); /* loaded by open */
	libregf_key_t *key = NULL;
	libregf_value_t *v = NULL;
	struct ll_regf_value rv = { .name = value };
	uint8_t *data = NULL;
	int rc;

	ll_buf_reset(out);
	if (rx->file_get_key_by_utf8_path(h->f, (const uint8_t *)rel, strlen(rel), &key, NULL) != 1 ||
	    !key)
		return LL_ENOTFOUND;
	if (rx->key_get_value_by_utf8_name(key, (const uint8_t *)value, strlen(value), &v, NULL) != 1 ||
	    !v) {
		rc = LL_ENOTFOUND;
		goto out;
	}
	if ((rc = value_data(&data, &rv.len, &rv.size, v, 4096, &rv.type)) < 0)
		goto out;
	rv.data = data;
	rc = ll_regf_value_text(out, &rv);
out:
	ll_free(data);
	if (v)
		rx->value_free(&v, NULL);
	rx->key_free(&key, NULL);
	return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The registry hive reader ("regf"): a loose hive file (SYSTEM, SOFTWARE,
 * NTUSER.DAT …) read with libregf in the reader's worker. Every key's
 * last-written time is an event (locator hive=FILE;key=PATH); the keys that
 * say something of the host, its persistence and its user's activity give
 * one more event per fact (regf_interp.c), at the same time.
 */
#include "core/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/input.h"
#include "analyze/readers/prepared.h"
#include "analyze/readers/textlog.h"
#include "analyze/registry/regf_events.h"
#include "analyze/registry/regf_interp.h"
#include "analyze/registry/regf_reader.h"
#include "analyze/registry/regf_salvage.h"
#include "analyze/registry/regf_walk.h"
#include "analyze/source.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/hostname.h"
#include "core/json.h"
#include "core/time.h"

#define GZIP_MAX (INT64_C(1) << 30) /* refuse to inflate more than 1 GiB */
#define REGF_HEADER 4096            /* the base block */

static int probe(const uint8_t *head, size_t len, uint64_t file_size)
{
	LL_UNUSED(file_size);
	return len >= 4 && memcmp(head, "regf", 4) == 0 ? 100 : 0;
}

struct run {
	struct ll_source_ctx *ctx;
	const struct ll_regf_where *where; /* the hive: loose, or inside an image */
	const char *label;          /* where->label: names the hive in warnings */
	struct ll_regf_hive_info info;
	const char *host;           /* the SYSTEM hive's own ComputerName, else NULL */
	struct ll_buf loc, attrs, name;
	const struct ll_regf_key *key; /* the key being interpreted */
	int64_t key_ns;
	const char *key_raw;
	char raw[32];
	uint64_t untimed;
	uint64_t damaged;         /* parts the walk skipped: a cell scan follows */
	int64_t *walked;          /* the walk's key offsets, sorted for the scan */
	size_t nwalked, cwalked;
	bool salvaging;
};

/* The hive as opened (and, for gzip input, the memory file libregf reads). */
struct opened {
	struct ll_regf_hive *h;
	int memfd;
};

static int open_hive(struct opened *o, struct ll_source_ctx *ctx)
{
	uint8_t magic[2] = { 0, 0 };
	uint64_t memlen = 0;
	FILE *fp;
	int rc;

	*o = (struct opened){ .memfd = -1 };
	if ((fp = fopen(ctx->path, "rb"))) {
		if (fread(magic, 1, 2, fp) != 2)
			magic[0] = 0;
		fclose(fp);
	}
	if (magic[0] == 0x1f && magic[1] == 0x8b) {
		char fdpath[64];

		/* libregf opens names: the inflated bytes go through a memory file */
		if ((rc = ll_input_memfd_header(&o->memfd, &memlen, ctx->path, GZIP_MAX,
						ctx->rel_path, REGF_HEADER, "registry hive")) < 0)
			return rc;
		snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", o->memfd);
		rc = ll_regf_hive_open(&o->h, fdpath, ctx->rel_path);
	} else {
		rc = ll_regf_hive_open(&o->h, ctx->path, ctx->rel_path);
	}
	if (rc < 0 && o->memfd >= 0) {
		close(o->memfd);
		o->memfd = -1;
	}
	return rc;
}

static void close_hive(struct opened *o)
{
	ll_regf_hive_free(o->h);
	o->h = NULL;
	if (o->memfd >= 0)
		close(o->memfd);
	o->memfd = -1;
}

static int add_event(struct run *r, const char *category, const char *message,
		     const char *attrs)
{
	struct ll_source_ctx *ctx = r->ctx;
	struct ll_event ev = { 0 };
	int rc;

	ev.evidence_id = ctx->ev->id;
	ev.time_ns = r->key_ns;
	ev.time_desc = "Last Written Time";
	ev.time_raw = r->key_raw;
	ev.time_rule = "REGF key last written time (FILETIME, UTC)";
	ev.source = "registry";
	ev.parser = "regf";
	ev.category = category;
	/* inside an image the item's host is the image's own (hosts.c, from this same hive) */
	ev.host = r->where->data ? NULL : r->host;
	ev.path = r->where->path;
	ev.event_code = -1;
	ev.locator = r->loc.ptr;
	ev.message = message;
	ev.attrs = attrs;
	if ((rc = ll_event_add(ctx->w, &ev, NULL)) < 0) {
		if (ll_time_range_error()) { /* the clock offset moves it out of range: this key only */
			ctx->stats->rejected++;
			ll_source_warn(ctx, "'%s': key '%s' (offset %lld): %s", r->label,
				       r->key->path, (long long)r->key->offset, ll_error_message());
			return 0;
		}
		/* a storage failure is not a bad key: the caller stops */
		return rc == LL_ECORRUPT ? LL_EIO : rc;
	}
	return 0;
}

/*
 * A key or value name in a locator: '%', the separators ';' and '=' and
 * control characters (C0, DEL, C1: key names may hold them, to hide a Run
 * entry from regedit) become %HH of their UTF-8 bytes; the rest is kept.
 * `text` is valid UTF-8 (ll_tl_put_text made it so).
 */
static int put_loc(struct ll_buf *b, const char *text, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *)text;
	int rc = 0;

	for (size_t i = 0; i < len && rc >= 0; i++) {
		bool c1 = u[i] == 0xc2 && i + 1 < len && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f;
		size_t n = c1 ? 2 : 1;

		if (c1 || u[i] < 0x20 || u[i] == 0x7f || u[i] == '%' || u[i] == ';' || u[i] == '=') {
			for (size_t k = 0; k < n && rc >= 0; k++) {
				char e[3] = { '%', hex[u[i + k] >> 4], hex[u[i + k] & 15] };

				rc = ll_buf_put(b, e, 3);
			}
			i += n - 1;
		} else {
			rc = ll_buf_putc(b, text[i]);
		}
	}
	return rc;
}

/*
 * A locator holds at most LL_FRAME_LOCATOR_MAX bytes: a longer key path
 * keeps its last components after "…\" (the message has it whole) and the
 * key's offset names it for certain.
 */
#define LOC_PATH_MAX 1536

/* hive=FILE;key=PATH[;value=NAME][;offset=N] */
static int locator(struct run *r, const char *value)
{
	const char *path = r->key->path;
	int rc;

	ll_buf_reset(&r->loc);
	ll_buf_reset(&r->name);
	rc = ll_buf_printf(&r->loc, "%shive=", r->where->loc_prefix);
	/* a path inside an image is the attacker's: escaped as key names are */
	if (rc >= 0)
		rc = r->where->loc_prefix[0] ? put_loc(&r->loc, r->where->hive, strlen(r->where->hive))
					     : ll_buf_puts(&r->loc, r->where->hive);
	if (rc >= 0)
		rc = ll_buf_puts(&r->loc, ";key=");
	if (rc >= 0)
		rc = ll_tl_put_text(&r->name, path, strlen(path), false);
	if (rc >= 0 && r->name.len > LOC_PATH_MAX) {
		const char *tail = r->name.ptr + r->name.len - LOC_PATH_MAX;
		const char *sep = strchr(tail, '\\');

		tail = sep ? sep + 1 : tail;
		/* not inside a UTF-8 sequence */
		while (((unsigned char)*tail & 0xc0) == 0x80)
			tail++;
		rc = ll_buf_puts(&r->loc, "\xe2\x80\xa6\\");
		if (rc >= 0)
			rc = put_loc(&r->loc, tail, strlen(tail));
		if (rc >= 0 && !r->salvaging)
			rc = ll_buf_printf(&r->loc, ";offset=%lld", (long long)r->key->offset);
	} else if (rc >= 0) {
		rc = put_loc(&r->loc, r->name.ptr, r->name.len);
	}
	if (rc >= 0 && value && *value) {
		ll_buf_reset(&r->name);
		rc = ll_buf_puts(&r->loc, ";value=");
		if (rc >= 0)
			rc = ll_tl_put_text(&r->name, value, strlen(value), false);
		if (rc >= 0) {
			size_t n = r->name.len > 256 ? 256 : r->name.len;

			/* cut at a character's start */
			while (n < r->name.len && ((unsigned char)r->name.ptr[n] & 0xc0) == 0x80)
				n--;
			rc = put_loc(&r->loc, r->name.ptr, n);
		}
	}
	return rc;
}

static int on_fact(void *payload, const struct ll_regf_fact *f)
{
	struct run *r = payload;
	int rc;

	if ((rc = locator(r, f->value)) < 0)
		return rc;
	return add_event(r, f->category, f->message, f->attrs);
}

static int on_key(void *payload, const struct ll_regf_key *k)
{
	struct run *r = payload;
	struct ll_source_ctx *ctx = r->ctx;
	struct ll_tl_obj o;
	int rc;

	r->key = k;
	if (!r->salvaging) {
		if (r->nwalked == r->cwalked) {
			size_t cap = r->cwalked ? r->cwalked * 2 : 1024;
			int64_t *p = ll_reallocarray(r->walked, cap, sizeof(*p));

			if (!p)
				return LL_ENOMEM;
			r->walked = p;
			r->cwalked = cap;
		}
		r->walked[r->nwalked++] = k->offset;
	}
	snprintf(r->raw, sizeof(r->raw), "0x%016" PRIx64, k->filetime);
	r->key_raw = r->raw;
	if (k->filetime == 0 || ll_time_ns_from_filetime(&r->key_ns, k->filetime) < 0) {
		/* a key without a usable time is still walked; its facts have no time to stand at */
		r->untimed++;
		if (r->untimed <= 20)
			ll_source_warn(ctx, "'%s': key '%s' (offset %lld): last written time %s unusable",
				       r->label, k->path, (long long)k->offset, r->raw);
		return 0;
	}
	ll_buf_reset(&r->attrs);
	ll_tl_obj_begin(&o, &r->attrs);
	ll_tl_obj_int(&o, "subkeys", k->nsubkeys);
	ll_tl_obj_int(&o, "values", k->nvalues);
	ll_tl_obj_int(&o, "offset", k->offset);
	if (r->salvaging)
		ll_tl_obj_bool(&o, "salvaged", true);
	if ((rc = ll_tl_obj_end(&o)) < 0 || (rc = locator(r, NULL)) < 0)
		return rc;
	/* a salvaged key is named by its cell too: its path may be partial */
	if (r->salvaging && (rc = ll_buf_printf(&r->loc, ";offset=%lld;salvaged",
						(long long)k->offset)) < 0)
		return rc;
	ll_buf_reset(&r->name);
	if ((rc = ll_tl_put_text(&r->name, k->path, strlen(k->path), false)) < 0 ||
	    (rc = add_event(r, NULL, r->name.ptr, r->attrs.ptr)) < 0)
		return rc;
	if (r->salvaging)
		return 0; /* no values read: nothing to interpret */
	return ll_regf_interpret(k, &r->info, on_fact, r);
}

static void on_damaged(void *payload, const char *msg)
{
	struct run *r = payload;

	r->ctx->stats->rejected++;
	r->damaged++;
	ll_source_warn(r->ctx, "%s", msg);
}

static void on_limit(void *payload, const char *msg)
{
	struct run *r = payload;

	ll_source_partial(r->ctx, "limit", "%s", msg);
}

/* What must be known before the walk: the control set in use, the computer's name. */
static int hive_info(struct run *r, struct ll_regf_hive *h, struct ll_buf *host)
{
	char rel[96];
	int rc;

	if ((rc = ll_regf_hive_value_text(host, h, "Select", "Current")) == 0)
		r->info.current_cs = ll_regf_parse_current(host->ptr);
	else if (rc != LL_ENOTFOUND)
		return rc;
	snprintf(rel, sizeof(rel), "ControlSet%03u\\Control\\ComputerName\\ComputerName",
		 r->info.current_cs ? r->info.current_cs : 1);
	rc = ll_regf_hive_value_text(host, h, rel, "ComputerName");
	if (rc == 0) {
		char why[160];

		/* the events name the host only with a name the attacker could not bend */
		if (ll_hostname_check(host->ptr, host->len, why, sizeof(why)) == 0)
			r->host = host->ptr;
		else
			ll_source_warn(r->ctx, "'%s': ComputerName of %s is not a host name (%s): the events name no host",
				       r->label, rel, why);
	}
	return rc == LL_ENOTFOUND ? 0 : rc;
}

static int cmp_off(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static bool salvage_seen(void *payload, int64_t offset)
{
	struct run *r = payload;

	return r->nwalked && bsearch(&offset, r->walked, r->nwalked, sizeof(offset), cmp_off);
}

static int salvage_key(void *payload, const struct ll_regf_key *k, bool orphan)
{
	LL_UNUSED(orphan); /* its path says so: "?\" first */
	return on_key(payload, k);
}

static void salvage_warn(void *payload, const char *msg)
{
	struct run *r = payload;

	ll_source_warn(r->ctx, "%s", msg);
}

#define SALVAGE_MAX ((uint64_t)1 << 30) /* bytes of a hive read for the scan */

/* The file's bytes (`memfd` for gzip input) for the scan: at most SALVAGE_MAX. */
static int read_all(uint8_t **out, size_t *len, struct ll_source_ctx *ctx, int memfd)
{
	int fd = memfd >= 0 ? memfd : ll_input_bound_fd(ctx->path);
	bool own = false;
	struct stat sb;
	uint8_t *d = NULL;
	size_t got = 0;
	int rc = 0;

	*out = NULL;
	*len = 0;
	if (fd < 0) {
		if ((fd = open(ctx->path, O_RDONLY | O_CLOEXEC)) < 0)
			return ll_error_set(LL_EIO, "cannot open '%s': %s", ctx->rel_path,
					    strerror(errno));
		own = true;
	}
	if (fstat(fd, &sb) != 0) {
		rc = ll_error_set(LL_EIO, "cannot stat '%s'", ctx->rel_path);
		goto out;
	}
	if ((uint64_t)sb.st_size > SALVAGE_MAX) {
		rc = ll_error_set(LL_EUNSUPPORTED, "'%s': %lld bytes, more than the scan reads",
				  ctx->rel_path, (long long)sb.st_size);
		goto out;
	}
	if (!(d = ll_malloc((size_t)sb.st_size + 1))) {
		rc = LL_ENOMEM;
		goto out;
	}
	while (got < (size_t)sb.st_size) {
		ssize_t k = pread(fd, d + got, (size_t)sb.st_size - got, (off_t)got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	*out = d;
	*len = got;
	d = NULL;
out:
	ll_free(d);
	if (own)
		close(fd);
	return rc;
}

/*
 * What libregf could not reach, from the cells: the whole hive when it
 * refused to open it, else the keys below a damaged list (those the walk
 * read are not repeated).
 */
static int salvage(struct run *r, int memfd)
{
	struct ll_source_ctx *ctx = r->ctx;
	struct ll_regf_salvage_ops ops = { salvage_key, salvage_seen, salvage_warn };
	uint8_t *data = NULL;
	size_t len = 0;
	uint64_t found = 0;
	int rc;

	if (r->where->data) { /* a hive inside an image: its bytes are here */
		data = (uint8_t *)(uintptr_t)r->where->data;
		len = r->where->len;
	} else if ((rc = read_all(&data, &len, ctx, memfd)) < 0) {
		return rc;
	}
	if (r->nwalked > 1)
		qsort(r->walked, r->nwalked, sizeof(*r->walked), cmp_off);
	r->salvaging = true;
	rc = ll_regf_salvage(&found, data, len, r->label, LL_REGF_MAX_KEYS, &ops, r);
	r->salvaging = false;
	if (!r->where->data)
		ll_free(data);
	if (rc >= 0)
		ll_source_warn_code(ctx, "regf.salvaged",
				    json_pack("{s:s, s:I}", "label", r->label,
				              "count", (json_int_t)found),
				    "'%s': %" PRIu64 " more keys found by scanning the hive's cells (locator ;salvaged)",
				    r->label, found);
	return rc;
}

/* A worker's hive, opened before its lock-down (prepare). */
static struct ll_prepared prepared;
static struct opened prepared_hive = { .memfd = -1 };

static int prepare(struct ll_source_ctx *ctx)
{
	return ll_prepared_done(&prepared, open_hive(&prepared_hive, ctx));
}

/*
 * The events of one hive `o` (opened, or refused with `open_rc`): every
 * key, the interpreted facts, the cells libregf could not reach.
 */
static int hive_events(struct ll_source_ctx *ctx, const struct ll_regf_where *w,
		       struct opened *o, int open_rc)
{
	struct run r = { .ctx = ctx, .where = w, .label = w->label };
	struct ll_regf_walk_ops ops = {
		.key = on_key,
		.damaged = on_damaged,
		.limit = on_limit,
		.want_values = ll_regf_wants_values,
	};
	struct ll_regf_limits lim;
	struct ll_buf host;
	uint64_t nkeys = 0;
	int rc = open_rc;

	ll_buf_init(&r.loc);
	ll_buf_init(&r.attrs);
	ll_buf_init(&r.name);
	ll_buf_init(&host);
	if (rc == LL_ECORRUPT) {
		/* libregf refuses a hive cut short: its cells may still be there */
		ll_source_warn(ctx, "%s", ll_error_message());
		ctx->stats->rejected++;
		rc = salvage(&r, -1);
		goto out;
	}
	if (rc < 0)
		goto out;
	if (ll_regf_hive_corrupted(o->h))
		ll_source_warn_code(ctx, "regf.corrupted",
				    json_pack("{s:s}", "label", r.label),
				    "'%s': libregf reports the hive as corrupted (dirty or damaged); keys it could read are kept",
				    r.label);
	if ((rc = hive_info(&r, o->h, &host)) < 0)
		goto out;
	ll_regf_limits_default(&lim);
	rc = ll_regf_hive_walk(&nkeys, o->h, &lim, &ops, &r);
	if (rc == LL_ECORRUPT) { /* not even the root: the cells then */
		ll_source_warn(ctx, "%s", ll_error_message());
		ctx->stats->rejected++;
		r.damaged++;
		rc = 0;
	}
	if (rc >= 0 && r.damaged)
		rc = salvage(&r, o->memfd);
	if (r.untimed > 20)
		ll_source_warn(ctx, "'%s': %" PRIu64 " keys without a usable last written time (first 20 named)",
			       r.label, r.untimed);
out:
	ll_buf_release(&r.loc);
	ll_buf_release(&r.attrs);
	ll_buf_release(&r.name);
	ll_buf_release(&host);
	ll_free(r.walked);
	return rc;
}

static int run(struct ll_source_ctx *ctx)
{
	struct opened o = { .memfd = -1 };
	struct ll_regf_where w = { ctx->rel_path, ctx->rel_path, ctx->rel_path, "", NULL, 0 };
	int rc = 0;

	if (ll_prepared_take(&prepared, &rc)) {
		o = prepared_hive;
		prepared_hive = (struct opened){ .memfd = -1 };
	} else {
		rc = open_hive(&o, ctx);
	}
	rc = hive_events(ctx, &w, &o, rc);
	close_hive(&o);
	return rc;
}

int ll_regf_events_mem(struct ll_source_ctx *ctx, const struct ll_regf_where *w)
{
	struct opened o = { .memfd = -1 };
	int rc = ll_regf_hive_open_mem(&o.h, w->data, w->len, w->label);

	rc = hive_events(ctx, w, &o, rc);
	close_hive(&o);
	return rc;
}

const struct ll_source_kind ll_source_regf = {
	.name = "regf",
	.probe = probe,
	.run = run,
	.prepare = prepare,
	.worker = true,
};

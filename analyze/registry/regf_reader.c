/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The registry hive reader ("regf"): a loose hive file (SYSTEM, SOFTWARE,
 * NTUSER.DAT …) read with libregf in the reader's worker. Every key's
 * last-written time is an event (locator hive=FILE;key=PATH); the keys that
 * say something of the host, its persistence and its user's activity give
 * one more event per fact (regf_interp.c), at the same time.
 */
#include "core/compat.h"

#include <unistd.h>

#include "analyze/input.h"
#include "analyze/readers/prepared.h"
#include "analyze/readers/textlog.h"
#include "analyze/registry/regf_interp.h"
#include "analyze/registry/regf_reader.h"
#include "analyze/registry/regf_walk.h"
#include "analyze/source.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/event.h"
#include "core/evidence.h"
#include "core/hostname.h"
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
	struct ll_regf_hive_info info;
	const char *host;           /* the SYSTEM hive's own ComputerName, else NULL */
	struct ll_buf loc, attrs, name;
	const struct ll_regf_key *key; /* the key being interpreted */
	int64_t key_ns;
	const char *key_raw;
	char raw[32];
	uint64_t untimed;
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
	ev.host = r->host;
	ev.path = ctx->rel_path;
	ev.event_code = -1;
	ev.locator = r->loc.ptr;
	ev.message = message;
	ev.attrs = attrs;
	if ((rc = ll_event_add(ctx->w, &ev, NULL)) < 0) {
		if (ll_time_range_error()) { /* the clock offset moves it out of range: this key only */
			ctx->stats->rejected++;
			ll_source_warn(ctx, "'%s': key '%s' (offset %lld): %s", ctx->rel_path,
				       r->key->path, (long long)r->key->offset, ll_error_message());
			return 0;
		}
		/* a storage failure is not a bad key: the caller stops */
		return rc == LL_ECORRUPT ? LL_EIO : rc;
	}
	return 0;
}

/* hive=FILE;key=PATH[;value=NAME] */
static int locator(struct run *r, const char *value)
{
	int rc;

	ll_buf_reset(&r->loc);
	rc = ll_buf_printf(&r->loc, "hive=%s;key=", r->ctx->rel_path);
	if (rc >= 0)
		rc = ll_tl_put_text(&r->loc, r->key->path, strlen(r->key->path), false);
	if (rc >= 0 && value && *value) {
		rc = ll_buf_puts(&r->loc, ";value=");
		if (rc >= 0)
			rc = ll_tl_put_text(&r->loc, value, strlen(value), false);
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
	snprintf(r->raw, sizeof(r->raw), "0x%016" PRIx64, k->filetime);
	r->key_raw = r->raw;
	if (k->filetime == 0 || ll_time_ns_from_filetime(&r->key_ns, k->filetime) < 0) {
		/* a key without a usable time is still walked; its facts have no time to stand at */
		r->untimed++;
		if (r->untimed <= 20)
			ll_source_warn(ctx, "'%s': key '%s' (offset %lld): last written time %s unusable",
				       ctx->rel_path, k->path, (long long)k->offset, r->raw);
		return 0;
	}
	ll_buf_reset(&r->attrs);
	ll_tl_obj_begin(&o, &r->attrs);
	ll_tl_obj_int(&o, "subkeys", k->nsubkeys);
	ll_tl_obj_int(&o, "values", k->nvalues);
	ll_tl_obj_int(&o, "offset", k->offset);
	if ((rc = ll_tl_obj_end(&o)) < 0 || (rc = locator(r, NULL)) < 0)
		return rc;
	ll_buf_reset(&r->name);
	if ((rc = ll_tl_put_text(&r->name, k->path, strlen(k->path), false)) < 0 ||
	    (rc = add_event(r, NULL, r->name.ptr, r->attrs.ptr)) < 0)
		return rc;
	return ll_regf_interpret(k, &r->info, on_fact, r);
}

static void on_damaged(void *payload, const char *msg)
{
	struct run *r = payload;

	r->ctx->stats->rejected++;
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
				       r->ctx->rel_path, rel, why);
	}
	return rc == LL_ENOTFOUND ? 0 : rc;
}

/* A worker's hive, opened before its lock-down (prepare). */
static struct ll_prepared prepared;
static struct opened prepared_hive = { .memfd = -1 };

static int prepare(struct ll_source_ctx *ctx)
{
	return ll_prepared_done(&prepared, open_hive(&prepared_hive, ctx));
}

static int run(struct ll_source_ctx *ctx)
{
	struct run r = { .ctx = ctx };
	struct opened o = { .memfd = -1 };
	struct ll_regf_walk_ops ops = {
		.key = on_key,
		.damaged = on_damaged,
		.limit = on_limit,
		.want_values = ll_regf_wants_values,
	};
	struct ll_regf_limits lim;
	struct ll_buf host;
	uint64_t nkeys = 0;
	int rc = 0;

	ll_buf_init(&r.loc);
	ll_buf_init(&r.attrs);
	ll_buf_init(&r.name);
	ll_buf_init(&host);
	if (ll_prepared_take(&prepared, &rc)) {
		o = prepared_hive;
		prepared_hive = (struct opened){ .memfd = -1 };
	} else {
		rc = open_hive(&o, ctx);
	}
	if (rc < 0)
		goto out;
	if (ll_regf_hive_corrupted(o.h))
		ll_source_warn(ctx, "'%s': libregf reports the hive as corrupted (dirty or damaged); keys it could read are kept",
			       ctx->rel_path);
	if ((rc = hive_info(&r, o.h, &host)) < 0)
		goto out;
	ll_regf_limits_default(&lim);
	rc = ll_regf_hive_walk(&nkeys, o.h, &lim, &ops, &r);
	if (r.untimed > 20)
		ll_source_warn(ctx, "'%s': %" PRIu64 " keys without a usable last written time (first 20 named)",
			       ctx->rel_path, r.untimed);
out:
	close_hive(&o);
	ll_buf_release(&r.loc);
	ll_buf_release(&r.attrs);
	ll_buf_release(&r.name);
	ll_buf_release(&host);
	return rc;
}

const struct ll_source_kind ll_source_regf = {
	.name = "regf",
	.probe = probe,
	.run = run,
	.prepare = prepare,
	.worker = true,
};

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Windows Prefetch reader (issue #19 item 5): libscca reads the file
 * (uncompressed "SCCA" and Windows 10 "MAM\x04" alike) in the reader's
 * worker; each of the up to eight last run times is one program-execution
 * event carrying the executable, run count, hash, volumes and the files
 * loaded. libscca refuses a file whole when any part of it is cut or
 * damaged: then what the header still says (pf_header.c) is kept, and the
 * loss is a rejected record naming the file and the offset.
 */
#include "core/compat.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "analyze/prefetch/pf_read.h"
#include "analyze/prefetch/prefetch.h"
#include "analyze/readers/prepared.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/time.h"

static int probe(const uint8_t *head, size_t len, uint64_t file_size)
{
	LL_UNUSED(file_size);
	return ll_pf_kind(head, len) != LL_PF_NONE ? 100 : 0;
}

/* The file as opened: libscca's handle, or why libscca refused it, and its first bytes. */
struct opened {
	libscca_file_t *f;
	struct ll_pf_raw raw; /* raw.refused: libscca's message when f is NULL */
};

static void close_file(struct opened *o)
{
	const struct ll_scca_api *ls = ll_scca_api_get();

	if (o->f) {
		ls->file_close(o->f, NULL);
		ls->file_free(&o->f, NULL);
	}
}

/*
 * Opens ctx's file by name (in the worker: before its lock-down). Fails only
 * when the file cannot be read at all or libscca is missing; libscca's
 * refusal is kept in o->raw.refused for run to fall back on the header.
 */
static int open_file(struct opened *o, struct ll_source_ctx *ctx)
{
	const struct ll_scca_api *ls = ll_scca_api_get(); /* first use: loads it */
	libscca_error_t *err = NULL;
	struct stat sb;
	FILE *fp;

	memset(o, 0, sizeof(*o));
	if (!ls) /* libscca.so.1 missing: said by the error the getter set */
		return ll_error_context("'%s'", ctx->rel_path);
	if (!(fp = fopen(ctx->path, "rb")))
		return ll_error_set(LL_EIO, "cannot open '%s': %s", ctx->rel_path, strerror(errno));
	o->raw.hlen = fread(o->raw.head, 1, sizeof(o->raw.head), fp);
	if (fstat(fileno(fp), &sb) == 0)
		o->raw.size = (uint64_t)sb.st_size;
	fclose(fp);
	if (ls->file_initialize(&o->f, &err) != 1) {
		ll_pf_scca_err(o->raw.refused, sizeof(o->raw.refused), &err);
		return ll_error_set(LL_ENOMEM, "libscca: %s", o->raw.refused);
	}
	if (ls->file_open(o->f, ctx->path, LIBSCCA_OPEN_READ, &err) != 1) {
		ll_pf_scca_err(o->raw.refused, sizeof(o->raw.refused), &err);
		if (!o->raw.refused[0])
			snprintf(o->raw.refused, sizeof(o->raw.refused), "libscca cannot open it");
		ls->file_free(&o->f, NULL); /* not opened: only freed */
	}
	return 0;
}


/* The last path element of the file's recorded path, for the locator. */
static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* A worker's file, opened before its lock-down (prepare). */
static struct ll_prepared prepared;
static struct opened prepared_file;

static int prepare(struct ll_source_ctx *ctx)
{
	return ll_prepared_done(&prepared, open_file(&prepared_file, ctx));
}

static int run(struct ll_source_ctx *ctx)
{
	struct ll_pf_info pi = { 0 };
	struct ll_pf_where w = { ctx->rel_path, ctx->rel_path, "", base_name(ctx->rel_path) };
	struct opened o;
	int rc = 0;

	if (ll_prepared_take(&prepared, &rc)) {
		o = prepared_file;
		prepared_file.f = NULL;
	} else {
		rc = open_file(&o, ctx);
	}
	if (rc < 0)
		return rc;
	pi.compressed = ll_pf_kind(o.raw.head, o.raw.hlen) == LL_PF_MAM;
	if (o.f) {
		uint32_t declared = ll_pf_declared_size(o.raw.head, o.raw.hlen);

		if (!pi.compressed && declared != o.raw.size)
			ll_source_warn_code(ctx, "prefetch.size-mismatch",
					    json_pack("{s:s, s:I, s:I, s:I}", "file", ctx->rel_path,
					              "declared", (json_int_t)declared,
					              "size", (json_int_t)o.raw.size,
					              "offset", (json_int_t)(declared < o.raw.size ? (uint64_t)declared : o.raw.size)),
					    "'%s': the header declares %" PRIu32
					    " bytes, the file has %" PRIu64 " (offset %" PRIu64 ")",
					    ctx->rel_path, declared, o.raw.size,
					    declared < o.raw.size ? (uint64_t)declared : o.raw.size);
		rc = ll_pf_read_scca(&pi, o.f, ctx, ctx->rel_path);
	} else {
		rc = ll_pf_fallback(&pi, &o.raw, ctx, ctx->rel_path);
	}
	if (rc >= 0)
		rc = ll_pf_emit(&pi, ctx, &w);
	close_file(&o);
	ll_pf_info_release(&pi);
	return rc;
}

const struct ll_source_kind ll_source_prefetch = {
	.name = "prefetch",
	.probe = probe,
	.run = run,
	.prepare = prepare,
	.worker = true,
};

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

#include "analyze/prefetch/pf_header.h"
#include "analyze/prefetch/pf_info.h"
#include "analyze/prefetch/prefetch.h"
#include "analyze/prefetch/scca_lib.h"
#include "analyze/readers/prepared.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/event.h"
#include "core/evidence.h"
#include "core/time.h"

#define NAME_MAX_BYTES ((size_t)64 << 10) /* one UTF-8 path or name from libscca */

static int probe(const uint8_t *head, size_t len, uint64_t file_size)
{
	LL_UNUSED(file_size);
	return ll_pf_kind(head, len) != LL_PF_NONE ? 100 : 0;
}

/*
 * libscca's innermost message (the cause: "unsupported format version",
 * "unable to read filename strings data"), on one line. Its outermost one
 * only says the open failed.
 */
static void scca_err(char *out, size_t n, libscca_error_t **e)
{
	const struct ll_scca_api *ls = ll_scca_api_get(); /* loaded by open_file */
	char all[8192]; /* the whole backtrace must fit, or libscca writes none */
	size_t len;

	out[0] = all[0] = '\0';
	if (e && *e) {
		if (ls->error_backtrace_sprint(*e, all, sizeof(all)) < 0)
			ls->error_sprint(*e, all, sizeof(all));
		ls->error_free(e);
	}
	len = strcspn(all, "\r\n");
	snprintf(out, n, "%.*s", (int)len, all);
}

/* The file as opened: libscca's handle, or why libscca refused it, and its first bytes. */
struct opened {
	libscca_file_t *f;
	char refused[512];	/* libscca's message when f is NULL */
	uint8_t head[LL_PF_HEADER_MAX];
	size_t hlen;
	uint64_t size;
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
 * refusal is kept in o->refused for run to fall back on the header.
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
	o->hlen = fread(o->head, 1, sizeof(o->head), fp);
	if (fstat(fileno(fp), &sb) == 0)
		o->size = (uint64_t)sb.st_size;
	fclose(fp);
	if (ls->file_initialize(&o->f, &err) != 1) {
		scca_err(o->refused, sizeof(o->refused), &err);
		return ll_error_set(LL_ENOMEM, "libscca: %s", o->refused);
	}
	if (ls->file_open(o->f, ctx->path, LIBSCCA_OPEN_READ, &err) != 1) {
		scca_err(o->refused, sizeof(o->refused), &err);
		if (!o->refused[0])
			snprintf(o->refused, sizeof(o->refused), "libscca cannot open it");
		ls->file_free(&o->f, NULL); /* not opened: only freed */
	}
	return 0;
}


static int read_exe(struct ll_pf_info *pi, libscca_file_t *f, char *emsg, size_t n)
{
	const struct ll_scca_api *ls = ll_scca_api_get();
	libscca_error_t *err = NULL;
	size_t sz = 0;

	if (ls->file_get_utf8_executable_filename_size(f, &sz, &err) != 1 || sz == 0 ||
	    sz > sizeof(pi->exe) ||
	    ls->file_get_utf8_executable_filename(f, (uint8_t *)pi->exe, sz, &err) != 1) {
		scca_err(emsg, n, &err);
		pi->exe[0] = '\0';
		return -1;
	}
	pi->exe[sz - 1] = '\0';
	return 0;
}

/*
 * Everything libscca gives of the file into `pi`. A loaded file or volume
 * it cannot give is warned and skipped (the rest kept); a failure of the
 * header's own values refuses the file.
 */
static int read_info(struct ll_pf_info *pi, libscca_file_t *f, struct ll_source_ctx *ctx)
{
	const struct ll_scca_api *ls = ll_scca_api_get();
	libscca_error_t *err = NULL;
	char emsg[512];
	struct ll_buf s;
	int n = 0, rc = 0;

	if (ls->file_get_format_version(f, &pi->version, &err) != 1 ||
	    ls->file_get_prefetch_hash(f, &pi->hash, &err) != 1 ||
	    ls->file_get_run_count(f, &pi->run_count, &err) != 1) {
		scca_err(emsg, sizeof(emsg), &err);
		return ll_error_set(LL_ECORRUPT, "header values: libscca: %s", emsg);
	}
	if (read_exe(pi, f, emsg, sizeof(emsg)) < 0)
		return ll_error_set(LL_ECORRUPT, "offset 16: executable name: libscca: %s", emsg);
	pi->nruns = pi->version >= 26 ? LL_PF_RUNS : 1;
	for (size_t i = 0; i < pi->nruns; i++)
		if (ls->file_get_last_run_time(f, (int)i, &pi->runs[i], &err) != 1) {
			scca_err(emsg, sizeof(emsg), &err);
			return ll_error_set(LL_ECORRUPT, "last run time %zu: libscca: %s", i + 1,
					    emsg);
		}
	ll_buf_init(&s);
	if (ls->file_get_number_of_filenames(f, &n, &err) != 1) {
		scca_err(emsg, sizeof(emsg), &err);
		ll_source_warn(ctx, "'%s': files loaded not read: libscca: %s", ctx->rel_path, emsg);
		n = 0;
	}
	for (int i = 0; i < n && rc >= 0; i++) {
		size_t sz = 0;

		ll_buf_reset(&s);
		if (ls->file_get_utf8_filename_size(f, i, &sz, &err) != 1 || sz == 0 ||
		    sz > NAME_MAX_BYTES || (rc = ll_buf_grow(&s, sz)) < 0 ||
		    ls->file_get_utf8_filename(f, i, (uint8_t *)s.ptr, sz, &err) != 1) {
			if (rc < 0)
				break;
			scca_err(emsg, sizeof(emsg), &err);
			ctx->stats->rejected++;
			ll_source_warn(ctx, "'%s': loaded file %d: libscca: %s", ctx->rel_path, i + 1,
				       emsg[0] ? emsg : "no name");
			pi->nfiles++;
			continue;
		}
		rc = ll_pf_info_add_file(pi, s.ptr, strnlen(s.ptr, sz));
	}
	if (rc >= 0 && ls->file_get_number_of_volumes(f, &n, &err) != 1) {
		scca_err(emsg, sizeof(emsg), &err);
		ll_source_warn(ctx, "'%s': volumes not read: libscca: %s", ctx->rel_path, emsg);
		n = 0;
	}
	for (int i = 0; i < n && rc >= 0; i++) {
		libscca_volume_information_t *v = NULL;
		uint32_t serial = 0;
		uint64_t created = 0;
		size_t sz = 0;

		ll_buf_reset(&s);
		if (ls->file_get_volume_information(f, i, &v, &err) != 1 ||
		    ls->volume_information_get_serial_number(v, &serial, &err) != 1) {
			scca_err(emsg, sizeof(emsg), &err);
			ctx->stats->rejected++;
			ll_source_warn(ctx, "'%s': volume %d: libscca: %s", ctx->rel_path, i + 1, emsg);
			if (v)
				ls->volume_information_free(&v, NULL);
			continue;
		}
		ls->volume_information_get_creation_time(v, &created, NULL);
		if (ls->volume_information_get_utf8_device_path_size(v, &sz, NULL) == 1 && sz &&
		    sz <= NAME_MAX_BYTES && (rc = ll_buf_grow(&s, sz)) >= 0 &&
		    ls->volume_information_get_utf8_device_path(v, (uint8_t *)s.ptr, sz, NULL) == 1)
			s.len = strnlen(s.ptr, sz);
		else
			s.len = 0;
		ls->volume_information_free(&v, NULL);
		if (rc >= 0)
			rc = ll_pf_info_add_volume(pi, s.len ? s.ptr : "", s.len, serial, created);
	}
	ll_buf_release(&s);
	return rc;
}

/* The last path element of the file's recorded path, for the locator. */
static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* One event per run time that is set. */
static int emit(const struct ll_pf_info *pi, struct ll_source_ctx *ctx)
{
	struct ll_buf msg, attrs, loc;
	size_t set = 0;
	int rc = 0;

	ll_buf_init(&msg);
	ll_buf_init(&attrs);
	ll_buf_init(&loc);
	for (size_t i = 0; i < pi->nruns && rc >= 0; i++) {
		struct ll_event ev = { 0 };
		char raw[32];
		int64_t ns;

		if (pi->runs[i] == 0) /* "Not set": the file has run fewer times */
			continue;
		set++;
		if (ll_time_ns_from_filetime(&ns, pi->runs[i]) < 0) {
			ctx->stats->rejected++;
			ll_source_warn(ctx, "'%s' run %zu: last run time 0x%016" PRIx64 ": %s",
				       ctx->rel_path, i + 1, pi->runs[i], ll_error_message());
			continue;
		}
		if ((rc = ll_pf_message(&msg, pi, i)) < 0 || (rc = ll_pf_attrs(&attrs, pi, i)) < 0 ||
		    (rc = ll_pf_locator(&loc, base_name(ctx->rel_path), i)) < 0)
			break;
		snprintf(raw, sizeof(raw), "0x%016" PRIx64, pi->runs[i]);
		ev.evidence_id = ctx->ev->id;
		ev.time_ns = ns;
		ev.time_desc = ll_pf_time_desc(i);
		ev.time_raw = raw;
		ev.time_rule = "Prefetch last run time (FILETIME, UTC)";
		ev.source = "prefetch";
		ev.parser = "prefetch";
		ev.category = "program-execution";
		ev.path = ctx->rel_path;
		ev.event_code = -1;
		ev.locator = loc.ptr;
		ev.message = msg.ptr;
		ev.attrs = attrs.ptr;
		if ((rc = ll_event_add(ctx->w, &ev, NULL)) < 0) {
			if (ll_time_range_error()) { /* the clock offset moved it out of range */
				ctx->stats->rejected++;
				ll_source_warn(ctx, "'%s' run %zu: %s", ctx->rel_path, i + 1,
					       ll_error_message());
				rc = 0;
				continue;
			}
			rc = rc == LL_ECORRUPT ? LL_EIO : rc;
		}
	}
	if (rc >= 0 && set == 0)
		ll_source_warn(ctx, "'%s': %s has no last run time set (run count %" PRIu32 ")",
			       ctx->rel_path, pi->exe[0] ? pi->exe : "the executable", pi->run_count);
	ll_buf_release(&msg);
	ll_buf_release(&attrs);
	ll_buf_release(&loc);
	return rc;
}

/*
 * Where an uncompressed file that is not cut short is damaged: the section
 * libscca's message names, by the offset of the header field that locates
 * it (libscca checks each section's offset, count and size against the file).
 */
static void damaged_at(char *out, size_t n, const char *why)
{
	static const struct {
		const char *key, *what;
		unsigned off;
	} sections[] = {
		{ "metrics", "file metrics array", 84 },
		{ "trace chain", "trace chain array", 92 },
		{ "filename strings", "filename strings", 100 },
		{ "volume", "volumes information", 108 },
	};

	for (size_t i = 0; i < LL_ARRAY_SIZE(sections); i++)
		if (strstr(why, sections[i].key)) {
			snprintf(out, n, "damaged: its %s, located by the header fields at offset %u",
				 sections[i].what, sections[i].off);
			return;
		}
	snprintf(out, n, "damaged (from offset 0)");
}

/*
 * libscca refused the file: an uncompressed file whose header is whole
 * keeps its runs (files loaded and volumes lost, one rejected record);
 * anything else is refused, naming the offset where the file ends or the
 * compressed data begins.
 */
static int fallback(struct ll_pf_info *pi, const struct opened *o, struct ll_source_ctx *ctx)
{
	enum ll_pf_kind kind = ll_pf_kind(o->head, o->hlen);
	uint32_t declared = ll_pf_declared_size(o->head, o->hlen);
	char where[160];

	if (kind == LL_PF_SCCA && declared > o->size)
		snprintf(where, sizeof(where), "truncated at offset %" PRIu64
			 " (the header declares %" PRIu32 " bytes)", o->size, declared);
	else if (kind == LL_PF_MAM)
		snprintf(where, sizeof(where), "compressed (MAM) data from offset 8 to %" PRIu64
			 " (%" PRIu32 " bytes once decompressed)", o->size, declared);
	else
		damaged_at(where, sizeof(where), o->refused);
	if (kind != LL_PF_SCCA)
		return ll_error_set(LL_ECORRUPT, "%s: not read: libscca: %s", where, o->refused);
	if (ll_pf_header_read(pi, o->head, o->hlen) < 0) {
		char why[256];

		snprintf(why, sizeof(why), "%s", ll_error_message()); /* ll_error_set rewrites it */
		return ll_error_set(LL_ECORRUPT, "%s: not read: libscca: %s; header: %s", where,
				    o->refused, why);
	}
	ctx->stats->rejected++;
	if (!ctx->stats->first_rejected[0])
		snprintf(ctx->stats->first_rejected, sizeof(ctx->stats->first_rejected),
			 "%s: files loaded and volumes lost", where);
	ll_source_warn(ctx, "'%s': %s: libscca: %s; executable, run count and run times kept from the header, files loaded and volumes lost",
		       ctx->rel_path, where, o->refused);
	return 0;
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
	pi.compressed = ll_pf_kind(o.head, o.hlen) == LL_PF_MAM;
	if (o.f) {
		uint32_t declared = ll_pf_declared_size(o.head, o.hlen);

		if (!pi.compressed && declared != o.size)
			ll_source_warn(ctx, "'%s': the header declares %" PRIu32
				       " bytes, the file has %" PRIu64 " (offset %" PRIu64 ")",
				       ctx->rel_path, declared, o.size,
				       declared < o.size ? (uint64_t)declared : o.size);
		rc = read_info(&pi, o.f, ctx);
	} else {
		rc = fallback(&pi, &o, ctx);
	}
	if (rc >= 0)
		rc = emit(&pi, ctx);
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

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A Prefetch file into events, wherever its bytes come from (a loose file
 * libscca opens by name; a file inside a disk image, read from its bytes):
 * what libscca gives, the header fallback when it refuses the file, and one
 * program-execution event per run time (pf_read.h).
 */
#include "core/compat.h"
#include "analyze/prefetch/pf_read.h"

#include <stdio.h>

#include "analyze/prefetch/pf_header.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/time.h"

#define NAME_MAX_BYTES ((size_t)64 << 10) /* one UTF-8 path or name from libscca */

/*
 * libscca's innermost message (the cause: "unsupported format version",
 * "unable to read filename strings data"), on one line. Its outermost one
 * only says the open failed.
 */
void ll_pf_scca_err(char *out, size_t n, libscca_error_t **e)
{
	const struct ll_scca_api *ls = ll_scca_api_get(); /* loaded by the caller */
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

static int read_exe(struct ll_pf_info *pi, libscca_file_t *f, char *emsg, size_t n)
{
	const struct ll_scca_api *ls = ll_scca_api_get();
	libscca_error_t *err = NULL;
	size_t sz = 0;

	if (ls->file_get_utf8_executable_filename_size(f, &sz, &err) != 1 || sz == 0 ||
	    sz > sizeof(pi->exe) ||
	    ls->file_get_utf8_executable_filename(f, (uint8_t *)pi->exe, sz, &err) != 1) {
		ll_pf_scca_err(emsg, n, &err);
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
int ll_pf_read_scca(struct ll_pf_info *pi, libscca_file_t *f, struct ll_source_ctx *ctx,
		    const char *label)
{
	const struct ll_scca_api *ls = ll_scca_api_get();
	libscca_error_t *err = NULL;
	char emsg[512];
	struct ll_buf s;
	int n = 0, rc = 0;

	if (ls->file_get_format_version(f, &pi->version, &err) != 1 ||
	    ls->file_get_prefetch_hash(f, &pi->hash, &err) != 1 ||
	    ls->file_get_run_count(f, &pi->run_count, &err) != 1) {
		ll_pf_scca_err(emsg, sizeof(emsg), &err);
		return ll_error_set(LL_ECORRUPT, "header values: libscca: %s", emsg);
	}
	if (read_exe(pi, f, emsg, sizeof(emsg)) < 0)
		return ll_error_set(LL_ECORRUPT, "offset 16: executable name: libscca: %s", emsg);
	pi->nruns = pi->version >= 26 ? LL_PF_RUNS : 1;
	for (size_t i = 0; i < pi->nruns; i++)
		if (ls->file_get_last_run_time(f, (int)i, &pi->runs[i], &err) != 1) {
			ll_pf_scca_err(emsg, sizeof(emsg), &err);
			return ll_error_set(LL_ECORRUPT, "last run time %zu: libscca: %s", i + 1,
					    emsg);
		}
	ll_buf_init(&s);
	if (ls->file_get_number_of_filenames(f, &n, &err) != 1) {
		ll_pf_scca_err(emsg, sizeof(emsg), &err);
		ll_source_warn(ctx, "'%s': files loaded not read: libscca: %s", label, emsg);
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
			ll_pf_scca_err(emsg, sizeof(emsg), &err);
			ctx->stats->rejected++;
			ll_source_warn(ctx, "'%s': loaded file %d: libscca: %s", label, i + 1,
				       emsg[0] ? emsg : "no name");
			pi->nfiles++;
			continue;
		}
		rc = ll_pf_info_add_file(pi, s.ptr, strnlen(s.ptr, sz));
	}
	if (rc >= 0 && ls->file_get_number_of_volumes(f, &n, &err) != 1) {
		ll_pf_scca_err(emsg, sizeof(emsg), &err);
		ll_source_warn(ctx, "'%s': volumes not read: libscca: %s", label, emsg);
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
			ll_pf_scca_err(emsg, sizeof(emsg), &err);
			ctx->stats->rejected++;
			ll_source_warn(ctx, "'%s': volume %d: libscca: %s", label, i + 1, emsg);
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

/* One event per run time that is set. */
int ll_pf_emit(const struct ll_pf_info *pi, struct ll_source_ctx *ctx, const struct ll_pf_where *w)
{
	struct ll_buf msg, attrs, loc, name;
	size_t set = 0;
	int rc = 0;

	ll_buf_init(&msg);
	ll_buf_init(&attrs);
	ll_buf_init(&loc);
	ll_buf_init(&name);
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
				       w->label, i + 1, pi->runs[i], ll_error_message());
			continue;
		}
		ll_buf_reset(&loc);
		if ((rc = ll_pf_message(&msg, pi, i)) < 0 || (rc = ll_pf_attrs(&attrs, pi, i)) < 0 ||
		    (rc = ll_pf_locator(&name, w->name, i)) < 0 ||
		    (rc = ll_buf_printf(&loc, "%s%s", w->loc_prefix, name.ptr)) < 0)
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
		ev.path = w->path;
		ev.event_code = -1;
		ev.locator = loc.ptr;
		ev.message = msg.ptr;
		ev.attrs = attrs.ptr;
		if ((rc = ll_event_add(ctx->w, &ev, NULL)) < 0) {
			if (ll_time_range_error()) { /* the clock offset moved it out of range */
				ctx->stats->rejected++;
				ll_source_warn(ctx, "'%s' run %zu: %s", w->label, i + 1,
					       ll_error_message());
				rc = 0;
				continue;
			}
			rc = rc == LL_ECORRUPT ? LL_EIO : rc;
		}
	}
	if (rc >= 0 && set == 0)
		ll_source_warn(ctx, "'%s': %s has no last run time set (run count %" PRIu32 ")",
			       w->label, pi->exe[0] ? pi->exe : "the executable", pi->run_count);
	ll_buf_release(&msg);
	ll_buf_release(&attrs);
	ll_buf_release(&loc);
	ll_buf_release(&name);
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
int ll_pf_fallback(struct ll_pf_info *pi, const struct ll_pf_raw *o, struct ll_source_ctx *ctx,
		   const char *label)
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
		       label, where, o->refused);
	return 0;
}


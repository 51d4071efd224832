/* SPDX-License-Identifier: Apache-2.0 */
/* USN records into events: names of the flags, message, attributes, locator (usn_event.h). */
#include "core/compat.h"
#include "analyze/usn/usn_event.h"

#include <stdio.h>
#include <string.h>

#include "analyze/readers/textlog.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/time.h"

struct flag {
	uint32_t bit;
	const char *name;
};

/* usnjls's names (libtsk's TSK_FS_USN_REASON), and Windows' later three */
static const struct flag reasons[] = {
	{ 0x00000001, "DATA_OVERWRITE" },
	{ 0x00000002, "DATA_EXTEND" },
	{ 0x00000004, "DATA_TRUNCATION" },
	{ 0x00000010, "NAMED_DATA_OVERWRITE" },
	{ 0x00000020, "NAMED_DATA_EXTEND" },
	{ 0x00000040, "NAMED_DATA_TRUNCATION" },
	{ 0x00000100, "FILE_CREATE" },
	{ 0x00000200, "FILE_DELETE" },
	{ 0x00000400, "EA_CHANGE" },
	{ 0x00000800, "SECURITY_CHANGE" },
	{ 0x00001000, "RENAME_OLD_NAME" },
	{ 0x00002000, "RENAME_NEW_NAME" },
	{ 0x00004000, "INDEXABLE_CHANGE" },
	{ 0x00008000, "BASIC_INFO_CHANGE" },
	{ 0x00010000, "HARD_LINK_CHANGE" },
	{ 0x00020000, "COMPRESSION_CHANGE" },
	{ 0x00040000, "ENCRYPTION_CHANGE" },
	{ 0x00080000, "OBJECT_ID_CHANGE" },
	{ 0x00100000, "REPARSE_POINT_CHANGE" },
	{ 0x00200000, "STREAM_CHANGE" },
	{ 0x00400000, "TRANSACTED_CHANGE" },
	{ 0x00800000, "INTEGRITY_CHANGE" },
	{ 0x01000000, "DESIRED_STORAGE_CLASS_CHANGE" },
	{ 0x80000000, "CLOSE" },
};

static const struct flag sources[] = {
	{ 0x01, "DATA_MANAGEMENT" },
	{ 0x02, "AUXILIARY_DATA" },
	{ 0x04, "REPLICATION_MANAGEMENT" },
	{ 0x08, "CLIENT_REPLICATION_MANAGEMENT" },
};

static const struct flag attributes[] = {
	{ 0x000001, "READONLY" },
	{ 0x000002, "HIDDEN" },
	{ 0x000004, "SYSTEM" },
	{ 0x000010, "DIRECTORY" },
	{ 0x000020, "ARCHIVE" },
	{ 0x000040, "DEVICE" },
	{ 0x000080, "NORMAL" },
	{ 0x000100, "TEMPORARY" },
	{ 0x000200, "SPARSE_FILE" },
	{ 0x000400, "REPARSE_POINT" },
	{ 0x000800, "COMPRESSED" },
	{ 0x001000, "OFFLINE" },
	{ 0x002000, "NOT_CONTENT_INDEXED" },
	{ 0x004000, "ENCRYPTED" },
	{ 0x008000, "INTEGRITY_STREAM" },
	{ 0x010000, "VIRTUAL" },
	{ 0x020000, "NO_SCRUB_DATA" },
};

static int names(struct ll_buf *out, uint32_t v, const struct flag *t, size_t n)
{
	int rc = 0;

	/* the set bits only, lowest first; each table names a bit once */
	for (uint32_t rest = v; rest && rc >= 0; rest &= rest - 1) {
		uint32_t bit = rest & (~rest + 1);
		const char *name = NULL;

		for (size_t i = 0; i < n && !name; i++)
			if (t[i].bit == bit)
				name = t[i].name;
		if (out->len && (rc = ll_buf_putc(out, ' ')) < 0)
			break;
		rc = name ? ll_buf_puts(out, name) : ll_buf_printf(out, "UNKNOWN_0x%08" PRIX32, bit);
	}
	return rc;
}

int ll_usn_reason_names(struct ll_buf *out, uint32_t reason)
{
	return names(out, reason, reasons, LL_ARRAY_SIZE(reasons));
}

int ll_usn_source_names(struct ll_buf *out, uint32_t source_info)
{
	return names(out, source_info, sources, LL_ARRAY_SIZE(sources));
}

int ll_usn_attr_names(struct ll_buf *out, uint32_t a)
{
	return names(out, a, attributes, LL_ARRAY_SIZE(attributes));
}

/*
 * A name's UTF-16LE as UTF-8: unpaired surrogates and NUL become U+FFFD
 * (hostile names must not cut the text short or break its encoding).
 */
static int utf16_name(struct ll_buf *out, const uint8_t *p, size_t len)
{
	int rc = 0;

	for (size_t i = 0; i + 1 < len && rc >= 0; i += 2) {
		uint32_t c = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8;
		char u[4];
		size_t n;

		if (c >= 0xD800 && c <= 0xDBFF && i + 3 < len) {
			uint32_t d = (uint32_t)p[i + 2] | (uint32_t)p[i + 3] << 8;

			if (d >= 0xDC00 && d <= 0xDFFF) {
				c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
				i += 2;
			}
		}
		if (c == 0 || (c >= 0xD800 && c <= 0xDFFF))
			c = 0xFFFD;
		if (c < 0x80) {
			u[0] = (char)c;
			n = 1;
		} else if (c < 0x800) {
			u[0] = (char)(0xC0 | c >> 6);
			u[1] = (char)(0x80 | (c & 0x3F));
			n = 2;
		} else if (c < 0x10000) {
			u[0] = (char)(0xE0 | c >> 12);
			u[1] = (char)(0x80 | (c >> 6 & 0x3F));
			u[2] = (char)(0x80 | (c & 0x3F));
			n = 3;
		} else {
			u[0] = (char)(0xF0 | c >> 18);
			u[1] = (char)(0x80 | (c >> 12 & 0x3F));
			u[2] = (char)(0x80 | (c >> 6 & 0x3F));
			u[3] = (char)(0x80 | (c & 0x3F));
			n = 4;
		}
		rc = ll_buf_put(out, u, n);
	}
	return rc;
}

int ll_usn_utf16_name(struct ll_buf *out, const uint8_t *p, size_t len)
{
	return utf16_name(out, p, len);
}

/* "ENTRY-SEQ", as "%" PRIu64 "-%" PRIu16 would write it, into d[48]. */
static void ref_text(char d[48], uint64_t entry, uint16_t seq)
{
	char a[24], b[24];
	size_t na, nb;
	const char *pa = ll_u64_dec(a, entry, &na), *pb = ll_u64_dec(b, seq, &nb);

	memcpy(d, pa, na);
	d[na] = '-';
	memcpy(d + na + 1, pb, nb);
	d[na + 1 + nb] = '\0';
}

/* "0x" and 16 lower-case hex digits, as "0x%016" PRIx64 would write it, into d[32]. */
static void filetime_text(char d[32], uint64_t v)
{
	static const char hex[] = "0123456789abcdef";

	d[0] = '0';
	d[1] = 'x';
	for (int i = 17; i >= 2; i--, v >>= 4)
		d[i] = hex[v & 0xF];
	d[18] = '\0';
}

/* The name in the message as usnjls prints it: control characters as '^'. */
static int put_sanitized(struct ll_buf *msg, const struct ll_buf *name)
{
	size_t start = msg->len;
	int rc;

	if ((rc = ll_tl_put_text(msg, name->ptr, name->len, false)) < 0)
		return rc;
	for (size_t i = start; i < msg->len; i++)
		if ((unsigned char)msg->ptr[i] < 0x20 || msg->ptr[i] == 0x7f)
			msg->ptr[i] = '^';
	return 0;
}

struct job {
	struct ll_source_ctx *ctx;
	const struct ll_usn_where *w;
	struct ll_buf name, reasons, srcs, attrs_txt, msg, attrs, loc;
	struct ll_buf dir, note, full; /* the file's path through its parent (w->resolve) */
	uint64_t warned;
};

/*
 * j->full = the parent's path + "/" + the record's name when the parent
 * reference resolves; 1 then, 0 when not (j->note says why, or nothing
 * for a loose journal), < 0 for memory.
 */
static int full_path(struct job *j, const struct ll_usn_rec *r)
{
	int rc;

	ll_buf_reset(&j->dir);
	ll_buf_reset(&j->note);
	ll_buf_reset(&j->full);
	if (!j->w->resolve || r->parent_hi) /* no MFT, or a 128-bit id NTFS does not have */
		return 0;
	/* the root's own records (Windows writes them): "." with itself as parent */
	bool root_self = !strcmp(j->name.ptr, ".") && r->ref == r->parent &&
			 r->ref_seq == r->parent_seq;

	/* NTFS names hold no '/' and are never "." or "..": such a record's name joined would lie */
	if (memchr(j->name.ptr, '/', j->name.len) || (!strcmp(j->name.ptr, ".") && !root_self) ||
	    !strcmp(j->name.ptr, ".."))
		return ll_buf_puts(&j->note, "the record's name is not an NTFS file name ('/', "
				   "'.' or '..'); not joined to its parent's path");
	rc = j->w->resolve(j->w->resolve_payload, r->parent, r->parent_seq, &j->dir, &j->note);
	if (rc <= 0)
		return rc;
	if (root_self) /* the parent is the entry itself: its path, "/" for the root */
		return (rc = ll_buf_puts(&j->full, j->dir.len ? j->dir.ptr : "/")) < 0 ? rc : 1;
	if ((rc = ll_buf_put(&j->full, j->dir.ptr, j->dir.len)) < 0 ||
	    (rc = ll_buf_putc(&j->full, '/')) < 0 ||
	    (rc = ll_buf_put(&j->full, j->name.ptr, j->name.len)) < 0)
		return rc;
	return 1;
}

static int on_record(const struct ll_usn_rec *r, void *payload)
{
	struct job *j = payload;
	struct ll_event ev = { 0 };
	struct ll_tl_obj o;
	char raw[32], ref[48], parent[48];
	int64_t ns;
	int rc, resolved = 0;

	if (ll_time_ns_from_filetime(&ns, r->filetime) < 0) {
		j->ctx->stats->rejected++;
		ll_source_warn(j->ctx, "%s: USN record at offset %" PRIu64 ": time 0x%016" PRIx64
			       ": %s", j->w->label, r->off, r->filetime, ll_error_message());
		return 0;
	}
	ll_buf_reset(&j->name);
	ll_buf_reset(&j->reasons);
	ll_buf_reset(&j->srcs);
	ll_buf_reset(&j->attrs_txt);
	ll_buf_reset(&j->msg);
	ll_buf_reset(&j->loc);
	/*
	 * The record's numbers written by hand, not by snprintf: six printf
	 * calls a record were a tenth of the worker's time (bench/usn.sh);
	 * the text is the same ("%" PRIu64 "-%" PRIu16, "0x%016" PRIx64).
	 */
	ref_text(ref, r->ref, r->ref_seq);
	ref_text(parent, r->parent, r->parent_seq);
	filetime_text(raw, r->filetime);
	if ((rc = utf16_name(&j->name, r->name, r->name_len)) < 0 ||
	    (rc = ll_buf_puts(&j->name, "")) < 0 ||
	    (rc = resolved = full_path(j, r)) < 0 ||
	    (rc = ll_usn_reason_names(&j->reasons, r->reason)) < 0 ||
	    (rc = ll_buf_puts(&j->reasons, "")) < 0 ||
	    (rc = ll_usn_source_names(&j->srcs, r->source_info)) < 0 ||
	    (rc = ll_buf_puts(&j->srcs, "")) < 0 ||
	    (rc = ll_usn_attr_names(&j->attrs_txt, r->attributes)) < 0 ||
	    (rc = ll_buf_puts(&j->attrs_txt, "")) < 0 ||
	    (rc = ll_buf_puts(&j->loc, j->w->loc_prefix)) < 0 ||
	    (rc = ll_buf_put(&j->loc, "usn=", 4)) < 0 ||
	    (rc = ll_buf_put_u64(&j->loc, r->off)) < 0 ||
	    (rc = ll_buf_put(&j->msg, "USN ", 4)) < 0 ||
	    (rc = ll_buf_put_u64(&j->msg, r->usn)) < 0 ||
	    (rc = ll_buf_put(&j->msg, ": ", 2)) < 0 ||
	    (rc = ll_buf_puts(&j->msg, j->reasons.len ? j->reasons.ptr : "no reason")) < 0 ||
	    (rc = ll_buf_put(&j->msg, " '", 2)) < 0 ||
	    (rc = put_sanitized(&j->msg, resolved ? &j->full : &j->name)) < 0 ||
	    (rc = ll_buf_put(&j->msg, "' (file ", 8)) < 0 ||
	    (rc = ll_buf_puts(&j->msg, ref)) < 0 ||
	    (rc = ll_buf_put(&j->msg, ", parent ", 9)) < 0 ||
	    (rc = ll_buf_puts(&j->msg, parent)) < 0 || (rc = ll_buf_putc(&j->msg, ')')) < 0)
		return rc;
	ll_buf_reset(&j->attrs);
	ll_tl_obj_begin(&o, &j->attrs);
	ll_tl_obj_int(&o, "usn", (int64_t)r->usn);
	ll_tl_obj_int(&o, "offset", (int64_t)r->off);
	ll_tl_obj_int(&o, "reason", (int64_t)r->reason);
	ll_tl_obj_str(&o, "reasons", j->reasons.ptr, j->reasons.len);
	ll_tl_obj_str(&o, "name", j->name.ptr, j->name.len);
	if (resolved)
		ll_tl_obj_str(&o, "file_path", j->full.ptr, j->full.len);
	if (j->note.len)
		ll_tl_obj_str(&o, "path_note", j->note.ptr, j->note.len);
	ll_tl_obj_cstr(&o, "file_ref", ref);
	ll_tl_obj_int(&o, "file_entry", (int64_t)r->ref);
	ll_tl_obj_int(&o, "file_seq", r->ref_seq);
	ll_tl_obj_cstr(&o, "parent_ref", parent);
	ll_tl_obj_int(&o, "parent_entry", (int64_t)r->parent);
	ll_tl_obj_int(&o, "parent_seq", r->parent_seq);
	if (r->ref_hi || r->parent_hi) { /* a 128-bit id (ReFS): the upper half kept */
		ll_tl_obj_int(&o, "file_id_hi", (int64_t)r->ref_hi);
		ll_tl_obj_int(&o, "parent_id_hi", (int64_t)r->parent_hi);
	}
	ll_tl_obj_int(&o, "source_info", r->source_info);
	ll_tl_obj_str(&o, "source_infos", j->srcs.ptr, j->srcs.len);
	ll_tl_obj_int(&o, "security_id", r->security_id);
	ll_tl_obj_int(&o, "file_attributes", r->attributes);
	ll_tl_obj_str(&o, "file_attribute_names", j->attrs_txt.ptr, j->attrs_txt.len);
	ll_tl_obj_int(&o, "version", r->major);
	if ((rc = ll_tl_obj_end(&o)) < 0)
		return rc;
	ev.evidence_id = j->ctx->ev->id;
	ev.time_ns = ns;
	ev.time_desc = "Update Time";
	ev.time_raw = raw;
	ev.time_rule = "USN record time (FILETIME, UTC)";
	ev.source = "usnjrnl";
	ev.parser = "usnjrnl";
	ev.category = "file";
	ev.path = j->w->path;
	ev.event_code = -1;
	ev.locator = j->loc.ptr;
	ev.message = j->msg.ptr;
	ev.attrs = j->attrs.ptr;
	if ((rc = ll_event_add(j->ctx->w, &ev, NULL)) < 0) {
		if (ll_time_range_error()) { /* the clock offset moved it out of range */
			j->ctx->stats->rejected++;
			ll_source_warn(j->ctx, "%s: USN record at offset %" PRIu64 ": %s",
				       j->w->label, r->off, ll_error_message());
			return 0;
		}
		return rc == LL_ECORRUPT ? LL_EIO : rc;
	}
	return 0;
}

static int on_damaged(uint64_t off, const char *why, void *payload)
{
	struct job *j = payload;

	j->ctx->stats->rejected++;
	if (!j->ctx->stats->first_rejected[0])
		snprintf(j->ctx->stats->first_rejected, sizeof(j->ctx->stats->first_rejected),
			 "%.300s offset %" PRIu64, j->w->label, off);
	/* the parser's message names the offset already; a read failure's does not */
	if (j->warned++ >= LL_USN_WARN_MAX)
		;
	else if (!strncmp(why, "USN record at offset ", 21))
		ll_source_warn(j->ctx, "%s: damaged %s; the scan resumes at the next record",
			       j->w->label, why);
	else
		ll_source_warn(j->ctx, "%s: damaged USN record at offset %" PRIu64
			       ": %s; the scan resumes at the next record", j->w->label, off, why);
	return 0;
}

int ll_usn_read(struct ll_usn_scan_stats *st, struct ll_source_ctx *ctx,
		const struct ll_usn_where *w, uint64_t size, ll_usn_read_fn rd, ll_usn_data_fn nd,
		void *payload)
{
	struct job j = { .ctx = ctx, .w = w };
	struct ll_usn_scan_cb cb = { rd, nd, payload, on_record, on_damaged, &j };
	int rc;

	ll_buf_init(&j.name);
	ll_buf_init(&j.reasons);
	ll_buf_init(&j.srcs);
	ll_buf_init(&j.attrs_txt);
	ll_buf_init(&j.msg);
	ll_buf_init(&j.attrs);
	ll_buf_init(&j.loc);
	ll_buf_init(&j.dir);
	ll_buf_init(&j.note);
	ll_buf_init(&j.full);
	rc = ll_usn_scan(st, size, &cb);
	if (rc >= 0 && j.warned > LL_USN_WARN_MAX)
		ll_source_warn_code(ctx, "usn.damaged-total",
				    json_pack("{s:s, s:I, s:i}", "label", w->label,
				              "count", (json_int_t)j.warned,
				              "named", LL_USN_WARN_MAX),
				    "%s: %" PRIu64 " damaged USN records in all (the first %d named)",
				    w->label, j.warned, LL_USN_WARN_MAX);
	if (rc >= 0 && st->v4)
		ll_source_warn_code(ctx, "usn.v4-not-listed",
				    json_pack("{s:s, s:I}", "label", w->label,
				              "count", (json_int_t)st->v4),
				    "%s: %" PRIu64 " USN_RECORD_V4 range records (no file name, "
				    "no time) not listed", w->label, st->v4);
	ll_buf_release(&j.name);
	ll_buf_release(&j.reasons);
	ll_buf_release(&j.srcs);
	ll_buf_release(&j.attrs_txt);
	ll_buf_release(&j.msg);
	ll_buf_release(&j.attrs);
	ll_buf_release(&j.loc);
	ll_buf_release(&j.dir);
	ll_buf_release(&j.note);
	ll_buf_release(&j.full);
	return rc;
}

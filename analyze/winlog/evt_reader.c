/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The legacy Windows event log reader (.evt, Windows NT 4 to Server 2003):
 * libevt walks the records (and the ones it recovers from a dirty or
 * damaged file); each record gives two events, as plaso's winevt parser
 * does: its creation time ("Creation Time", when the event was generated,
 * Event Viewer's "Date/Time") and its written time ("Content Modification
 * Time", when the service wrote it to the log), both POSIX seconds UTC.
 */
#include "core/compat.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/winlog/evt_lib.h"
#include "analyze/winlog/evt_messages.h"
#include "analyze/readers/prepared.h"
#include "analyze/input.h"
#include "analyze/source.h"
#include "analyze/readers/textlog.h"
#include "core/endian.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/reader.h"
#include "core/time.h"

#define EVT_HEADER 0x30
#define EOF_RECORD 0x28
#define GZIP_MAX (UINT64_C(1) << 30) /* refuse to inflate more than 1 GiB */
#define STRING_MAX ((size_t)1 << 20) /* bytes of one UTF-8 value; libevt reads records whole */
#define DATA_HEX_MAX 4096            /* bytes of record data kept (as hex) */

static int probe(const uint8_t *head, size_t len, uint64_t file_size)
{
	static const uint8_t sig[8] = { 0x30, 0, 0, 0, 'L', 'f', 'L', 'e' };
	struct ll_reader h;

	LL_UNUSED(file_size);
	ll_reader_init(&h, head, len);
	return ll_reader_match(&h, 0, sig, 8) ? 100 : 0;
}

/* A live record, to tell a recovered copy of it from a lost record. */
struct live {
	uint32_t id, written;
};

struct run {
	struct ll_source_ctx *ctx;
	const struct ll_evt_api *api;
	struct ll_buf msg, user, attrs, loc, tmp;
	struct ll_buf source, computer, sid, arena;
	size_t *soff;            /* offsets of String1..N in arena */
	const char **sptr;
	size_t scap;
	struct live *live;
	size_t nlive, live_cap;
	bool live_sorted;
	uint64_t dup_recovered, failed_recovered;
};

static void evt_err(const struct ll_evt_api *api, char *out, size_t n, libevt_error_t **e)
{
	out[0] = '\0';
	if (e && *e) {
		api->error_sprint(*e, out, n);
		api->error_free(e);
	}
	/* libevt messages end with newlines; keep one line */
	for (char *p = out; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

typedef int (*size_fn)(libevt_record_t *, size_t *, libevt_error_t **);
typedef int (*get_fn)(libevt_record_t *, uint8_t *, size_t, libevt_error_t **);

/*
 * Appends one UTF-8 value (repaired: no NUL, no invalid sequence) to `out`.
 * Returns 1, 0 when the record has none, or LL_ECORRUPT naming `what`.
 */
static int fetch(struct run *r, struct ll_buf *out, libevt_record_t *rec, int index,
		 size_fn sz, get_fn get, const char *what)
{
	libevt_error_t *err = NULL;
	char emsg[512];
	size_t n = 0;
	int k, rc;

	k = index < 0 ? sz(rec, &n, &err)
		      : r->api->record_get_utf8_string_size(rec, index, &n, &err);
	if (k == 0 || (k == 1 && n == 0))
		return 0;
	if (k != 1 || n > STRING_MAX) {
		evt_err(r->api, emsg, sizeof(emsg), &err);
		return ll_error_set(LL_ECORRUPT, "%s: %s", what,
				    k != 1 ? emsg : "longer than 1 MiB");
	}
	ll_buf_reset(&r->tmp);
	if ((rc = ll_buf_grow(&r->tmp, n + 1)) < 0)
		return rc;
	k = index < 0 ? get(rec, (uint8_t *)r->tmp.ptr, n, &err)
		      : r->api->record_get_utf8_string(rec, index, (uint8_t *)r->tmp.ptr, n, &err);
	if (k != 1) {
		evt_err(r->api, emsg, sizeof(emsg), &err);
		return ll_error_set(LL_ECORRUPT, "%s: %s", what, emsg);
	}
	if ((rc = ll_tl_put_text(out, r->tmp.ptr, ll_tl_strnlen(r->tmp.ptr, n), false)) < 0)
		return rc;
	return 1;
}

static const char *type_name(uint16_t t)
{
	switch (t) {
	case LIBEVT_EVENT_TYPE_ERROR: return "Error";
	case LIBEVT_EVENT_TYPE_WARNING: return "Warning";
	case LIBEVT_EVENT_TYPE_INFORMATION: return "Information";
	case LIBEVT_EVENT_TYPE_AUDIT_SUCCESS: return "Audit Success";
	case LIBEVT_EVENT_TYPE_AUDIT_FAILURE: return "Audit Failure";
	case 0: return "Success"; /* EVENTLOG_SUCCESS: an Information event in Event Viewer */
	default: return NULL;
	}
}

/* The record's strings into r->arena and r->sptr[0..n). */
static int fetch_strings(struct run *r, libevt_record_t *rec, size_t *count)
{
	libevt_error_t *err = NULL;
	char emsg[512], what[48];
	int n = 0, rc;

	*count = 0;
	ll_buf_reset(&r->arena);
	if (r->api->record_get_number_of_strings(rec, &n, &err) != 1 || n < 0) {
		evt_err(r->api, emsg, sizeof(emsg), &err);
		return ll_error_set(LL_ECORRUPT, "cannot count strings: %s", emsg);
	}
	if ((size_t)n > r->scap) {
		size_t *o = ll_reallocarray(r->soff, (size_t)n, sizeof(*o));
		const char **p;

		if (!o)
			return ll_error_set(LL_ENOMEM, "out of memory");
		r->soff = o;
		if (!(p = ll_reallocarray(r->sptr, (size_t)n, sizeof(*p))))
			return ll_error_set(LL_ENOMEM, "out of memory");
		r->sptr = p;
		r->scap = (size_t)n;
	}
	for (int i = 0; i < n; i++) {
		r->soff[i] = r->arena.len;
		snprintf(what, sizeof(what), "String%d", i + 1);
		if ((rc = fetch(r, &r->arena, rec, i, NULL, NULL, what)) < 0)
			return rc;
		if ((rc = ll_buf_putc(&r->arena, '\0')) < 0)
			return rc;
	}
	for (int i = 0; i < n; i++)
		r->sptr[i] = r->arena.ptr + r->soff[i];
	*count = (size_t)n;
	return 0;
}

static void put_time(struct ll_tl_obj *o, const char *key, uint32_t t)
{
	char s[40];

	if (!t)
		return;
	ll_time_format(s, sizeof(s), (int64_t)t * LL_NS_PER_SEC, 0);
	ll_tl_obj_cstr(o, key, s);
}

static int put_data(struct run *r, struct ll_tl_obj *o, libevt_record_t *rec)
{
	libevt_error_t *err = NULL;
	size_t n = 0, keep;
	uint8_t *d;
	char *hex;

	if (r->api->record_get_data_size(rec, &n, &err) != 1 || n == 0) {
		r->api->error_free(&err);
		return 0;
	}
	ll_tl_obj_int(o, "DataSize", (int64_t)n);
	if (n > STRING_MAX)
		return 0;
	keep = n < DATA_HEX_MAX ? n : DATA_HEX_MAX;
	if (!(d = ll_malloc(n)) || !(hex = ll_malloc(keep * 2 + 1))) {
		ll_free(d);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	if (r->api->record_get_data(rec, d, n, &err) == 1) {
		ll_hex_encode(hex, d, keep);
		ll_tl_obj_cstr(o, "Data", hex);
		if (keep < n)
			ll_tl_obj_bool(o, "DataTruncated", true);
	} else {
		r->api->error_free(&err);
	}
	ll_free(hex);
	ll_free(d);
	return 0;
}

/*
 * libevt reads a cut copy silently (the records before the cut, nothing
 * said): a clean header whose end-of-file record lies past the end of the
 * file tells the examiner the copy is short. Dirty headers are stale by
 * nature and prove nothing. Read from `memfd` (gzip input's inflated copy),
 * else the descriptor a worker was handed (it can open nothing by name
 * after its lock-down), else the file by name.
 */
static void check_truncated(struct ll_source_ctx *ctx, int memfd)
{
	uint8_t h[EVT_HEADER];
	struct stat sb;
	uint32_t eof_off, flags;
	int fd = memfd >= 0 ? memfd : ll_input_bound_fd(ctx->path);
	bool own = fd < 0;

	if (own && (fd = open(ctx->path, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	if (fstat(fd, &sb) == 0 && pread(fd, h, sizeof(h), 0) == (ssize_t)sizeof(h)) {
		eof_off = ll_le32(h + 20);
		flags = ll_le32(h + 36);
		if (!(flags & LIBEVT_FILE_FLAG_IS_DIRTY) &&
		    (uint64_t)eof_off + EOF_RECORD > (uint64_t)sb.st_size)
			ll_source_warn(ctx, "'%s': the header puts the end-of-file record at offset %" PRIu32
				       ", past the end of the file (%lld bytes): the copy is truncated and records may be missing",
				       ctx->rel_path, eof_off, (long long)sb.st_size);
	}
	if (own)
		close(fd);
}

static const char *const severity_name[] = { "Success", "Informational", "Warning", "Error" };

/* One record into its events; a negative LL_ECORRUPT return is a rejected record. */
static int do_record(struct run *r, libevt_record_t *rec, int index, bool recovered)
{
	struct ll_source_ctx *ctx = r->ctx;
	const struct ll_evt_api *api = r->api;
	libevt_error_t *err = NULL;
	char emsg[512], raw[2][16];
	uint32_t rn = 0, created = 0, written = 0, eid = 0;
	uint16_t etype = 0, ecat = 0;
	off64_t off = -1;
	size_t nstr = 0;
	struct ll_evt_rec er;
	struct ll_event ev = { 0 };
	struct ll_tl_obj o;
	const char *tn;
	int rc;

	if (api->record_get_identifier(rec, &rn, &err) != 1) {
		evt_err(api, emsg, sizeof(emsg), &err);
		return ll_error_set(LL_ECORRUPT, "record index %d: no record number: %s", index, emsg);
	}
	if (api->record_get_offset(rec, &off, NULL) != 1 || off < EVT_HEADER)
		off = -1;
	if (api->record_get_creation_time(rec, &created, &err) != 1 ||
	    api->record_get_written_time(rec, &written, &err) != 1 ||
	    api->record_get_event_identifier(rec, &eid, &err) != 1 ||
	    api->record_get_event_type(rec, &etype, &err) != 1 ||
	    api->record_get_event_category(rec, &ecat, &err) != 1) {
		evt_err(api, emsg, sizeof(emsg), &err);
		return ll_error_set(LL_ECORRUPT, "record %" PRIu32 " at offset %lld: %s", rn,
				    (long long)off, emsg);
	}
	if (!created && !written)
		return ll_error_set(LL_ECORRUPT, "record %" PRIu32 " at offset %lld: no creation or written time",
				    rn, (long long)off);
	ll_buf_reset(&r->source);
	ll_buf_reset(&r->computer);
	ll_buf_reset(&r->sid);
	if ((rc = fetch(r, &r->source, rec, -1, api->record_get_utf8_source_name_size,
			api->record_get_utf8_source_name, "source name")) < 0 ||
	    (rc = fetch(r, &r->computer, rec, -1, api->record_get_utf8_computer_name_size,
			api->record_get_utf8_computer_name, "computer name")) < 0 ||
	    (rc = fetch(r, &r->sid, rec, -1, api->record_get_utf8_user_security_identifier_size,
			api->record_get_utf8_user_security_identifier, "user SID")) < 0 ||
	    (rc = fetch_strings(r, rec, &nstr)) < 0) {
		if (rc == LL_ECORRUPT)
			return ll_error_context("record %" PRIu32 " at offset %lld", rn, (long long)off);
		return rc;
	}
	er = (struct ll_evt_rec){ r->source.len ? r->source.ptr : NULL,
				  r->sid.len ? r->sid.ptr : NULL, r->sptr, nstr };
	if ((rc = ll_evt_message(&r->msg, &r->user, &er, eid & 0xffff)) < 0)
		return rc;

	ll_buf_reset(&r->attrs);
	ll_tl_obj_begin(&o, &r->attrs);
	ll_tl_obj_int(&o, "RecordNumber", rn);
	ll_tl_obj_int(&o, "EventID", eid & 0xffff);
	ll_tl_obj_int(&o, "EventIdentifier", eid);
	ll_tl_obj_int(&o, "Qualifiers", eid >> 16);
	ll_tl_obj_cstr(&o, "Severity", severity_name[eid >> 30]);
	if (eid & (UINT32_C(1) << 29))
		ll_tl_obj_bool(&o, "CustomerCode", true);
	ll_tl_obj_int(&o, "Facility", (eid >> 16) & 0xfff);
	ll_tl_obj_int(&o, "EventType", etype);
	if ((tn = type_name(etype)))
		ll_tl_obj_cstr(&o, "EventTypeName", tn);
	ll_tl_obj_int(&o, "EventCategory", ecat);
	ll_tl_obj_cstr(&o, "SourceName", er.source);
	ll_tl_obj_cstr(&o, "ComputerName", r->computer.len ? r->computer.ptr : NULL);
	ll_tl_obj_cstr(&o, "UserSID", er.sid);
	put_time(&o, "CreationTime", created);
	put_time(&o, "WrittenTime", written);
	if (off >= 0)
		ll_tl_obj_int(&o, "Offset", (int64_t)off);
	if (recovered)
		ll_tl_obj_bool(&o, "recovered", true);
	ll_tl_obj_int(&o, "NumberOfStrings", (int64_t)nstr);
	for (size_t i = 0; i < nstr; i++) {
		char k[32];

		snprintf(k, sizeof(k), "String%zu", i + 1);
		ll_tl_obj_cstr(&o, k, r->sptr[i]);
	}
	if ((rc = put_data(r, &o, rec)) < 0)
		return rc;
	if ((rc = ll_tl_obj_end(&o)) < 0)
		return rc;

	ll_buf_reset(&r->loc);
	rc = ll_buf_printf(&r->loc, "record=%" PRIu32, rn);
	if (rc >= 0 && off >= 0)
		rc = ll_buf_printf(&r->loc, ";offset=%lld", (long long)off);
	if (rc >= 0 && recovered)
		rc = ll_buf_puts(&r->loc, ";recovered");
	if (rc < 0)
		return rc;

	ev.evidence_id = ctx->ev->id;
	ev.source = "evt";
	ev.parser = "evt";
	ev.category = recovered ? "recovered" : NULL;
	ev.host = r->computer.len ? r->computer.ptr : NULL;
	ev.user = r->user.len ? r->user.ptr : NULL;
	ev.path = ctx->rel_path;
	ev.event_code = eid & 0xffff;
	ev.locator = r->loc.ptr;
	ev.message = r->msg.ptr;
	ev.attrs = r->attrs.ptr;
	snprintf(raw[0], sizeof(raw[0]), "%" PRIu32, created);
	snprintf(raw[1], sizeof(raw[1]), "%" PRIu32, written);
	for (int k = 0; k < 2; k++) {
		uint32_t t = k ? written : created;

		if (!t)
			continue;
		/* uint32 seconds: always in range */
		if ((rc = ll_time_ns_from_sec(&ev.time_ns, (int64_t)t, 0, raw[k])) < 0)
			return rc;
		ev.time_raw = raw[k];
		ev.time_desc = k ? "Content Modification Time" : "Creation Time";
		ev.time_rule = k ? "EVT record written time (POSIX seconds, UTC)"
				 : "EVT record creation time (POSIX seconds, UTC)";
		/* a storage failure is not a bad record: mark it so the caller stops */
		if ((rc = ll_event_add(ctx->w, &ev, NULL)) < 0)
			return rc == LL_ECORRUPT ? LL_EIO : rc;
	}
	return 0;
}

static int live_add(struct run *r, libevt_record_t *rec)
{
	uint32_t id = 0, wt = 0;

	if (r->nlive == r->live_cap) {
		size_t nc = r->live_cap ? r->live_cap * 2 : 256;
		struct live *p = ll_reallocarray(r->live, nc, sizeof(*p));

		if (!p)
			return ll_error_set(LL_ENOMEM, "out of memory");
		r->live = p;
		r->live_cap = nc;
	}
	r->api->record_get_identifier(rec, &id, NULL);
	r->api->record_get_written_time(rec, &wt, NULL);
	r->live[r->nlive++] = (struct live){ id, wt };
	return 0;
}

static int live_cmp(const void *a, const void *b)
{
	const struct live *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->written < y->written ? -1 : x->written > y->written;
}

/* True if a live record has this number and written time. */
static bool is_live_copy(struct run *r, libevt_record_t *rec)
{
	struct live k = { 0, 0 };

	if (!r->live_sorted) {
		if (r->nlive)
			qsort(r->live, r->nlive, sizeof(*r->live), live_cmp);
		r->live_sorted = true;
	}
	r->api->record_get_identifier(rec, &k.id, NULL);
	r->api->record_get_written_time(rec, &k.written, NULL);
	return r->nlive && bsearch(&k, r->live, r->nlive, sizeof(k), live_cmp);
}

static int walk(struct run *r, libevt_file_t *f)
{
	struct ll_source_ctx *ctx = r->ctx;
	const struct ll_evt_api *api = r->api;
	libevt_error_t *err = NULL;
	char emsg[512];
	int n = 0, nrec = 0, rc;

	if (api->file_get_number_of_records(f, &n, &err) != 1) {
		evt_err(api, emsg, sizeof(emsg), &err);
		return ll_error_set(LL_ECORRUPT, "'%s': cannot count records: %s",
				    ctx->rel_path, emsg);
	}
	for (int i = 0; i < n; i++) {
		libevt_record_t *rec = NULL;

		if (api->file_get_record_by_index(f, i, &rec, &err) != 1) {
			evt_err(api, emsg, sizeof(emsg), &err);
			ctx->stats->rejected++;
			ll_source_warn(ctx, "'%s' record index %d: %s", ctx->rel_path, i, emsg);
			continue;
		}
		if ((rc = live_add(r, rec)) >= 0)
			rc = do_record(r, rec, i, false);
		api->record_free(&rec, NULL);
		if (rc < 0) {
			if (rc != LL_ECORRUPT)
				return rc;
			ctx->stats->rejected++;
			ll_source_warn(ctx, "'%s' record index %d: %s", ctx->rel_path, i,
				       ll_error_message());
		}
	}
	/* records libevt found outside the live list (dirty or damaged file) */
	if (api->file_get_number_of_recovered_records(f, &nrec, &err) != 1) {
		api->error_free(&err);
		nrec = 0;
	}
	for (int i = 0; i < nrec; i++) {
		libevt_record_t *rec = NULL;

		if (api->file_get_recovered_record_by_index(f, i, &rec, &err) != 1) {
			api->error_free(&err);
			r->failed_recovered++;
			continue;
		}
		if (is_live_copy(r, rec)) {
			api->record_free(&rec, NULL);
			r->dup_recovered++;
			continue;
		}
		rc = do_record(r, rec, i, true);
		api->record_free(&rec, NULL);
		if (rc < 0) {
			if (rc != LL_ECORRUPT)
				return rc;
			r->failed_recovered++;
			continue;
		}
		ctx->stats->recovered++;
	}
	ll_source_recovered(ctx, (uint64_t)nrec, r->dup_recovered, r->failed_recovered);
	return 0;
}

/* The file as libevt opened it, and (gzip) the memory file it reads. */
struct opened {
	const struct ll_evt_api *api;
	libevt_file_t *f;
	bool open;
	int memfd;
	uint64_t memlen;
};

static void close_file(struct opened *o)
{
	if (o->open)
		o->api->file_close(o->f, NULL);
	if (o->f)
		o->api->file_free(&o->f, NULL);
	if (o->memfd >= 0)
		close(o->memfd);
	*o = (struct opened){ .memfd = -1 };
}

/* The first two bytes of ctx's file (the gzip magic), zero when it has fewer. */
static void read_magic(uint8_t magic[2], const struct ll_source_ctx *ctx)
{
	int fd = ll_input_bound_fd(ctx->path);
	FILE *fp;

	magic[0] = magic[1] = 0;
	if (fd >= 0) {
		if (pread(fd, magic, 2, 0) != 2)
			magic[0] = 0;
	} else if ((fp = fopen(ctx->path, "rb"))) {
		if (fread(magic, 1, 2, fp) != 2)
			magic[0] = 0;
		fclose(fp);
	}
}

/*
 * Loads libevt and opens ctx's file with it: gzip input inflated into a
 * memory file first (libevt opens paths). By name, as in-process, also in
 * a worker (before its lock-down): libevt's messages quote the path.
 */
static int open_file(struct opened *o, struct ll_source_ctx *ctx)
{
	libevt_error_t *err = NULL;
	uint8_t magic[2];
	char emsg[512], fdpath[64];
	const char *open_path = ctx->path;
	int rc;

	*o = (struct opened){ .memfd = -1 };
	if (!(o->api = ll_evt_api_get()))
		return ll_error_context("'%s'", ctx->rel_path);
	read_magic(magic, ctx);
	if (magic[0] == 0x1f && magic[1] == 0x8b) {
		if ((rc = ll_input_memfd_header(&o->memfd, &o->memlen, ctx->path, GZIP_MAX,
						ctx->rel_path, EVT_HEADER, "EVT")) < 0)
			goto fail;
		snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", o->memfd);
		open_path = fdpath;
	}
	if (o->api->file_initialize(&o->f, &err) != 1) {
		evt_err(o->api, emsg, sizeof(emsg), &err);
		rc = ll_error_set(LL_ENOMEM, "libevt: %s", emsg);
		goto fail;
	}
	if (o->api->file_open(o->f, open_path, LIBEVT_OPEN_READ, &err) != 1) {
		evt_err(o->api, emsg, sizeof(emsg), &err);
		rc = ll_error_set(LL_ECORRUPT, "not a readable EVT file%s: %s",
				  o->memfd >= 0 ? " (gzip)" : "", emsg);
		goto fail;
	}
	o->open = true;
	return 0;
fail:
	close_file(o);
	return rc;
}

/* A worker's file, loaded and opened before its lock-down (prepare). */
static struct ll_prepared prepared;
static struct opened prepared_file = { .memfd = -1 };

static int prepare(struct ll_source_ctx *ctx)
{
	return ll_prepared_done(&prepared, open_file(&prepared_file, ctx));
}

static int run(struct ll_source_ctx *ctx)
{
	struct run r = { .ctx = ctx };
	struct opened o = { .memfd = -1 };
	uint32_t flags = 0;
	int rc = 0;

	ll_buf_init(&r.msg);
	ll_buf_init(&r.user);
	ll_buf_init(&r.attrs);
	ll_buf_init(&r.loc);
	ll_buf_init(&r.tmp);
	ll_buf_init(&r.source);
	ll_buf_init(&r.computer);
	ll_buf_init(&r.sid);
	ll_buf_init(&r.arena);
	if (ll_prepared_take(&prepared, &rc)) {
		o = prepared_file;
		prepared_file = (struct opened){ .memfd = -1 };
	} else {
		rc = open_file(&o, ctx);
	}
	if (rc < 0)
		goto out;
	r.api = o.api;
	check_truncated(ctx, o.memfd);
	if (r.api->file_get_flags(o.f, &flags, NULL) == 1 && (flags & LIBEVT_FILE_FLAG_IS_DIRTY))
		ll_source_warn_code(ctx, "evt.dirty",
				    json_pack("{s:s}", "file", ctx->rel_path),
				    "'%s': the log is marked dirty (copied while in use, or not closed cleanly); libevt searched for its records",
				    ctx->rel_path);
	if (r.api->file_is_corrupted(o.f, NULL) == 1)
		ll_source_warn_code(ctx, flags & LIBEVT_FILE_FLAG_HAS_WRAPPED ? "evt.corrupted-wrapped"
									: "evt.corrupted",
				    json_pack("{s:s}", "file", ctx->rel_path),
				    "'%s': libevt reports the file as corrupted%s; records it could read are kept",
				    ctx->rel_path,
			       (flags & LIBEVT_FILE_FLAG_HAS_WRAPPED)
				       ? " (the log has wrapped: libevt 20200926 reports every wrapped log so)"
				       : "");
	rc = walk(&r, o.f);
out:
	close_file(&o);
	ll_free(r.soff);
	ll_free(r.sptr);
	ll_free(r.live);
	ll_buf_release(&r.msg);
	ll_buf_release(&r.user);
	ll_buf_release(&r.attrs);
	ll_buf_release(&r.loc);
	ll_buf_release(&r.tmp);
	ll_buf_release(&r.source);
	ll_buf_release(&r.computer);
	ll_buf_release(&r.sid);
	ll_buf_release(&r.arena);
	return rc;
}

const struct ll_source_kind ll_source_evt = {
	.name = "evt",
	.probe = probe,
	.run = run,
	.prepare = prepare,
	.worker = true,
};

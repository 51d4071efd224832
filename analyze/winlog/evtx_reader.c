/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The EVTX reader: libevtx walks the records (and the recovered ones), the
 * time and record id come from the record XML (System/TimeCreated and
 * EventRecordID: record-header times are zero in many real files), and every
 * EventData/UserData field is kept by name.
 */
#include "core/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze/winlog/evtx_lib.h"
#include "analyze/winlog/evtx_messages.h"
#include "analyze/winlog/evtx_scan.h"
#include "analyze/winlog/evtx_xml.h"
#include "analyze/readers/prepared.h"
#include "analyze/input.h"
#include "analyze/source.h"
#include "analyze/readers/textlog.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/time.h"

#define GZIP_MAX (INT64_C(1) << 30) /* refuse to inflate more than 1 GiB */
#define EVTX_HEADER 4096
#define EVTX_CHUNK 65536
/*
 * The inflated copy is followed by zeroed slack, more than one read of a
 * chunk, so the chunk map never reads past its end on a truncated file
 * (libbfio's memory range, used before, overran it: found by fuzz_evtx).
 */
#define BFIO_SLACK ((size_t)128 << 10)

static int probe(const uint8_t *head, size_t len, uint64_t file_size)
{
	LL_UNUSED(file_size);
	return len >= 8 && memcmp(head, "ElfFile\0", 8) == 0 ? 100 : 0;
}

static void evtx_err(char *out, size_t n, libevtx_error_t **e)
{
	const struct ll_evtx_api *lx = ll_evtx_api_get(); /* loaded by open_file */
	out[0] = '\0';
	if (e && *e) {
		lx->error_sprint(*e, out, n);
		lx->error_free(e);
	}
	/* libevtx messages end with newlines; keep one line */
	for (char *p = out; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

struct run {
	struct ll_source_ctx *ctx;
	struct ll_evtx_doc doc;
	struct ll_buf msg, user, attrs, loc, xml;
	struct ll_evtx_map map;
	uint64_t failed_recovered, dup_recovered;
};

static bool is_reserved(const char *k)
{
	static const char *const keys[] = {
		"Channel", "EventID", "Provider_Name", "Provider_Guid", "Computer",
		"Level", "EventRecordID", "UserID", "Task", "Keywords", "Opcode",
		"Version", "ProcessID", "ThreadID", "Qualifiers", "recovered",
		"HeaderRecordNumber",
	};

	for (size_t i = 0; i < LL_ARRAY_SIZE(keys); i++)
		if (!strcmp(k, keys[i]))
			return true;
	return false;
}

static bool parse_int(int64_t *out, const char *s)
{
	char *end;
	long long v;

	if (!s || !*s)
		return false;
	errno = 0;
	v = strtoll(s, &end, 0);
	if (*end || errno)
		return false;
	*out = v;
	return true;
}

static void int_or_str(struct ll_tl_obj *o, const char *k, const char *v)
{
	int64_t n;

	if (!v)
		return;
	if (parse_int(&n, v))
		ll_tl_obj_int(o, k, n);
	else
		ll_tl_obj_cstr(o, k, v);
}

static int build_attrs(struct run *r, int64_t event_id, bool recovered,
		       uint64_t header_id)
{
	const struct ll_evtx_doc *d = &r->doc;
	struct ll_tl_obj o;
	int64_t rid;

	ll_buf_reset(&r->attrs);
	ll_tl_obj_begin(&o, &r->attrs);
	ll_tl_obj_cstr(&o, "Channel", d->channel);
	ll_tl_obj_int(&o, "EventID", event_id);
	ll_tl_obj_cstr(&o, "Provider_Name", d->provider);
	ll_tl_obj_cstr(&o, "Provider_Guid", d->provider_guid);
	ll_tl_obj_cstr(&o, "Computer", d->computer);
	int_or_str(&o, "Level", d->level);
	int_or_str(&o, "EventRecordID", d->record_id);
	ll_tl_obj_cstr(&o, "UserID", d->user_sid);
	ll_tl_obj_cstr(&o, "Task", d->task);
	ll_tl_obj_cstr(&o, "Keywords", d->keywords);
	ll_tl_obj_cstr(&o, "Opcode", d->opcode);
	ll_tl_obj_cstr(&o, "Version", d->version);
	ll_tl_obj_cstr(&o, "Qualifiers", d->qualifiers);
	ll_tl_obj_cstr(&o, "ProcessID", d->process_id);
	ll_tl_obj_cstr(&o, "ThreadID", d->thread_id);
	if (!parse_int(&rid, d->record_id) || (uint64_t)rid != header_id)
		ll_tl_obj_int(&o, "HeaderRecordNumber", (int64_t)header_id);
	if (recovered)
		ll_tl_obj_bool(&o, "recovered", true);
	for (size_t i = 0; i < d->nfields; i++) {
		const struct ll_evtx_field *f = &d->fields[i];

		if (is_reserved(f->name)) {
			/* a data field named like a System key keeps its value under a prefix */
			char k[96];

			snprintf(k, sizeof(k), "%s_%s", d->user_data ? "UserData" : "EventData",
				 f->name);
			ll_tl_obj_str(&o, k, f->value, f->vlen);
		} else {
			ll_tl_obj_str(&o, f->name, f->value, f->vlen);
		}
	}
	return ll_tl_obj_end(&o);
}

/* One record into one event; a negative return is a rejected record (warned). */
static int do_record(struct run *r, libevtx_record_t *rec, int index, bool recovered)
{
	const struct ll_evtx_api *lx = ll_evtx_api_get(); /* loaded by open_file */
	struct ll_source_ctx *ctx = r->ctx;
	libevtx_error_t *err = NULL;
	char emsg[512];
	size_t xsize = 0;
	off64_t off = 0;
	uint64_t header_id = 0, ftime = 0;
	uint32_t hdr_eid = 0;
	int64_t eid, ns;
	const char *rule = "EVTX System/TimeCreated/@SystemTime (UTC)";
	struct ll_event ev = { 0 };
	int rc;

	lx->record_get_identifier(rec, &header_id, NULL);
	{
		uint64_t o;

		/* libevtx 20181227 leaves the record offset at 0: use our chunk walk */
		off = ll_evtx_map_find(&r->map, header_id, !recovered, &o) ? (off64_t)o : -1;
	}
	if (lx->record_get_utf8_xml_string_size(rec, &xsize, &err) != 1 ||
	    xsize == 0 || xsize > (64u << 20)) {
		evtx_err(emsg, sizeof(emsg), &err);
		return ll_error_set(LL_ECORRUPT, "record %" PRIu64 " at offset %lld: no XML (%s)",
				    header_id, (long long)off, emsg);
	}
	ll_buf_reset(&r->xml);
	if ((rc = ll_buf_grow(&r->xml, xsize)) < 0)
		return rc;
	if (lx->record_get_utf8_xml_string(rec, (uint8_t *)r->xml.ptr, xsize, &err) != 1) {
		evtx_err(emsg, sizeof(emsg), &err);
		return ll_error_set(LL_ECORRUPT, "record %" PRIu64 " at offset %lld: %s",
				    header_id, (long long)off, emsg);
	}
	r->xml.len = ll_tl_strnlen(r->xml.ptr, xsize);
	if ((rc = ll_evtx_xml_parse(&r->doc, r->xml.ptr, r->xml.len)) < 0)
		return ll_error_context("record %" PRIu64 " at offset %lld", header_id,
					(long long)off);
	if (!parse_int(&eid, r->doc.event_id)) {
		lx->record_get_event_identifier(rec, &hdr_eid, NULL);
		eid = hdr_eid & 0xffff;
	}
	if (r->doc.time_created &&
	    ll_time_parse_rfc3339(&ns, NULL, r->doc.time_created, false) < 0 &&
	    ll_time_range_error())
		/* a valid time the store cannot hold: the record is refused, not re-dated */
		return ll_error_context("record %" PRIu64 " at offset %lld: TimeCreated", header_id,
					(long long)off);
	if (!r->doc.time_created ||
	    ll_time_parse_rfc3339(&ns, NULL, r->doc.time_created, false) < 0) {
		/* no usable TimeCreated: the header's written time, said so */
		if (lx->record_get_written_time(rec, &ftime, NULL) != 1 || ftime == 0)
			return ll_error_set(LL_ECORRUPT,
					    "record %" PRIu64 " at offset %lld: no TimeCreated and no header time",
					    header_id, (long long)off);
		if (ll_time_ns_from_filetime(&ns, ftime) < 0)
			return ll_error_context("record %" PRIu64 " at offset %lld: header written time",
						header_id, (long long)off);
		rule = "EVTX record header written time (FILETIME, UTC); TimeCreated missing or invalid";
		ll_source_warn(ctx, "'%s' record %" PRIu64 ": TimeCreated missing; header time used",
			       ctx->rel_path, header_id);
	}
	if ((rc = ll_evtx_message(&r->msg, &r->user, &r->doc, eid)) < 0 ||
	    (rc = build_attrs(r, eid, recovered, header_id)) < 0)
		return rc;
	ll_buf_reset(&r->loc);
	if (r->doc.record_id && parse_int(&(int64_t){ 0 }, r->doc.record_id))
		rc = ll_buf_printf(&r->loc, "record=%s", r->doc.record_id);
	else
		rc = ll_buf_printf(&r->loc, "record=?;header_record=%" PRIu64, header_id);
	if (rc >= 0 && off >= EVTX_HEADER)
		rc = ll_buf_printf(&r->loc, ";chunk=%lld;offset=%lld",
				   (long long)((off - EVTX_HEADER) / EVTX_CHUNK), (long long)off);
	if (rc >= 0 && recovered)
		rc = ll_buf_puts(&r->loc, ";recovered");
	if (rc < 0)
		return rc;
	LL_UNUSED(index);
	ev.evidence_id = ctx->ev->id;
	ev.time_ns = ns;
	ev.time_desc = "Event Logged";
	ev.time_raw = r->doc.time_created;
	ev.time_rule = rule;
	ev.source = "evtx";
	ev.parser = "evtx";
	ev.category = recovered ? "recovered" : NULL;
	ev.host = r->doc.computer;
	ev.user = r->user.len ? r->user.ptr : NULL;
	ev.path = ctx->rel_path;
	ev.event_code = eid;
	ev.locator = r->loc.ptr;
	ev.message = r->msg.ptr;
	ev.attrs = r->attrs.ptr;
	/* a storage failure is not a bad record: mark it so the caller stops */
	if ((rc = ll_event_add(ctx->w, &ev, NULL)) < 0) {
		if (ll_time_range_error()) /* the clock offset moves it out of range: this record only */
			return ll_error_context("record %" PRIu64 " at offset %lld", header_id,
						(long long)off);
		return rc == LL_ECORRUPT ? LL_EIO : rc;
	}
	return 0;
}

static bool record_error(int rc)
{
	return rc == LL_ECORRUPT;
}

static int walk(struct run *r, libevtx_file_t *f)
{
	const struct ll_evtx_api *lx = ll_evtx_api_get(); /* loaded by open_file */
	struct ll_source_ctx *ctx = r->ctx;
	libevtx_error_t *err = NULL;
	char emsg[512];
	int n = 0, nrec = 0;
	int rc;

	if (lx->file_get_number_of_records(f, &n, &err) != 1) {
		evtx_err(emsg, sizeof(emsg), &err);
		return ll_error_set(LL_ECORRUPT, "'%s': cannot count records: %s",
				    ctx->rel_path, emsg);
	}
	for (int i = 0; i < n; i++) {
		libevtx_record_t *rec = NULL;

		if (lx->file_get_record_by_index(f, i, &rec, &err) != 1) {
			evtx_err(emsg, sizeof(emsg), &err);
			ctx->stats->rejected++;
			ll_source_warn(ctx, "'%s' record index %d: %s", ctx->rel_path, i, emsg);
			continue;
		}
		rc = do_record(r, rec, i, false);
		lx->record_free(&rec, NULL);
		if (rc < 0) {
			if (!record_error(rc))
				return rc;
			ctx->stats->rejected++;
			ll_source_warn(ctx, "'%s': %s", ctx->rel_path, ll_error_message());
		}
	}
	/* recovered (deleted) records: best effort, libevtx fails on many */
	if (lx->file_get_number_of_recovered_records(f, &nrec, &err) != 1) {
		evtx_err(emsg, sizeof(emsg), &err);
		nrec = 0;
	}
	for (int i = 0; i < nrec; i++) {
		libevtx_record_t *rec = NULL;

		uint64_t hid = 0, wt = 0;

		if (lx->file_get_recovered_record_by_index(f, i, &rec, &err) != 1) {
			lx->error_free(&err);
			r->failed_recovered++;
			continue;
		}
		/* a copy of a live record left in free space adds nothing */
		lx->record_get_identifier(rec, &hid, NULL);
		lx->record_get_written_time(rec, &wt, NULL);
		if (ll_evtx_map_has_live(&r->map, hid, wt)) {
			lx->record_free(&rec, NULL);
			r->dup_recovered++;
			continue;
		}
		rc = do_record(r, rec, i, true);
		lx->record_free(&rec, NULL);
		if (rc < 0) {
			if (!record_error(rc))
				return rc;
			r->failed_recovered++;
			continue;
		}
		ctx->stats->recovered++;
	}
	ll_source_recovered(ctx, (uint64_t)nrec, r->dup_recovered, r->failed_recovered);
	return 0;
}

static int64_t fd_read(void *arg, uint64_t off, void *buf, size_t n)
{
	int fd = *(int *)arg;
	size_t got = 0;

	while (got < n) {
		ssize_t k = pread(fd, (uint8_t *)buf + got, n - got, (off_t)(off + got));

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return ll_error_set(LL_EIO, "read error: %s", strerror(errno));
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (int64_t)got;
}

/*
 * The record map, from the file itself or (gzip) its inflated copy `memfd`.
 * In a worker, from the descriptor it was handed (no file can be opened
 * by name after the lock-down).
 */
static int build_map(struct run *r, int memfd, uint64_t memlen)
{
	struct stat sb;
	int fd, rc;

	if (memfd >= 0)
		return ll_evtx_map_build(&r->map, fd_read, &memfd, memlen);
	if ((fd = ll_input_bound_fd(r->ctx->path)) >= 0) {
		if (fstat(fd, &sb) != 0)
			return ll_error_set(LL_EIO, "cannot stat '%s'", r->ctx->rel_path);
		return ll_evtx_map_build(&r->map, fd_read, &fd, (uint64_t)sb.st_size);
	}
	if ((fd = open(r->ctx->path, O_RDONLY | O_CLOEXEC)) < 0)
		return ll_error_set(LL_EIO, "cannot open '%s': %s", r->ctx->rel_path, strerror(errno));
	if (fstat(fd, &sb) != 0) {
		close(fd);
		return ll_error_set(LL_EIO, "cannot stat '%s'", r->ctx->rel_path);
	}
	rc = ll_evtx_map_build(&r->map, fd_read, &fd, (uint64_t)sb.st_size);
	close(fd);
	return rc;
}

/* The file as libevtx opened it, and (gzip) the memory file it reads. */
struct opened {
	libevtx_file_t *f;
	int memfd;
	uint64_t memlen;
};

static void close_file(struct opened *o)
{
	const struct ll_evtx_api *lx = ll_evtx_api_get(); /* loaded by open_file */
	if (o->f) {
		lx->file_close(o->f, NULL);
		lx->file_free(&o->f, NULL);
	}
	if (o->memfd >= 0)
		close(o->memfd);
	o->memfd = -1;
}

/* Opens ctx's file by name: gzip input inflated into a memory file first. */
static int open_file(struct opened *o, struct ll_source_ctx *ctx)
{
	const struct ll_evtx_api *lx = ll_evtx_api_get(); /* first use: loads it */
	libevtx_error_t *err = NULL;
	uint8_t magic[2] = { 0, 0 };
	char emsg[512];
	FILE *fp;
	int rc;

	*o = (struct opened){ .memfd = -1 };
	if (!lx) /* libevtx.so.1 missing: said by the error the getter set */
		return ll_error_context("'%s'", ctx->rel_path);
	if ((fp = fopen(ctx->path, "rb"))) {
		if (fread(magic, 1, 2, fp) != 2)
			magic[0] = 0;
		fclose(fp);
	}
	if (lx->file_initialize(&o->f, &err) != 1) {
		evtx_err(emsg, sizeof(emsg), &err);
		return ll_error_set(LL_ENOMEM, "libevtx: %s", emsg);
	}
	if (magic[0] == 0x1f && magic[1] == 0x8b) {
		char fdpath[64];

		/*
		 * libevtx reads the inflated bytes through an anonymous memory
		 * file. Not libbfio's memory range: linking libbfio next to
		 * libewf and libevtx, which carry their own copies of the libyal
		 * helpers, makes their symbols interpose and crashes libewf.
		 */
		if ((rc = ll_input_memfd_header(&o->memfd, &o->memlen, ctx->path, GZIP_MAX,
						ctx->rel_path, EVTX_HEADER, "EVTX")) < 0)
			goto fail;
		snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", o->memfd);
		if (lx->file_open(o->f, fdpath, LIBEVTX_OPEN_READ, &err) != 1) {
			evtx_err(emsg, sizeof(emsg), &err);
			rc = ll_error_set(LL_ECORRUPT, "'%s' (gzip): not a readable EVTX file: %s",
					  ctx->rel_path, emsg);
			goto fail;
		}
	} else if (lx->file_open(o->f, ctx->path, LIBEVTX_OPEN_READ, &err) != 1) {
		evtx_err(emsg, sizeof(emsg), &err);
		rc = ll_error_set(LL_ECORRUPT, "'%s': not a readable EVTX file: %s",
				  ctx->rel_path, emsg);
		goto fail;
	}
	return 0;
fail:
	/* not opened: only freed */
	lx->file_free(&o->f, NULL);
	if (o->memfd >= 0)
		close(o->memfd);
	o->memfd = -1;
	return rc;
}

/* A worker's file, opened before its lock-down (prepare). */
static struct ll_prepared prepared;
static struct opened prepared_file = { .memfd = -1 };

static void tune_malloc(void)
{
	/*
	 * libevtx allocates and frees many small blocks per record; without
	 * this, glibc keeps returning the heap top to the kernel and faulting
	 * it back in (measured: ~15% of the run in page faults).
	 */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
}

static int prepare(struct ll_source_ctx *ctx)
{
	tune_malloc();
	return ll_prepared_done(&prepared, open_file(&prepared_file, ctx));
}

static int run(struct ll_source_ctx *ctx)
{
	const struct ll_evtx_api *lx = ll_evtx_api_get(); /* loaded by open_file */
	struct run r = { .ctx = ctx };
	struct opened o = { .memfd = -1 };
	int rc = 0;

	ll_buf_init(&r.msg);
	ll_buf_init(&r.user);
	ll_buf_init(&r.attrs);
	ll_buf_init(&r.loc);
	ll_buf_init(&r.xml);
	if (ll_prepared_take(&prepared, &rc)) {
		o = prepared_file;
		prepared_file = (struct opened){ .memfd = -1 };
	} else {
		tune_malloc();
		rc = open_file(&o, ctx);
	}
	if (rc < 0)
		goto out;
	if (lx->file_is_corrupted(o.f, NULL) == 1)
		ll_source_warn_code(ctx, "evtx.corrupted",
				    json_pack("{s:s}", "file", ctx->rel_path),
				    "'%s': libevtx reports the file as corrupted (dirty or damaged); records it could read are kept",
				    ctx->rel_path);
	if ((rc = build_map(&r, o.memfd, o.memlen)) >= 0)
		rc = walk(&r, o.f);
out:
	close_file(&o);
	ll_evtx_map_release(&r.map);
	ll_evtx_doc_release(&r.doc);
	ll_buf_release(&r.msg);
	ll_buf_release(&r.user);
	ll_buf_release(&r.attrs);
	ll_buf_release(&r.loc);
	ll_buf_release(&r.xml);
	return rc;
}

const struct ll_source_kind ll_source_evtx = {
	.name = "evtx",
	.probe = probe,
	.run = run,
	.prepare = prepare,
	.worker = true,
};

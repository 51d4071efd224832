/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The systemd journal reader (Debian 12 keeps its logs only there): one
 * journal file at a time through libsystemd's sd_journal_open_files, every
 * entry in file order, one event per entry with the writer's realtime clock,
 * the message repaired to UTF-8 and the trusted fields as attributes.
 */
#include "core/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <systemd/sd-journal.h>

#include "analyze/input.h"
#include "analyze/readers/journal.h"
#include "analyze/readers/prepared.h"
#include "analyze/source.h"
#include "analyze/worker/scratch.h"
#include "analyze/readers/textlog.h"
#include "core/endian.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/case.h"
#include "core/error.h"
#include "core/time.h"
#include "core/event/event.h"
#include "core/evidence.h"
#include "core/reader.h"

#define JOURNAL_MAGIC "LPKSHHRH"
/*
 * Compressed fields are inflated up to this size: a hostile file must not
 * make libsystemd inflate gigabytes; longer values are cut to it.
 */
#define DATA_THRESHOLD ((size_t)4 << 20)
#define GZIP_MAX ((uint64_t)1 << 30) /* refuse to inflate more than 1 GiB */
/* Header offsets (systemd's journal-def.h, struct Header) */
#define HEADER_SIZE_AT 88
#define HEADER_N_ENTRIES 152
#define TIME_RULE "systemd journal __REALTIME_TIMESTAMP (UTC microseconds, the writer's clock)"


static int probe(const uint8_t *head, size_t len, uint64_t file_size)
{
	struct ll_reader h;

	LL_UNUSED(file_size);
	ll_reader_init(&h, head, len);
	return ll_reader_match(&h, 0, JOURNAL_MAGIC, 8) ? 100 : 0;
}

static void warnf(struct ll_journal_sink *s, const char *fmt, ...) LL_PRINTF(2, 3);

static void warnf(struct ll_journal_sink *s, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!s->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	s->warn(s->arg, msg);
}

/*
 * The value of field `name` (MESSAGE) of the current entry: 1 with v and n
 * set, 0 when absent, negative errno when libsystemd cannot read it. The pointer
 * lives until the next libsystemd call on `j`.
 */
static int field(const char **v, size_t *n, sd_journal *j, const char *name)
{
	const void *d;
	const uint8_t *value;
	struct ll_reader f;
	size_t l, vn, nl = strlen(name);
	int r = sd_journal_get_data(j, name, &d, &l);

	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	/* "NAME=value": the name and '=' stepped over, the value is the rest */
	ll_reader_init(&f, d, l);
	if (!ll_reader_match(&f, 0, name, nl) || !ll_reader_match(&f, nl, "=", 1) ||
	    ll_reader_skip(&f, nl + 1) < 0)
		return -EBADMSG;
	vn = ll_reader_remaining(&f);
	if (ll_reader_bytes(&value, &f, vn) < 0)
		return -EBADMSG;
	*v = (const char *)value;
	*n = vn;
	return 1;
}

/* The cursor's "i=" part: the entry's sequence number, in hex. */
static bool cursor_seqnum(uint64_t *out, const char *c)
{
	const char *p = c;
	uint64_t v = 0;
	unsigned nd = 0;

	while (p && *p) {
		if (p[0] == 'i' && p[1] == '=') {
			for (p += 2; *p && *p != ';'; p++, nd++) {
				unsigned d;

				if (*p >= '0' && *p <= '9')
					d = (unsigned)(*p - '0');
				else if (*p >= 'a' && *p <= 'f')
					d = (unsigned)(*p - 'a' + 10);
				else
					return false;
				if (nd >= 16)
					return false;
				v = v << 4 | d;
			}
			*out = v;
			return nd > 0;
		}
		p = strchr(p, ';');
		if (p)
			p++;
	}
	return false;
}

/* A plain non-negative decimal of at most 9 digits, else -1. */
static int64_t small_int(const char *s, size_t n)
{
	if (!n || n > 9)
		return -1;
	return ll_tl_digits(s, n);
}

struct jrow {
	struct ll_tl_row row;
	char *cursor;
};

/* One entry → one event; >0 = rejected (warned), 0 = emitted, <0 = stop. */
static int entry(struct ll_journal_sink *s, struct jrow *jr, sd_journal *j,
		 const char *name, const char *evidence_id, uint64_t idx)
{
	static const struct { const char *key, *field; } strs[] = {
		{ "pid", "_PID" }, { "unit", "_SYSTEMD_UNIT" },
		{ "boot_id", "_BOOT_ID" }, { "transport", "_TRANSPORT" },
	};
	struct ll_tl_row *row = &jr->row;
	struct ll_event ev = { 0 };
	struct ll_tl_obj o;
	const char *v, *what = NULL;
	size_t n;
	uint64_t usec, seq;
	int64_t ns;
	int r, rc;

	if ((r = sd_journal_get_realtime_usec(j, &usec)) < 0) {
		what = "__REALTIME_TIMESTAMP";
		goto bad;
	}
	if (ll_time_ns_from_sec(&ns, (int64_t)(usec / 1000000), (int64_t)(usec % 1000000) * 1000,
				"") < 0) {
		char t[48];

		snprintf(t, sizeof(t), "__REALTIME_TIMESTAMP %" PRIu64, usec);
		if (ll_time_ns_from_sec(&ns, (int64_t)(usec / 1000000), (int64_t)(usec % 1000000) * 1000,
					t) < 0) {
			warnf(s, "'%s' entry %" PRIu64 ": %s; entry not read", name, idx,
			      ll_error_message());
			return 1;
		}
	}
	free(jr->cursor);
	jr->cursor = NULL;
	if ((r = sd_journal_get_cursor(j, &jr->cursor)) < 0) {
		what = "cursor";
		goto bad;
	}
	ll_buf_reset(&row->msg);
	ll_buf_reset(&row->attrs);
	ll_buf_reset(&row->loc);
	ll_buf_reset(&row->raw);
	ll_buf_reset(&row->host);
	ll_buf_reset(&row->user);

	if ((r = field(&v, &n, j, "MESSAGE")) < 0) {
		what = "MESSAGE";
		goto bad;
	}
	/* binary MESSAGE fields (NULs, invalid UTF-8) are kept as repaired text */
	if (r && (rc = ll_tl_put_text(&row->msg, v, n, false)) < 0)
		return rc;
	if ((r = field(&v, &n, j, "_HOSTNAME")) < 0) {
		what = "_HOSTNAME";
		goto bad;
	}
	if (r && (rc = ll_tl_put_text(&row->host, v, n, false)) < 0)
		return rc;
	if ((r = field(&v, &n, j, "_UID")) < 0) {
		what = "_UID";
		goto bad;
	}
	if (r && (rc = ll_tl_put_text(&row->user, v, n, false)) < 0)
		return rc;

	ll_tl_obj_begin(&o, &row->attrs);
	if ((r = field(&v, &n, j, "SYSLOG_IDENTIFIER")) == 0)
		r = field(&v, &n, j, "_COMM");
	if (r < 0) {
		what = "SYSLOG_IDENTIFIER/_COMM";
		goto bad;
	}
	if (r)
		ll_tl_obj_str(&o, "program", v, n);
	for (size_t i = 0; i < LL_ARRAY_SIZE(strs); i++) {
		if ((r = field(&v, &n, j, strs[i].field)) < 0) {
			what = strs[i].field;
			goto bad;
		}
		if (r)
			ll_tl_obj_str(&o, strs[i].key, v, n);
	}
	if ((r = field(&v, &n, j, "PRIORITY")) < 0) {
		what = "PRIORITY";
		goto bad;
	}
	if (r) {
		int64_t p = small_int(v, n);

		/* not a number: kept as found, under another key (the type of "priority" stays integer) */
		if (p >= 0)
			ll_tl_obj_int(&o, "priority", p);
		else
			ll_tl_obj_str(&o, "priority_raw", v, n);
	}
	if ((rc = ll_tl_obj_end(&o)) < 0)
		return rc;

	if ((rc = ll_buf_put(&row->loc, "seqnum=", 7)) < 0)
		return rc;
	if (cursor_seqnum(&seq, jr->cursor))
		rc = ll_buf_put_u64(&row->loc, seq);
	else
		rc = ll_buf_putc(&row->loc, '?');
	if (rc < 0 || (rc = ll_buf_put(&row->loc, ";cursor=", 8)) < 0 ||
	    (rc = ll_tl_put_text(&row->loc, jr->cursor, strlen(jr->cursor), false)) < 0 ||
	    (rc = ll_buf_put_u64(&row->raw, usec)) < 0)
		return rc;

	ev.evidence_id = evidence_id;
	ev.time_ns = ns;
	ev.time_desc = "Event Logged";
	ev.time_raw = row->raw.ptr;
	ev.time_rule = TIME_RULE;
	ev.source = "journal";
	ev.parser = "journald";
	ev.host = row->host.len ? row->host.ptr : NULL;
	ev.user = row->user.len ? row->user.ptr : NULL;
	ev.path = name;
	ev.event_code = -1;
	ev.locator = row->loc.ptr;
	ev.message = row->msg.ptr;
	ev.attrs = row->attrs.ptr;
	if ((rc = s->emit(s->arg, &ev)) < 0)
		return rc;
	s->events++;
	return 0;
bad:
	warnf(s, "'%s' entry %" PRIu64 ": libsystemd cannot read %s (%s); entry not read",
	      name, idx, what, strerror(-r));
	return 1;
}

/*
 * The file must start with the magic itself: a gzip'd journal probes as
 * one. Also gives the header's n_entries (UINT64_MAX if the header is too
 * short to have it): libsystemd skips entries it cannot read without a word,
 * so the count read is checked against it.
 */
static int check_magic(uint64_t *n_entries, int fd)
{
	uint8_t m[HEADER_N_ENTRIES + 8];
	struct ll_reader h;
	uint64_t header_size, n;
	ssize_t got;

	*n_entries = UINT64_MAX;
	got = pread(fd, m, sizeof(m), 0);
	ll_reader_init(&h, m, got > 0 ? (size_t)got : 0);
	if (ll_reader_match(&h, 0, JOURNAL_MAGIC, 8)) {
		/* header_size, then n_entries if the header is that long and was read whole */
		if (ll_reader_seek(&h, HEADER_SIZE_AT) == 0 &&
		    ll_reader_u64le(&header_size, &h) == 0 && header_size >= (uint64_t)sizeof(m) &&
		    ll_reader_seek(&h, HEADER_N_ENTRIES) == 0 && ll_reader_u64le(&n, &h) == 0)
			*n_entries = n;
		return 0;
	}
	if (ll_reader_match(&h, 0, "\x1f\x8b", 2))
		return ll_error_set(LL_EUNSUPPORTED,
				    "gzip-compressed journal files are not supported; gunzip it and register the .journal file");
	return ll_error_set(LL_ECORRUPT, "no systemd journal magic at offset 0");
}

/*
 * Opens the journal file on `fd` (which stays the caller's): checks its
 * magic, then hands libsystemd a copy of the descriptor, which the journal
 * owns (sd_journal_close closes it; on a failed open it stays ours).
 */
static int open_fd(sd_journal **j, uint64_t *n_entries, int fd)
{
	int jfd, r, rc;

	*j = NULL;
	if ((rc = check_magic(n_entries, fd)) < 0)
		return rc;
	if ((jfd = fcntl(fd, F_DUPFD_CLOEXEC, 3)) < 0)
		return ll_error_set(LL_EIO, "cannot copy the journal's descriptor: %s", strerror(errno));
	if ((r = sd_journal_open_files_fd(j, &jfd, 1, 0)) < 0) {
		close(jfd);
		*j = NULL;
		/* ENODATA: the header claims more bytes than the file has (cut short) */
		return ll_error_set(LL_ECORRUPT, "libsystemd cannot open the journal file: %s%s",
				    strerror(-r), r == -ENODATA ? " (shorter than its header says: cut short?)" : "");
	}
	sd_journal_set_data_threshold(*j, DATA_THRESHOLD);
	return 0;
}

/* Every entry of the open journal `j` to the sink, in file order. */
static int walk(struct ll_journal_sink *s, sd_journal *j, uint64_t n_entries, const char *name,
		const char *evidence_id)
{
	struct jrow jr = { .cursor = NULL };
	uint64_t idx = 0;
	int r, rc = 0;

	ll_tl_row_init(&jr.row);
	for (;;) {
		if ((r = sd_journal_next(j)) == 0)
			break;
		idx++;
		if (r < 0) {
			s->rejected++;
			warnf(s, "'%s' entry %" PRIu64 ": libsystemd cannot go on reading (%s); %" PRIu64 " entries read before",
			      name, idx, strerror(-r), s->events);
			break;
		}
		if ((rc = entry(s, &jr, j, name, evidence_id, idx)) < 0)
			goto out;
		if (rc > 0)
			s->rejected++;
		rc = 0;
	}
	if (n_entries != UINT64_MAX && n_entries > idx) {
		s->rejected += n_entries - idx;
		warnf(s, "'%s': the header counts %" PRIu64 " entries, libsystemd returned %" PRIu64 ": %" PRIu64 " entries could not be read",
		      name, n_entries, idx, n_entries - idx);
	}
out:
	free(jr.cursor);
	ll_tl_row_release(&jr.row);
	return rc;
}

int ll_journal_read(struct ll_journal_sink *s, const char *path, const char *name,
		    const char *evidence_id)
{
	sd_journal *j = NULL;
	uint64_t n_entries;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO,
				    "cannot open: %s", strerror(errno));
	if ((rc = open_fd(&j, &n_entries, fd)) >= 0) {
		rc = walk(s, j, n_entries, name, evidence_id);
		sd_journal_close(j);
	}
	close(fd);
	return rc;
}

/* True when ctx's file is gzip'd: read from a worker's bound descriptor, else by name. */
static bool is_gzip(const struct ll_source_ctx *ctx)
{
	uint8_t m[2];
	int fd = ll_input_bound_fd(ctx->path);
	bool own = fd < 0, gz;

	if (own && (fd = open(ctx->path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	gz = pread(fd, m, 2, 0) == 2 && m[0] == 0x1f && m[1] == 0x8b;
	if (own)
		close(fd);
	return gz;
}

static int ctx_emit(void *arg, const struct ll_event *e)
{
	struct ll_source_ctx *ctx = arg;
	int rc = ll_event_add(ctx->w, e, NULL);

	if (rc < 0 && ll_time_range_error()) {
		/* the clock offset moves it out of range: this entry only */
		ctx->stats->rejected++;
		ll_source_warn(ctx, "'%s' %s: %s", ctx->rel_path, e->locator ? e->locator : "?",
			       ll_error_message());
		return 0;
	}
	return rc;
}

static void ctx_warn(void *arg, const char *msg)
{
	ll_source_warn(arg, "%s", msg);
}

/* ctx's file inflated into `fd` (empty, open for writing), at most GZIP_MAX bytes. */
static int inflate_into(int fd, struct ll_source_ctx *ctx)
{
	struct ll_input *in = NULL;
	char buf[1 << 16];
	uint64_t total = 0;
	int64_t n;
	int rc;

	if ((rc = ll_input_open(&in, ctx->path)) < 0)
		return rc;
	while ((n = ll_input_read(in, buf, sizeof(buf))) > 0) {
		total += (uint64_t)n;
		if (total > GZIP_MAX) {
			rc = ll_error_set(LL_EUNSUPPORTED, "gzip'd journal inflates to more than 1 GiB; decompress it first");
			goto out;
		}
		if (write(fd, buf, (size_t)n) != (ssize_t)n) {
			rc = ll_error_set(LL_EIO, "writing the inflated journal: %s", strerror(errno));
			goto out;
		}
	}
	rc = n < 0 ? (int)n : 0;
out:
	ll_input_close(in);
	return rc;
}

/*
 * A gzip'd journal (as collection tools write them) is inflated into a
 * temporary file inside the case directory: libsystemd reads only files
 * with a link (a memfd or an unlinked file is refused with EIDRM), and
 * decompressed evidence stays with the case rather than in a shared /tmp.
 * The file is removed when the read ends. Returns the path or NULL.
 */
static char *inflate_to_case(struct ll_source_ctx *ctx)
{
	char *tmpl = ll_case_path(ctx->cs, ".journal-inflate-XXXXXX");
	int fd = -1;

	if (!tmpl) {
		ll_error_set(LL_ENOMEM, "out of memory");
		return NULL;
	}
	if ((fd = mkstemp(tmpl)) < 0) {
		ll_error_set(LL_EIO, "cannot create a temporary file in the case directory: %s",
			     strerror(errno));
		goto fail;
	}
	if (inflate_into(fd, ctx) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		ll_error_set(LL_EIO, "writing the inflated journal: %s", strerror(errno));
		goto fail;
	}
	return tmpl;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmpl);
	ll_free(tmpl);
	return NULL;
}

/*
 * A worker's journal, opened before its lock-down (prepare): through the
 * descriptor it was handed, or (gzip) the scratch file of the case
 * directory the parent handed with it (analyze/worker/scratch.h), which
 * the evidence is inflated into here. The open's result and message are
 * run()'s.
 */
static struct ll_prepared prepared;
static sd_journal *prepared_j;
static uint64_t prepared_n_entries;

static int prepare_open(struct ll_source_ctx *ctx)
{
	int fd = ll_input_bound_fd(ctx->path), sfd = ll_worker_scratch_fd(), rc;
	char fdpath[64];

	if (is_gzip(ctx)) {
		if (sfd < 0)
			return ll_error_set(LL_EINTERNAL, "no scratch file to inflate the gzip'd journal into");
		if ((rc = inflate_into(sfd, ctx)) < 0)
			return rc;
		/* read back read-only: the writable descriptor is not kept past the lock-down */
		snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", sfd);
		if ((fd = open(fdpath, O_RDONLY | O_CLOEXEC)) < 0)
			return ll_error_set(LL_EIO, "cannot read back the inflated journal: %s",
					    strerror(errno));
		close(sfd);
		ll_worker_scratch_set(-1);
		rc = open_fd(&prepared_j, &prepared_n_entries, fd);
		close(fd);
		return rc;
	}
	if (fd < 0)
		return ll_error_set(LL_EINTERNAL, "the journal's descriptor was not handed over");
	return open_fd(&prepared_j, &prepared_n_entries, fd);
}

static int prepare(struct ll_source_ctx *ctx)
{
	return ll_prepared_done(&prepared, prepare_open(ctx));
}

static int run(struct ll_source_ctx *ctx)
{
	struct ll_journal_sink s = { .emit = ctx_emit, .warn = ctx_warn, .arg = ctx };
	char *inflated = NULL;
	int rc;

	if (ll_prepared_take(&prepared, &rc)) {
		if (rc < 0)
			return rc;
		rc = walk(&s, prepared_j, prepared_n_entries, ctx->rel_path, ctx->ev->id);
		sd_journal_close(prepared_j);
		prepared_j = NULL;
	} else {
		if (is_gzip(ctx) && !(inflated = inflate_to_case(ctx)))
			return ll_error_code();
		rc = ll_journal_read(&s, inflated ? inflated : ctx->path, ctx->rel_path, ctx->ev->id);
		if (inflated) {
			unlink(inflated);
			ll_free(inflated);
		}
	}
	ctx->stats->rejected += s.rejected;
	return rc;
}

const struct ll_source_kind ll_source_journal = {
	.name = "journal",
	.probe = probe,
	.run = run,
	.prepare = prepare,
	.worker = true,
};

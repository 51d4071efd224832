/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Linux login records (glibc struct utmp, 384 bytes) decoded field by field
 * at fixed little-endian offsets, never by copying into the host's struct:
 * the evidence may come from another machine. Also the content probe and the
 * text of one event (message, attributes) per record.
 */
#include "core/compat.h"
#include "analyze/readers/utmp_parse.h"

#include <arpa/inet.h>
#include <stdio.h>

#include "analyze/readers/textlog.h"
#include "core/endian.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/reader.h"

#if defined(__linux__) && defined(__GLIBC__)
#include <utmp.h>
/* a sanity note only: decoding never uses the host's struct */
_Static_assert(sizeof(struct utmp) == LL_UTMP_RECORD, "glibc struct utmp is 384 bytes");
#endif

/* Field offsets of struct utmp (glibc bits/utmp.h, __WORDSIZE_TIME64_COMPAT32 layout). */
#define OFF_TYPE 0      /* int16, then 2 bytes of padding */
#define OFF_PID 4       /* int32 */
#define OFF_LINE 8      /* char[32] */
#define OFF_ID 40       /* char[4] */
#define OFF_USER 44     /* char[32] */
#define OFF_HOST 76     /* char[256] */
#define OFF_EXIT 332    /* int16 e_termination, int16 e_exit */
#define OFF_SESSION 336 /* int32 */
#define OFF_TV 340      /* int32 tv_sec, int32 tv_usec */
#define OFF_ADDR 348    /* int32[4], network byte order */
/* 364..383: __glibc_reserved[20] */

#define PROBE_MIN_SEC INT64_C(315532800)  /* 1980-01-01 */

static struct ll_utmp_str field(const uint8_t *rec, size_t off, size_t size)
{
	const char *p = (const char *)rec + off;

	return (struct ll_utmp_str){ p, ll_tl_strnlen(p, size) };
}

/* A string field with a control byte before its end is not text a writer put there. */
static bool has_control(struct ll_utmp_str s)
{
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];

		if (c < 0x20 || c == 0x7f)
			return true;
	}
	return false;
}

/* strncpy pads with NULs: bytes after the terminator are zero. */
static bool padded(const uint8_t *rec, size_t off, size_t size, struct ll_utmp_str s)
{
	for (size_t i = s.n; i < size; i++)
		if (rec[off + i])
			return false;
	return true;
}

static const char *const type_names[] = {
	"EMPTY", "RUN_LVL", "BOOT_TIME", "NEW_TIME", "OLD_TIME", "INIT_PROCESS",
	"LOGIN_PROCESS", "USER_PROCESS", "DEAD_PROCESS", "ACCOUNTING",
};

const char *ll_utmp_type_name(int type)
{
	return type >= 0 && (size_t)type < LL_ARRAY_SIZE(type_names) ? type_names[type] : NULL;
}

int ll_utmp_decode(struct ll_utmp_rec *r, const uint8_t *rec, char *why, size_t whylen)
{
	static const char *const names[] = { "ut_line", "ut_id", "ut_user", "ut_host" };
	const struct ll_utmp_str *strs[] = { &r->line, &r->id, &r->user, &r->host };
	int32_t sec;

	memset(r, 0, sizeof(*r));
	r->all_zero = true;
	for (size_t i = 0; i < LL_UTMP_RECORD; i++)
		if (rec[i]) {
			r->all_zero = false;
			break;
		}
	r->type = (int16_t)ll_le16(rec + OFF_TYPE);
	if (!ll_utmp_type_name(r->type)) {
		snprintf(why, whylen, "ut_type %d is not a login record type (0..9)", r->type);
		return LL_ECORRUPT;
	}
	r->pid = (int32_t)ll_le32(rec + OFF_PID);
	r->line = field(rec, OFF_LINE, 32);
	r->id = field(rec, OFF_ID, 4);
	r->user = field(rec, OFF_USER, 32);
	r->host = field(rec, OFF_HOST, 256);
	r->exit_termination = (int16_t)ll_le16(rec + OFF_EXIT);
	r->exit_status = (int16_t)ll_le16(rec + OFF_EXIT + 2);
	r->session = (int32_t)ll_le32(rec + OFF_SESSION);
	sec = (int32_t)ll_le32(rec + OFF_TV);
	r->usec = (int32_t)ll_le32(rec + OFF_TV + 4);
	memcpy(r->addr, rec + OFF_ADDR, 16);
	if (sec < 0) {
		snprintf(why, whylen, "ut_tv.tv_sec %" PRId32 " is before 1970", sec);
		return LL_ECORRUPT;
	}
	r->sec = sec;
	if (r->usec < 0 || r->usec > 999999) {
		snprintf(why, whylen, "ut_tv.tv_usec %" PRId32 " is not 0..999999", r->usec);
		return LL_ECORRUPT;
	}
	for (size_t i = 0; i < LL_ARRAY_SIZE(strs); i++)
		if (has_control(*strs[i])) {
			snprintf(why, whylen, "%s holds a control byte (not text)", names[i]);
			return LL_ECORRUPT;
		}
	return 0;
}

void ll_utmp_addr_text(char out[46], const struct ll_utmp_rec *r)
{
	static const uint8_t zero[12];

	out[0] = '\0';
	if (!memcmp(r->addr + 4, zero, 12)) {
		if (memcmp(r->addr, zero, 4) && !inet_ntop(AF_INET, r->addr, out, 46))
			out[0] = '\0';
	} else if (!inet_ntop(AF_INET6, r->addr, out, 46)) {
		out[0] = '\0';
	}
}

static int put(struct ll_buf *b, struct ll_utmp_str s)
{
	return ll_tl_put_text(b, s.p, s.n, false);
}

static bool str_is(struct ll_utmp_str s, const char *lit)
{
	return s.n == strlen(lit) && !memcmp(s.p, lit, s.n);
}

/* " on LINE", " from HOST (IP)" as far as the record has them. */
static int where(struct ll_buf *b, const struct ll_utmp_rec *r, const char *ip, bool from)
{
	int rc = 0;

	if (r->line.n && ((rc = ll_buf_puts(b, " on ")) < 0 || (rc = put(b, r->line)) < 0))
		return rc;
	if (!from)
		return 0;
	if (r->host.n) {
		if ((rc = ll_buf_puts(b, " from ")) < 0 || (rc = put(b, r->host)) < 0)
			return rc;
		if (*ip && !(r->host.n == strlen(ip) && !memcmp(r->host.p, ip, r->host.n)))
			rc = ll_buf_printf(b, " (%s)", ip);
	} else if (*ip) {
		rc = ll_buf_printf(b, " from %s", ip);
	}
	return rc;
}

/* The runlevel character of RUN_LVL's pid (low byte: new, next: previous), or 0. */
static char level_char(int32_t pid, unsigned shift)
{
	unsigned c = ((uint32_t)pid >> shift) & 0xff;

	return c > 0x20 && c < 0x7f ? (char)c : 0;
}

static int message(struct ll_buf *b, const struct ll_utmp_rec *r, const char *ip)
{
	int rc;

	if ((rc = ll_buf_puts(b, ll_utmp_type_name(r->type))) < 0)
		return rc;
	switch (r->type) {
	case LL_UTMP_RUN_LVL: {
		char now = level_char(r->pid, 0), was = level_char(r->pid, 8);

		if (str_is(r->user, "shutdown"))
			rc = ll_buf_puts(b, " system shutdown");
		else if (now)
			rc = ll_buf_printf(b, " runlevel %c", now);
		else
			rc = ll_buf_printf(b, " runlevel (pid field %" PRId32 ")", r->pid);
		if (rc >= 0 && was && !str_is(r->user, "shutdown"))
			rc = ll_buf_printf(b, " (was %c)", was);
		break;
	}
	case LL_UTMP_BOOT_TIME:
		rc = ll_buf_puts(b, " system boot");
		break;
	case LL_UTMP_NEW_TIME:
		rc = ll_buf_puts(b, " clock changed (time after the change)");
		break;
	case LL_UTMP_OLD_TIME:
		rc = ll_buf_puts(b, " clock changed (time before the change)");
		break;
	case LL_UTMP_DEAD_PROCESS:
		if (r->line.n && ((rc = ll_buf_putc(b, ' ')) < 0 || (rc = put(b, r->line)) < 0))
			return rc;
		rc = ll_buf_puts(b, " (logout");
		if (rc >= 0 && r->user.n &&
		    ((rc = ll_buf_puts(b, " of ")) < 0 || (rc = put(b, r->user)) < 0))
			return rc;
		if (rc >= 0)
			rc = ll_buf_putc(b, ')');
		break;
	case LL_UTMP_INIT_PROCESS:
		if ((rc = ll_buf_printf(b, " pid %" PRId32, r->pid)) < 0)
			return rc;
		if (r->id.n && ((rc = ll_buf_puts(b, " id ")) < 0 || (rc = put(b, r->id)) < 0))
			return rc;
		rc = where(b, r, ip, false);
		break;
	default: /* LOGIN_PROCESS, USER_PROCESS, ACCOUNTING, EMPTY with content */
		if (r->user.n && ((rc = ll_buf_putc(b, ' ')) < 0 || (rc = put(b, r->user)) < 0))
			return rc;
		rc = where(b, r, ip, true);
		break;
	}
	/* the kernel release: systemd and sysvinit put it in ut_host of these */
	if (rc >= 0 && (r->type == LL_UTMP_BOOT_TIME || r->type == LL_UTMP_RUN_LVL) && r->host.n &&
	    ((rc = ll_buf_puts(b, " (kernel ")) < 0 || (rc = put(b, r->host)) < 0 ||
	     (rc = ll_buf_putc(b, ')')) < 0))
		return rc;
	return rc < 0 ? rc : 0;
}

int ll_utmp_format(struct ll_tl_row *row, const struct ll_utmp_rec *r)
{
	char ip[46];
	struct ll_tl_obj o;
	bool kernel = r->type == LL_UTMP_BOOT_TIME || r->type == LL_UTMP_RUN_LVL;
	int rc;

	ll_buf_reset(&row->msg);
	ll_buf_reset(&row->attrs);
	ll_buf_reset(&row->raw);
	ll_buf_reset(&row->user);
	ll_utmp_addr_text(ip, r);
	if ((rc = message(&row->msg, r, ip)) < 0)
		return rc;

	ll_tl_obj_begin(&o, &row->attrs);
	ll_tl_obj_cstr(&o, "type", ll_utmp_type_name(r->type));
	ll_tl_obj_int(&o, "type_code", r->type);
	ll_tl_obj_int(&o, "pid", r->pid);
	if (r->line.n)
		ll_tl_obj_str(&o, "line", r->line.p, r->line.n);
	if (r->id.n)
		ll_tl_obj_str(&o, "id", r->id.p, r->id.n);
	if (r->user.n)
		ll_tl_obj_str(&o, "user", r->user.p, r->user.n);
	if (r->host.n)
		ll_tl_obj_str(&o, kernel ? "kernel" : "client_host", r->host.p, r->host.n);
	if (*ip)
		ll_tl_obj_cstr(&o, "client_ip", ip);
	ll_tl_obj_int(&o, "session", r->session);
	ll_tl_obj_int(&o, "exit_termination", r->exit_termination);
	ll_tl_obj_int(&o, "exit_status", r->exit_status);
	if ((rc = ll_tl_obj_end(&o)) < 0)
		return rc;

	if ((rc = ll_buf_printf(&row->raw, "%" PRId64 ".%06" PRId32, r->sec, r->usec)) < 0)
		return rc;
	if (r->type >= LL_UTMP_INIT_PROCESS && r->user.n && (rc = put(&row->user, r->user)) < 0)
		return rc;
	return 0;
}

int ll_utmp_probe(const uint8_t *head, size_t len, uint64_t file_size)
{
	struct ll_reader h;
	size_t n = len / LL_UTMP_RECORD, bad = 0, good = 0, timed = 0;
	int score;

	if (!n)
		return 0;
	ll_reader_init(&h, head, len);
	for (size_t i = 0; i < n; i++) {
		const uint8_t *rec;
		struct ll_utmp_rec r;
		char why[8];

		/* whole records only: n of them are there */
		if (ll_reader_bytes(&rec, &h, LL_UTMP_RECORD) < 0)
			break;
		if (ll_utmp_decode(&r, rec, why, sizeof(why)) < 0) {
			bad++;
			continue;
		}
		if (r.all_zero)
			continue;
		/* padding of ut_type, NUL padding of the strings */
		if (rec[2] || rec[3] || !padded(rec, OFF_LINE, 32, r.line) ||
		    !padded(rec, OFF_ID, 4, r.id) || !padded(rec, OFF_USER, 32, r.user) ||
		    !padded(rec, OFF_HOST, 256, r.host)) {
			bad++;
			continue;
		}
		good++;
		if (r.type != LL_UTMP_EMPTY && r.sec >= PROBE_MIN_SEC)
			timed++;
	}
	/*
	 * A few damaged records are evidence too (one in four non-empty ones
	 * here); a mostly foreign head is not login records.
	 */
	if (!timed || bad * 3 > good)
		return 0;
	score = bad ? 55 : 75;
	/* a cut last record, or a gzip'd file (its size is the compressed one) */
	if (file_size % LL_UTMP_RECORD)
		score -= 10;
	return score;
}

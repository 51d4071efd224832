/* SPDX-License-Identifier: Apache-2.0 */
/* One Linux audit log record (auditd's audit.log line) split into its time, serial and fields. */
#ifndef LL_ANALYZE_AUDIT_PARSE_H
#define LL_ANALYZE_AUDIT_PARSE_H

#include "core/compat.h"
#include "core/buf.h"
#include "analyze/readers/syslog_parse.h" /* struct ll_span */

enum ll_audit_where {
	LL_AUDIT_OUTER = 0, /* the record's own fields */
	LL_AUDIT_NESTED,    /* inside a user-space message's msg='…' */
	LL_AUDIT_ENRICHED,  /* after the \x1d separator (log_format = ENRICHED) */
};

/*
 * One field. `key.n == 0` marks free text (tokens that are not key=value,
 * such as "avc:  denied  { read } for"). `val` is the value as written
 * without its double quotes. A bare word after an unquoted value is taken
 * as part of it ("op=adding user" is op = "adding user", as shadow-utils
 * writes it).
 */
struct ll_audit_field {
	struct ll_span key, val;
	bool quoted;
	uint8_t where; /* enum ll_audit_where */
};

struct ll_audit_rec {
	struct ll_span node;   /* node=HOST prefix of forwarded records; p NULL when absent */
	struct ll_span type;   /* "USER_LOGIN", "UNKNOWN[1334]" */
	struct ll_span time;   /* "SEC.MSEC:SERIAL" as written */
	int64_t sec;
	uint32_t msec;
	uint64_t serial;
	struct ll_audit_field *f; /* grown by the parser; see ll_audit_rec_release */
	size_t nf, capf;
	const char *why;       /* after a failure: why the line is not a record */
};

void ll_audit_rec_init(struct ll_audit_rec *r);
void ll_audit_rec_release(struct ll_audit_rec *r);

/*
 * Parses one line (no newline). Returns 0; LL_ECORRUPT when the line is not
 * an audit record (no "msg=audit(", a bad time, unbalanced quotes), with a
 * static reason in r->why; LL_ENOMEM.
 */
int ll_audit_parse(struct ll_audit_rec *r, const char *s, size_t len);

/* True for the record type `t` (e.g. "USER_LOGIN"). */
bool ll_audit_type_is(const struct ll_audit_rec *r, const char *t);

/*
 * True when auditd hex-encodes this field's value when it holds spaces,
 * quotes or control characters (exe, comm, acct, cmd, proctitle, EXECVE
 * a0…aN, …; the list of libauparse's escaped fields).
 */
bool ll_audit_field_encodable(const struct ll_audit_rec *r, const struct ll_span key);

/*
 * True when the field's value is hex to decode: an encodable field, value
 * not quoted, of even length, all of [0-9A-F].
 */
bool ll_audit_field_is_hex(const struct ll_audit_rec *r, const struct ll_audit_field *f);

/*
 * Appends the field's value to `out`, hex-decoded when ll_audit_field_is_hex
 * (proctitle: NULs between arguments become spaces, a trailing NUL is
 * dropped; key: auditd's \x01 between several keys becomes ','). Returns 1
 * when it decoded, 0 when it copied the value as written, < 0 on error.
 */
int ll_audit_field_value(struct ll_buf *out, const struct ll_audit_rec *r,
			 const struct ll_audit_field *f);

/* The first field named `key` where `where` (-1: anywhere), or NULL. */
const struct ll_audit_field *ll_audit_find(const struct ll_audit_rec *r, const char *key, int where);

#endif

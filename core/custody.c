/* SPDX-License-Identifier: Apache-2.0 */
/* Custody ledger: append signed, hash-chained entries and verify them. */
#include "core/compat.h"
#include "core/custody.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/name.h"
#include "core/store.h"
#include "core/time.h"

static const char *const actions[] = {
	"acquire", "register", "collect", "transfer", "receive", "analyze",
	"detect", "correlate", "export", "seal", "verify", "note", "check-out",
	"check-in", "dispose", "open-case", "mandate", "push",
};

bool ll_custody_action_valid(const char *s)
{
	for (size_t i = 0; i < LL_ARRAY_SIZE(actions); i++)
		if (strcmp(actions[i], s) == 0)
			return true;
	return false;
}

static int put_field(struct ll_buf *b, const char *s)
{
	int rc = 0;

	if ((rc = ll_buf_putc(b, '\t')) < 0 || !s)
		return rc;
	for (; *s && rc == 0; s++) {
		switch (*s) {
		case '\\': rc = ll_buf_puts(b, "\\\\"); break;
		case '\t': rc = ll_buf_puts(b, "\\t"); break;
		case '\n': rc = ll_buf_puts(b, "\\n"); break;
		case '\r': rc = ll_buf_puts(b, "\\r"); break;
		default: rc = ll_buf_putc(b, *s);
		}
	}
	return rc;
}

int ll_custody_serialize(struct ll_buf *out, const struct ll_custody_entry *e)
{
	char t[48], seq[32];
	int rc;

	ll_time_format(t, sizeof(t), e->time_ns, 6);
	snprintf(seq, sizeof(seq), "%" PRId64, e->seq);
	ll_buf_reset(out);
	if ((rc = ll_buf_puts(out, LL_CUSTODY_FORMAT)) < 0 ||
	    (rc = put_field(out, seq)) < 0 || (rc = put_field(out, t)) < 0 ||
	    (rc = put_field(out, e->actor)) < 0 ||
	    (rc = put_field(out, e->actor_fpr)) < 0 ||
	    (rc = put_field(out, e->action)) < 0 ||
	    (rc = put_field(out, e->evidence_id)) < 0 ||
	    (rc = put_field(out, e->host)) < 0 ||
	    (rc = put_field(out, e->tool)) < 0 ||
	    (rc = put_field(out, e->location)) < 0 ||
	    (rc = put_field(out, e->to_name)) < 0 ||
	    (rc = put_field(out, e->note)) < 0 ||
	    (rc = put_field(out, e->details ? e->details : "{}")) < 0 ||
	    (rc = put_field(out, e->prev_hash)) < 0)
		return rc;
	return 0;
}

int ll_custody_head(int64_t *seq, char hash[65], struct ll_store *st)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, st,
				   "SELECT seq, hash FROM custody ORDER BY seq DESC LIMIT 1")) < 0)
		return rc;
	*seq = 0;
	snprintf(hash, 65, "%s", LL_CUSTODY_ZERO_HASH);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(s, 0);
		snprintf(hash, 65, "%s", (const char *)sqlite3_column_text(s, 1));
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = ll_store_error(st, "reading custody head");
	}
	sqlite3_finalize(s);
	return rc;
}

static int bind_text(sqlite3_stmt *s, int i, const char *v)
{
	return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT)
		 : sqlite3_bind_null(s, i);
}

int ll_custody_request_check(char **details, const struct ll_custody_request *req)
{
	int rc;

	*details = NULL;
	if (!req->action || !ll_custody_action_valid(req->action))
		return ll_error_set(LL_EINVAL, "unknown custody action '%s'",
				    req->action ? req->action : "");
	/* the canonical line is UTF-8 text (custody.md): free text is checked
	 * here whatever the caller, evidence file names arrive percent-escaped */
	if ((rc = ll_text_check("the custody note", req->note)) < 0 ||
	    (rc = ll_text_check("the custody location", req->location)) < 0 ||
	    (rc = ll_text_check("the custody recipient", req->to_name)) < 0 ||
	    (rc = ll_text_check("the evidence id", req->evidence_id)) < 0)
		return rc;
	if (ll_json_canonical(details, req->details) < 0)
		return ll_error_context("custody details");
	return 0;
}

int ll_custody_entry_seal(struct ll_custody_entry *e, char host[256], struct ll_buf *line,
			  uint8_t **sig, size_t *siglen, const struct ll_signer *signer,
			  const struct ll_custody_request *req, const char *details)
{
	int rc;

	/* microseconds: the canonical text keeps 6 digits, so store the same */
	e->time_ns = ll_time_now_ns() / 1000 * 1000;
	host[0] = '\0';
	gethostname(host, 255);
	host[255] = '\0';
	e->actor = signer->name;
	e->actor_fpr = signer->fingerprint;
	e->action = req->action;
	e->evidence_id = req->evidence_id;
	e->host = host;
	e->tool = "lifeline " LL_VERSION;
	e->location = req->location;
	e->to_name = req->to_name;
	e->note = req->note;
	e->details = details;
	if ((rc = ll_custody_serialize(line, e)) < 0 ||
	    (rc = ll_sha256_hex(e->hash, line->ptr, line->len)) < 0 ||
	    (rc = ll_signer_sign(sig, siglen, signer, line->ptr, line->len)) < 0)
		return rc;
	return 0;
}

int ll_custody_append(struct ll_custody_entry *out, struct ll_store *st,
		      const struct ll_signer *signer,
		      const struct ll_custody_request *req)
{
	struct ll_custody_entry e = { 0 };
	struct ll_buf line = LL_BUF_INIT;
	sqlite3_stmt *s = NULL;
	char host[256] = "", *details = NULL;
	uint8_t *sig = NULL;
	size_t siglen = 0;
	int rc, began = 0;

	if ((rc = ll_custody_request_check(&details, req)) < 0)
		return rc;
	if ((rc = ll_store_begin(st)) < 0)
		goto out;
	began = 1;
	if ((rc = ll_custody_head(&e.seq, e.prev_hash, st)) < 0)
		goto out;
	e.seq += 1;
	if ((rc = ll_custody_entry_seal(&e, host, &line, &sig, &siglen, signer, req, details)) < 0)
		goto out;
	if ((rc = ll_store_prepare(&s, st,
				   "INSERT OR IGNORE INTO certificates(fingerprint, pem) VALUES (?, ?)")) < 0)
		goto out;
	bind_text(s, 1, signer->fingerprint);
	bind_text(s, 2, signer->cert_pem);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = ll_store_error(st, "recording certificate");
		goto out;
	}
	sqlite3_finalize(s);
	if ((rc = ll_store_prepare(&s, st,
				   "INSERT INTO custody(seq, time_ns, actor, actor_fpr, action,"
				   " evidence_id, host, tool, location, to_name, note, details,"
				   " prev_hash, hash, signature)"
				   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, e.seq);
	sqlite3_bind_int64(s, 2, e.time_ns);
	bind_text(s, 3, e.actor);
	bind_text(s, 4, e.actor_fpr);
	bind_text(s, 5, e.action);
	bind_text(s, 6, e.evidence_id);
	bind_text(s, 7, e.host);
	bind_text(s, 8, e.tool);
	bind_text(s, 9, e.location);
	bind_text(s, 10, e.to_name);
	bind_text(s, 11, e.note);
	bind_text(s, 12, e.details);
	bind_text(s, 13, e.prev_hash);
	bind_text(s, 14, e.hash);
	sqlite3_bind_blob(s, 15, sig, (int)siglen, SQLITE_TRANSIENT);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = ll_store_error(st, "appending custody entry");
		goto out;
	}
	if ((rc = ll_store_commit(st)) < 0)
		goto out;
	began = 0;
	if (out) {
		memset(out, 0, sizeof(*out));
		out->seq = e.seq;
		out->time_ns = e.time_ns;
		memcpy(out->hash, e.hash, sizeof(e.hash));
		memcpy(out->prev_hash, e.prev_hash, sizeof(e.prev_hash));
	}
out:
	if (began)
		ll_store_rollback(st);
	sqlite3_finalize(s);
	ll_buf_release(&line);
	ll_free(details);
	ll_free(sig);
	return rc;
}

static const char *col(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

int ll_custody_registration(int64_t *seq, char **details, struct ll_store *st,
			    const char *evidence_id)
{
	sqlite3_stmt *s = NULL;
	const char *t;
	int rc;

	*seq = 0;
	*details = NULL;
	if ((rc = ll_store_prepare(&s, st,
				   "SELECT seq, details FROM custody WHERE evidence_id = ?"
				   " AND action IN ('register', 'collect') ORDER BY seq DESC LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, evidence_id, -1, SQLITE_STATIC);
	if ((rc = ll_store_step_row(st, s, "reading the custody ledger")) > 0) {
		rc = 0;
		*seq = sqlite3_column_int64(s, 0);
		if ((t = (const char *)sqlite3_column_text(s, 1)) && !(*details = ll_strdup(t)))
			rc = ll_error_set(LL_ENOMEM, "out of memory");
	}
	sqlite3_finalize(s);
	return rc;
}

int ll_custody_last_time(int64_t *ns, struct ll_store *st)
{
	return ll_store_get_int(ns, st, "SELECT max(time_ns) FROM custody", NULL,
				"reading the custody ledger");
}

int ll_custody_foreach(struct ll_store *st, ll_custody_cb cb, void *payload)
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	if ((rc = ll_store_prepare(&s, st,
				   "SELECT seq, time_ns, actor, actor_fpr, action, evidence_id,"
				   " host, tool, location, to_name, note, details, prev_hash,"
				   " hash, signature FROM custody ORDER BY seq")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct ll_custody_entry e = { 0 };

		e.seq = sqlite3_column_int64(s, 0);
		e.time_ns = sqlite3_column_int64(s, 1);
		e.actor = col(s, 2);
		e.actor_fpr = col(s, 3);
		e.action = col(s, 4);
		e.evidence_id = col(s, 5);
		e.host = col(s, 6);
		e.tool = col(s, 7);
		e.location = col(s, 8);
		e.to_name = col(s, 9);
		e.note = col(s, 10);
		e.details = col(s, 11);
		snprintf(e.prev_hash, sizeof(e.prev_hash), "%s",
			 col(s, 12) ? col(s, 12) : "");
		snprintf(e.hash, sizeof(e.hash), "%s", col(s, 13) ? col(s, 13) : "");
		if ((rc = cb(&e, sqlite3_column_blob(s, 14),
			     (size_t)sqlite3_column_bytes(s, 14), payload)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = ll_store_error(st, "reading custody ledger");
	sqlite3_finalize(s);
	return rc;
}

struct verify_state {
	struct ll_store *st;
	struct ll_custody_report *rep;
	struct ll_buf line;
	int64_t expect_seq;
	char prev[65];
	char seen_head[65]; /* --head found at this position */
	const char *head;
	bool head_found;
	sqlite3_stmt *cert;
	char fprs[64][65]; /* distinct signers seen (counted up to 64) */
};

static int fail(struct verify_state *v, int64_t seq, const char *fmt, ...)
	LL_PRINTF(3, 4);

static int fail(struct verify_state *v, int64_t seq, const char *fmt, ...)
{
	va_list ap;

	v->rep->bad_seq = seq;
	va_start(ap, fmt);
	vsnprintf(v->rep->reason, sizeof(v->rep->reason), fmt, ap);
	va_end(ap);
	return ll_error_set(LL_EVERIFY, "custody entry %" PRId64 ": %s", seq,
			    v->rep->reason);
}

/* Hash of `e` as if it carried sequence number `seq`. */
static int hash_as(char out[65], struct ll_buf *line,
		   const struct ll_custody_entry *e, int64_t seq)
{
	struct ll_custody_entry c = *e;
	int rc;

	c.seq = seq;
	if ((rc = ll_custody_serialize(line, &c)) < 0)
		return rc;
	return ll_sha256_hex(out, line->ptr, line->len);
}

/*
 * Checks one entry in the order that names the right culprit: its number,
 * its own content against its recorded hash, its certificate and signature,
 * and only then the link to the previous entry (a mismatch there, with both
 * entries self-consistent, means the previous one was rewritten and
 * re-signed, or entries were removed or reordered).
 */
static int verify_one(const struct ll_custody_entry *e, const uint8_t *sig,
		      size_t siglen, void *payload)
{
	struct verify_state *v = payload;
	char h[65], fpr[65], *cn = NULL;
	const char *pem;
	int rc;

	if (e->seq != v->expect_seq) {
		if (e->seq > v->expect_seq)
			return fail(v, v->expect_seq,
				    "missing (the ledger jumps from %" PRId64 " to %" PRId64 ")",
				    v->expect_seq - 1, e->seq);
		return fail(v, e->seq, "out of sequence");
	}
	if ((rc = hash_as(h, &v->line, e, e->seq)) < 0)
		return rc;
	if (strcmp(h, e->hash) != 0) {
		for (int d = -1; d <= 1; d += 2) {
			if ((rc = hash_as(h, &v->line, e, e->seq + d)) < 0)
				return rc;
			if (strcmp(h, e->hash) == 0)
				return fail(v, e->seq,
					    "holds the entry signed as number %" PRId64
					    ": entries were inserted, removed or reordered here",
					    e->seq + d);
		}
		return fail(v, e->seq,
			    "content does not match its recorded hash (entry edited)");
	}
	if ((rc = ll_custody_serialize(&v->line, e)) < 0)
		return rc;
	sqlite3_reset(v->cert);
	sqlite3_bind_text(v->cert, 1, e->actor_fpr ? e->actor_fpr : "", -1,
			  SQLITE_TRANSIENT);
	if (sqlite3_step(v->cert) != SQLITE_ROW)
		return fail(v, e->seq, "certificate %.16s… of '%s' is not in the case",
			    e->actor_fpr ? e->actor_fpr : "", e->actor ? e->actor : "");
	pem = (const char *)sqlite3_column_text(v->cert, 0);
	if (!pem || ll_cert_fingerprint(fpr, pem) < 0 ||
	    strcmp(fpr, e->actor_fpr) != 0)
		return fail(v, e->seq,
			    "the stored certificate of '%s' does not have fingerprint %.16s… (certificate replaced)",
			    e->actor ? e->actor : "", e->actor_fpr);
	if (ll_cert_subject_cn(&cn, pem) == 0) {
		bool same = e->actor && strcmp(cn, e->actor) == 0;

		ll_free(cn);
		if (!same)
			return fail(v, e->seq,
				    "actor '%s' is not the subject of the signing certificate",
				    e->actor ? e->actor : "");
	}
	if (ll_cert_verify_sig(pem, v->line.ptr, v->line.len, sig, siglen) < 0)
		return fail(v, e->seq, "signature does not verify with the certificate of '%s'",
			    e->actor ? e->actor : "");
	if (strcmp(e->prev_hash, v->prev) != 0) {
		if (e->seq > 1)
			return fail(v, e->seq - 1,
				    "its hash %.16s… is not the previous hash %.16s… that entry %" PRId64
				    " recorded: entry %" PRId64 " was rewritten and re-signed, or entries were removed",
				    v->prev, e->prev_hash, e->seq, e->seq - 1);
		return fail(v, e->seq, "the first entry does not start from the zero hash");
	}
	{
		int64_t k, n = v->rep->signers < 64 ? v->rep->signers : 64;

		for (k = 0; k < n && strcmp(v->fprs[k], e->actor_fpr) != 0; k++)
			;
		if (k == n) {
			if (n < 64)
				snprintf(v->fprs[n], sizeof(v->fprs[n]), "%s", e->actor_fpr);
			v->rep->signers++;
		}
	}
	if (v->head && strncmp(e->hash, v->head, strlen(v->head)) == 0)
		v->head_found = true;
	memcpy(v->prev, e->hash, sizeof(v->prev));
	v->expect_seq++;
	v->rep->entries++;
	return 0;
}

int ll_custody_verify(struct ll_custody_report *rep, struct ll_store *st,
		      const char *head)
{
	struct verify_state v = { 0 };
	int rc;

	memset(rep, 0, sizeof(*rep));
	if (head && (strlen(head) < 8 || strlen(head) > 64))
		return ll_error_set(LL_EINVAL,
				    "--head needs 8 to 64 hex digits of a ledger hash");
	v.st = st;
	v.rep = rep;
	v.expect_seq = 1;
	v.head = head;
	ll_buf_init(&v.line);
	snprintf(v.prev, sizeof(v.prev), "%s", LL_CUSTODY_ZERO_HASH);
	if ((rc = ll_store_prepare(&v.cert, st,
				   "SELECT pem FROM certificates WHERE fingerprint = ?")) < 0)
		return rc;
	rc = ll_custody_foreach(st, verify_one, &v);
	sqlite3_finalize(v.cert);
	ll_buf_release(&v.line);
	memcpy(rep->head, v.prev, sizeof(rep->head));
	if (rc < 0)
		return rc;
	if (head && !v.head_found) {
		rep->bad_seq = rep->entries + 1;
		snprintf(rep->reason, sizeof(rep->reason),
			 "the ledger (%" PRId64 " entries, head %.16s…) does not contain the head %s you kept: entries were removed",
			 rep->entries, rep->head, head);
		return ll_error_set(LL_EVERIFY, "%s", rep->reason);
	}
	return 0;
}

struct export_state {
	struct ll_buf line;
	struct ll_buf path;
	FILE *chain;
	const char *dir;
};

static int write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wbx");

	if (!f)
		return ll_error_set(LL_EIO, "cannot create '%s': %s", path,
				    strerror(errno));
	if (fwrite(data, 1, len, f) != len || fclose(f) != 0)
		return ll_error_set(LL_EIO, "cannot write '%s'", path);
	return 0;
}

static int export_one(const struct ll_custody_entry *e, const uint8_t *sig,
		      size_t siglen, void *payload)
{
	struct export_state *x = payload;
	int rc;

	if ((rc = ll_custody_serialize(&x->line, e)) < 0)
		return rc;
	if (fwrite(x->line.ptr, 1, x->line.len, x->chain) != x->line.len ||
	    fputc('\n', x->chain) == EOF)
		return ll_error_set(LL_EIO, "cannot write chain.tsv");
	ll_buf_reset(&x->path);
	if ((rc = ll_buf_printf(&x->path, "%s/sig/%" PRId64 ".der", x->dir,
				e->seq)) < 0)
		return rc;
	return write_file(x->path.ptr, sig, siglen);
}

int ll_custody_export(struct ll_store *st, const char *dir)
{
	struct export_state x = { 0 };
	sqlite3_stmt *s = NULL;
	int rc = 0;

	ll_buf_init(&x.line);
	ll_buf_init(&x.path);
	x.dir = dir;
	if (mkdir(dir, 0755) != 0)
		return ll_error_set(errno == EEXIST ? LL_EEXISTS : LL_EIO,
				    "cannot create '%s': %s", dir, strerror(errno));
	if ((rc = ll_buf_printf(&x.path, "%s/sig", dir)) < 0)
		goto out;
	if (mkdir(x.path.ptr, 0755) != 0) {
		rc = ll_error_set(LL_EIO, "cannot create '%s'", x.path.ptr);
		goto out;
	}
	ll_buf_reset(&x.path);
	if ((rc = ll_buf_printf(&x.path, "%s/certs", dir)) < 0)
		goto out;
	if (mkdir(x.path.ptr, 0755) != 0) {
		rc = ll_error_set(LL_EIO, "cannot create '%s'", x.path.ptr);
		goto out;
	}
	ll_buf_reset(&x.path);
	if ((rc = ll_buf_printf(&x.path, "%s/chain.tsv", dir)) < 0)
		goto out;
	if (!(x.chain = fopen(x.path.ptr, "wbx"))) {
		rc = ll_error_set(LL_EIO, "cannot create '%s'", x.path.ptr);
		goto out;
	}
	if ((rc = ll_custody_foreach(st, export_one, &x)) < 0)
		goto out;
	if (fclose(x.chain) != 0) {
		x.chain = NULL;
		rc = ll_error_set(LL_EIO, "cannot write chain.tsv");
		goto out;
	}
	x.chain = NULL;
	if ((rc = ll_store_prepare(&s, st,
				   "SELECT fingerprint, pem FROM certificates ORDER BY fingerprint")) < 0)
		goto out;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *pem = col(s, 1);

		ll_buf_reset(&x.path);
		if ((rc = ll_buf_printf(&x.path, "%s/certs/%s.pem", dir, col(s, 0))) < 0 ||
		    (rc = write_file(x.path.ptr, pem, strlen(pem))) < 0)
			goto out;
	}
out:
	if (x.chain)
		fclose(x.chain);
	sqlite3_finalize(s);
	ll_buf_release(&x.line);
	ll_buf_release(&x.path);
	return rc;
}

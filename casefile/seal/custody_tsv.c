/* SPDX-License-Identifier: Apache-2.0 */
/* Recomputes the custody chain from its exported files (docs/formats/casefile.md). */
#include "core/compat.h"
#include "casefile/seal/custody_tsv.h"

#include <stdarg.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/crypto.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/hash.h"

#define NFIELDS 14

static int bad(struct ll_custody_tsv_report *rep, int code, int64_t line,
	       const char *fmt, ...) LL_PRINTF(4, 5);

static int bad(struct ll_custody_tsv_report *rep, int code, int64_t line,
	       const char *fmt, ...)
{
	va_list ap;

	rep->bad_line = line;
	va_start(ap, fmt);
	vsnprintf(rep->reason, sizeof(rep->reason), fmt, ap);
	va_end(ap);
	return ll_error_set(code, "custody line %" PRId64 ": %s", line, rep->reason);
}

/* Reverses the \\ \t \n \r escapes of a field. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*o++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

static bool is_hex64(const char *s)
{
	if (strlen(s) != 64)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

int ll_custody_tsv_verify(struct ll_custody_tsv_report *rep, const char *dir)
{
	struct ll_buf chain = LL_BUF_INIT, p = LL_BUF_INIT, pem = LL_BUF_INIT,
		      sig = LL_BUF_INIT;
	char prev[65], *line = NULL;
	size_t pos = 0;
	int64_t n = 0;
	int rc;

	memset(rep, 0, sizeof(*rep));
	snprintf(prev, sizeof(prev), "%s", LL_CUSTODY_ZERO_HASH);
	if ((rc = ll_buf_printf(&p, "%s/chain.tsv", dir)) < 0 ||
	    (rc = ll_buf_read_file(&chain, p.ptr)) < 0)
		goto out;
	while (pos < chain.len) {
		char *nl = memchr(chain.ptr + pos, '\n', chain.len - pos);
		char *f[NFIELDS], *s, fpr[65], *cn = NULL, seqs[32];
		size_t len, nf = 0;

		n++;
		if (!nl) {
			rc = bad(rep, LL_ECORRUPT, n, "no newline at the end (truncated)");
			goto out;
		}
		len = (size_t)(nl - (chain.ptr + pos));
		ll_free(line);
		if (!(line = ll_strndup(chain.ptr + pos, len))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
		if (strlen(line) != len) {
			rc = bad(rep, LL_ECORRUPT, n, "NUL byte in the line");
			goto out;
		}
		{
			char h[65];

			if ((rc = ll_sha256_hex(h, line, len)) < 0)
				goto out;
			/* check link with the previous hash later, after split */
			s = line;
			for (nf = 0; nf < NFIELDS; nf++) {
				f[nf] = s;
				s = strchr(s, '\t');
				if (!s) {
					nf++;
					break;
				}
				*s++ = '\0';
			}
			if (nf != NFIELDS || s) {
				rc = bad(rep, LL_ECORRUPT, n, "expected %d TAB-separated fields", NFIELDS);
				goto out;
			}
			if (strcmp(f[0], LL_CUSTODY_FORMAT) != 0) {
				rc = bad(rep, LL_ECORRUPT, n, "not a %s line", LL_CUSTODY_FORMAT);
				goto out;
			}
			snprintf(seqs, sizeof(seqs), "%" PRId64, n);
			if (strcmp(f[1], seqs) != 0) {
				rc = bad(rep, LL_EVERIFY, n, "entry number '%s' where %" PRId64 " was expected (entries removed or reordered)",
					 f[1], n);
				goto out;
			}
			if (strcmp(f[13], prev) != 0) {
				rc = bad(rep, LL_EVERIFY, n,
					 "previous-hash field %.16s... is not the SHA-256 %.16s... of line %" PRId64 " (a line was altered, removed or reordered)",
					 f[13], prev, n - 1);
				goto out;
			}
			if (!is_hex64(f[4])) {
				rc = bad(rep, LL_ECORRUPT, n, "bad certificate fingerprint field");
				goto out;
			}
			ll_buf_reset(&p);
			ll_buf_reset(&pem);
			if ((rc = ll_buf_printf(&p, "%s/certs/%s.pem", dir, f[4])) < 0)
				goto out;
			if (ll_buf_read_file(&pem, p.ptr) < 0) {
				rc = bad(rep, LL_EVERIFY, n, "certificate certs/%.16s....pem is missing", f[4]);
				goto out;
			}
			if (ll_cert_fingerprint(fpr, pem.ptr) < 0 || strcmp(fpr, f[4]) != 0) {
				rc = bad(rep, LL_EVERIFY, n, "certs/%.16s....pem does not have that fingerprint (certificate replaced)", f[4]);
				goto out;
			}
			unescape(f[3]);
			if (ll_cert_subject_cn(&cn, pem.ptr) == 0) {
				bool same = strcmp(cn, f[3]) == 0;

				ll_free(cn);
				if (!same) {
					rc = bad(rep, LL_EVERIFY, n, "actor '%s' is not the subject of the certificate", f[3]);
					goto out;
				}
			}
			ll_buf_reset(&p);
			ll_buf_reset(&sig);
			if ((rc = ll_buf_printf(&p, "%s/sig/%" PRId64 ".der", dir, n)) < 0)
				goto out;
			if (ll_buf_read_file(&sig, p.ptr) < 0) {
				rc = bad(rep, LL_EVERIFY, n, "signature sig/%" PRId64 ".der is missing", n);
				goto out;
			}
			if (ll_cert_verify_sig(pem.ptr, chain.ptr + pos, len,
					       (const uint8_t *)sig.ptr, sig.len) < 0) {
				rc = bad(rep, LL_EVERIFY, n, "signature sig/%" PRId64 ".der does not verify over the line", n);
				goto out;
			}
			memcpy(prev, h, sizeof(prev));
		}
		pos += len + 1;
	}
	rep->entries = n;
	memcpy(rep->head, prev, sizeof(rep->head));
	ll_error_clear();
	rc = 0;
out:
	ll_free(line);
	ll_buf_release(&chain);
	ll_buf_release(&p);
	ll_buf_release(&pem);
	ll_buf_release(&sig);
	return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Writes the cover sheet: the fingerprint cannot live inside the bag it fingerprints. */
#include "core/compat.h"
#include "casefile/cover.h"

#include "casefile/casefile.h"
#include "casefile/html.h"
#include "casefile/model.h"
#include "core/buf.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/fsutil.h"

int ll_casefile_cover_write(const char *out_dir,
			    const struct ll_casefile_model *m,
			    const struct ll_signer *signer,
			    const char *fingerprint, const char *timestamp)
{
	const json_t *cs = json_object_get(m->root, "case");
	struct ll_buf b = LL_BUF_INIT, p = LL_BUF_INIT;
	int rc;

	ll_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
		    "<title>Case file cover sheet</title>\n<style>body{font-family:Georgia,serif;max-width:900px;"
		    "margin:40px auto;padding:24px;border:3px double #333}dt{font-weight:bold;margin-top:10px}"
		    ".fpr{font-family:monospace;font-size:14pt;background:#ffd;padding:4px;word-break:break-all}"
		    "bdi{unicode-bidi:isolate}</style>\n</head>\n<body>\n<h1>Sealed case file</h1>\n<dl>\n<dt>Case</dt><dd>");
	ll_html_user(&b, ll_model_str(cs, "case_id"));
	ll_buf_puts(&b, " &mdash; ");
	ll_html_user(&b, ll_model_str(cs, "title"));
	ll_buf_puts(&b, "</dd>\n<dt>Requesting authority</dt><dd>");
	if (*ll_model_str(cs, "authority"))
		ll_html_user(&b, ll_model_str(cs, "authority"));
	else
		ll_buf_puts(&b, "not recorded");
	ll_buf_puts(&b, "</dd>\n<dt>Examiner</dt><dd>");
	ll_html_user(&b, signer->name);
	ll_buf_printf(&b, " (certificate SHA-256 <code>%s</code>)</dd>\n", signer->fingerprint);
	ll_buf_printf(&b, "<dt>Seal fingerprint: SHA-256 of bag/tagmanifest-sha256.txt</dt>\n"
		      "<dd class=\"fpr\" id=\"fingerprint\" data-fingerprint=\"%s\">%s</dd>\n",
		      fingerprint, fingerprint);
	ll_buf_puts(&b, "<dt>Timestamp (RFC 3161)</dt><dd>");
	ll_html_user(&b, timestamp ? timestamp : "none yet: send seal/tagmanifest-sha256.txt.p7s.tsq to a timestamp authority");
	ll_buf_puts(&b, "</dd>\n</dl>\n<p><a href=\"../bag/data/report.html\">Open the expert report</a></p>\n"
		    "<p>To check this case file: <code>lifeline casefile verify FOLDER --ca CA.pem</code>, or with "
		    "<code>sha256sum</code> and <code>openssl</code> alone as described in "
		    "<code>docs/verify-without-lifeline.md</code>. The fingerprint above must equal the output of "
		    "<code>sha256sum bag/tagmanifest-sha256.txt</code>.</p>\n</body>\n</html>\n");
	if ((rc = ll_buf_printf(&p, "%s/" LL_CASEFILE_SEAL "/" LL_CASEFILE_COVER, out_dir)) == 0)
		rc = ll_write_new_file(p.ptr, 0644, b.ptr, b.len);
	ll_buf_release(&b);
	ll_buf_release(&p);
	return rc;
}

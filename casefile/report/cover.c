/* SPDX-License-Identifier: Apache-2.0 */
/* Writes the cover sheet: the fingerprint cannot live inside the bag it fingerprints. */
#include "core/compat.h"
#include "casefile/report/cover.h"

#include <jansson.h>

#include "casefile/casefile.h"
#include "casefile/report/html.h"
#include "casefile/report/lang_fmt.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/fsutil.h"

static bool has_type(const json_t *n, const char *type)
{
	const json_t *t = json_object_get(n, "@type"), *v;
	size_t i;

	if (json_is_string(t))
		return !strcmp(json_string_value(t), type);
	json_array_foreach(t, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), type))
			return true;
	return false;
}

static const char *str(const json_t *n, const char *k)
{
	const char *s = json_string_value(json_object_get(n, k));

	return s ? s : "";
}

/* The build's "report-language" configuration entry, wherever the graph nests it (case_jsonld.c). */
static void report_language(enum ll_lang *lang, const json_t *n)
{
	const char *k;
	const json_t *v;
	size_t i;

	if (json_is_array(n)) {
		json_array_foreach(n, i, v)
			report_language(lang, v);
		return;
	}
	if (!json_is_object(n))
		return;
	if (!strcmp(str(n, "uco-configuration:itemName"), "report-language"))
		(void)ll_lang_parse(lang, str(n, "uco-configuration:itemValue"));
	json_object_foreach((json_t *)n, k, v)
		if (json_is_object(v) || json_is_array(v))
			report_language(lang, v);
}

int ll_casefile_cover_case(struct ll_cover_facts *f, const char *bag_dir)
{
	struct ll_buf p = LL_BUF_INIT;
	json_error_t jerr;
	json_t *doc = NULL, *graph, *n, *inv = NULL, *auth = NULL, *refs, *r;
	size_t i, j;
	int rc;

	f->case_id = f->title = f->authority = NULL;
	f->lang = LL_LANG_EN;
	if ((rc = ll_buf_printf(&p, "%s/data/case.jsonld", bag_dir)) < 0)
		goto out;
	if (!(doc = json_load_file(p.ptr, JSON_REJECT_DUPLICATES, &jerr))) {
		rc = ll_error_set(LL_ECORRUPT, "'%s' line %d: %s", p.ptr, jerr.line, jerr.text);
		goto out;
	}
	graph = json_object_get(doc, "@graph");
	report_language(&f->lang, graph);
	json_array_foreach(graph, i, n)
		if (has_type(n, "case-investigation:Investigation")) {
			if (inv) {
				rc = ll_error_set(LL_ECORRUPT, "'%s' has more than one Investigation", p.ptr);
				goto out;
			}
			inv = n;
		}
	if (!inv) {
		rc = ll_error_set(LL_ECORRUPT, "'%s' has no Investigation", p.ptr);
		goto out;
	}
	refs = json_object_get(inv, "case-investigation:relevantAuthorization");
	json_array_foreach(refs, j, r) {
		const char *id = str(r, "@id");

		json_array_foreach(graph, i, n)
			if (*id && !strcmp(str(n, "@id"), id) &&
			    has_type(n, "case-investigation:Authorization")) {
				auth = n;
				break;
			}
		if (auth)
			break;
	}
	if (!(f->case_id = ll_strdup(str(inv, "uco-core:name"))) ||
	    !(f->title = ll_strdup(str(inv, "uco-core:description"))) ||
	    !(f->authority = ll_strdup(auth ? str(auth, "case-investigation:authorizationIdentifier") : "")))
		rc = ll_error_set(LL_ENOMEM, "out of memory");
out:
	if (rc < 0)
		ll_casefile_cover_release(f);
	json_decref(doc);
	ll_buf_release(&p);
	return rc;
}

void ll_casefile_cover_release(struct ll_cover_facts *f)
{
	ll_free(f->case_id);
	ll_free(f->title);
	ll_free(f->authority);
	f->case_id = f->title = f->authority = NULL;
}

int ll_casefile_cover_render(struct ll_buf *b, const struct ll_cover_facts *f)
{
	enum ll_lang lang = f->lang;

	ll_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
		    "<title>%s</title>\n<style>body{font-family:Georgia,serif;max-width:900px;"
		    "margin:40px auto;padding:24px;border:3px double #333}dt{font-weight:bold;margin-top:10px}"
		    ".fpr{font-family:monospace;font-size:14pt;background:#ffd;padding:4px;word-break:break-all}"
		    "bdi{unicode-bidi:isolate}</style>\n</head>\n<body>\n<h1>%s</h1>\n<dl>\n<dt>%s</dt><dd>",
		    ll_lang_code(lang), LL_TXT(lang, "Case file cover sheet", "Page de garde du dossier"),
		    LL_TXT(lang, "Sealed case file", "Dossier scellé"), LL_TXT(lang, "Case", "Affaire"));
	ll_html_user(b, f->case_id);
	ll_buf_puts(b, " &mdash; ");
	ll_html_user(b, f->title);
	ll_buf_puts(b, LL_TXT(lang, "</dd>\n<dt>Requesting authority</dt><dd>", "</dd>\n<dt>Autorité requérante</dt><dd>"));
	if (f->authority && *f->authority)
		ll_html_user(b, f->authority);
	else
		ll_buf_puts(b, LL_TXT(lang, "not recorded", "non renseignée"));
	ll_buf_puts(b, LL_TXT(lang, "</dd>\n<dt>Examiner</dt><dd>", "</dd>\n<dt>Expert</dt><dd>"));
	ll_html_user(b, f->examiner);
	ll_buf_puts(b, LL_TXT(lang, " (certificate SHA-256 <code>", " (empreinte SHA-256 du certificat <code>"));
	ll_html_text(b, f->examiner_fpr);
	ll_buf_puts(b, LL_TXT(lang, "</code>)</dd>\n<dt>Seal fingerprint: SHA-256 of bag/tagmanifest-sha256.txt</dt>\n",
			      "</code>)</dd>\n<dt>Empreinte du scellé numérique" LL_NBSP ": SHA-256 de "
			      "bag/tagmanifest-sha256.txt</dt>\n"));
	ll_buf_puts(b, "<dd class=\"fpr\" id=\"fingerprint\" data-fingerprint=\"");
	ll_html_text(b, f->fingerprint);
	ll_buf_puts(b, "\">");
	ll_html_text(b, f->fingerprint);
	ll_buf_puts(b, LL_TXT(lang, "</dd>\n<dt>Timestamp (RFC 3161)</dt><dd>", "</dd>\n<dt>Horodatage (RFC 3161)</dt><dd>"));
	if (f->timestamp)
		ll_html_user(b, f->timestamp);
	else
		ll_html_text(b, LL_TXT(lang, LL_COVER_NO_TIMESTAMP, LL_COVER_NO_TIMESTAMP_FR));
	return ll_buf_puts(b, LL_TXT(lang, "</dd>\n</dl>\n<p><a href=\"../bag/data/report.html\">Open the expert report</a></p>\n"
			   "<p>Every statement above is checked by <code>lifeline casefile verify FOLDER --ca CA.pem</code> "
			   "(or <code>--signer-fingerprint</code>): it rebuilds this sheet from the signed case file and "
			   "compares it byte for byte. With <code>sha256sum</code> and <code>openssl</code> alone, follow "
			   "<code>docs/verify-without-lifeline.md</code>. The fingerprint above must equal the output of "
			   "<code>sha256sum bag/tagmanifest-sha256.txt</code>.</p>\n</body>\n</html>\n",
			   "</dd>\n</dl>\n<p><a href=\"../bag/data/report.html\">Ouvrir le rapport d’expertise</a></p>\n"
			   "<p>Chacune des mentions ci-dessus est vérifiée par <code>lifeline casefile verify DOSSIER --ca "
			   "CA.pem</code> (ou <code>--signer-fingerprint</code>)" LL_NBSP ": la commande reconstruit cette page "
			   "à partir du dossier signé et la compare octet par octet. Avec les seuls <code>sha256sum</code> et "
			   "<code>openssl</code>, suivre <code>docs/verify-without-lifeline.md</code>. L’empreinte "
			   "ci-dessus doit être égale au résultat de <code>sha256sum bag/tagmanifest-sha256.txt</code>.</p>\n"
			   "</body>\n</html>\n"));
}

int ll_casefile_cover_write(const char *out_dir, const struct ll_cover_facts *f)
{
	struct ll_buf b = LL_BUF_INIT, p = LL_BUF_INIT;
	int rc;

	if ((rc = ll_casefile_cover_render(&b, f)) == 0 &&
	    (rc = ll_buf_printf(&p, "%s/" LL_CASEFILE_SEAL "/" LL_CASEFILE_COVER, out_dir)) == 0)
		rc = ll_write_new_file(p.ptr, 0644, b.ptr, b.len);
	ll_buf_release(&b);
	ll_buf_release(&p);
	return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Finds the hospital's harm files among the evidence and writes the (encrypted) annex. */
#include "core/compat.h"
#include "casefile/annex.h"

#include <errno.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "casefile/report/model.h"
#include "casefile/seal/tar.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/fsutil.h"

#define HEAD_MAX 65536

static const char *const harm_schemas[] = {
	"lifeline-harm/1", "lifeline-disruption/1", "lifeline-metric/1",
	"lifeline-systems/1",
};

/* Field `idx` of a simple CSV line (quotes stripped), into `out`. */
static bool csv_field(char *out, size_t outlen, const char *line, size_t len,
		      size_t idx)
{
	size_t f = 0, o = 0;
	bool q = false;

	for (size_t i = 0; i < len; i++) {
		char c = line[i];

		if (c == '"') {
			q = !q;
			continue;
		}
		if (c == ',' && !q) {
			if (f == idx)
				break;
			f++;
			continue;
		}
		if (c == '\r' && !q)
			continue;
		if (f == idx && o + 1 < outlen)
			out[o++] = c;
	}
	out[o] = '\0';
	return f == idx;
}

static bool csv_is_harm(const char *buf, size_t n)
{
	const char *nl = memchr(buf, '\n', n), *l2, *nl2;
	char name[64];
	size_t col;

	if (!nl)
		return false;
	for (col = 0; col < 256; col++) {
		if (!csv_field(name, sizeof(name), buf, (size_t)(nl - buf), col))
			return false;
		if (!strcmp(name, "schema"))
			break;
	}
	if (col == 256)
		return false;
	l2 = nl + 1;
	nl2 = memchr(l2, '\n', n - (size_t)(l2 - buf));
	if (!csv_field(name, sizeof(name), l2,
		       nl2 ? (size_t)(nl2 - l2) : n - (size_t)(l2 - buf), col))
		return false;
	for (size_t i = 0; i < LL_ARRAY_SIZE(harm_schemas); i++)
		if (!strcmp(name, harm_schemas[i]))
			return true;
	return false;
}

bool ll_annex_is_harm_file(const char *path)
{
	char buf[HEAD_MAX];
	size_t n;
	FILE *f = fopen(path, "rb");
	bool yes = false;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (n && (buf[0] == '{' || (n > 3 && !memcmp(buf, "\xef\xbb\xbf{", 4)) ||
		  strspn(buf, " \t\r\n") < n) && strstr(buf, "\"resourceType\"")) {
		json_t *doc = json_load_file(path, 0, NULL);

		yes = doc && !strcmp(ll_model_str(doc, "resourceType"), "Bundle");
		json_decref(doc);
		if (yes)
			return true;
	}
	return csv_is_harm(buf, n);
}

void ll_annex_safe_name(char *out, size_t outlen, const char *name)
{
	size_t o = 0;

	for (const char *s = name; *s && o + 1 < outlen; s++) {
		char c = *s;
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			  (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';

		out[o++] = ok ? c : '_';
	}
	out[o] = '\0';
	if (o == 0 || !strcmp(out, ".") || !strcmp(out, ".."))
		snprintf(out, outlen, "file");
}

static int encrypt_to(struct ll_buf *out, const char *recipient_pem,
		      const struct ll_buf *plain)
{
	STACK_OF(X509) *certs = NULL;
	CMS_ContentInfo *cms = NULL;
	BIO *in = NULL, *bout = NULL;
	X509 *cert = NULL;
	FILE *f = NULL;
	BUF_MEM *mem;
	int rc = 0;

	if (!(f = fopen(recipient_pem, "rb")))
		return ll_error_set(LL_ENOTFOUND, "cannot open '%s': %s", recipient_pem,
				    strerror(errno));
	cert = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (!cert)
		return ll_error_set_openssl(LL_ECORRUPT, "recipient certificate");
	if (plain->len > INT32_MAX) {
		rc = ll_error_set(LL_EINVAL, "harm annex too large to encrypt");
		goto out;
	}
	if (!(certs = sk_X509_new_null()) || !sk_X509_push(certs, cert) ||
	    !(in = BIO_new_mem_buf(plain->ptr, (int)plain->len)) ||
	    !(bout = BIO_new(BIO_s_mem()))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if (!(cms = CMS_encrypt(certs, in, EVP_aes_256_gcm(), CMS_BINARY)) ||
	    !i2d_CMS_bio(bout, cms)) {
		rc = ll_error_set_openssl(LL_EINTERNAL, "CMS encryption of the harm annex");
		goto out;
	}
	BIO_get_mem_ptr(bout, &mem);
	rc = ll_buf_put(out, mem->data, mem->length);
out:
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	BIO_free(bout);
	sk_X509_free(certs);
	X509_free(cert);
	return rc;
}

int ll_annex_write(json_t **items_out, json_t **files_out, const char *case_dir,
		   const json_t *evidence, const char *datadir,
		   const char *recipient_pem, int64_t mtime)
{
	struct ll_buf src = LL_BUF_INIT, dst = LL_BUF_INIT, data = LL_BUF_INIT,
		      tar = LL_BUF_INIT, enc = LL_BUF_INIT, raw = LL_BUF_INIT;
	json_t *items = json_array(), *files = json_array(), *item, *file;
	size_t i, j;
	int rc = 0;

	json_array_foreach(evidence, i, item) {
		const char *id = ll_model_str(item, "id");
		bool used = false;
		char sid[128];

		ll_annex_safe_name(sid, sizeof(sid), id);
		json_array_foreach(json_object_get(item, "files"), j, file) {
			const char *rel, *base;
			char name[256], arcname[512];

			/* the file's own bytes: the model escapes names that are not UTF-8 */
			if ((rc = ll_model_bytes(&raw, file, "path")) < 0)
				goto out;
			rel = raw.ptr ? raw.ptr : "";
			ll_buf_reset(&src);
			if ((rc = ll_buf_printf(&src, "%s/%s", case_dir, rel)) < 0)
				goto out;
			if (!ll_annex_is_harm_file(src.ptr))
				continue;
			base = strrchr(rel, '/');
			ll_annex_safe_name(name, sizeof(name), base ? base + 1 : rel);
			snprintf(arcname, sizeof(arcname), "harm/%s/%s", sid, name);
			ll_buf_reset(&data);
			if ((rc = ll_buf_read_file(&data, src.ptr)) < 0)
				goto out;
			if (recipient_pem) {
				if ((rc = ll_tar_add(&tar, arcname, data.ptr, data.len, mtime)) < 0)
					goto out;
			} else {
				ll_buf_reset(&dst);
				if ((rc = ll_buf_printf(&dst, "%s/harm/%s", datadir, sid)) < 0 ||
				    (rc = ll_mkdirs(dst.ptr, 0755)) < 0 ||
				    (rc = ll_buf_printf(&dst, "/%s", name)) < 0 ||
				    (rc = ll_write_new_file(dst.ptr, 0644, data.ptr, data.len)) < 0)
					goto out;
			}
			json_array_append_new(files, json_string(arcname));
			used = true;
		}
		if (used)
			json_array_append_new(items, json_string(id));
	}
	if (recipient_pem && json_array_size(files) > 0) {
		ll_buf_reset(&dst);
		if ((rc = ll_tar_finish(&tar)) < 0 ||
		    (rc = encrypt_to(&enc, recipient_pem, &tar)) < 0 ||
		    (rc = ll_buf_printf(&dst, "%s/harm.tar.p7m", datadir)) < 0 ||
		    (rc = ll_write_new_file(dst.ptr, 0644, enc.ptr, enc.len)) < 0)
			goto out;
	}
	*items_out = items;
	*files_out = files;
	items = files = NULL;
out:
	json_decref(items);
	json_decref(files);
	ll_buf_release(&src);
	ll_buf_release(&dst);
	ll_buf_release(&data);
	ll_buf_release(&tar);
	ll_buf_release(&enc);
	ll_buf_release(&raw);
	return rc;
}

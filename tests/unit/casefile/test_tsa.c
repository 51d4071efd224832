/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of the RFC 3161 reply check: a token made here by OpenSSL's own
 * TSA code (TS_RESP_CTX, with a time callback so the signing time can be any
 * GeneralizedTime) must report its time as signed — before 1970, today, and
 * past 2262 where int64 nanoseconds end — and the imprint must bind the data.
 */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include "casefile/seal/tsa.h"
#include "core/alloc.h"
#include "core/error.h"

struct tsa {
	EVP_PKEY *key;
	X509 *cert;
};

static int add_ext(X509 *c, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *ext;
	int ok;

	X509V3_set_ctx(&v3, c, c, NULL, NULL, 0);
	if (!(ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value)))
		return 0;
	ok = X509_add_ext(c, ext, -1);
	X509_EXTENSION_free(ext);
	return ok;
}

/* A self-signed P-256 certificate fit for timestamping (critical EKU). */
static void tsa_new(struct tsa *t)
{
	X509_NAME *name;

	t->key = EVP_EC_gen("P-256");
	assert_non_null(t->key);
	assert_non_null(t->cert = X509_new());
	assert_int_equal(X509_set_version(t->cert, 2), 1);
	ASN1_INTEGER_set(X509_get_serialNumber(t->cert), 7);
	X509_gmtime_adj(X509_getm_notBefore(t->cert), 0);
	X509_gmtime_adj(X509_getm_notAfter(t->cert), 3600);
	name = X509_get_subject_name(t->cert);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
				   (const unsigned char *)"Unit TSA", -1, -1, 0);
	X509_set_issuer_name(t->cert, name);
	X509_set_pubkey(t->cert, t->key);
	assert_int_equal(add_ext(t->cert, NID_ext_key_usage, "critical,timeStamping"), 1);
	assert_true(X509_sign(t->cert, t->key, EVP_sha256()) > 0);
}

static void tsa_free(struct tsa *t)
{
	X509_free(t->cert);
	EVP_PKEY_free(t->key);
}

static int at_time(struct TS_resp_ctx *ctx, void *data, long *sec, long *usec)
{
	(void)ctx;
	*sec = *(const long *)data;
	*usec = 0;
	return 1;
}

/* The DER reply of `t` to `tsq`, signed as if at `when` (seconds since 1970). */
static void reply(uint8_t **tsr, size_t *tsrlen, struct tsa *t, const uint8_t *tsq,
		  size_t tsqlen, long when)
{
	TS_RESP_CTX *ctx = TS_RESP_CTX_new();
	ASN1_OBJECT *policy = OBJ_txt2obj("1.2.3.4.1", 1);
	BIO *in = BIO_new_mem_buf(tsq, (int)tsqlen);
	TS_RESP *resp;
	unsigned char *der = NULL;
	int n;

	assert_non_null(ctx);
	assert_int_equal(TS_RESP_CTX_set_signer_cert(ctx, t->cert), 1);
	assert_int_equal(TS_RESP_CTX_set_signer_key(ctx, t->key), 1);
	assert_int_equal(TS_RESP_CTX_set_def_policy(ctx, policy), 1);
	assert_int_equal(TS_RESP_CTX_add_md(ctx, EVP_sha256()), 1);
	TS_RESP_CTX_set_time_cb(ctx, at_time, &when);
	assert_non_null(resp = TS_RESP_create_response(ctx, in));
	assert_true((n = i2d_TS_RESP(resp, &der)) > 0);
	assert_non_null(*tsr = ll_malloc((size_t)n));
	memcpy(*tsr, der, (size_t)n);
	*tsrlen = (size_t)n;
	OPENSSL_free(der);
	TS_RESP_free(resp);
	BIO_free(in);
	ASN1_OBJECT_free(policy);
	TS_RESP_CTX_free(ctx);
}

static void check_time(long when, const char *expect)
{
	static const char data[] = "the signature file's bytes";
	struct ll_tsa_info info;
	struct tsa t;
	uint8_t *tsq = NULL, *tsr = NULL;
	size_t tsqlen = 0, tsrlen = 0;

	tsa_new(&t);
	assert_int_equal(ll_tsa_request(&tsq, &tsqlen, data, sizeof(data)), 0);
	reply(&tsr, &tsrlen, &t, tsq, tsqlen, when);
	assert_int_equal(ll_tsa_verify(&info, tsr, tsrlen, tsq, tsqlen, data,
				       sizeof(data), NULL), 0);
	assert_string_equal(info.gen_time, expect);
	assert_string_equal(info.tsa, "/CN=Unit TSA");
	/* the imprint binds the data: one byte more and it no longer verifies */
	assert_int_equal(ll_tsa_verify(&info, tsr, tsrlen, tsq, tsqlen, data,
				       sizeof(data) - 1, NULL), LL_EVERIFY);
	ll_free(tsq);
	ll_free(tsr);
	tsa_free(&t);
}

static void time_today(void **state)
{
	(void)state;
	check_time(1717423331L, "2024-06-03T14:02:11Z");
}

static void time_past_int64_ns(void **state)
{
	(void)state;
	/* 2262-04-11T23:47:17Z is the last second int64 ns can hold */
	check_time(9223372800L, "2262-04-12T00:00:00Z");
	check_time(253402300799L, "9999-12-31T23:59:59Z");
}

static void time_before_1970(void **state)
{
	(void)state;
	check_time(-86400L, "1969-12-31T00:00:00Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(time_today),
		cmocka_unit_test(time_past_int64_ns),
		cmocka_unit_test(time_before_1970),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Custody ledger: canonical lines (golden vectors), hash chain, signatures, tamper detection. */
#include "core/compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/crypto.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/store.h"
#include "tests/unit/unit_tmpdir.h"

static int setup(void **state)
{
	LL_UNUSED(state);
	setenv("LIFELINE_NOW", "2024-06-03T14:02:11.123456789Z", 1);
	return unit_tmpdir_make("custody");
}

static int teardown(void **state)
{
	LL_UNUSED(state);
	return unit_tmpdir_remove();
}

/* The canonical line is a *spec* (docs/formats/custody.md): these bytes must never change. */
static void test_serialize_golden(void **state)
{
	struct ll_custody_entry e = { 0 };
	struct ll_buf b = LL_BUF_INIT;
	char h[65];

	LL_UNUSED(state);
	e.seq = 7;
	e.time_ns = INT64_C(1717423331123456000);
	e.actor = "Alice Examiner";
	e.actor_fpr = "ab";
	e.action = "transfer";
	e.evidence_id = "E1";
	e.host = "lab-1";
	e.tool = "lifeline 0.1.0";
	e.location = "Room\t4";
	e.to_name = "Bob";
	e.note = "line1\nline2 \\ end";
	e.details = "{\"a\":1}";
	snprintf(e.prev_hash, sizeof(e.prev_hash), "%s", LL_CUSTODY_ZERO_HASH);
	assert_int_equal(ll_custody_serialize(&b, &e), 0);
	assert_string_equal(b.ptr,
			    "lifeline-custody/1\t7\t2024-06-03T14:02:11.123456Z\tAlice Examiner\tab\t"
			    "transfer\tE1\tlab-1\tlifeline 0.1.0\tRoom\\t4\tBob\t"
			    "line1\\nline2 \\\\ end\t{\"a\":1}\t"
			    "0000000000000000000000000000000000000000000000000000000000000000");
	assert_int_equal(ll_sha256_hex(h, b.ptr, b.len), 0);
	/* sha256 of the line above, computed independently with sha256sum */
	assert_string_equal(h, "41eb20dd108d50c9b9f7f274e141705995f1876d8fcc0e019e7976e5452b6827");
	/* absent optional fields serialise as empty */
	e.location = e.to_name = e.evidence_id = NULL;
	e.details = NULL;
	assert_int_equal(ll_custody_serialize(&b, &e), 0);
	assert_non_null(strstr(b.ptr, "\ttransfer\t\tlab-1\tlifeline 0.1.0\t\t\tline1"));
	assert_non_null(strstr(b.ptr, "\t{}\t0000"));
	ll_buf_release(&b);
}

static struct ll_signer *make_signer(const char *sub, const char *name)
{
	struct ll_keygen_opts o = { 0 };
	struct ll_signer *s = NULL;
	char dir[512], key[600], crt[600], fpr[65];

	snprintf(dir, sizeof(dir), "%s/%s", unit_dir, sub);
	o.name = name;
	assert_int_equal(ll_key_generate(fpr, dir, &o), 0);
	snprintf(key, sizeof(key), "%s/examiner.key", dir);
	snprintf(crt, sizeof(crt), "%s/examiner.crt", dir);
	assert_int_equal(ll_signer_load(&s, key, crt, NULL), 0);
	assert_string_equal(s->fingerprint, fpr);
	assert_string_equal(s->name, name);
	return s;
}

static void test_sign_verify(void **state)
{
	struct ll_signer *a, *b;
	uint8_t *sig = NULL;
	size_t n = 0;

	LL_UNUSED(state);
	a = make_signer("ka", "Alice");
	b = make_signer("kb", "Bob");
	assert_int_equal(ll_signer_sign(&sig, &n, a, "hello", 5), 0);
	assert_int_equal(ll_cert_verify_sig(a->cert_pem, "hello", 5, sig, n), 0);
	/* another message, another key: both refused */
	assert_int_equal(ll_cert_verify_sig(a->cert_pem, "hellO", 5, sig, n), LL_EVERIFY);
	assert_int_equal(ll_cert_verify_sig(b->cert_pem, "hello", 5, sig, n), LL_EVERIFY);
	/* a truncated signature is refused, not a crash */
	assert_int_equal(ll_cert_verify_sig(a->cert_pem, "hello", 5, sig, n / 2), LL_EVERIFY);
	ll_free(sig);
	ll_signer_free(a);
	ll_signer_free(b);
}

static void test_key_refuses_overwrite_and_mode(void **state)
{
	struct ll_keygen_opts o = { 0 };
	char dir[512], path[600], fpr[65];
	struct stat sb;

	LL_UNUSED(state);
	snprintf(dir, sizeof(dir), "%s/kc", unit_dir);
	o.name = "Carol";
	o.passphrase = "correct horse";
	o.csr = true;
	assert_int_equal(ll_key_generate(fpr, dir, &o), 0);
	snprintf(path, sizeof(path), "%s/examiner.key", dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(ll_key_generate(fpr, dir, &o), LL_EEXISTS);
	/* wrong passphrase: a clear error, not a crash */
	{
		struct ll_signer *s = NULL;
		char crt[600];

		snprintf(crt, sizeof(crt), "%s/examiner.crt", dir);
		assert_true(ll_signer_load(&s, path, crt, "wrong pass") < 0);
		assert_int_equal(ll_signer_load(&s, path, crt, "correct horse"), 0);
		ll_signer_free(s);
	}
}

static struct ll_store *new_store(const char *name)
{
	struct ll_store *st = NULL;
	char path[600];

	snprintf(path, sizeof(path), "%s/%s.db", unit_dir, name);
	assert_int_equal(ll_store_create(&st, path), 0);
	return st;
}

static void append(struct ll_store *st, struct ll_signer *s, const char *note)
{
	struct ll_custody_request r = { 0 };
	struct ll_custody_entry out;

	r.action = "note";
	r.note = note;
	r.details = "{\"z\":1,\"a\":[2,3]}";
	assert_int_equal(ll_custody_append(&out, st, s, &r), 0);
}

static void test_chain_and_tamper(void **state)
{
	struct ll_custody_report rep;
	struct ll_signer *a = make_signer("kd", "Dora");
	struct ll_store *st = new_store("chain");
	char head2[65];
	int64_t seq;

	LL_UNUSED(state);
	append(st, a, "one");
	append(st, a, "two");
	assert_int_equal(ll_custody_head(&seq, head2, st), 0);
	append(st, a, "three");
	assert_int_equal(ll_custody_verify(&rep, st, NULL), 0);
	assert_int_equal(rep.entries, 3);
	assert_int_equal(rep.signers, 1);
	/* the head kept after entry 2 is still contained */
	assert_int_equal(ll_custody_verify(&rep, st, head2), 0);
	assert_int_equal(ll_custody_verify(&rep, st, "deadbeefdeadbeef"), LL_EVERIFY);
	/* details were canonicalised (sorted keys) */
	{
		sqlite3_stmt *s;

		assert_int_equal(ll_store_prepare(&s, st, "SELECT details FROM custody WHERE seq = 1"), 0);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(s, 0), "{\"a\":[2,3],\"z\":1}");
		sqlite3_finalize(s);
	}
	/* SQL updates are refused by the append-only trigger... */
	assert_true(ll_store_exec(st, "UPDATE custody SET note = 'x' WHERE seq = 2") < 0);
	/* ...and a tamperer who drops it is caught by verify, at the right entry */
	assert_int_equal(ll_store_exec(st, "DROP TRIGGER custody_no_update;"
					   "UPDATE custody SET note = 'TWO' WHERE seq = 2"), 0);
	assert_int_equal(ll_custody_verify(&rep, st, NULL), LL_EVERIFY);
	assert_int_equal(rep.bad_seq, 2);
	assert_non_null(strstr(rep.reason, "edited"));
	ll_store_free(st);
	ll_signer_free(a);
}

static void test_unknown_action_and_bad_details(void **state)
{
	struct ll_signer *a = make_signer("ke", "Eve");
	struct ll_store *st = new_store("bad");
	struct ll_custody_request r = { 0 };

	LL_UNUSED(state);
	r.action = "frobnicate";
	assert_int_equal(ll_custody_append(NULL, st, a, &r), LL_EINVAL);
	r.action = "note";
	r.details = "[1,2]";
	assert_int_equal(ll_custody_append(NULL, st, a, &r), LL_ECORRUPT);
	r.details = "{bad json";
	assert_int_equal(ll_custody_append(NULL, st, a, &r), LL_ECORRUPT);
	/* the signed line is UTF-8 text: typed fields that are not are refused here too,
	 * whatever the caller (the CLI refuses them first, naming the option) */
	r.details = NULL;
	r.note = "caf\xe9";
	assert_int_equal(ll_custody_append(NULL, st, a, &r), LL_EINVAL);
	assert_non_null(strstr(ll_error_message(), "the custody note is not valid UTF-8 (byte 0xE9 at offset 3)"));
	r.note = "ok";
	r.location = "\xc0\xaf";
	assert_int_equal(ll_custody_append(NULL, st, a, &r), LL_EINVAL);
	r.location = NULL;
	r.to_name = "a\xed\xa0\x80";
	assert_int_equal(ll_custody_append(NULL, st, a, &r), LL_EINVAL);
	ll_store_free(st);
	ll_signer_free(a);
}

/* Every allocation in append may fail: never a crash, never a half entry. */
static void test_append_alloc_failures(void **state)
{
	struct ll_custody_report rep;
	struct ll_signer *a = make_signer("kf", "Finn");
	struct ll_store *st = new_store("oom");
	int failures = 0;

	LL_UNUSED(state);
	for (unsigned long n = 1; n < 200; n++) {
		struct ll_custody_request r = { 0 };
		int rc;

		r.action = "note";
		r.note = "x";
		r.details = "{\"k\":\"v\"}";
		ll_alloc_fail_at(n);
		rc = ll_custody_append(NULL, st, a, &r);
		ll_alloc_fail_at(0);
		if (rc == 0)
			break;
		assert_int_equal(rc, LL_ENOMEM);
		failures++;
	}
	assert_true(failures > 0);
	assert_int_equal(ll_custody_verify(&rep, st, NULL), 0);
	assert_int_equal(rep.entries, 1);
	ll_store_free(st);
	ll_signer_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_serialize_golden),
		cmocka_unit_test(test_sign_verify),
		cmocka_unit_test(test_key_refuses_overwrite_and_mode),
		cmocka_unit_test(test_chain_and_tamper),
		cmocka_unit_test(test_unknown_action_and_bad_details),
		cmocka_unit_test(test_append_alloc_failures),
	};

	ll_json_init(); /* the allocation-failure tests reach jansson too */
	return cmocka_run_group_tests(tests, setup, teardown);
}

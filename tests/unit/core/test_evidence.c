/* SPDX-License-Identifier: Apache-2.0 */
/* The evidence tables' owner: an item opened, retried, registered or left incomplete, and read back. */
#include "core/compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/evidence.h"
#include "core/store.h"
#include "tests/unit/unit_tmpdir.h"

static int setup(void **state)
{
	LL_UNUSED(state);
	return unit_tmpdir_make("evidence");
}

static int teardown(void **state)
{
	LL_UNUSED(state);
	return unit_tmpdir_remove();
}

static struct ll_store *new_store(const char *name)
{
	struct ll_store *st = NULL;
	char p[300];

	snprintf(p, sizeof(p), "%s/%s", unit_dir, name);
	assert_int_equal(ll_store_create(&st, p), 0);
	return st;
}

static const struct ll_evidence_item item = {
	.id = "E1", .kind = "image", .format = "raw", .description = "disk",
	.notes = NULL, .source = "/dev/sdb", .source_info = "{\"serial\":\"S1\"}",
	.media_size = -1, .started_ns = 1000, .details = "{}",
};

static void test_open_register_read(void **state)
{
	struct ll_store *st = new_store("register.db");
	struct ll_evidence_file_rec f = { .role = "segment", .size = 3 };
	struct ll_range errs[] = { { 4096, 512 }, { 0, 512 } };
	struct ll_evidence_close c = {
		.id = "E1", .md5 = "m", .sha1 = NULL, .sha256 = "s", .media_size = 8192,
		.unreadable = 1024, .details = "{\"k\":1}", .files = &f, .nfiles = 1,
		.errs = errs, .nerrs = 2,
	};
	struct ll_evidence *e = NULL;
	char state_[16], kind[16], *meta = NULL;
	int64_t ns;

	LL_UNUSED(state);
	f.path = ll_strdup("evidence/E1/disk.raw");
	f.meta = ll_strdup("{\"mtime_ns\":7}");
	snprintf(f.sha256, sizeof(f.sha256), "%s", "aa");
	assert_int_equal(ll_evidence_state(state_, kind, st, "E1"), LL_ENOTFOUND);
	assert_int_equal(ll_evidence_exists(st, "E1"), LL_ENOTFOUND);
	assert_int_equal(ll_evidence_open(st, &item), 0);
	assert_int_equal(ll_evidence_state(state_, kind, st, "E1"), 0);
	assert_string_equal(state_, "acquiring");
	assert_string_equal(kind, "image");
	assert_int_equal(ll_evidence_acquired_ns(&ns, st, "E1"), 0);
	assert_int_equal(ns, 1000);
	/* the id is taken */
	assert_int_equal(ll_evidence_open(st, &item), LL_EEXISTS);
	assert_int_equal(ll_evidence_mark_registered(st, &c), 0);
	/* only an item being acquired is registered */
	assert_int_equal(ll_evidence_mark_registered(st, &c), LL_EINTERNAL);
	assert_int_equal(ll_evidence_exists(st, "E1"), 0);
	assert_int_equal(ll_evidence_file_meta(&meta, st, "E1", "evidence/E1/disk.raw"), 0);
	assert_string_equal(meta, "{\"mtime_ns\":7}");
	ll_free(meta);
	assert_int_equal(ll_evidence_file_meta(&meta, st, "E1", "nope"), 0);
	assert_null(meta);
	assert_int_equal(ll_evidence_get(&e, st, "E1"), 0);
	assert_string_equal(e->state, "registered");
	assert_int_equal(e->media_size, 8192);
	assert_int_equal(e->unreadable_bytes, 1024);
	assert_true(e->has_md5 && e->has_sha256 && !e->has_sha1);
	assert_string_equal(e->source_info, "{\"serial\":\"S1\"}");
	assert_true(e->has_registered);
	assert_int_equal(e->started_ns, 1000);
	assert_int_equal(e->nfiles, 1);
	assert_false(e->files[0].has_md5);
	assert_string_equal(e->files[0].meta, "{\"mtime_ns\":7}");
	/* error ranges come back by offset */
	assert_int_equal(e->nerrors, 2);
	assert_int_equal(e->errors[0].off, 0);
	assert_int_equal(e->errors[1].off, 4096);
	ll_evidence_free(e);
	ll_evidence_file_rec_release(&f);
	ll_store_free(st);
}

static void test_incomplete_retry(void **state)
{
	struct ll_store *st = new_store("retry.db");
	struct ll_evidence_item retry = item;
	struct ll_range err = { 0, 512 };
	struct ll_evidence *e = NULL;

	LL_UNUSED(state);
	retry.retry = true;
	/* nothing to retry yet */
	assert_int_equal(ll_evidence_open(st, &retry), LL_EEXISTS);
	assert_int_equal(ll_evidence_open(st, &item), 0);
	assert_int_equal(ll_evidence_mark_incomplete(st, "E1", "{\"reason\":\"x\"}", &err, 1), 0);
	assert_int_equal(ll_evidence_get(&e, st, "E1"), 0);
	assert_string_equal(e->state, "incomplete");
	assert_non_null(strstr(e->details, "\"incomplete\""));
	assert_int_equal(e->nerrors, 1);
	ll_evidence_free(e);
	/* the retry starts over: acquiring, old error ranges gone */
	retry.started_ns = 2000;
	assert_int_equal(ll_evidence_open(st, &retry), 0);
	assert_int_equal(ll_evidence_get(&e, st, "E1"), 0);
	assert_string_equal(e->state, "acquiring");
	assert_int_equal(e->started_ns, 2000);
	assert_int_equal(e->nerrors, 0);
	assert_false(e->has_registered);
	ll_evidence_free(e);
	ll_store_free(st);
}

static void test_get_oom(void **state)
{
	struct ll_store *st = new_store("oom.db");
	struct ll_evidence *e = NULL;
	int rc = -1;

	LL_UNUSED(state);
	assert_int_equal(ll_evidence_open(st, &item), 0);
	/* every allocation of a load failing in turn: an error, never a half item */
	for (unsigned long n = 1; rc != 0 && n < 64; n++) {
		ll_alloc_fail_at(n);
		rc = ll_evidence_get(&e, st, "E1");
		ll_alloc_fail_at(0);
		if (rc == 0)
			break;
		assert_int_equal(rc, LL_ENOMEM);
	}
	assert_int_equal(rc, 0);
	ll_evidence_free(e);
	ll_store_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_register_read),
		cmocka_unit_test(test_incomplete_retry),
		cmocka_unit_test(test_get_oom),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

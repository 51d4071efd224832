/* SPDX-License-Identifier: Apache-2.0 */
/* Case store: creation, migrations, nested transactions, failure paths. */
#include "core/compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/alloc.h"
#include "core/case.h"
#include "core/error.h"
#include "core/evidence.h"
#include "core/json.h"
#include "core/store.h"
#include "tests/unit/unit_tmpdir.h"

static int setup(void **state)
{
	LL_UNUSED(state);
	return unit_tmpdir_make("store");
}

static int teardown(void **state)
{
	LL_UNUSED(state);
	return unit_tmpdir_remove();
}

static int count(struct ll_store *st, const char *sql)
{
	sqlite3_stmt *s;
	int n;

	assert_int_equal(ll_store_prepare(&s, st, sql), 0);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return n;
}

static void test_create_open_version(void **state)
{
	struct ll_store *st = NULL;
	char p[300];

	LL_UNUSED(state);
	snprintf(p, sizeof(p), "%s/a.db", unit_dir);
	assert_int_equal(ll_store_create(&st, p), 0);
	assert_int_equal(ll_store_schema_version(st), ll_store_schema_latest());
	ll_store_free(st);
	assert_int_equal(ll_store_create(&st, p), LL_EEXISTS);
	assert_int_equal(ll_store_open(&st, p), 0);
	assert_int_equal(count(st, "PRAGMA foreign_keys"), 1);
	/* a database from a newer lifeline is refused, not damaged */
	assert_int_equal(ll_store_exec(st, "PRAGMA user_version = 999"), 0);
	ll_store_free(st);
	assert_int_equal(ll_store_open(&st, p), LL_EUNSUPPORTED);
	snprintf(p, sizeof(p), "%s/missing.db", unit_dir);
	assert_int_equal(ll_store_open(&st, p), LL_ENOTFOUND);
}

static void test_not_a_database(void **state)
{
	struct ll_store *st = NULL;
	char p[300];
	FILE *f;

	LL_UNUSED(state);
	snprintf(p, sizeof(p), "%s/garbage.db", unit_dir);
	f = fopen(p, "wb");
	fputs("this is not sqlite, just text that is long enough to be a header......", f);
	fclose(f);
	assert_int_equal(ll_store_open(&st, p), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), "garbage.db"));
}

static void test_nested_transactions(void **state)
{
	struct ll_store *st = NULL;
	char p[300];

	LL_UNUSED(state);
	snprintf(p, sizeof(p), "%s/tx.db", unit_dir);
	assert_int_equal(ll_store_create(&st, p), 0);
	assert_int_equal(ll_store_begin(st), 0);
	assert_int_equal(ll_store_exec(st, "INSERT INTO case_info VALUES (1,'c','t',NULL,NULL,0)"), 0);
	assert_int_equal(ll_store_begin(st), 0);
	assert_int_equal(ll_store_exec(st, "INSERT INTO certificates VALUES ('f','p')"), 0);
	ll_store_rollback(st); /* inner only */
	assert_int_equal(ll_store_commit(st), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM case_info"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM certificates"), 0);
	assert_int_equal(ll_store_commit(st), LL_EINTERNAL);
	ll_store_free(st);
}

static void test_alloc_failures(void **state)
{
	struct ll_case_info info = { "C-1", "t", NULL, NULL };
	int failed = 0;

	LL_UNUSED(state);
	for (unsigned long n = 1; n < 100; n++) {
		struct ll_case *c = NULL;
		struct ll_evidence **list = NULL;
		size_t cnt = 0;
		char p[300];
		int rc;

		snprintf(p, sizeof(p), "%s/oom%lu", unit_dir, n);
		assert_int_equal(ll_case_init(p, &info), 0);
		ll_alloc_fail_at(n);
		rc = ll_case_open(&c, p);
		if (rc == 0)
			rc = ll_evidence_list(&list, &cnt, c->store, NULL, 0);
		ll_alloc_fail_at(0);
		if (rc == 0) {
			ll_evidence_list_free(list, cnt);
			ll_case_free(c);
			break;
		}
		assert_int_equal(rc, LL_ENOMEM);
		assert_null(c);
		failed++;
	}
	assert_true(failed > 0);
}

/* Schema 3 (pool volumes) over a database written by schema 1: rows kept, pool_block 0. */
static void test_migration_3_pool_block(void **state)
{
	struct ll_store *st = NULL;
	sqlite3 *db = NULL;
	char p[300];

	LL_UNUSED(state);
	assert_true(ll_store_schema_latest() >= 3);
	snprintf(p, sizeof(p), "%s/v1.db", unit_dir);
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, ll_schema_migrations[0], NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"PRAGMA user_version = 1;"
		"INSERT INTO evidence(id, seq, kind, state, started_ns) VALUES ('E1', 1, 'image', 'registered', 0);"
		"INSERT INTO fs_volumes VALUES ('E1', 65536, 1048576, 'dos', 'Linux (0x83)', 'ext4',"
		" 1024, 512, 2, 'UTC', NULL);"
		"INSERT INTO fs_entries(evidence_id, part_offset, fs_type, inode, path, body_name,"
		" allocated) VALUES ('E1', 65536, 'ext4', '12', '/a', '/a', 1);",
		NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(ll_store_open(&st, p), 0);
	assert_int_equal(ll_store_schema_version(st), ll_store_schema_latest());
	assert_int_equal(count(st, "SELECT count(*) FROM fs_volumes WHERE evidence_id = 'E1'"
			      " AND part_offset = 65536 AND pool_block = 0 AND part_length = 1048576"
			      " AND vs_type = 'dos' AND part_desc = 'Linux (0x83)' AND fs_type = 'ext4'"
			      " AND block_size = 1024 AND sector_size = 512 AND entries = 2"
			      " AND tz = 'UTC' AND error IS NULL"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM fs_entries WHERE pool_block = 0"
			      " AND inode = '12'"), 1);
	/* two volumes of one container share the offset; the same volume twice does not */
	assert_int_equal(ll_store_exec(st, "INSERT INTO fs_volumes(evidence_id, part_offset,"
				       " pool_block, fs_type) VALUES ('E1', 0, 20002, 'apfs'),"
				       " ('E1', 0, 20003, 'apfs')"), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM fs_volumes WHERE part_offset = 0"), 2);
	assert_int_not_equal(ll_store_exec(st, "INSERT INTO fs_volumes(evidence_id, part_offset,"
					   " pool_block) VALUES ('E1', 0, 20002)"), 0);
	/* the exports' lookups stay indexed per file system */
	assert_int_equal(count(st, "SELECT count(*) FROM pragma_index_info('fs_entries_name')"
			      " WHERE name = 'pool_block'"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM pragma_index_info('fs_entries_evidence')"
			      " WHERE name = 'pool_block'"), 1);
	ll_store_free(st);
}

/* Commands that only read: query-only, no transaction; a write through it fails. */
static void test_open_readonly(void **state)
{
	struct ll_store *st = NULL;
	char p[300];

	LL_UNUSED(state);
	snprintf(p, sizeof(p), "%s/ro.db", unit_dir);
	assert_int_equal(ll_store_create(&st, p), 0);
	assert_int_equal(ll_store_exec(st, "CREATE TABLE t(x); INSERT INTO t VALUES (1)"), 0);
	ll_store_free(st);
	assert_int_equal(ll_store_open_readonly(&st, p), 0);
	assert_true(st->readonly);
	assert_int_equal(count(st, "SELECT count(*) FROM t"), 1);
	assert_true(ll_store_begin(st) < 0);
	assert_non_null(strstr(ll_error_message(), "opened read-only"));
	assert_true(ll_store_exec(st, "INSERT INTO t VALUES (2)") < 0);
	ll_store_free(st);
	assert_int_equal(ll_store_open(&st, p), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM t"), 1);
	ll_store_free(st);
	snprintf(p, sizeof(p), "%s/none.db", unit_dir);
	assert_int_equal(ll_store_open_readonly(&st, p), LL_ENOTFOUND);
}

/*
 * The database cannot grow (SQLITE_FULL, here from max_page_count): the
 * message says there is no space; SQLite rolls the transaction back, after
 * which nothing more runs in it and commit reports that cause, not "no
 * transaction is active".
 */
static void test_full(void **state)
{
	struct ll_store *st = NULL;
	char p[300];
	int rc = 0;

	LL_UNUSED(state);
	snprintf(p, sizeof(p), "%s/full.db", unit_dir);
	assert_int_equal(ll_store_create(&st, p), 0);
	assert_int_equal(ll_store_exec(st, "CREATE TABLE t(x BLOB)"), 0);
	assert_int_equal(ll_store_exec(st, "PRAGMA max_page_count = 40"), 0);
	assert_int_equal(ll_store_begin(st), 0);
	assert_int_equal(ll_store_begin(st), 0);
	for (int i = 0; i < 200 && rc == 0; i++)
		rc = ll_store_exec(st, "INSERT INTO t VALUES (zeroblob(60000))");
	assert_int_equal(rc, LL_EIO);
	assert_non_null(strstr(ll_error_message(), "no space left on the file system of the case"));
	assert_non_null(strstr(ll_error_message(), p));
	/* SQLite rolled the whole transaction back: nothing runs in autocommit behind it */
	assert_true(ll_store_aborted(st));
	assert_int_equal(ll_store_commit(st), LL_EIO);
	assert_non_null(strstr(ll_error_message(), "no space left"));
	assert_true(ll_store_exec(st, "INSERT INTO t VALUES (1)") < 0);
	assert_true(ll_store_begin(st) < 0);
	ll_store_rollback(st);
	ll_store_rollback(st);
	assert_false(ll_store_aborted(st));
	assert_int_equal(count(st, "SELECT count(*) FROM t"), 0);
	ll_store_free(st);
}

/* The case's own typed fields must be UTF-8, whatever the caller (the CLI checks first). */
static void test_case_init_refuses_non_utf8(void **state)
{
	static const char bad[] = "caf\xe9"; /* Latin-1 */
	const char *fields[4] = { "C-8", "a title", "an agency", "an authority" };
	char p[300];

	LL_UNUSED(state);
	for (int f = 0; f < 4; f++) {
		struct ll_case_info info;
		const char *v[4];
		struct stat sb;

		memcpy(v, fields, sizeof(v));
		v[f] = bad;
		info = (struct ll_case_info){ v[0], v[1], v[2], v[3] };
		snprintf(p, sizeof(p), "%s/utf8-%d", unit_dir, f);
		assert_int_equal(ll_case_init(p, &info), LL_EINVAL);
		assert_non_null(strstr(ll_error_message(), "UTF-8"));
		/* refused before anything was made */
		assert_int_not_equal(stat(p, &sb), 0);
	}
	snprintf(p, sizeof(p), "%s/utf8-ok", unit_dir);
	{
		struct ll_case_info ok = { "C-8", "caf\xc3\xa9", NULL, NULL };

		assert_int_equal(ll_case_init(p, &ok), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_open_version),
		cmocka_unit_test(test_open_readonly),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_not_a_database),
		cmocka_unit_test(test_nested_transactions),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_migration_3_pool_block),
		cmocka_unit_test(test_case_init_refuses_non_utf8),
	};

	ll_json_init(); /* the allocation-failure tests reach jansson too */
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* File-system detectors on fs events built from fls bodies (the timeline contract). */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "tests/unit/unit_skip.h"
#include <sqlite3.h>

#include "analyze/detect/detect.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/event/event.h"
#include "core/store.h"
#include "tests/unit/unit_tmpdir.h"

#define NS INT64_C(1000000000)

struct got {
	char rule[64];
	int64_t first, last;
	size_t n;
};

struct sink {
	struct got g[32];
	size_t n;
};

static int collect(void *ctx, const struct ll_finding *f)
{
	struct sink *s = ctx;

	if (s->n < LL_ARRAY_SIZE(s->g)) {
		snprintf(s->g[s->n].rule, sizeof(s->g[s->n].rule), "%s", f->rule_id);
		s->g[s->n].first = f->first_ns;
		s->g[s->n].last = f->last_ns;
		s->g[s->n].n = f->nevents;
	}
	s->n++;
	return 0;
}


static struct ll_store *new_store(const char *name)
{
	struct ll_store *st = NULL;
	struct ll_buf p;

	ll_buf_init(&p);
	ll_buf_printf(&p, "%s/%s.db", unit_dir, name);
	unlink(p.ptr);
	assert_int_equal(ll_store_create(&st, p.ptr), 0);
	ll_buf_release(&p);
	assert_int_equal(ll_store_exec(st, "INSERT INTO evidence (id, seq, kind, state, started_ns)"
				       " VALUES ('E1', 1, 'image', 'registered', 0)"), 0);
	return st;
}

/* One fs event per non-zero time of each body line, as the tsk reader writes them. */
static size_t load_body(struct ll_store *st, const char *path)
{
	static const char *const desc[4] = { "Last Access Time", "Content Modification Time",
					     "Metadata Modification Time", "Creation Time" };
	static const char macb[4] = { 'a', 'm', 'c', 'b' };
	struct ll_event_writer w;
	struct ll_buf b;
	size_t n = 0;
	char *line, *next;

	ll_buf_init(&b);
	assert_int_equal(ll_buf_read_file(&b, path), 0);
	assert_int_equal(ll_store_begin(st), 0);
	assert_int_equal(ll_event_writer_init(&w, st, 0), 0);
	for (line = b.ptr; line && *line; line = next) {
		char *f[11], *p = line, name[4096], attrs[512];
		size_t k = 0, nl;
		bool alloc = true;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		while (k < 11 && p) {
			f[k++] = p;
			p = strchr(p, '|');
			if (p)
				*p++ = '\0';
		}
		if (k < 11)
			continue;
		snprintf(name, sizeof(name), "%s", f[1]);
		nl = strlen(name);
		if (nl > 10 && !strcmp(name + nl - 10, " (deleted)")) {
			name[nl - 10] = '\0';
			alloc = false;
		}
		for (int t = 0; t < 4; t++) {
			int64_t s = strtoll(f[7 + t], NULL, 10);
			struct ll_event e = { 0 };

			if (s == 0)
				continue;
			snprintf(attrs, sizeof(attrs),
				 "{\"macb\":\"%c\",\"inode\":\"%s\",\"size\":%s,\"allocated\":%s,"
				 "\"name_kind\":\"\",\"fs_type\":\"ext4\",\"part_offset\":0}",
				 macb[t], f[2], f[6], alloc ? "true" : "false");
			e.evidence_id = "E1";
			e.time_ns = s * NS;
			e.time_desc = desc[t];
			e.source = "fs";
			e.parser = "tsk";
			e.path = name;
			e.event_code = -1;
			e.locator = f[2];
			e.message = name;
			e.attrs = attrs;
			assert_int_equal(ll_event_add(&w, &e, NULL), 0);
			n++;
		}
	}
	ll_event_writer_release(&w);
	assert_int_equal(ll_store_commit(st), 0);
	ll_buf_release(&b);
	return n;
}

static void run(struct sink *s, struct ll_store *st)
{
	struct ll_fs_thresholds t;

	ll_fs_thresholds_default(&t);
	memset(s, 0, sizeof(*s));
	assert_int_equal(ll_fs_detect_run(st, &t, LL_SRC_DIR "/rules", collect, s), 0);
}

/* The benign images of the shared test data: every finding is a false positive. */
static void benign_images(void **state)
{
	static const char *const bodies[] = {
		"e2fsprogs_f_ext_journal.ext3.raw.body", "fatfs_fat12.img.body",
		"goext4_hierarchy_32.ext4.body", "plaso_tsk_volume_system.raw.o352.body",
		"tsk_image.dd.body", "tsk_imageformat_mmls_1.E01.o128.body",
		"tsk_imageformat_mmls_1.E01.o55424.body",
	};
	size_t events = 0, fp = 0;

	(void)state;
	for (size_t i = 0; i < LL_ARRAY_SIZE(bodies); i++) {
		char path[4096];
		struct ll_store *st = new_store("benign");
		struct sink s;
		struct stat sb;

		snprintf(path, sizeof(path), "%s/testdata/disk/%s", LL_SHARED_DIR, bodies[i]);
		if (stat(path, &sb) < 0) {
			ll_store_free(st);
			LL_SKIP("no shared test data (testdata/disk/*.body under LL_SHARED_DIR)");
		}
		events += load_body(st, path);
		run(&s, st);
		for (size_t k = 0; k < s.n && k < LL_ARRAY_SIZE(s.g); k++)
			printf("#   false positive on %s: %s\n", bodies[i], s.g[k].rule);
		fp += s.n;
		ll_store_free(st);
	}
	printf("# fs detectors on %zu benign images (%zu fs events): %zu findings\n",
	       LL_ARRAY_SIZE(bodies), events, fp);
	assert_int_equal(fp, 0);
}

static const struct got *find(const struct sink *s, const char *rule)
{
	for (size_t i = 0; i < s->n && i < LL_ARRAY_SIZE(s->g); i++)
		if (!strcmp(s->g[i].rule, rule))
			return &s->g[i];
	return NULL;
}

/* mkfs.ext4 -d images: 3,000 of 4,000 files encrypted over 6 minutes, 40 notes. */
static void burst_image(void **state)
{
	char cmd[8192], path[4096];
	struct ll_store *st;
	struct sink s;
	const struct got *g;
	int rc;

	(void)state;
	snprintf(cmd, sizeof(cmd), "sh %s/tests/data/make_burst_image.sh %s/img >/dev/null",
		 LL_SRC_DIR, unit_dir);
	rc = ll_unit_sh(cmd);
	if (rc == 77)
		LL_SKIP("make_burst_image.sh: mkfs.ext4, debugfs, fls or python3 missing");
	if (rc != 0)
		fail_msg("fixture make_burst_image.sh failed (exit %d)", rc);

	st = new_store("burst");
	snprintf(path, sizeof(path), "%s/img/burst.body", unit_dir);
	load_body(st, path);
	run(&s, st);
	printf("# burst image: %zu findings\n", s.n);
	g = find(&s, "fs.encryption_burst");
	assert_non_null(g);
	assert_int_equal(g->first, INT64_C(1710036000) * NS);   /* 2024-03-10T02:00:00Z */
	assert_int_equal(g->last, INT64_C(1710036359) * NS);    /* 02:05:59Z */
	assert_int_equal(g->n, 3000 * 2);                        /* m and c of each file */
	g = find(&s, "fs.ransom_note.known");
	assert_non_null(g);
	assert_int_equal(g->first, INT64_C(1710036360) * NS);
	assert_int_equal(g->last, INT64_C(1710036399) * NS);
	assert_int_equal(g->n, 40 * 2);                          /* m and b of each note */
	assert_int_equal(s.n, 2);
	ll_store_free(st);

	st = new_store("clean");
	snprintf(path, sizeof(path), "%s/img/clean.body", unit_dir);
	assert_true(load_body(st, path) > 12000);
	run(&s, st);
	assert_int_equal(s.n, 0);
	ll_store_free(st);
}

/* Notes that are not on the list: identical files in many directories. */
static void spread_notes_and_backups(void **state)
{
	char path[4096];
	struct ll_store *st = new_store("spread");
	struct sink s;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/spread.body", unit_dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (int d = 0; d < 12; d++)
		fprintf(f, "0|/Share/dept%02d/ZZ_How_To_Get_Data_Back.txt|%d|r/rrw-r--r--|0|0|512|0|%d|0|0\n",
			d, 100 + d, 1710036000 + d * 5);
	/* the same name in only 5 directories is not enough */
	for (int d = 0; d < 5; d++)
		fprintf(f, "0|/Other/d%d/notes_recover.txt|%d|r/rrw-r--r--|0|0|100|0|%d|0|0\n",
			d, 200 + d, 1710036000 + d);
	/* a common name copied everywhere at install time, not note-like */
	for (int d = 0; d < 30; d++)
		fprintf(f, "0|/App/m%02d/config.ini|%d|r/rrw-r--r--|0|0|77|0|%d|0|0\n",
			d, 300 + d, 1600000000 + d);
	fprintf(f, "0|/Backups/nightly/job-2024-03-09.vbk (deleted)|400|r/rrw-r--r--|0|0|9999|1710000000|1710000000|1710035000|1709000000\n");
	/* deleted, without an inode-change time: cited at its latest time */
	fprintf(f, "0|/Backups/nightly/job-2024-03-07.vbk (deleted)|402|r/rrw-r--r--|0|0|9999|1709800000|1709700000|0|1709000000\n");
	fprintf(f, "0|/Backups/nightly/job-2024-03-08.vbk|401|r/rrw-r--r--|0|0|9999|1709900000|1709900000|1709900000|1709000000\n");
	fclose(f);
	load_body(st, path);
	run(&s, st);
	assert_int_equal(s.n, 2);
	assert_non_null(find(&s, "fs.ransom_note.spread"));
	assert_int_equal(find(&s, "fs.ransom_note.spread")->n, 12);
	assert_int_equal(find(&s, "fs.ransom_note.spread")->last, INT64_C(1710036055) * NS);
	assert_non_null(find(&s, "fs.backup_deleted"));
	/* the acts, not the backups' history: one event each, the inode change
	 * the unlink set (issue 17 item 6), else the latest (the 7th's access) */
	assert_int_equal(find(&s, "fs.backup_deleted")->n, 2);
	assert_int_equal(find(&s, "fs.backup_deleted")->first, INT64_C(1709800000) * NS);
	assert_int_equal(find(&s, "fs.backup_deleted")->last, INT64_C(1710035000) * NS);
	ll_store_free(st);
}

static void thresholds(void **state)
{
	struct ll_fs_thresholds t;

	(void)state;
	ll_fs_thresholds_default(&t);
	assert_int_equal(ll_fs_thresholds_set(&t, "burst.min_files=100"), 0);
	assert_int_equal(t.min_files, 100);
	assert_int_equal(ll_fs_thresholds_set(&t, "burst.ext_share=0.75"), 0);
	assert_true(t.ext_share > 0.74 && t.ext_share < 0.76);
	assert_int_equal(ll_fs_thresholds_set(&t, "burst.min_files=1.5"), LL_EINVAL);
	assert_int_equal(ll_fs_thresholds_set(&t, "burst.ext_share=2"), LL_EINVAL);
	assert_int_equal(ll_fs_thresholds_set(&t, "nope=1"), LL_EINVAL);
	assert_int_equal(ll_fs_thresholds_set(&t, "burst.min_files"), LL_EINVAL);
}

static int setup(void **state)
{
	(void)state;
	return unit_tmpdir_make("fsdetect");
}

static int teardown(void **state)
{
	(void)state;
	return unit_tmpdir_remove();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(thresholds),
		cmocka_unit_test(benign_images),
		cmocka_unit_test(spread_notes_and_backups),
		cmocka_unit_test(burst_image),
	};

	return ll_unit_exit(cmocka_run_group_tests(tests, setup, teardown));
}

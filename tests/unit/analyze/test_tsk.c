/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the libtsk adapter: probing, in-memory walk, FAT zones, damage. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "analyze/tsk/tsk_source.h"
#include "analyze/tsk/tsk_walk.h"
#include "core/alloc.h"
#include "core/buf.h"

#define CORPUS LL_SRC_DIR "/tests/fuzz/corpus/tsk/"

struct seen {
	size_t n, deleted;
	int64_t b_mtime;
	bool saw_b, saw_dir;
	char first_error[256];
	size_t volumes;
};

static int on_entry(const struct ll_tsk_entry *e, void *p)
{
	struct seen *s = p;

	s->n++;
	if (!e->name_alloc) {
		s->deleted++;
		assert_non_null(strstr(e->body_name, " (deleted)"));
		assert_null(strstr(e->path, "(deleted)"));
	}
	if (!strcmp(e->path, "/D/b")) {
		s->saw_b = true;
		s->b_mtime = e->ns[LL_TSK_MTIME];
		assert_true(e->local_times);
		assert_string_equal(e->fs_type, "fat12");
	}
	if (!strcmp(e->path, "/D"))
		s->saw_dir = e->mode[0] == 'd';
	return 0;
}

static void on_volume(const struct ll_tsk_volume *v, void *p)
{
	struct seen *s = p;

	s->volumes++;
	if (v->error && !s->first_error[0])
		snprintf(s->first_error, sizeof(s->first_error), "%s", v->error);
}

static void walk_file(struct seen *s, const char *path, const char *tz)
{
	struct ll_buf b = LL_BUF_INIT;
	struct ll_tsk_image *img = NULL;
	struct ll_tsk_walk_cb cb = { 0 };

	ll_buf_init(&b);
	assert_int_equal(ll_buf_read_file(&b, path), 0);
	assert_int_equal(ll_tsk_image_open_mem(&img, (const uint8_t *)b.ptr, b.len), 0);
	memset(s, 0, sizeof(*s));
	cb.entry = on_entry;
	cb.volume = on_volume;
	cb.payload = s;
	cb.local_tz = tz;
	assert_int_equal(ll_tsk_walk(img, &cb), 0);
	ll_tsk_image_close(img);
	ll_buf_release(&b);
}

static void test_probe(void **state)
{
	uint8_t h[4096] = { 0 };

	(void)state;
	assert_int_equal(ll_tsk_probe(h, sizeof(h), sizeof(h)), 0);
	memcpy(h, "EVF\x09\x0d\x0a\xff\x00\x01\x01\x00", 11);
	assert_true(ll_tsk_probe(h, sizeof(h), sizeof(h)) >= 90);
	memset(h, 0, sizeof(h));
	memcpy(h + 512, "EFI PART", 8);
	assert_true(ll_tsk_probe(h, sizeof(h), sizeof(h)) >= 80);
	memset(h, 0, sizeof(h));
	memcpy(h + 3, "NTFS    ", 8);
	assert_true(ll_tsk_probe(h, sizeof(h), sizeof(h)) >= 80);
	memset(h, 0, sizeof(h));
	h[1080] = 0x53;
	h[1081] = 0xef;
	assert_true(ll_tsk_probe(h, sizeof(h), sizeof(h)) >= 80);
	/* 0x55AA alone (any boot sector, a random file) is not a partition table */
	memset(h, 0, sizeof(h));
	h[510] = 0x55;
	h[511] = 0xaa;
	h[446] = 0x42;
	assert_int_equal(ll_tsk_probe(h, sizeof(h), sizeof(h)), 0);
	/* text is never an image */
	memset(h, 'a', sizeof(h));
	assert_int_equal(ll_tsk_probe(h, sizeof(h), sizeof(h)), 0);
	assert_int_equal(ll_tsk_probe(h, 10, 10), 0);
}

static void test_walk_fat(void **state)
{
	struct seen utc, tokyo, mbr;

	(void)state;
	walk_file(&utc, CORPUS "fat12.img", NULL);
	assert_true(utc.saw_b);
	assert_true(utc.saw_dir);
	assert_int_equal(utc.deleted, 1);
	assert_int_equal(utc.volumes, 1);
	/* the same wall clock read in Tokyo is 9 hours earlier in UTC */
	walk_file(&tokyo, CORPUS "fat12.img", "Asia/Tokyo");
	assert_int_equal(tokyo.n, utc.n);
	assert_true(utc.b_mtime != LL_TSK_NO_TIME);
	assert_int_equal(utc.b_mtime - tokyo.b_mtime, INT64_C(9) * 3600 * 1000000000);
	/* the same file system behind a partition table */
	walk_file(&mbr, CORPUS "mbr-fat12.img", NULL);
	assert_int_equal(mbr.n, utc.n);
	assert_true(mbr.saw_b);
}

static void test_damage(void **state)
{
	struct seen s;

	(void)state;
	/* a truncated ext2: no crash; the volume reports why */
	walk_file(&s, CORPUS "ext2-truncated.img", NULL);
	assert_int_equal(s.volumes, 1);
	assert_true(s.first_error[0] != '\0');
}

static void test_pool_and_lvm(void **state)
{
	uint8_t h[2048] = { 0 };
	struct seen s;

	(void)state;
	/* the head of an APFS container: the pool path is taken, its failure reported */
	walk_file(&s, CORPUS "apfs-container-head.img", NULL);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.volumes, 1);
	assert_non_null(strstr(s.first_error, "APFS container"));
	/* an LVM2 label is probed and named, with its offset */
	memcpy(h + 512, "LABELONE", 8);
	memcpy(h + 536, "LVM2 001", 8);
	assert_true(ll_tsk_probe(h, sizeof(h), sizeof(h)) > 0);
	{
		struct ll_tsk_image *img = NULL;
		struct ll_tsk_walk_cb cb = { 0 };

		assert_int_equal(ll_tsk_image_open_mem(&img, h, sizeof(h)), 0);
		memset(&s, 0, sizeof(s));
		cb.entry = on_entry;
		cb.volume = on_volume;
		cb.payload = &s;
		assert_int_equal(ll_tsk_walk(img, &cb), 0);
		ll_tsk_image_close(img);
	}
	assert_non_null(strstr(s.first_error, "LVM2 physical volume (label at byte 512)"));
	memcpy(h + 536, "LVM3 001", 8);
	assert_int_equal(ll_tsk_probe(h, sizeof(h), sizeof(h)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_walk_fat),
		cmocka_unit_test(test_damage),
		cmocka_unit_test(test_pool_and_lvm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

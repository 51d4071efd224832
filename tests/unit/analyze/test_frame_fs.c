/* SPDX-License-Identifier: Apache-2.0 */
/* The file-system row frames (FS_BEGIN, FS_ENTRY, FS_VOLUME, FS_HOSTNAME, FS_ZONE): round trip and every refusal. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "analyze/worker/frame.h"
#include "frame_expect.h"
#include "core/error.h"
#include "core/time.h"

/* HELLO and FILE of a file read by `kind` */
static void prologue(struct ll_buf *b, const char *kind)
{
	put_file_prologue(b, kind);
}

static struct ll_frame begin(void)
{
	struct ll_frame f = { .type = LL_FRAME_FS_BEGIN };

	f.u.fs.volume.offset = 1048576;
	f.u.fs.volume.pool_block = 0;
	f.u.fs.volume.fs_type = "ntfs";
	return f;
}

/* An NTFS $DATA row with every field set; callers break one. */
static struct ll_frame entry(void)
{
	struct ll_frame f = { .type = LL_FRAME_FS_ENTRY };
	struct ll_tsk_entry *e = &f.u.fs.entry;

	e->part_offset = 1048576;
	e->fs_type = "ntfs";
	snprintf(e->inode, sizeof(e->inode), "35-128-1");
	e->meta_addr = 35;
	e->attr_type = 128;
	e->attr_id = 1;
	e->path = "/Users/\xff\x01raw";
	e->body_name = "/Users/\xff^raw (deleted)";
	e->link = NULL;
	e->name_alloc = false;
	e->realloc = true;
	e->has_meta = true;
	snprintf(e->mode, sizeof(e->mode), "r/rrwxrwxrwx");
	e->mode_bits = 0777;
	e->uid = 1000;
	e->gid = 4294967295u;
	e->size = 4096;
	e->ns[LL_TSK_ATIME] = -1;
	e->ns[LL_TSK_MTIME] = (int64_t)1717423331 * LL_NS_PER_SEC + 123456789;
	e->ns[LL_TSK_CTIME] = LL_TSK_NO_TIME;
	e->ns[LL_TSK_CRTIME] = 0;
	e->dtime_ns = LL_TSK_NO_TIME;
	e->fn_crtime_ns = 5;
	e->timestomp = true;
	return f;
}

static struct ll_frame volume(uint64_t entries)
{
	struct ll_frame f = { .type = LL_FRAME_FS_VOLUME };
	struct ll_tsk_volume *v = &f.u.fs.volume;

	v->offset = 1048576;
	v->length = 8388608;
	v->vs_type = "dos";
	v->desc = "NTFS / exFAT (0x07)";
	v->fs_type = "ntfs";
	v->block_size = 4096;
	v->error = "file-system walk incomplete after 1 entries (\xff)";
	v->entries = entries;
	f.u.fs.sector_size = 512;
	return f;
}

static void end(struct ll_buf *b, uint64_t recovered)
{
	struct ll_frame f = { .type = LL_FRAME_END };

	f.u.end.recovered = recovered;
	f.u.end.message = "";
	enc(b, &f);
}

static void round_trip(void **state)
{
	struct ll_frame_decoder d;
	struct ll_buf b = LL_BUF_INIT;
	struct ll_frame f, want = entry();
	int n = 0;

	(void)state;
	prologue(&b, "tsk");
	f = begin();
	enc(&b, &f);
	enc(&b, &want);
	f = volume(1);
	enc(&b, &f);
	/* a volume without entries (an APFS container libtsk cannot open) */
	f = volume(0);
	f.u.fs.volume.offset = 0;
	f.u.fs.volume.fs_type = NULL;
	f.u.fs.volume.vs_type = "";
	enc(&b, &f);
	end(&b, 1); /* the deleted entry without events */
	ll_frame_decoder_init(&d);
	assert_int_equal(ll_frame_decoder_feed(&d, (const uint8_t *)b.ptr, b.len), 0);
	while (ll_frame_decoder_next(&f, &d) == 1) {
		n++;
		if (f.type == LL_FRAME_FS_ENTRY) {
			const struct ll_tsk_entry *e = &f.u.fs.entry, *w = &want.u.fs.entry;

			assert_string_equal(e->path, w->path);
			assert_string_equal(e->body_name, w->body_name);
			assert_null(e->link);
			assert_string_equal(e->inode, w->inode);
			assert_string_equal(e->mode, w->mode);
			assert_int_equal(e->attr_type, 128);
			assert_int_equal(e->gid, w->gid);
			assert_true(e->realloc && !e->name_alloc && e->timestomp && e->has_meta);
			assert_false(e->fn_row || e->local_times);
			for (int t = 0; t < LL_TSK_NTIMES; t++)
				assert_true(e->ns[t] == w->ns[t]);
			assert_true(e->dtime_ns == LL_TSK_NO_TIME && e->fn_crtime_ns == 5);
		} else if (f.type == LL_FRAME_FS_VOLUME && f.u.fs.volume.entries) {
			assert_string_equal(f.u.fs.volume.desc, "NTFS / exFAT (0x07)");
			assert_int_equal(f.u.fs.sector_size, 512);
			assert_int_equal(f.u.fs.volume.block_size, 4096);
		}
	}
	assert_int_equal(n, 7);
	assert_int_equal(ll_frame_decoder_finish(&d), 0);
	ll_frame_decoder_release(&d);
	ll_buf_release(&b);
}

/* Decodes stream `b` to its refusal, which must say `want`; releases `b`. */
static void expect_refusal(struct ll_buf *b, const char *want)
{
	struct ll_frame_decoder d;
	struct ll_frame f;
	int rc;

	ll_frame_decoder_init(&d);
	assert_int_equal(ll_frame_decoder_feed(&d, (const uint8_t *)b->ptr, b->len), 0);
	while ((rc = ll_frame_decoder_next(&f, &d)) == 1)
		;
	if (rc != LL_ECORRUPT || !strstr(ll_error_message(), want))
		fail_msg("got %d '%s', want '%s'", rc, ll_error_message(), want);
	ll_frame_decoder_release(&d);
	ll_buf_release(b);
}

/* The stream prologue, FS_BEGIN (unless `no_begin`), then `bad`: refused with `want`. */
static void refused(const struct ll_frame *bad, const char *kind, bool no_begin,
		    const char *want)
{
	struct ll_buf b = LL_BUF_INIT;
	struct ll_frame f = begin();

	prologue(&b, kind);
	if (!no_begin)
		enc(&b, &f);
	enc(&b, bad);
	expect_refusal(&b, want);
}

static void refusals(void **state)
{
	struct ll_frame f;

	(void)state;
	f = entry();
	refused(&f, "syslog", true, "file-system rows from a file the tsk reader does not read");
	refused(&f, "tsk", true, "an entry before its volume's FS_BEGIN");
	f.u.fs.entry.part_offset = 512;
	refused(&f, "tsk", false, "is not the one announced");
	f = entry();
	f.u.fs.entry.pool_block = 7;
	refused(&f, "tsk", false, "is not the one announced");
	f = entry();
	f.u.fs.entry.fs_type = "ext4";
	refused(&f, "tsk", false, "field 'fs_type': 'ext4' is not the announced volume's 'ntfs'");
	f.u.fs.entry.fs_type = "nt fs";
	refused(&f, "tsk", false, "field 'fs_type'");
	f = entry();
	snprintf(f.u.fs.entry.inode, sizeof(f.u.fs.entry.inode), "36-128-1");
	refused(&f, "tsk", false, "field 'inode': '36-128-1' is not the address and attribute");
	f = entry();
	f.u.fs.entry.attr_type = -2;
	refused(&f, "tsk", false, "field 'attr_type'");
	f = entry();
	f.u.fs.entry.attr_id = 70000;
	refused(&f, "tsk", false, "field 'attr_id'");
	f = entry();
	f.u.fs.entry.attr_type = -1;
	refused(&f, "tsk", false, "field 'attr_id'");
	f = entry();
	f.u.fs.entry.name_alloc = true;
	refused(&f, "tsk", false, "field 'flags': realloc on an allocated name");
	f = entry();
	f.u.fs.entry.path = "Users";
	refused(&f, "tsk", false, "field 'path': does not start with '/'");
	f.u.fs.entry.path = NULL;
	refused(&f, "tsk", false, "field 'path': required but absent");
	f = entry();
	f.u.fs.entry.body_name = NULL;
	refused(&f, "tsk", false, "field 'body_name': required but absent");
	f = entry();
	snprintf(f.u.fs.entry.mode, sizeof(f.u.fs.entry.mode), "r/r rw");
	refused(&f, "tsk", false, "field 'mode'");
	f = entry();
	f.u.fs.entry.mode_bits = 010000;
	refused(&f, "tsk", false, "field 'mode_bits'");
	/* volumes */
	f = volume(2);
	refused(&f, "tsk", false, "field 'entries': 2, but 0 were sent");
	f = volume(2);
	refused(&f, "tsk", true, "field 'entries': 2 for a volume no entry was sent for");
	f = volume(0);
	f.u.fs.volume.fs_type = "fat32";
	refused(&f, "tsk", false, "field 'fs_type': 'fat32' is not the announced 'ntfs'");
	f = volume(0);
	f.u.fs.volume.offset = (uint64_t)INT64_MAX + 1;
	refused(&f, "tsk", true, "field 'part_offset'");
	f = volume(0);
	f.u.fs.volume.vs_type = "d\xc3\xa9s";
	refused(&f, "tsk", true, "field 'vs_type'");
	f.u.fs.volume.vs_type = NULL;
	refused(&f, "tsk", true, "field 'vs_type': required but absent");
	f = volume(0);
	f.u.fs.volume.desc = NULL;
	refused(&f, "tsk", true, "field 'desc': required but absent");
	/* FS_BEGIN */
	f = begin();
	f.u.fs.volume.fs_type = NULL;
	refused(&f, "tsk", true, "field 'fs_type': required but absent");
	f = begin();
	f.u.fs.volume.pool_block = UINT64_MAX;
	refused(&f, "tsk", true, "field 'pool_block'");
}

/* The last field of an entry (its $FN creation time) bent on the wire: presence, range. */
static void bad_times(void **state)
{
	static const struct {
		size_t at; /* bytes from the end */
		uint8_t v;
		const char *want;
	} cases[] = {
		{ 13, 2, "field 'fn_crtime': presence byte 2 is not 0 or 1" },
		{ 6, 0x7f, "field 'fn_crtime'" },    /* seconds far past the range */
		{ 1, 0x7f, "field 'fn_crtime': nanoseconds" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ll_buf b = LL_BUF_INIT;
		struct ll_frame f = begin();

		prologue(&b, "tsk");
		enc(&b, &f);
		f = entry();
		enc(&b, &f);
		b.ptr[b.len - cases[i].at] = (char)cases[i].v;
		expect_refusal(&b, cases[i].want);
	}
}

/* Flag bits a struct cannot hold, set on the wire. */
static void unknown_flags(void **state)
{
	/* the flags byte: after part_offset, pool_block, "ntfs", "35-128-1", meta_addr, attr */
	const size_t flags_at = LL_FRAME_HEADER + 8 + 8 + (4 + 4) + (4 + 8) + 8 + 4 + 4;
	struct ll_buf b = LL_BUF_INIT;
	struct ll_frame f = begin();
	size_t at;

	(void)state;
	prologue(&b, "tsk");
	enc(&b, &f);
	at = b.len;
	f = entry();
	enc(&b, &f);
	assert_int_equal((uint8_t)b.ptr[at + flags_at], 4 | 8 | 32); /* realloc, meta, timestomp */
	b.ptr[at + flags_at] |= 0x40;
	expect_refusal(&b, "field 'flags': unknown bits 0x40");
}

/* END may count as recovered the deleted entries that had no time (no event). */
static void recovered_counts_entries(void **state)
{
	struct ll_buf b = LL_BUF_INIT;
	struct ll_frame f = begin();

	(void)state;
	prologue(&b, "tsk");
	enc(&b, &f);
	f = entry();
	enc(&b, &f);
	end(&b, 2);
	expect_refusal(&b, "field 'recovered': 2, more than the events");
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static struct ll_frame hostname(const char *raw, size_t len, uint64_t size)
{
	struct ll_frame f = { .type = LL_FRAME_FS_HOSTNAME };

	f.u.fs.hostname.offset = 1048576;
	f.u.fs.hostname.size = size;
	f.u.fs.hostname.len = len;
	memcpy(f.u.fs.hostname.raw, raw, len);
	return f;
}

/* FS_HOSTNAME: raw bytes (control, invalid UTF-8, NUL) pass as they are; sizes are checked. */
static void hostname_frame(void **state)
{
	static const char raw[] = "srv\x1b\xff\0evil\n";
	struct ll_frame_decoder d;
	struct ll_buf b = LL_BUF_INIT;
	struct ll_frame f;
	size_t at;
	int seen = 0;

	(void)state;
	prologue(&b, "tsk");
	f = volume(0);
	enc(&b, &f);
	f = hostname(raw, sizeof(raw) - 1, 10240);
	enc(&b, &f);
	end(&b, 0);
	ll_frame_decoder_init(&d);
	assert_int_equal(ll_frame_decoder_feed(&d, (const uint8_t *)b.ptr, b.len), 0);
	while (ll_frame_decoder_next(&f, &d) == 1) {
		if (f.type != LL_FRAME_FS_HOSTNAME)
			continue;
		seen++;
		assert_int_equal(f.u.fs.hostname.offset, 1048576);
		assert_int_equal(f.u.fs.hostname.size, 10240);
		assert_int_equal(f.u.fs.hostname.len, sizeof(raw) - 1);
		assert_memory_equal(f.u.fs.hostname.raw, raw, sizeof(raw) - 1);
	}
	assert_int_equal(seen, 1);
	assert_int_equal(ll_frame_decoder_finish(&d), 0);
	ll_frame_decoder_release(&d);
	ll_buf_release(&b);
	/* refusals */
	f = hostname("a", 1, 1);
	refused(&f, "syslog", true, "file-system rows from a file the tsk reader does not read");
	f = hostname("abc", 3, 2);
	refused(&f, "tsk", true, "field 'length': 3 bytes of a file of 2");
	f = hostname("a", 1, 1);
	f.u.fs.hostname.offset = (uint64_t)INT64_MAX + 1;
	refused(&f, "tsk", true, "field 'part_offset'");
	/* a length over the limit, and one over what was sent, patched on the wire */
	prologue(&b, "tsk");
	at = b.len;
	f = hostname("a", 1, 5000);
	enc(&b, &f);
	put_le32((uint8_t *)b.ptr + at + LL_FRAME_HEADER + 24, LL_HOSTNAME_FILE_MAX + 1);
	expect_refusal(&b, "field 'length': 1025 is over 1024");
	prologue(&b, "tsk");
	at = b.len;
	enc(&b, &f);
	put_le32((uint8_t *)b.ptr + at + LL_FRAME_HEADER + 24, 2);
	expect_refusal(&b, "field 'content': 2 bytes announced, fewer sent");
}

static struct ll_frame zone(const char *text)
{
	struct ll_frame f = { .type = LL_FRAME_FS_ZONE };

	f.u.fs.zone.offset = 1048576;
	f.u.fs.zone.pool_block = 0;
	snprintf(f.u.fs.zone.text, sizeof(f.u.fs.zone.text), "%s", text);
	return f;
}

/* FS_ZONE: the zone's words round trip; empty text, control characters and a bad offset are refused. */
static void zone_frame(void **state)
{
	static const char words[] = "AUS Eastern Standard Time (UTC+10:00, daylight UTC+11:00 "
				    "from the first Sunday of October 02:00 to the first Sunday of April 03:00)";
	struct ll_frame_decoder d;
	struct ll_buf b = LL_BUF_INIT;
	struct ll_frame f;
	int seen = 0;

	(void)state;
	prologue(&b, "tsk");
	f = volume(0);
	enc(&b, &f);
	f = zone(words);
	enc(&b, &f);
	end(&b, 0);
	ll_frame_decoder_init(&d);
	assert_int_equal(ll_frame_decoder_feed(&d, (const uint8_t *)b.ptr, b.len), 0);
	while (ll_frame_decoder_next(&f, &d) == 1) {
		if (f.type != LL_FRAME_FS_ZONE)
			continue;
		seen++;
		assert_int_equal(f.u.fs.zone.offset, 1048576);
		assert_string_equal(f.u.fs.zone.text, words);
	}
	assert_int_equal(seen, 1);
	assert_int_equal(ll_frame_decoder_finish(&d), 0);
	ll_frame_decoder_release(&d);
	ll_buf_release(&b);
	f = zone("UTC");
	refused(&f, "syslog", true, "file-system rows from a file the tsk reader does not read");
	f = zone("");
	refused(&f, "tsk", true, "field 'zone': empty");
	f = zone("a\nb");
	refused(&f, "tsk", true, "field 'zone': control character 0x0a at byte 1");
	f = zone("UTC");
	f.u.fs.zone.offset = (uint64_t)INT64_MAX + 1;
	refused(&f, "tsk", true, "field 'part_offset'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(refusals),
		cmocka_unit_test(bad_times),
		cmocka_unit_test(unknown_flags),
		cmocka_unit_test(recovered_counts_entries),
		cmocka_unit_test(hostname_frame),
		cmocka_unit_test(zone_frame),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests: E01 media hashed from raw chunks agrees with libewf, ewfexport, and catches damage. */
#define _GNU_SOURCE 1 /* memmem */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include "tests/unit/unit_skip.h"
#include "collect/ewf_util.h"
#include <zlib.h>

#include "collect/ewf_chunks.h"
#include "collect/hashers.h"
#include "collect/block_reader.h"
#include "collect/source.h"
#include "core/error.h"

static char tmpdir[] = "/tmp/ll-ewf-chunks-XXXXXX";
static bool have_images;

/* ---- one chunk ---- */

static void fill_text(uint8_t *p, size_t n, unsigned seed)
{
	size_t i = 0;

	while (i < n) {
		char line[64];
		int k = snprintf(line, sizeof(line), "bed %u: observation %zu recorded\n", seed, i);

		for (int j = 0; j < k && i < n; j++)
			p[i++] = (uint8_t)line[j];
	}
}

static void test_unpack(void **state)
{
	static uint8_t media[32768], z[40000], out[32768];
	struct ll_ewf_chunk c = { 0 };
	uLongf zn = sizeof(z);
	void *dec = ll_ewf_decompressor_new();
	uint32_t x = 7;

	LL_UNUSED(state);
	assert_non_null(dec);
	fill_text(media, sizeof(media), 3);
	assert_int_equal(compress2(z, &zn, media, sizeof(media), 6), Z_OK);

	c.raw = z;
	c.raw_len = zn;
	c.compressed = true;
	c.index = 7;
	c.media_off = 7 * 32768;
	c.want = 32768;
	assert_int_equal(ll_ewf_chunk_unpack(out, sizeof(out), dec, &c), 0);
	assert_memory_equal(out, media, sizeof(media));

	/* trailing bytes after the zlib stream are ignored, as libewf ignores them */
	z[zn] = 0xAA;
	c.raw_len = zn + 1;
	assert_int_equal(ll_ewf_chunk_unpack(out, sizeof(out), dec, &c), 0);
	c.raw_len = zn;

	/* a flipped byte inside the deflate data */
	z[zn / 2] ^= 0x10;
	assert_int_equal(ll_ewf_chunk_unpack(out, sizeof(out), dec, &c), LL_EVERIFY);
	assert_non_null(strstr(ll_error_message(), "E01 chunk 7 (media offset 229376, compressed)"));
	z[zn / 2] ^= 0x10;

	/* a flipped byte of the Adler-32 trailer */
	z[zn - 1] ^= 0x01;
	assert_int_equal(ll_ewf_chunk_unpack(out, sizeof(out), dec, &c), LL_EVERIFY);
	assert_non_null(strstr(ll_error_message(), "Adler-32 of its zlib stream"));
	z[zn - 1] ^= 0x01;

	/* not zlib at all, and a truncated stream */
	z[0] ^= 0xFF;
	assert_int_equal(ll_ewf_chunk_unpack(out, sizeof(out), dec, &c), LL_EVERIFY);
	assert_non_null(strstr(ll_error_message(), "zlib header"));
	z[0] ^= 0xFF;
	c.raw_len = zn / 2;
	assert_int_equal(ll_ewf_chunk_unpack(out, sizeof(out), dec, &c), LL_EVERIFY);
	assert_non_null(strstr(ll_error_message(), "corrupt or truncated"));
	c.raw_len = 0;
	assert_int_equal(ll_ewf_chunk_unpack(out, sizeof(out), dec, &c), LL_EVERIFY);
	c.raw_len = zn;

	/* more than a chunk, and less than the media needs */
	assert_int_equal(ll_ewf_chunk_unpack(out, 16384, dec, &c), LL_EVERIFY);
	assert_non_null(strstr(ll_error_message(), "more than the chunk size"));
	zn = sizeof(z);
	assert_int_equal(compress2(z, &zn, media, 1000, 6), Z_OK);
	c.raw_len = zn;
	assert_int_equal(ll_ewf_chunk_unpack(out, sizeof(out), dec, &c), LL_EVERIFY);
	assert_non_null(strstr(ll_error_message(), "1000 bytes of media, 32768 expected"));
	/* the last chunk: 1000 bytes are enough for 512 bytes of media */
	c.want = 512;
	assert_int_equal(ll_ewf_chunk_unpack(out, sizeof(out), dec, &c), 0);
	assert_memory_equal(out, media, 1000);

	/* stored chunks: the Adler-32 that follows them */
	for (size_t i = 0; i < sizeof(media); i++) {
		x = x * 1103515245u + 12345u;
		media[i] = (uint8_t)(x >> 16);
	}
	c.raw = media;
	c.raw_len = sizeof(media);
	c.compressed = false;
	c.want = sizeof(media);
	c.checksum = (uint32_t)adler32(1, media, sizeof(media));
	assert_int_equal(ll_ewf_chunk_unpack(out, sizeof(out), dec, &c), 0);
	assert_memory_equal(out, media, sizeof(media));
	media[100] ^= 0x80;
	assert_int_equal(ll_ewf_chunk_unpack(out, sizeof(out), dec, &c), LL_EVERIFY);
	assert_non_null(strstr(ll_error_message(), "E01 chunk 7 (media offset 229376, stored)"));
	assert_non_null(strstr(ll_error_message(), "its Adler-32 is"));
	media[100] ^= 0x80;
	assert_int_equal(ll_ewf_chunk_unpack(out, 16384, dec, &c), LL_EVERIFY);
	ll_ewf_decompressor_free(dec);
}

/* ---- whole images ---- */

static int run_sh(const char *cmd)
{
	char line[64] = "";
	char full[2048];
	FILE *p;

	snprintf(full, sizeof(full), "%s && echo ok", cmd);
	p = popen(full, "r");
	if (!p)
		return -1;
	if (!fgets(line, sizeof(line), p))
		line[0] = '\0';
	pclose(p);
	return strncmp(line, "ok", 2) ? -1 : 0;
}

static int setup(void **state)
{
	char cmd[1024];
	int rc;

	LL_UNUSED(state);
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(cmd, sizeof(cmd), "sh %s/tests/data/make_ewf_images.sh %s >/dev/null",
		 LL_SRC_DIR, tmpdir);
	rc = ll_unit_sh(cmd);
	have_images = rc == 0;
	if (rc != 0 && rc != 77) {
		/* a broken fixture fails the group; only a missing tool skips */
		print_error("fixture make_ewf_images.sh failed (exit %d)\n", rc);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[256];

	LL_UNUSED(state);
	snprintf(cmd, sizeof(cmd), "chmod -R u+w %s; rm -rf %s", tmpdir, tmpdir);
	run_sh(cmd);
	return 0;
}

static struct ll_source *open_e01(const char *path)
{
	libewf_error_t *err = NULL;
	char **names = NULL;
	int n = 0;
	struct ll_source *s = NULL;

	if (ll_ewf_api_get()->glob(path, strlen(path), LIBEWF_FORMAT_UNKNOWN, &names, &n, &err) != 1) {
		ll_ewf_api_get()->error_free(&err);
		return NULL;
	}
	if (ll_source_open_ewf(&s, names, (size_t)n) < 0)
		s = NULL;
	ll_ewf_api_get()->glob_free(names, n, NULL);
	return s;
}

/*
 * Hashes `path` by raw chunks and by libewf_handle_read_random: both must
 * agree, and with `md5`/`sha1` when given. Returns the chunk statistics.
 */
static struct ll_ewf_chunk_stats hash_both(const char *path, const char *md5, const char *sha1)
{
	struct ll_media_hashes fast, slow;
	struct ll_ewf_chunk_stats st;
	uint64_t fsize = 0, ssize = 0;
	struct ll_source *s = open_e01(path);
	int rc;

	assert_non_null(s);
	rc = ll_ewf_hash_chunks(&fast, &fsize, &st, s, NULL, NULL, NULL);
	if (rc != 0)
		fail_msg("%s: rc %d, declined: '%s', error: %s", path, rc, st.why, ll_error_message());
	ll_source_free(s);
	assert_non_null(s = open_e01(path));
	assert_int_equal(ll_source_hash_reads(&slow, &ssize, s, NULL, NULL, NULL), 0);
	assert_int_equal(fsize, (uint64_t)s->size);
	ll_source_free(s);
	assert_int_equal(fsize, ssize);
	assert_string_equal(fast.md5, slow.md5);
	assert_string_equal(fast.sha1, slow.sha1);
	assert_string_equal(fast.sha256, slow.sha256);
	if (md5)
		assert_string_equal(fast.md5, md5);
	if (sha1)
		assert_string_equal(fast.sha1, sha1);
	printf("# %s: %" PRIu64 " bytes, %" PRIu64 " chunks of %zu (%" PRIu64 " compressed, %" PRIu64
	       " stored)\n", strrchr(path, '/') + 1, fsize, st.chunks, st.chunk_size, st.compressed,
	       st.stored);
	return st;
}

static void test_ewfacquire_images(void **state)
{
	char idx[512], line[512];
	size_t n = 0;
	FILE *f;

	LL_UNUSED(state);
	if (!have_images)
		LL_SKIP("make_ewf_images.sh: ewfacquire or ewfexport missing");
	snprintf(idx, sizeof(idx), "%s/index", tmpdir);
	assert_non_null(f = fopen(idx, "r"));
	while (fgets(line, sizeof(line), f)) {
		char name[64], md5[33], sha1[41], path[600];
		struct ll_ewf_chunk_stats st;

		assert_int_equal(sscanf(line, "%63s %32s %40s", name, md5, sha1), 3);
		snprintf(path, sizeof(path), "%s/%s.E01", tmpdir, name);
		st = hash_both(path, md5, sha1);
		assert_true(st.chunks > 0);
		/* -c none stores every chunk; fast and best compress the text and zeros */
		if (!strncmp(name, "none", 4))
			assert_int_equal(st.compressed, 0);
		if (!strncmp(name, "fast", 4) || !strncmp(name, "best", 4))
			assert_true(st.compressed > 0);
		n++;
	}
	fclose(f);
	assert_int_equal(n, 8);
}

/* The E01s of the shared test data (TSK's, libewf's), against their ewfverify MD5. */
static void test_shared_images(void **state)
{
	static const char *const names[] = { "tsk_image.E01", "tsk_imageformat_mmls_1.E01",
					     "e01rs_image.E01" };
	size_t done = 0;

	LL_UNUSED(state);
	for (size_t i = 0; i < LL_ARRAY_SIZE(names); i++) {
		char path[512], ref[600], line[256], md5[33] = "";
		FILE *f;

		snprintf(path, sizeof(path), "%s/testdata/disk/%s", LL_SHARED_DIR, names[i]);
		snprintf(ref, sizeof(ref), "%s.ewfverify.txt", path);
		if (!(f = fopen(ref, "r")))
			continue;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "MD5 hash calculated over data: %32s", md5) == 1)
				break;
		fclose(f);
		hash_both(path, md5[0] ? md5 : NULL, NULL);
		done++;
	}
	if (!done)
		LL_SKIP("no shared E01 test data (testdata/disk/*.E01.ewfverify.txt under LL_SHARED_DIR)");
}

/* Reads chunk `k` of `path` as stored (through libewf), into buf. */
static size_t raw_chunk(uint8_t *buf, size_t cap, const char *path, uint64_t k, bool *compressed)
{
	libewf_handle_t *h = NULL;
	char *names[1] = { (char *)path };
	ssize_t n = 0;

	assert_int_equal(ll_ewf_api_get()->handle_initialize(&h, NULL), 1);
	assert_int_equal(ll_ewf_api_get()->handle_open(h, names, 1, LIBEWF_OPEN_READ, NULL), 1);
	for (uint64_t i = 0; i <= k; i++) {
		int8_t isc = 0, rck = 0;
		uint8_t sum[4];
		uint32_t cs = 0;

		n = ll_ewf_api_get()->handle_read_chunk(h, buf, cap, &isc, sum, &cs, &rck, NULL);
		assert_true(n > 4);
		*compressed = isc != 0;
		if (!isc)
			n -= 4; /* counted, but in `sum` */
	}
	ll_ewf_api_get()->handle_close(h, NULL);
	ll_ewf_api_get()->handle_free(&h, NULL);
	return (size_t)n;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	assert_non_null(p = malloc((size_t)n));
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

/*
 * Copies `src` to `dst` with one byte of chunk `k`'s stored bytes flipped,
 * the middle one or the last one. The chunk is found by its exact bytes in
 * the file: they must occur once, or, for a chunk stored like others before
 * it (zeros), `nth` is the occurrence (from 0) that is chunk k.
 */
static void corrupt_nth(const char *src, const char *dst, uint64_t k, bool last, int nth,
			bool *compressed)
{
	static uint8_t raw[1 << 17];
	uint8_t *file, *hit;
	size_t len = 0, n = raw_chunk(raw, sizeof(raw), src, k, compressed);
	FILE *f;

	file = slurp(src, &len);
	hit = memmem(file, len, raw, n);
	for (int i = 0; i < (nth < 0 ? 0 : nth) && hit; i++)
		hit = memmem(hit + 1, len - (size_t)(hit + 1 - file), raw, n);
	assert_non_null(hit);
	/* exactly one place in the file holds these bytes */
	if (nth < 0)
		assert_null(memmem(hit + 1, len - (size_t)(hit + 1 - file), raw, n));
	hit[last ? n - 1 : n / 2] ^= 0x04;
	assert_non_null(f = fopen(dst, "wb"));
	assert_int_equal(fwrite(file, 1, len, f), len);
	fclose(f);
	free(file);
}

static void corrupt_chunk(const char *src, const char *dst, uint64_t k, bool last, bool *compressed)
{
	corrupt_nth(src, dst, k, last, -1, compressed);
}

static void expect_chunk_failure(const char *path, uint64_t k, size_t chunk_size, const char *why)
{
	struct ll_media_hashes h, slow;
	struct ll_ewf_chunk_stats st;
	char want[128];
	struct ll_source *s = open_e01(path);
	int rc;

	assert_non_null(s);
	rc = ll_ewf_hash_chunks(&h, NULL, &st, s, NULL, NULL, NULL);
	printf("# %s: %s\n", strrchr(path, '/') + 1, ll_error_message());
	assert_int_equal(rc, LL_EVERIFY);
	snprintf(want, sizeof(want), "E01 chunk %" PRIu64 " (media offset %" PRIu64 ",", k,
		 k * chunk_size);
	assert_non_null(strstr(ll_error_message(), want));
	assert_non_null(strstr(ll_error_message(), why));
	/* ll_source_hash is the same path: the same verdict */
	assert_int_equal(ll_source_hash(&h, NULL, s, NULL, NULL, NULL), LL_EVERIFY);
	/* what libewf_handle_read_random makes of it, for the record */
	rc = ll_source_hash_reads(&slow, NULL, s, NULL, NULL, NULL);
	printf("#   read_random path: %s\n", rc < 0 ? ll_error_message() : slow.md5);
	ll_source_free(s);
}

static void test_corrupt_chunks(void **state)
{
	char src[512], dst[512];
	bool compressed = false;

	LL_UNUSED(state);
	if (!have_images)
		LL_SKIP("make_ewf_images.sh: ewfacquire or ewfexport missing");
	/* fast_b128: 64 KiB chunks, text from 256 KiB on: chunk 6 is compressed */
	snprintf(src, sizeof(src), "%s/fast_b128.E01", tmpdir);
	snprintf(dst, sizeof(dst), "%s/bad_deflate.E01", tmpdir);
	corrupt_chunk(src, dst, 6, false, &compressed);
	assert_true(compressed);
	expect_chunk_failure(dst, 6, 65536, "fails its check");
	/* the zlib Adler-32 trailer of chunk 9 */
	snprintf(dst, sizeof(dst), "%s/bad_adler.E01", tmpdir);
	corrupt_chunk(src, dst, 9, true, &compressed);
	assert_true(compressed);
	expect_chunk_failure(dst, 9, 65536, "Adler-32 of its zlib stream");
	/*
	 * Chunks 20-23 are zeros, stored as four identical streams: the
	 * second one damaged is caught although the first inflated to zeros
	 * (a stream is reused only when it is byte for byte the same). The
	 * trailer is flipped: a flip inside the deflate data of a run of zeros
	 * may well be another valid encoding of the same zeros (a match at
	 * distance 2 instead of 1), i.e. the same media.
	 */
	snprintf(dst, sizeof(dst), "%s/bad_zero.E01", tmpdir);
	corrupt_nth(src, dst, 21, true, 1, &compressed);
	assert_true(compressed);
	expect_chunk_failure(dst, 21, 65536, "Adler-32 of its zlib stream");
	/* none_b64: 32 KiB chunks stored; chunk 2 is random data */
	snprintf(src, sizeof(src), "%s/none_b64.E01", tmpdir);
	snprintf(dst, sizeof(dst), "%s/bad_stored.E01", tmpdir);
	corrupt_chunk(src, dst, 2, false, &compressed);
	assert_false(compressed);
	expect_chunk_failure(dst, 2, 32768, "its Adler-32 is");
}

static void test_declines_other_sources(void **state)
{
	struct ll_media_hashes h;
	struct ll_ewf_chunk_stats st;
	struct ll_source *s = NULL;
	char path[512];
	char *files[1] = { path };

	LL_UNUSED(state);
	snprintf(path, sizeof(path), "%s/tests/data/README.md", LL_SRC_DIR);
	assert_int_equal(ll_source_open_concat(&s, files, 1), 0);
	assert_int_equal(ll_ewf_hash_chunks(&h, NULL, &st, s, NULL, NULL, NULL), 1);
	assert_string_equal(st.why, "not an E01 source");
	ll_source_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unpack),
		cmocka_unit_test(test_ewfacquire_images),
		cmocka_unit_test(test_shared_images),
		cmocka_unit_test(test_corrupt_chunks),
		cmocka_unit_test(test_declines_other_sources),
	};

	return ll_unit_exit(cmocka_run_group_tests(tests, setup, teardown));
}

/* SPDX-License-Identifier: Apache-2.0 */
/* The log readers' text repair and hand-built JSON against a byte-at-a-time reference. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>

#include <cmocka.h>
#include <jansson.h>

#include "analyze/readers/textlog.h"
#include "analyze/registry/regf_name.h"
#include "analyze/source.h"
#include "core/buf.h"
#include "core/time.h"

/* The plain definition the word-at-a-time code must match. */
static void reference(struct ll_buf *b, const unsigned char *p, size_t len, bool json)
{
	for (size_t i = 0; i < len;) {
		unsigned c = p[i];
		size_t k = 0;

		if (c >= 0x80) {
			if (c >= 0xc2 && c <= 0xdf)
				k = len - i >= 2 && (p[i + 1] & 0xc0) == 0x80 ? 2 : 0;
			else if (c >= 0xe0 && c <= 0xef)
				k = len - i >= 3 && (p[i + 1] & 0xc0) == 0x80 &&
				    (p[i + 2] & 0xc0) == 0x80 &&
				    !(c == 0xe0 && p[i + 1] < 0xa0) && !(c == 0xed && p[i + 1] >= 0xa0) ? 3 : 0;
			else if (c >= 0xf0 && c <= 0xf4)
				k = len - i >= 4 && (p[i + 1] & 0xc0) == 0x80 &&
				    (p[i + 2] & 0xc0) == 0x80 && (p[i + 3] & 0xc0) == 0x80 &&
				    !(c == 0xf0 && p[i + 1] < 0x90) && !(c == 0xf4 && p[i + 1] >= 0x90) ? 4 : 0;
			if (k)
				ll_buf_put(b, p + i, k);
			else
				ll_buf_puts(b, "\xef\xbf\xbd");
			i += k ? k : 1;
			continue;
		}
		i++;
		if (c == 0)
			ll_buf_puts(b, "\xef\xbf\xbd");
		else if (json && (c == '"' || c == '\\'))
			ll_buf_printf(b, "\\%c", c);
		else if (json && c == '\n')
			ll_buf_puts(b, "\\n");
		else if (json && c == '\t')
			ll_buf_puts(b, "\\t");
		else if (json && c == '\r')
			ll_buf_puts(b, "\\r");
		else if (json && c < 0x20)
			ll_buf_printf(b, "\\u%04x", c);
		else
			ll_buf_putc(b, (char)c);
	}
}

static uint64_t next(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return *s >> 33;
}

/* Random strings, mostly plain ASCII with a few special bytes, as logs are. */
static void test_put_text_matches_reference(void **state)
{
	static const unsigned char special[] = { 0, 1, '\t', '\n', '\r', 0x1f, '"', '\\',
						 0x7f, 0x80, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xed,
						 0xa0, 0xf0, 0x9f, 0x98, 0x80, 0xf4, 0x90, 0xff, ' ', '~' };
	unsigned char in[200];
	uint64_t seed = 42;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t len = next(&seed) % sizeof(in);

		for (size_t i = 0; i < len; i++) {
			uint64_t r = next(&seed);

			in[i] = r % 8 == 0 ? special[(r >> 8) % sizeof(special)]
					   : (unsigned char)(0x20 + (r >> 8) % 95);
		}
		for (int json = 0; json < 2; json++) {
			struct ll_buf got = LL_BUF_INIT, want = LL_BUF_INIT;

			ll_buf_init(&got);
			ll_buf_init(&want);
			ll_buf_puts(&got, "x");
			ll_buf_puts(&want, "x");
			assert_int_equal(ll_tl_put_text(&got, (const char *)in, len, json), 0);
			reference(&want, in, len, json);
			assert_int_equal(got.len, want.len);
			assert_memory_equal(got.ptr, want.ptr, want.len + 1);
			ll_buf_release(&got);
			ll_buf_release(&want);
		}
	}
}

/* The hand-built object is valid JSON with the values given, whatever they hold. */
static void test_object_parses(void **state)
{
	struct ll_buf b = LL_BUF_INIT;
	struct ll_tl_obj o;
	json_t *j;

	(void)state;
	ll_buf_init(&b);
	ll_tl_obj_begin(&o, &b);
	ll_tl_obj_str(&o, "program", "sshd", 4);
	ll_tl_obj_str(&o, "q\"uote", "a\"b\\c\n\x01\xff", 8);
	ll_tl_obj_int(&o, "neg", INT64_MIN);
	ll_tl_obj_int(&o, "pos", 1234567890123);
	ll_tl_obj_bool(&o, "ok", true);
	ll_tl_obj_cstr(&o, "none", NULL);
	ll_tl_obj_str(&o, "empty", NULL, 0);
	assert_int_equal(ll_tl_obj_end(&o), 0);
	j = json_loads(b.ptr, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "program")), "sshd");
	assert_string_equal(json_string_value(json_object_get(j, "q\"uote")),
			    "a\"b\\c\n\x01\xef\xbf\xbd");
	assert_true(json_integer_value(json_object_get(j, "neg")) == INT64_MIN);
	assert_true(json_integer_value(json_object_get(j, "pos")) == 1234567890123);
	assert_true(json_is_true(json_object_get(j, "ok")));
	assert_null(json_object_get(j, "none"));
	assert_string_equal(json_string_value(json_object_get(j, "empty")), "");
	assert_int_equal(json_object_size(j), 6);
	json_decref(j);
	ll_buf_release(&b);
}

#define BERLIN "W. Europe Standard Time (UTC+01:00, daylight UTC+02:00 from the last Sunday of " \
	"March 02:00 to the last Sunday of October 03:00), from the image's SYSTEM hive " \
	"ControlSet002\\Control\\TimeZoneInformation (last written 2024-01-01T00:00:00Z), " \
	"image E1, file system at offset 0"

/* UTC seconds of a local noon under `z` (2024, month `mon`, day 15). */
static int64_t noon(struct ll_tl_zone *z, unsigned mon)
{
	int64_t ns = 0;

	assert_int_equal(ll_tl_zone_to_ns(&ns, z, 2024, mon, 15, 12, 0, 0, 0), 0);
	return ns / LL_NS_PER_SEC;
}

/*
 * The zone of every reader of a host's wall clock: the host's own without
 * --tz (its rule, daylight saving too), --tz over it, UTC when the words
 * do not read back (said), and the time rule's words for each.
 */
static void test_zone_init_host(void **state)
{
	struct ll_timeline_opts opts = { 0 };
	struct ll_source_stats stats = { 0 };
	struct ll_source_ctx ctx = { .rel_path = "f.log", .opts = &opts, .stats = &stats };
	struct ll_regf_tz rule;
	struct ll_tl_zone z;
	char words[LL_TL_ZONE_WORDS];

	(void)state;
	stats.warnings = json_array();
	opts.host_zone = BERLIN;
	ll_tl_zone_init_host(&z, &rule, words, sizeof(words), &ctx);
	assert_string_equal(words, "zone " BERLIN " (the host's own; --tz not given)");
	assert_false(ll_tl_zone_defaulted(&z));
	assert_true(noon(&z, 1) == ll_time_from_utc(2024, 1, 15, 11, 0, 0));
	assert_true(noon(&z, 7) == ll_time_from_utc(2024, 7, 15, 10, 0, 0));

	opts.tz = "America/New_York"; /* the driver hands none with --tz; if it did, --tz wins */
	ll_tl_zone_init_host(&z, &rule, words, sizeof(words), &ctx);
	assert_string_equal(words, "zone America/New_York (--tz)");
	assert_null(z.win);
	assert_true(noon(&z, 7) == ll_time_from_utc(2024, 7, 15, 16, 0, 0));

	opts.tz = NULL;
	opts.host_zone = "Nowhere (UTC+99:00)";
	ll_tl_zone_init_host(&z, &rule, words, sizeof(words), &ctx);
	assert_string_equal(words, "zone UTC (default; --tz not given)");
	assert_true(ll_tl_zone_defaulted(&z));
	assert_true(noon(&z, 7) == ll_time_from_utc(2024, 7, 15, 12, 0, 0));
	assert_int_equal(json_array_size(stats.warnings), 1);
	assert_non_null(strstr(json_string_value(json_array_get(stats.warnings, 0)),
			       "'f.log': the host's zone is not used ("));

	opts.host_zone = NULL;
	ll_tl_zone_init_host(&z, &rule, words, sizeof(words), &ctx);
	assert_string_equal(words, "zone UTC (default; --tz not given)");
	assert_true(ll_tl_zone_defaulted(&z));
	assert_int_equal(json_array_size(stats.warnings), 1);
	json_decref(stats.warnings);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_text_matches_reference),
		cmocka_unit_test(test_object_parses),
		cmocka_unit_test(test_zone_init_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* The Sigma frames: YAML trees round trip, every refusal, any cut of the stream, allocation failures. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "analyze/sigma/sigma_int.h"
#include "analyze/worker/frame.h"
#include "core/alloc.h"
#include "core/error.h"
#include "frame_expect.h"

static const char rule_yaml[] =
	"title: Shadow copies deleted\n"
	"id: 'c947b146-0abc-4c87-9c64-b17e9d7274a2'\n"
	"tags: [attack.t1490, \"attack.impact\"]\n"
	"logsource:\n"
	"  product: windows\n"
	"  category: process_creation\n"
	"detection:\n"
	"  sel:\n"
	"    Image|endswith: '\\vssadmin.exe'\n"
	"    CommandLine|contains|all: [delete, shadows]\n"
	"  condition: sel\n"
	"falsepositives: ~\n"
	"references:\n"
	"description: \"caf\\u00e9 \\u4e2d\"\n";

/* ---- the stream, as the worker writes it ---- */

static void put_begin(struct ll_buf *b, uint32_t index, const char *name)
{
	struct ll_frame f = { .type = LL_FRAME_SIGMA_BEGIN };

	f.u.sigma.index = index;
	f.u.sigma.name = name;
	enc(b, &f);
}

static void put_open(struct ll_buf *b, uint8_t kind, uint32_t line)
{
	struct ll_frame f = { .type = LL_FRAME_SIGMA_OPEN };

	f.u.sigma.kind = kind;
	f.u.sigma.line = line;
	enc(b, &f);
}

static void put_scalar(struct ll_buf *b, uint8_t kind, bool quoted,
	uint32_t line, const char *text)
{
	struct ll_frame f = { .type = LL_FRAME_SIGMA_SCALAR };

	f.u.sigma.kind = kind;
	f.u.sigma.quoted = quoted;
	f.u.sigma.line = line;
	f.u.sigma.text = text;
	enc(b, &f);
}

static void put_close(struct ll_buf *b, uint32_t count)
{
	struct ll_frame f = { .type = LL_FRAME_SIGMA_CLOSE };

	f.u.sigma.count = count;
	enc(b, &f);
}

static void put_end(struct ll_buf *b, int32_t rc, const char *message)
{
	struct ll_frame f = { .type = LL_FRAME_SIGMA_END };

	f.u.sigma.rc = rc;
	f.u.sigma.message = message;
	enc(b, &f);
}

/* A tree depth first, as worker_sigma.c sends it. */
static void put_tree(struct ll_buf *b, const struct sy_node *n)
{
	if (n->kind < SY_SEQ) {
		put_scalar(b, (uint8_t)n->kind, n->quoted, (uint32_t)n->line,
			n->s);
		return;
	}
	put_open(b, (uint8_t)n->kind, (uint32_t)n->line);
	for (size_t i = 0; i < n->n; i++)
		put_tree(b, n->kids[i]);
	put_close(b, (uint32_t)n->n);
}

static void same_tree(const struct sy_node *a, const struct sy_node *b)
{
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->line, b->line);
	assert_int_equal(a->quoted, b->quoted);
	assert_int_equal(a->n, b->n);
	if (a->kind < SY_SEQ)
		assert_string_equal(a->s, b->s);
	else
		assert_null(b->s);
	for (size_t i = 0; i < a->n; i++)
		same_tree(a->kids[i], b->kids[i]);
}

/* HELLO, the rule twice (files 0 and 2), a failed parse between them (file 1). */
static struct sy_node *good_stream(struct ll_buf *b)
{
	struct sy_node *root = NULL;

	assert_int_equal(ll_sy_parse(&root, rule_yaml, strlen(rule_yaml)), 0);
	ll_buf_reset(b);
	put_hello(b, "rules");
	put_begin(b, 0, "windows/vss.yml");
	put_tree(b, root);
	put_end(b, 0, "");
	put_begin(b, 1, "bad.yml");
	put_end(b, LL_ECORRUPT,
		"YAML line 3 column 10: did not find expected ',' or '}'");
	put_begin(b, 2,
		"n\xe4me.yml"); /* a name is raw bytes, as the directory has them */
	put_tree(b, root);
	put_end(b, 0, "");
	return root;
}

/*
 * Decodes `len` bytes fed `step` at a time, re-encoding every frame to
 * `out`; every END's tree is compared with `want` (rc 0) or counted as a
 * failure. Returns the decoder's result.
 */
static int decode(struct ll_buf *out, const uint8_t *p, size_t len, size_t step,
	const struct sy_node *want, size_t *trees, size_t *failed)
{
	struct ll_frame_decoder d;
	struct ll_frame f;
	int rc = 0;

	*trees = *failed = 0;
	ll_frame_decoder_init(&d);
	for (size_t at = 0; at < len && rc >= 0; at += step) {
		if ((rc = ll_frame_decoder_feed(&d, p + at,
			     len - at < step ? len - at : step)) < 0)
			break;
		while ((rc = ll_frame_decoder_next(&f, &d)) == 1) {
			if ((rc = ll_frame_encode(out, &f)) < 0)
				break;
			if (f.type == LL_FRAME_SIGMA_END && f.u.sigma.rc == 0) {
				same_tree(want, f.u.sigma.root);
				++*trees;
			} else if (f.type == LL_FRAME_SIGMA_END) {
				assert_null(f.u.sigma.root);
				++*failed;
			}
		}
	}
	if (rc >= 0)
		rc = ll_frame_decoder_finish(&d);
	ll_frame_decoder_release(&d);
	return rc;
}

static void round_trip_any_cut(void **state)
{
	struct ll_buf in = LL_BUF_INIT, out = LL_BUF_INIT;
	struct sy_node *root = good_stream(&in);
	size_t trees, failed;

	(void)state;
	for (size_t step = 1; step <= in.len;
		step = step < 16 ? step + 1 : step * 3) {
		ll_buf_reset(&out);
		assert_int_equal(decode(&out, (const uint8_t *)in.ptr, in.len,
					 step, root, &trees, &failed),
			0);
		assert_int_equal(trees, 2);
		assert_int_equal(failed, 1);
		/* what passed encodes to the same bytes */
		assert_int_equal(out.len, in.len);
		assert_memory_equal(out.ptr, in.ptr, in.len);
	}
	ll_sy_free(root);
	ll_buf_release(&in);
	ll_buf_release(&out);
}

/* The rule built from a rebuilt tree is the rule built in-process. */
static void rule_from_rebuilt_tree(void **state)
{
	struct ll_buf in = LL_BUF_INIT;
	struct sy_node *root = good_stream(&in);
	struct ll_frame_decoder d;
	struct ll_frame f;
	static const char bad_yaml[] =
		"title: x\nlogsource: {product: windows\ndetection: [\n";
	struct ll_sigma_rule *a = NULL, *b = NULL;
	char why[128], want_why[128], want[512];
	int rc;

	(void)state;
	ll_frame_decoder_init(&d);
	assert_int_equal(
		ll_frame_decoder_feed(&d, (const uint8_t *)in.ptr, in.len), 0);
	while ((rc = ll_frame_decoder_next(&f, &d)) == 1 &&
		f.type != LL_FRAME_SIGMA_END)
		;
	assert_int_equal(rc, 1);
	assert_int_equal(ll_sigma_rule_from_tree(&a, why, sizeof(why),
				 f.u.sigma.root, 0, "", "vss.yml"),
		0);
	assert_int_equal(ll_sigma_rule_parse(&b, why, sizeof(why), rule_yaml,
				 strlen(rule_yaml), "vss.yml"),
		0);
	assert_string_equal(
		ll_sigma_rule_meta(a)->id, ll_sigma_rule_meta(b)->id);
	assert_string_equal(ll_sigma_rule_meta(a)->techniques,
		ll_sigma_rule_meta(b)->techniques);
	/* a failed parse: the same reason and message as in-process */
	ll_sigma_rule_free(b);
	b = NULL;
	assert_int_equal(ll_sigma_rule_parse(&b, want_why, sizeof(want_why),
				 bad_yaml, strlen(bad_yaml), "bad.yml"),
		LL_ECORRUPT);
	snprintf(want, sizeof(want), "%s", ll_error_message());
	while ((rc = ll_frame_decoder_next(&f, &d)) == 1 &&
		f.type != LL_FRAME_SIGMA_END)
		;
	assert_int_equal(rc, 1);
	assert_int_equal(
		ll_sigma_rule_from_tree(&b, why, sizeof(why), f.u.sigma.root,
			f.u.sigma.rc, f.u.sigma.message, "bad.yml"),
		LL_ECORRUPT);
	assert_null(b);
	assert_string_equal(why, want_why);
	assert_string_equal(ll_error_message(), want);
	assert_string_equal(want, "rule 'bad.yml': YAML line 3 column 10: did "
				  "not find expected ',' or '}'");
	ll_sigma_rule_free(a);
	ll_frame_decoder_release(&d);
	ll_sy_free(root);
	ll_buf_release(&in);
}

/* ---- refusals ---- */

/* HELLO, BEGIN of file 0: frame 3 is the one under test. */
static size_t prologue(struct ll_buf *s)
{
	ll_buf_reset(s);
	put_hello(s, "rules");
	put_begin(s, 0, "r.yml");
	return s->len;
}

static void refuses_bad_fields(void **state)
{
	struct ll_buf s = LL_BUF_INIT;
	char *big;
	size_t at;

	(void)state;
	/* kinds, lines, flags */
	at = prologue(&s);
	put_open(&s, LL_SIGMA_NODE_SCALAR, 1);
	expect_refused(&s, 3, at, "field 'kind': 1 is not a map or a sequence");
	at = prologue(&s);
	put_scalar(&s, LL_SIGMA_NODE_MAP, false, 1, "x");
	expect_refused(&s, 3, at, "field 'kind': 3 is not a scalar");
	at = prologue(&s);
	put_scalar(&s, LL_SIGMA_NODE_SCALAR, false, 0, "x");
	expect_refused(&s, 3, at, "field 'line': 0 (lines start at 1)");
	at = prologue(&s);
	put_scalar(&s, LL_SIGMA_NODE_SCALAR, true, 1, "x");
	s.ptr[at + LL_FRAME_HEADER + 1] = 2; /* quoted */
	expect_refused(&s, 3, at, "field 'quoted': 2 is not 0 or 1");
	at = prologue(&s);
	put_scalar(&s, LL_SIGMA_NODE_NULL, false, 1, "nil");
	expect_refused(&s, 3, at, "field 'text': a null that is quoted");
	at = prologue(&s);
	put_scalar(&s, LL_SIGMA_NODE_NULL, true, 1, "~");
	expect_refused(&s, 3, at, "field 'text': a null that is quoted");
	/* bad UTF-8, a NUL, a truncated string */
	at = prologue(&s);
	put_scalar(&s, LL_SIGMA_NODE_SCALAR, false, 1, "ok \xc3\x28");
	expect_refused(&s, 3, at, "field 'text': invalid UTF-8 at byte 3");
	at = prologue(&s);
	put_scalar(&s, LL_SIGMA_NODE_SCALAR, false, 1,
		"a\xed\xa0\x80"); /* a surrogate */
	expect_refused(&s, 3, at, "field 'text': invalid UTF-8 at byte 1");
	at = prologue(&s);
	put_scalar(&s, LL_SIGMA_NODE_SCALAR, false, 1, "abc");
	s.ptr[s.len - 2] = '\0';
	expect_refused(&s, 3, at, "field 'text': NUL byte");
	at = prologue(&s);
	put_scalar(&s, LL_SIGMA_NODE_SCALAR, false, 1, "abc");
	s.ptr[at + 4] = 10; /* the frame ends before the string's 3 bytes */
	expect_refused(
		&s, 3, at, "field 'text': 3 bytes, past the end of the frame");
	/* oversize: one scalar, then a file's scalars together */
	big = ll_malloc(LL_FRAME_SIGMA_SCALAR_MAX + 2);
	assert_non_null(big);
	memset(big, 'a', LL_FRAME_SIGMA_SCALAR_MAX + 1);
	big[LL_FRAME_SIGMA_SCALAR_MAX + 1] = '\0';
	at = prologue(&s);
	put_scalar(&s, LL_SIGMA_NODE_SCALAR, false, 1, big);
	expect_refused(&s, 3, at,
		"field 'text': too long (1048577 bytes, at most 1048576)");
	big[LL_FRAME_SIGMA_SCALAR_MAX] = '\0';
	prologue(&s);
	put_open(&s, LL_SIGMA_NODE_SEQ, 1);
	for (int i = 0; i < 16; i++)
		put_scalar(&s, LL_SIGMA_NODE_SCALAR, false, 2, big);
	at = s.len;
	put_scalar(&s, LL_SIGMA_NODE_SCALAR, false, 2, "a");
	expect_refused(&s, 20, at, "bytes of scalars in one rule file");
	ll_free(big);
	/* a name: not empty */
	ll_buf_reset(&s);
	put_hello(&s, "rules");
	at = s.len;
	put_begin(&s, 0, "");
	expect_refused(&s, 2, at, "field 'name': empty");
	/* END: rc and message */
	at = prologue(&s);
	put_end(&s, 5, "x");
	expect_refused(&s, 3, at, "field 'rc': 5 is not 0 or an error code");
	at = prologue(&s);
	put_end(&s, LL_ECORRUPT, "");
	expect_refused(&s, 3, at,
		"field 'message': must be given exactly when rc is not 0");
	at = prologue(&s);
	put_end(&s, 0, "");
	expect_refused(&s, 3, at, "field 'rc': 0, but no node was sent");
	prologue(&s);
	put_scalar(&s, LL_SIGMA_NODE_SCALAR, false, 1, "x");
	at = s.len;
	put_end(&s, LL_ECORRUPT, "bad");
	expect_refused(&s, 4, at, "a failed parse, but nodes were sent");
	/* a type of the range this version does not define */
	at = prologue(&s);
	put_close(&s, 0);
	s.ptr[at] = 0x05;
	expect_refused(&s, 3, at, "type 0x0305 is reserved");
	ll_buf_release(&s);
}

static void refuses_bad_structure(void **state)
{
	struct ll_buf s = LL_BUF_INIT;
	struct ll_frame w = { .type = LL_FRAME_WARN };
	size_t at;

	(void)state;
	/* depth: 64 open maps and sequences are allowed, the 65th is not */
	prologue(&s);
	for (int i = 0; i < LL_FRAME_SIGMA_DEPTH_MAX; i++)
		put_open(&s, i % 2 ? LL_SIGMA_NODE_MAP : LL_SIGMA_NODE_SEQ,
			1 + i);
	at = s.len;
	put_open(&s, LL_SIGMA_NODE_SEQ, 99);
	expect_refused(
		&s, 3 + LL_FRAME_SIGMA_DEPTH_MAX, at, "nesting deeper than 64");
	/* unbalanced: a CLOSE with nothing open, an END or the stream's end with a node open */
	at = prologue(&s);
	put_close(&s, 0);
	expect_refused(&s, 3, at, "no map or sequence is open");
	prologue(&s);
	put_open(&s, LL_SIGMA_NODE_SEQ, 1);
	at = s.len;
	put_end(&s, 0, "");
	expect_refused(&s, 4, at, "1 maps or sequences still open");
	prologue(&s);
	put_scalar(&s, LL_SIGMA_NODE_SCALAR, false, 1, "x");
	at = s.len;
	expect_refused(
		&s, 4, at, "the stream ends inside rule file 0 (no SIGMA_END)");
	/* counts: a CLOSE's count is the children sent; a map's are pairs */
	prologue(&s);
	put_open(&s, LL_SIGMA_NODE_SEQ, 1);
	put_scalar(&s, LL_SIGMA_NODE_SCALAR, false, 1, "x");
	at = s.len;
	put_close(&s, 2);
	expect_refused(
		&s, 5, at, "field 'count': 2, but the sequence has 1 children");
	prologue(&s);
	put_open(&s, LL_SIGMA_NODE_MAP, 1);
	put_scalar(&s, LL_SIGMA_NODE_SCALAR, false, 1, "key");
	at = s.len;
	put_close(&s, 1);
	expect_refused(&s, 5, at, "a map with a key but no value");
	/* one root */
	prologue(&s);
	put_scalar(&s, LL_SIGMA_NODE_SCALAR, false, 1, "x");
	at = s.len;
	put_open(&s, LL_SIGMA_NODE_MAP, 2);
	expect_refused(&s, 4, at, "a second root node");
	/* order: nodes outside a file, other frames inside, files in order */
	ll_buf_reset(&s);
	put_hello(&s, "rules");
	at = s.len;
	put_scalar(&s, LL_SIGMA_NODE_SCALAR, false, 1, "x");
	expect_refused(&s, 2, at, "SIGMA_SCALAR outside a rule file");
	at = prologue(&s);
	w.u.warn.text = "hello";
	enc(&s, &w);
	expect_refused(&s, 3, at, "not a Sigma frame inside rule file 0");
	at = prologue(&s);
	put_begin(&s, 1, "s.yml");
	expect_refused(&s, 3, at, "SIGMA_BEGIN while rule file 0 is open");
	prologue(&s);
	put_scalar(&s, LL_SIGMA_NODE_SCALAR, false, 1, "x");
	put_end(&s, 0, "");
	at = s.len;
	put_begin(&s, 0, "again.yml");
	expect_refused(&s, 5, at,
		"field 'index': 0 does not follow the previous rule file");
	ll_buf_reset(&s);
	at = s.len;
	put_begin(&s, 0, "r.yml");
	expect_refused(&s, 1, at, "SIGMA_BEGIN before HELLO");
	ll_buf_release(&s);
}

/* More than LL_FRAME_SIGMA_NODES_MAX nodes in one file. */
static void refuses_too_many_nodes(void **state)
{
	struct ll_buf s = LL_BUF_INIT;
	size_t at;

	(void)state;
	prologue(&s);
	put_open(&s, LL_SIGMA_NODE_SEQ, 1);
	for (uint64_t i = 1; i < LL_FRAME_SIGMA_NODES_MAX; i++)
		put_scalar(&s, LL_SIGMA_NODE_NULL, false, 2, "");
	at = s.len;
	put_scalar(&s, LL_SIGMA_NODE_NULL, false, 2, "");
	expect_refused(&s, 3 + LL_FRAME_SIGMA_NODES_MAX, at,
		"more than 1048576 nodes");
	ll_buf_release(&s);
}

/* Every allocation of decoding fails in turn: LL_ENOMEM, never a refusal, until it all passes. */
static void survives_allocation_failures(void **state)
{
	struct ll_buf in = LL_BUF_INIT, out = LL_BUF_INIT;
	struct sy_node *root = good_stream(&in);
	size_t trees = 0, failed = 0;
	unsigned long k, fails = 0;
	int rc = LL_ENOMEM;

	(void)state;
	for (k = 1; k < 2000 && rc == LL_ENOMEM; k++) {
		ll_buf_reset(&out);
		ll_alloc_fail_at(k);
		rc = decode(&out, (const uint8_t *)in.ptr, in.len, in.len, root,
			&trees, &failed);
		ll_alloc_fail_at(0);
		if (rc == LL_ENOMEM)
			fails++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(trees, 2);
	assert_true(fails >= 10);
	/* a decoder that ran out of memory is not dead: the same frame decodes after */
	{
		struct ll_frame_decoder d;
		struct ll_frame f;
		int n = 0;

		ll_frame_decoder_init(&d);
		assert_int_equal(ll_frame_decoder_feed(
					 &d, (const uint8_t *)in.ptr, in.len),
			0);
		while ((rc = ll_frame_decoder_next(&f, &d)) == 1 && ++n < 5)
			;
		ll_alloc_fail_at(1);
		rc = ll_frame_decoder_next(&f, &d);
		ll_alloc_fail_at(0);
		assert_int_equal(rc, LL_ENOMEM);
		while ((rc = ll_frame_decoder_next(&f, &d)) == 1)
			if (f.type == LL_FRAME_SIGMA_END && !f.u.sigma.rc)
				same_tree(root, f.u.sigma.root);
		assert_int_equal(rc, 0);
		assert_int_equal(ll_frame_decoder_finish(&d), 0);
		ll_frame_decoder_release(&d);
	}
	ll_sy_free(root);
	ll_buf_release(&in);
	ll_buf_release(&out);
}

static void encoder_checks_sizes(void **state)
{
	struct ll_buf b = LL_BUF_INIT;
	struct ll_frame f = { .type = LL_FRAME_SIGMA_END };
	char *msg = ll_malloc(LL_FRAME_MAX_PAYLOAD + 2);

	(void)state;
	assert_non_null(msg);
	memset(msg, 'x', LL_FRAME_MAX_PAYLOAD + 1);
	msg[LL_FRAME_MAX_PAYLOAD + 1] = '\0';
	f.u.sigma.rc = LL_ECORRUPT;
	f.u.sigma.message = msg;
	assert_int_equal(ll_frame_encode(&b, &f), LL_EINVAL);
	assert_int_equal(b.len, 0);
	f.type = LL_FRAME_SIGMA_SCALAR;
	f.u.sigma.text = msg;
	assert_int_equal(ll_frame_encode(&b, &f), LL_EINVAL);
	assert_int_equal(b.len, 0);
	ll_free(msg);
	ll_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip_any_cut),
		cmocka_unit_test(rule_from_rebuilt_tree),
		cmocka_unit_test(refuses_bad_fields),
		cmocka_unit_test(refuses_bad_structure),
		cmocka_unit_test(refuses_too_many_nodes),
		cmocka_unit_test(survives_allocation_failures),
		cmocka_unit_test(encoder_checks_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

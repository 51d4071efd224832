/* SPDX-License-Identifier: Apache-2.0 */
/* The Sigma frames' codec: the rules' worker encodes YAML trees, the parent checks and rebuilds them. */
#include "core/compat.h"
#include "analyze/worker/frame_sigma.h"

#include "analyze/sigma/sigma_int.h"
#include "analyze/worker/frame.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/name.h"
#include "core/reader.h"

#define STR_ABSENT UINT32_MAX

_Static_assert(LL_FRAME_SIGMA_DEPTH_MAX == LL_SY_MAX_DEPTH,
	"the worker sends what ll_sy_parse allows");
_Static_assert((int)LL_SIGMA_NODE_NULL == (int)SY_NULL &&
		       (int)LL_SIGMA_NODE_SCALAR == (int)SY_SCALAR &&
		       (int)LL_SIGMA_NODE_SEQ == (int)SY_SEQ &&
		       (int)LL_SIGMA_NODE_MAP == (int)SY_MAP,
	"wire kinds are enum sy_kind's");

/* What the decoder knows of the rule file being streamed. */
struct ll_frame_sigma_state {
	bool open; /* between BEGIN and END */
	bool have; /* a file was begun: indexes increase */
	uint32_t index;
	struct sy_node *root; /* the open file's tree so far */
	struct sy_node *done; /* the last END's tree, lent to the caller */
	struct sy_node
		*stack[LL_FRAME_SIGMA_DEPTH_MAX]; /* open maps and sequences */
	size_t depth;
	uint64_t nodes, bytes; /* of the open file */
};

bool ll_frame_sigma_type(unsigned t)
{
	return t >= LL_FRAME_SIGMA_BEGIN && t <= LL_FRAME_SIGMA_END;
}

const char *ll_frame_sigma_type_name(unsigned t)
{
	static const char *const names[] = { "SIGMA_BEGIN", "SIGMA_OPEN",
		"SIGMA_SCALAR", "SIGMA_CLOSE", "SIGMA_END" };

	return ll_frame_sigma_type(t) ? names[t - LL_FRAME_SIGMA_BEGIN] : "?";
}

/* ---- encoder ---- */

/* `v` as `n` little-endian bytes. */
static int le(struct ll_buf *out, uint64_t v, unsigned n)
{
	uint8_t b[8];

	for (unsigned i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	return ll_buf_put(out, b, n);
}

/* A string; only its size is checked here (the decoder checks the rest). */
static int text(struct ll_buf *out, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	int rc;

	if (n > LL_FRAME_MAX_PAYLOAD)
		return ll_error_set(LL_EINVAL,
			"worker frame: a string of %zu bytes is too long", n);
	return (rc = le(out, n, 4)) < 0 ? rc : ll_buf_put(out, s ? s : "", n);
}

int ll_frame_sigma_encode(struct ll_buf *out, const struct ll_frame *f)
{
	const struct ll_frame_sigma *g = &f->u.sigma;
	int rc;

	switch (f->type) {
	case LL_FRAME_SIGMA_BEGIN:
		return (rc = le(out, g->index, 4)) < 0 ? rc
						       : text(out, g->name);
	case LL_FRAME_SIGMA_OPEN:
		return (rc = le(out, g->kind, 1)) < 0 ? rc
						      : le(out, g->line, 4);
	case LL_FRAME_SIGMA_SCALAR:
		if ((rc = le(out, g->kind, 1)) < 0 ||
			(rc = le(out, g->quoted, 1)) < 0 ||
			(rc = le(out, g->line, 4)) < 0)
			return rc;
		return text(out, g->text);
	case LL_FRAME_SIGMA_CLOSE:
		return le(out, g->count, 4);
	case LL_FRAME_SIGMA_END:
		return (rc = le(out, (uint32_t)g->rc, 4)) < 0
			       ? rc
			       : text(out, g->message);
	default:
		return ll_error_set(LL_EINVAL, "worker frame: unknown type %d",
			(int)f->type);
	}
}

/* ---- decoder ---- */

static int refuse(const char *field, const char *what)
{
	return ll_error_set(LL_ECORRUPT, "field '%s': %s", field, what);
}

static int u8(uint8_t *out, struct ll_reader *r, const char *field)
{
	return ll_reader_u8(out, r) < 0 ? refuse(field, "truncated") : 0;
}

static int u32(uint32_t *out, struct ll_reader *r, const char *field)
{
	return ll_reader_u32le(out, r) < 0 ? refuse(field, "truncated") : 0;
}

/*
 * A string of at most `max` bytes, no NUL, UTF-8 unless `raw`, copied with
 * its NUL into the arena (grown by the caller: the pointer stays put).
 */
static int str(const char **out, struct ll_reader *r, struct ll_buf *arena,
	const char *field, size_t max, bool raw)
{
	const uint8_t *p;
	uint32_t n;
	char *s;
	size_t at;
	int rc;

	if ((rc = u32(&n, r, field)) < 0)
		return rc;
	if (n == STR_ABSENT)
		return refuse(field, "required but absent");
	if (n > max)
		return ll_error_set(LL_ECORRUPT,
			"field '%s': too long (%" PRIu32 " bytes, at most %zu)",
			field, n, max);
	if (ll_reader_bytes(&p, r, n) < 0)
		return ll_error_set(LL_ECORRUPT,
			"field '%s': %" PRIu32
			" bytes, past the end of the frame",
			field, n);
	if (memchr(p, 0, n))
		return refuse(field, "NUL byte");
	s = arena->ptr + arena->len;
	if ((rc = ll_buf_put(arena, p, n)) < 0 ||
		(rc = ll_buf_putc(arena, '\0')) < 0)
		return rc;
	if (!raw && (at = ll_utf8_valid_prefix(s)) != n)
		return ll_error_set(LL_ECORRUPT,
			"field '%s': invalid UTF-8 at byte %zu", field, at);
	*out = s;
	return 0;
}

static int line(uint32_t *out, struct ll_reader *r)
{
	int rc;

	if ((rc = u32(out, r, "line")) < 0)
		return rc;
	return *out ? 0 : refuse("line", "0 (lines start at 1)");
}

static int dec_begin(struct ll_frame_sigma *g, struct ll_frame_sigma_state *st,
	struct ll_frame_decoder *d, struct ll_reader *r)
{
	int rc;

	if (d->in_file)
		return ll_error_set(LL_ECORRUPT,
			"SIGMA_BEGIN inside file %" PRIu32 " (no END)",
			d->file_index);
	if ((rc = u32(&g->index, r, "index")) < 0 ||
		(rc = str(&g->name, r, &d->arena, "name",
			 LL_FRAME_SIGMA_NAME_MAX, true)) < 0)
		return rc;
	if (st->have && g->index <= st->index)
		return ll_error_set(LL_ECORRUPT,
			"field 'index': %" PRIu32
			" does not follow the previous rule file",
			g->index);
	if (!g->name[0])
		return refuse("name", "empty");
	st->open = st->have = true;
	st->index = g->index;
	st->depth = 0;
	st->nodes = st->bytes = 0;
	return 0;
}

/* Room for one more node: the file's count, and a place in the tree. */
static int room(const struct ll_frame_sigma_state *st)
{
	if (st->nodes >= LL_FRAME_SIGMA_NODES_MAX)
		return ll_error_set(LL_ECORRUPT,
			"more than %" PRIu64 " nodes in one rule file",
			LL_FRAME_SIGMA_NODES_MAX);
	if (!st->depth && st->root)
		return ll_error_set(LL_ECORRUPT, "a second root node");
	return 0;
}

/* Hangs `n` in the tree (LL_ENOMEM: `n` is still the caller's, nothing changed). */
static int attach(struct ll_frame_sigma_state *st, struct sy_node *n)
{
	int rc;

	if (!st->depth)
		st->root = n;
	else if ((rc = ll_sy_add_kid(st->stack[st->depth - 1], n)) < 0)
		return rc;
	st->nodes++;
	return 0;
}

static int dec_open(struct ll_frame_sigma *g, struct ll_frame_sigma_state *st,
	struct ll_reader *r)
{
	struct sy_node *n;
	int rc;

	if ((rc = u8(&g->kind, r, "kind")) < 0 || (rc = line(&g->line, r)) < 0)
		return rc;
	if (g->kind != LL_SIGMA_NODE_SEQ && g->kind != LL_SIGMA_NODE_MAP)
		return ll_error_set(LL_ECORRUPT,
			"field 'kind': %u is not a map or a sequence", g->kind);
	if (st->depth >= LL_FRAME_SIGMA_DEPTH_MAX)
		return ll_error_set(LL_ECORRUPT, "nesting deeper than %d",
			LL_FRAME_SIGMA_DEPTH_MAX);
	if ((rc = room(st)) < 0)
		return rc;
	if (!(n = ll_sy_node_new((enum sy_kind)g->kind, g->line)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = attach(st, n)) < 0) {
		ll_sy_free(n);
		return rc;
	}
	st->stack[st->depth++] = n;
	return 0;
}

/* The texts a plain null scalar can have (sigma_yaml.c's plain_null). */
static bool null_text(const char *s)
{
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") ||
	       !strcmp(s, "Null") || !strcmp(s, "NULL");
}

static int dec_scalar(struct ll_frame_sigma *g, struct ll_frame_sigma_state *st,
	struct ll_frame_decoder *d, struct ll_reader *r)
{
	struct sy_node *n;
	uint8_t quoted;
	size_t len;
	int rc;

	if ((rc = u8(&g->kind, r, "kind")) < 0 ||
		(rc = u8(&quoted, r, "quoted")) < 0 ||
		(rc = line(&g->line, r)) < 0 ||
		(rc = str(&g->text, r, &d->arena, "text",
			 LL_FRAME_SIGMA_SCALAR_MAX, false)) < 0)
		return rc;
	if (g->kind != LL_SIGMA_NODE_NULL && g->kind != LL_SIGMA_NODE_SCALAR)
		return ll_error_set(LL_ECORRUPT,
			"field 'kind': %u is not a scalar", g->kind);
	if (quoted > 1)
		return ll_error_set(LL_ECORRUPT,
			"field 'quoted': %u is not 0 or 1", quoted);
	g->quoted = quoted;
	if (g->kind == LL_SIGMA_NODE_NULL && (g->quoted || !null_text(g->text)))
		return refuse(
			"text", "a null that is quoted or not a null's text");
	len = strlen(g->text);
	if (st->bytes + len > LL_FRAME_SIGMA_FILE_MAX)
		return ll_error_set(LL_ECORRUPT,
			"field 'text': more than %" PRIu64
			" bytes of scalars in one rule file",
			LL_FRAME_SIGMA_FILE_MAX);
	if ((rc = room(st)) < 0)
		return rc;
	if (!(n = ll_sy_node_new((enum sy_kind)g->kind, g->line)) ||
		!(n->s = ll_strndup(g->text, len))) {
		ll_sy_free(n);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	n->quoted = g->quoted;
	if ((rc = attach(st, n)) < 0) {
		ll_sy_free(n);
		return rc;
	}
	st->bytes += len;
	return 0;
}

static int dec_close(struct ll_frame_sigma *g, struct ll_frame_sigma_state *st,
	struct ll_reader *r)
{
	const struct sy_node *top;
	int rc;

	if ((rc = u32(&g->count, r, "count")) < 0)
		return rc;
	if (!st->depth)
		return ll_error_set(LL_ECORRUPT, "no map or sequence is open");
	top = st->stack[st->depth - 1];
	if (g->count != top->n)
		return ll_error_set(LL_ECORRUPT,
			"field 'count': %" PRIu32
			", but the %s has %zu children",
			g->count, top->kind == SY_MAP ? "map" : "sequence",
			top->n);
	if (top->kind == SY_MAP && top->n % 2)
		return refuse("count", "a map with a key but no value");
	st->depth--;
	return 0;
}

static int dec_end(struct ll_frame_sigma *g, struct ll_frame_sigma_state *st,
	struct ll_frame_decoder *d, struct ll_reader *r)
{
	uint32_t rc32;
	int rc;

	if ((rc = u32(&rc32, r, "rc")) < 0 ||
		(rc = str(&g->message, r, &d->arena, "message",
			 LL_FRAME_TEXT_MAX, false)) < 0)
		return rc;
	g->rc = (int32_t)rc32;
	if (g->rc > 0 || g->rc < LL_EINTERRUPTED)
		return ll_error_set(LL_ECORRUPT,
			"field 'rc': %" PRId32 " is not 0 or an error code",
			g->rc);
	if ((g->rc != 0) != (g->message[0] != '\0'))
		return refuse(
			"message", "must be given exactly when rc is not 0");
	if (g->rc && st->root)
		return refuse("rc", "a failed parse, but nodes were sent");
	if (!g->rc && !st->root)
		return refuse("rc", "0, but no node was sent");
	if (st->depth)
		return ll_error_set(LL_ECORRUPT,
			"field 'rc': %zu maps or sequences still open",
			st->depth);
	st->open = false;
	st->done = st->root;
	st->root = NULL;
	g->root = st->done;
	return 0;
}

bool ll_frame_sigma_open(const struct ll_frame_decoder *d)
{
	return d->sigma && d->sigma->open;
}

int ll_frame_sigma_decode(struct ll_frame *f, struct ll_frame_decoder *d,
	unsigned t, struct ll_reader *r)
{
	struct ll_frame_sigma_state *st = d->sigma;
	struct ll_frame_sigma *g = &f->u.sigma;

	if (!st) {
		if (!(st = ll_calloc(1, sizeof(*st))))
			return ll_error_set(LL_ENOMEM, "out of memory");
		d->sigma = st;
	}
	/* the last END's tree was lent until this call */
	ll_sy_free(st->done);
	st->done = NULL;
	if (!ll_frame_sigma_type(t))
		return ll_error_set(LL_ECORRUPT,
			"not a Sigma frame inside rule file %" PRIu32
			" (no SIGMA_END)",
			st->index);
	if (t == LL_FRAME_SIGMA_BEGIN) {
		if (st->open)
			return ll_error_set(LL_ECORRUPT,
				"SIGMA_BEGIN while rule file %" PRIu32
				" is open (no SIGMA_END)",
				st->index);
		return dec_begin(g, st, d, r);
	}
	if (!st->open)
		return ll_error_set(LL_ECORRUPT,
			"%s outside a rule file (no SIGMA_BEGIN before it)",
			ll_frame_sigma_type_name(t));
	switch (t) {
	case LL_FRAME_SIGMA_OPEN:
		return dec_open(g, st, r);
	case LL_FRAME_SIGMA_SCALAR:
		return dec_scalar(g, st, d, r);
	case LL_FRAME_SIGMA_CLOSE:
		return dec_close(g, st, r);
	default:
		return dec_end(g, st, d, r);
	}
}

int ll_frame_sigma_finish(const struct ll_frame_decoder *d)
{
	if (ll_frame_sigma_open(d))
		return ll_error_set(LL_ECORRUPT,
			"the stream ends inside rule file %" PRIu32
			" (no SIGMA_END)",
			d->sigma->index);
	return 0;
}

void ll_frame_sigma_release(struct ll_frame_decoder *d)
{
	if (!d->sigma)
		return;
	ll_sy_free(d->sigma->root);
	ll_sy_free(d->sigma->done);
	ll_free(d->sigma);
	d->sigma = NULL;
}

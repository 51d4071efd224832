/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shell history grammar: a bash history file written with HISTTIMEFORMAT
 * set has a "#EPOCH" line before each command (a command may span lines);
 * zsh's EXTENDED_HISTORY writes ": EPOCH:DURATION;command", continued with
 * a trailing backslash. Lines before the first time stamp have no time and
 * are only counted: a timeline event needs a time the shell wrote.
 */
#include "core/compat.h"

#include "analyze/readers/history_parse.h"

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Up to 12 digits at s[*i], advancing *i; -1 if none. */
static int64_t number(const char *s, size_t n, size_t *i)
{
	int64_t v = 0;
	size_t start = *i;

	while (*i < n && digit(s[*i]) && *i - start < 12)
		v = v * 10 + (s[(*i)++] - '0');
	return *i > start ? v : -1;
}

int ll_hist_bash_stamp(int64_t *sec, const char *s, size_t n)
{
	size_t i = 1;
	int64_t v;

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (n < 10 || n > 11 || s[0] != '#')
		return 0;
	if ((v = number(s, n, &i)) < 0 || i != n)
		return 0;
	*sec = v;
	return 1;
}

int ll_hist_zsh_line(int64_t *sec, int64_t *duration, size_t *cmd_at, const char *s, size_t n)
{
	size_t i = 2, t0;
	int64_t v, d;

	if (n < 5 || s[0] != ':' || s[1] != ' ')
		return 0;
	t0 = i;
	if ((v = number(s, n, &i)) < 0 || i - t0 < 9 || i - t0 > 10 || i >= n || s[i++] != ':')
		return 0;
	if ((d = number(s, n, &i)) < 0 || i >= n || s[i++] != ';')
		return 0;
	*sec = v;
	*duration = d;
	*cmd_at = i;
	return 1;
}

void ll_hist_init(struct ll_hist *h, int (*emit)(void *, const struct ll_hist_cmd *), void *arg)
{
	memset(h, 0, sizeof(*h));
	h->emit = emit;
	h->arg = arg;
	ll_buf_init(&h->text);
	ll_buf_init(&h->stamp);
}

void ll_hist_release(struct ll_hist *h)
{
	ll_buf_release(&h->text);
	ll_buf_release(&h->stamp);
}

/* Hands the pending command over, if any. */
static int flush(struct ll_hist *h)
{
	int rc = 0;

	if (!h->have)
		return 0;
	h->have = false;
	if (!h->cur.lines) {
		h->empty++;
		return 0;
	}
	h->cur.text = h->text.ptr;
	h->cur.len = h->text.len;
	h->cur.stamp = h->stamp.ptr;
	h->cur.stamp_len = h->stamp.len;
	rc = h->emit(h->arg, &h->cur);
	return rc < 0 ? rc : 0;
}

/* Starts a command at a time stamp line. */
static int start(struct ll_hist *h, enum ll_hist_kind kind, int64_t sec, int64_t duration,
		 const char *stamp, size_t stamp_len, uint64_t lineno, uint64_t offset)
{
	int rc;

	if ((rc = flush(h)) < 0)
		return rc;
	if (h->kind == LL_HIST_NONE)
		h->kind = kind;
	h->have = true;
	h->cur = (struct ll_hist_cmd){ .kind = kind, .sec = sec, .duration = duration,
				       .lineno = lineno, .offset = offset };
	ll_buf_reset(&h->text);
	ll_buf_reset(&h->stamp);
	return ll_buf_put(&h->stamp, stamp, stamp_len);
}

/* Adds one line of the pending command (capped). */
static int add_line(struct ll_hist *h, const char *s, size_t n)
{
	int rc;

	if (h->cur.lines >= LL_HIST_MAX_LINES || h->text.len >= LL_HIST_MAX_TEXT) {
		h->cur.cut = true;
		return 0;
	}
	if (n > LL_HIST_MAX_TEXT - h->text.len) {
		n = LL_HIST_MAX_TEXT - h->text.len;
		h->cur.cut = true;
	}
	if (h->cur.lines && (rc = ll_buf_putc(&h->text, '\n')) < 0)
		return rc;
	h->cur.lines++;
	return ll_buf_put(&h->text, s, n);
}

int ll_hist_feed(struct ll_hist *h, const char *s, size_t n, uint64_t lineno, uint64_t offset)
{
	int64_t sec, dur;
	size_t at;
	int rc;

	if (n && s[n - 1] == '\r')
		n--;
	if (h->kind != LL_HIST_ZSH && ll_hist_bash_stamp(&sec, s, n))
		return start(h, LL_HIST_BASH, sec, -1, s + 1, n - 1, lineno, offset);
	if (h->kind != LL_HIST_BASH && ll_hist_zsh_line(&sec, &dur, &at, s, n)) {
		if ((rc = start(h, LL_HIST_ZSH, sec, dur, s + 2, at - 3, lineno, offset)) < 0)
			return rc;
		return add_line(h, s + at, n - at);
	}
	if (!h->have) {
		if (n)
			h->untimed++;
		return 0;
	}
	return add_line(h, s, n);
}

int ll_hist_finish(struct ll_hist *h)
{
	return flush(h);
}

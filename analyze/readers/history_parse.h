/* SPDX-License-Identifier: Apache-2.0 */
/* Shell history files with times: bash (HISTTIMEFORMAT "#EPOCH" lines) and zsh EXTENDED_HISTORY. */
#ifndef LL_ANALYZE_HISTORY_PARSE_H
#define LL_ANALYZE_HISTORY_PARSE_H

#include "core/compat.h"
#include "core/buf.h"

#define LL_HIST_MAX_LINES 64          /* lines joined into one command */
#define LL_HIST_MAX_TEXT ((size_t)64 << 10) /* bytes kept of one command */

enum ll_hist_kind { LL_HIST_NONE, LL_HIST_BASH, LL_HIST_ZSH };

/* One command with its time, handed to the sink (text borrowed for the call). */
struct ll_hist_cmd {
	enum ll_hist_kind kind;
	int64_t sec;            /* seconds since the epoch, as the shell wrote them */
	int64_t duration;       /* zsh: elapsed seconds; -1 for bash */
	const char *stamp;      /* the time as found ("#1700000000", ": 1700000000:0") */
	size_t stamp_len;
	const char *text;       /* the command; lines joined with "\n" */
	size_t len;
	unsigned lines;
	bool cut;               /* longer than LL_HIST_MAX_LINES / LL_HIST_MAX_TEXT */
	uint64_t lineno, offset; /* of the time stamp line */
};

/*
 * The line-by-line state: feed every line (without its newline) in order,
 * then finish. Completed commands go to `emit`; a negative return of it
 * stops the feed and is returned.
 */
struct ll_hist {
	int (*emit)(void *arg, const struct ll_hist_cmd *c);
	void *arg;
	enum ll_hist_kind kind;  /* set by the first time stamp seen */
	struct ll_hist_cmd cur;
	bool have;               /* `cur` holds a stamped command */
	struct ll_buf text, stamp;
	uint64_t untimed;        /* command lines before any time stamp */
	uint64_t empty;          /* time stamps with no command after them */
};

void ll_hist_init(struct ll_hist *h, int (*emit)(void *, const struct ll_hist_cmd *), void *arg);
int ll_hist_feed(struct ll_hist *h, const char *s, size_t n, uint64_t lineno, uint64_t offset);
int ll_hist_finish(struct ll_hist *h);
void ll_hist_release(struct ll_hist *h);

/* "#1700000000" (9 or 10 digits, nothing else but trailing blanks) → 1 and *sec. */
int ll_hist_bash_stamp(int64_t *sec, const char *s, size_t n);

/* ": 1700000000:0;command" → 1, *sec, *duration and the command's start. */
int ll_hist_zsh_line(int64_t *sec, int64_t *duration, size_t *cmd_at, const char *s, size_t n);

#endif

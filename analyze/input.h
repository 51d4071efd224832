/* SPDX-License-Identifier: Apache-2.0 */
/* Reading evidence files as bytes or lines, gzip undone transparently. */
#ifndef LL_ANALYZE_INPUT_H
#define LL_ANALYZE_INPUT_H

#include "core/compat.h"

#define LL_INPUT_MAX_LINE (1u << 20) /* longer lines are cut and flagged */

struct ll_input;

/*
 * The inflation budget of one evidence item: the bytes its gzip files may
 * inflate to, all files of the item together (a small file must not fill
 * the disk). A reader that reads a file twice (a first pass for the year)
 * is counted once: each file counts the most any one of its streams
 * inflated. While a budget is set (process-wide: the timeline driver sets
 * one per item), a read of a gzip stream that would pass `max` fails with
 * LL_EUNSUPPORTED and sets `hit`; what was read before stays valid. Content
 * sniffing (ll_input_head) is not counted.
 */
struct ll_input_budget {
	uint64_t max;   /* 0 = no limit */
	uint64_t used;  /* inflated bytes of the item's earlier files */
	uint64_t file;  /* the most one stream of the current file inflated */
	bool hit;
};
/* Moves to the item's next file: the current one's bytes join `used`. */
void ll_input_budget_next_file(struct ll_input_budget *b);
/* True when reads of `in` stopped at the budget. */
bool ll_input_budget_stopped(const struct ll_input *in);
/* Sets the budget later reads count against; NULL for none. Borrowed. */
void ll_input_budget_set(struct ll_input_budget *b);

/*
 * A reader worker opens nothing by name once locked down: before, it binds
 * the file it was handed, and every later ll_input_open, ll_input_head,
 * ll_input_size or ll_input_mtime of `path` uses a copy of `fd` instead
 * (LL_INPUT_BIND_OPENS - 1 opens in all; the copies share one file offset, so
 * a reader must not read two inputs of the file at once). Process-wide,
 * once; `fd` is kept.
 */
#define LL_INPUT_BIND_OPENS 6 /* the descriptor kept, then 5 opens */
int ll_input_bind(const char *path, int fd);

/*
 * The probe worker's binding (analyze/worker/worker_probe.c), locked down
 * already: `path` becomes the bound input, read through `fd` itself by
 * one ll_input_head (no copy is made: none could be). The previous
 * binding's unused descriptors are closed. May be called again.
 */
int ll_input_bind_once(const char *path, int fd);

/*
 * The descriptor bound to `path` (ll_input_bind), for pread and fstat
 * only (the caller neither closes it nor moves its offset); -1 when
 * `path` is not bound.
 */
int ll_input_bound_fd(const char *path);

/* The size or modification time (seconds) of `path` (LL_ENOTFOUND). */
int ll_input_size(uint64_t *size, const char *path);
int ll_input_mtime(int64_t *sec, const char *path);

/* Opens `path`; gzip files are decompressed on the fly (zlib). */
int ll_input_open(struct ll_input **out, const char *path);
void ll_input_close(struct ll_input *in);

/* True if the file was gzip-compressed. */
bool ll_input_is_gzip(const struct ll_input *in);

/* Reads up to `len` bytes; returns bytes read (0 at the end) or < 0. */
int64_t ll_input_read(struct ll_input *in, void *buf, size_t len);

/*
 * The next line without its "\n" (and "\r"). `line` is borrowed until the
 * next call; `lineno` counts from 1; `offset` is the byte offset of the
 * line's start in the (decompressed) stream. `truncated` is set when the
 * line was longer than LL_INPUT_MAX_LINE, `no_newline` for a last line
 * without its newline. Returns 1 for a line, 0 at the end, < 0 on error.
 */
struct ll_line {
	const char *text;
	size_t len;
	uint64_t lineno;
	uint64_t offset;
	bool truncated;
	bool no_newline;
};
int ll_input_line(struct ll_line *line, struct ll_input *in);

/*
 * The first `max` bytes of a file, decompressed if gzip, for content
 * sniffing. `*len` receives the count; free *out with ll_free.
 */
int ll_input_head(uint8_t **out, size_t *len, uint64_t *file_size,
		  const char *path, size_t max);

/*
 * Copies a file, gzip undone, into an anonymous memory file, for libraries
 * that only open paths (they open "/proc/self/fd/N"). Refuses (LL_EUNSUPPORTED)
 * more than `max` bytes. `*fd` is the caller's to close; `*len` its size.
 */
int ll_input_memfd(int *fd, uint64_t *len, const char *path, uint64_t max);

/*
 * ll_input_memfd for a format whose header is `header` bytes: a shorter
 * copy is refused (closed, *fd -1) with LL_ECORRUPT "'REL' (gzip): N bytes,
 * shorter than an FORMAT file header".
 */
int ll_input_memfd_header(int *fd, uint64_t *len, const char *path, uint64_t max,
			  const char *rel, uint64_t header, const char *format);

#endif

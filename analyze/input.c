/* SPDX-License-Identifier: Apache-2.0 */
/* zlib adapter: plain or gzip files as one byte stream, split into lines. */
#include "core/compat.h"
#include "analyze/input.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "core/alloc.h"
#include "core/error.h"

struct ll_input {
	gzFile gz;
	char *path;
	bool gzip;
	uint8_t *buf;     /* read-ahead for line splitting */
	size_t cap, start, end;
	bool eof;
	uint64_t consumed; /* stream offset of buf[start] */
	uint64_t lineno;
	char *line;       /* the current line, NUL-terminated */
	size_t line_cap;
	bool unbudgeted;  /* content sniffing: not counted against the budget */
	bool stopped;     /* reads stopped at the budget */
	uint64_t inflated; /* bytes this stream inflated */
};

static struct ll_input_budget *budget;

void ll_input_budget_set(struct ll_input_budget *b)
{
	budget = b;
}

void ll_input_budget_next_file(struct ll_input_budget *b)
{
	b->used += b->file;
	b->file = 0;
	b->hit = false;
}

bool ll_input_budget_stopped(const struct ll_input *in)
{
	return in->stopped;
}

#define READ_CHUNK (256u * 1024u)

/*
 * The file a locked-down worker reads (ll_input_bind): its name, its
 * descriptor (fds[0], kept for fstat) and copies of it, one taken by each
 * open (gzclose closes it).
 */
static struct {
	char *path;
	int fds[LL_INPUT_BIND_OPENS];
	size_t n, next;
} bound;

int ll_input_bind(const char *path, int fd)
{
	if (bound.path)
		return ll_error_set(LL_EINTERNAL, "an input is bound already");
	if (!(bound.path = ll_strdup(path)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	bound.fds[0] = fd;
	bound.next = 1;
	for (bound.n = 1; bound.n < LL_INPUT_BIND_OPENS; bound.n++)
		if ((bound.fds[bound.n] = fcntl(fd, F_DUPFD_CLOEXEC, 0)) < 0)
			return ll_error_set(LL_EIO, "cannot copy the descriptor of '%s': %s",
					    path, strerror(errno));
	return 0;
}

int ll_input_bind_once(const char *path, int fd)
{
	char *copy = ll_strdup(path);

	if (!copy)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = bound.next; i < bound.n; i++)
		close(bound.fds[i]);
	ll_free(bound.path);
	bound.path = copy;
	/* fds[0] for fstat; the one open takes fds[1], the same descriptor, and closes it */
	bound.fds[0] = bound.fds[1] = fd;
	bound.n = 2;
	bound.next = 1;
	return 0;
}

static bool is_bound(const char *path)
{
	return bound.path && !strcmp(bound.path, path);
}

int ll_input_bound_fd(const char *path)
{
	return is_bound(path) ? bound.fds[0] : -1;
}

/* A bound file's next descriptor, at its start; a file not bound is opened. */
static int open_fd(const char *path)
{
	int fd;

	if (!is_bound(path))
		return open(path, O_RDONLY | O_CLOEXEC);
	if (bound.next == bound.n) {
		errno = EMFILE;
		return -1;
	}
	fd = bound.fds[bound.next++];
	if (lseek(fd, 0, SEEK_SET) != 0)
		return -1;
	return fd;
}

int ll_input_size(uint64_t *size, const char *path)
{
	struct stat sb;

	if ((is_bound(path) ? fstat(bound.fds[0], &sb) : stat(path, &sb)) != 0)
		return ll_error_set(LL_ENOTFOUND, "cannot find '%s'", path);
	*size = (uint64_t)sb.st_size;
	return 0;
}

int ll_input_mtime(int64_t *sec, const char *path)
{
	struct stat sb;

	if ((is_bound(path) ? fstat(bound.fds[0], &sb) : stat(path, &sb)) != 0)
		return ll_error_set(LL_ENOTFOUND, "cannot find '%s'", path);
	*sec = (int64_t)sb.st_mtime;
	return 0;
}

int ll_input_open(struct ll_input **out, const char *path)
{
	struct ll_input *in;
	uint8_t magic[2] = { 0, 0 };
	int fd;

	if ((fd = open_fd(path)) < 0)
		return ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO,
				    "cannot open '%s': %s", path, strerror(errno));
	if (read(fd, magic, 2) < 0 || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return ll_error_set(LL_EIO, "cannot read '%s'", path);
	}
	if (!(in = ll_calloc(1, sizeof(*in))) || !(in->path = ll_strdup(path))) {
		ll_free(in);
		close(fd);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	in->gzip = magic[0] == 0x1f && magic[1] == 0x8b;
	if (!(in->gz = gzdopen(fd, "rb"))) {
		close(fd);
		ll_input_close(in);
		return ll_error_set(LL_EIO, "cannot open '%s'", path);
	}
	gzbuffer(in->gz, 128 * 1024);
	*out = in;
	return 0;
}

void ll_input_close(struct ll_input *in)
{
	if (!in)
		return;
	if (in->gz)
		gzclose(in->gz);
	ll_free(in->path);
	ll_free(in->buf);
	ll_free(in->line);
	ll_free(in);
}

bool ll_input_is_gzip(const struct ll_input *in)
{
	return in->gzip;
}

static int64_t raw_read(struct ll_input *in, void *buf, size_t len)
{
	int n, err;
	const char *msg;

	if (len > INT32_MAX)
		len = INT32_MAX;
	if (in->gzip && !in->unbudgeted && budget && budget->max) {
		uint64_t spent = budget->used + in->inflated;

		if (spent >= budget->max) {
			/* exactly at the budget is fine if the stream ends there */
			if (gzread(in->gz, buf, 1) == 0 && gzeof(in->gz))
				return 0;
			budget->hit = true;
			in->stopped = true;
			return ll_error_set(LL_EUNSUPPORTED,
					    "gzip data inflates past the --max-inflated budget of %" PRIu64 " bytes for this item; the rest was not read",
					    budget->max);
		}
		if (len > budget->max - spent)
			len = (size_t)(budget->max - spent);
	}
	n = gzread(in->gz, buf, (unsigned)len);
	if (n > 0 && in->gzip && !in->unbudgeted) {
		in->inflated += (uint64_t)n;
		if (budget && in->inflated > budget->file)
			budget->file = in->inflated;
	}
	if (n < 0) {
		msg = gzerror(in->gz, &err);
		return ll_error_set(err == Z_DATA_ERROR ? LL_ECORRUPT : LL_EIO,
				    "'%s': %s", in->path, msg ? msg : "read error");
	}
	if (n == 0) {
		msg = gzerror(in->gz, &err);
		/* a truncated gzip stream: report it, keep what was read */
		if (err == Z_BUF_ERROR && in->gzip)
			return ll_error_set(LL_ECORRUPT,
					    "'%s': gzip stream truncated", in->path);
	}
	return n;
}

int64_t ll_input_read(struct ll_input *in, void *buf, size_t len)
{
	size_t have = in->end - in->start;

	if (have) {
		if (have > len)
			have = len;
		memcpy(buf, in->buf + in->start, have);
		in->start += have;
		in->consumed += have;
		return (int64_t)have;
	}
	return raw_read(in, buf, len);
}

static int fill(struct ll_input *in)
{
	int64_t n;

	if (in->start > 0 && in->start == in->end)
		in->start = in->end = 0;
	if (in->start > 0 && in->end == in->cap) {
		memmove(in->buf, in->buf + in->start, in->end - in->start);
		in->end -= in->start;
		in->start = 0;
	}
	if (in->end == in->cap) {
		size_t ncap = in->cap ? in->cap * 2 : READ_CHUNK;
		void *p = ll_reallocarray(in->buf, ncap, 1);

		if (!p)
			return ll_error_set(LL_ENOMEM, "out of memory");
		in->buf = p;
		in->cap = ncap;
	}
	n = raw_read(in, in->buf + in->end, in->cap - in->end);
	if (n < 0)
		return (int)n;
	if (n == 0)
		in->eof = true;
	in->end += (size_t)n;
	return 0;
}

static int set_line(struct ll_input *in, const uint8_t *p, size_t len)
{
	if (len + 1 > in->line_cap) {
		size_t ncap = len + 1 < 256 ? 256 : len + 1;
		void *q = ll_reallocarray(in->line, ncap, 1);

		if (!q)
			return ll_error_set(LL_ENOMEM, "out of memory");
		in->line = q;
		in->line_cap = ncap;
	}
	memcpy(in->line, p, len);
	in->line[len] = '\0';
	return 0;
}

int ll_input_line(struct ll_line *line, struct ll_input *in)
{
	size_t scanned = 0;
	int rc;

	memset(line, 0, sizeof(*line));
	for (;;) {
		uint8_t *s = in->buf ? in->buf + in->start : NULL;
		size_t have = in->end - in->start;
		uint8_t *nl = have > scanned ? memchr(s + scanned, '\n', have - scanned) : NULL;

		if (nl || (in->eof && have) || have >= LL_INPUT_MAX_LINE) {
			size_t len = nl ? (size_t)(nl - s) : have;
			size_t take = nl ? len + 1 : len;

			if (!nl && have >= LL_INPUT_MAX_LINE && !in->eof) {
				/* cut an over-long line; skip the rest of it */
				len = take = LL_INPUT_MAX_LINE;
				line->truncated = true;
			}
			line->offset = in->consumed;
			line->lineno = ++in->lineno;
			line->no_newline = !nl && !line->truncated;
			{
				size_t l = len;

				if (l && s[l - 1] == '\r')
					l--;
				if ((rc = set_line(in, s, l)) < 0)
					return rc;
				line->len = l;
			}
			in->start += take;
			in->consumed += take;
			if (line->truncated) {
				/* discard up to the next newline */
				for (;;) {
					uint8_t *q;

					if (in->start == in->end) {
						if (in->eof)
							break;
						if ((rc = fill(in)) < 0)
							return rc;
						continue;
					}
					q = memchr(in->buf + in->start, '\n', in->end - in->start);
					if (q) {
						size_t k = (size_t)(q - (in->buf + in->start)) + 1;

						in->start += k;
						in->consumed += k;
						break;
					}
					in->consumed += in->end - in->start;
					in->start = in->end;
				}
			}
			line->text = in->line;
			return 1;
		}
		if (in->eof)
			return 0;
		scanned = have;
		if ((rc = fill(in)) < 0)
			return rc;
	}
}

int ll_input_head(uint8_t **out, size_t *len, uint64_t *file_size,
		  const char *path, size_t max)
{
	struct ll_input *in = NULL;
	uint8_t *buf = NULL;
	size_t got = 0;
	uint64_t size;
	int rc;

	if ((rc = ll_input_size(&size, path)) < 0)
		return rc;
	if ((rc = ll_input_open(&in, path)) < 0)
		return rc;
	in->unbudgeted = true;
	if (!(buf = ll_malloc(max))) {
		ll_input_close(in);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	while (got < max) {
		int64_t n = ll_input_read(in, buf + got, max - got);

		if (n < 0) {
			/* a damaged tail still leaves a usable head */
			if (got)
				break;
			ll_free(buf);
			ll_input_close(in);
			return (int)n;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	ll_input_close(in);
	*out = buf;
	*len = got;
	*file_size = size;
	return 0;
}

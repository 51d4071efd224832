/* SPDX-License-Identifier: Apache-2.0 */
/* A testing aid: a file whose reads fail over given byte ranges, like a disk with bad sectors. */
#include "core/compat.h"
#include "collect/source.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/error.h"

#define MAX_FAULTS 64

struct faulty_priv {
	int fd;
	size_t n;
	uint64_t off[MAX_FAULTS], len[MAX_FAULTS];
};

static ssize_t faulty_read(struct ll_source *s, void *buf, size_t len, uint64_t off)
{
	struct faulty_priv *p = s->priv;
	ssize_t n;

	/* Any read touching a bad range fails as a whole, as a disk does. */
	for (size_t i = 0; i < p->n; i++)
		if (off < p->off[i] + p->len[i] && p->off[i] < off + len)
			return ll_error_set(LL_EIO,
					    "read error in '%s' at offset %" PRIu64 ": Input/output error (injected)",
					    s->name, off);
	do
		n = pread(p->fd, buf, len, (off_t)off);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return ll_error_set(LL_EIO, "read error in '%s': %s", s->name,
				    strerror(errno));
	return n;
}

static void faulty_close(struct ll_source *s)
{
	struct faulty_priv *p = s->priv;

	if (p)
		close(p->fd);
	ll_free(p);
	s->priv = NULL;
}

static const struct ll_source_ops faulty_ops = { faulty_read, faulty_close };

/* Parses "OFF+LEN[,OFF+LEN…]" (decimal bytes). */
static int parse_ranges(struct faulty_priv *p, const char *spec, const char *all)
{
	const char *s = spec;

	while (*s) {
		char *end;
		unsigned long long o, l;

		if (p->n == MAX_FAULTS)
			return ll_error_set(LL_EINVAL, "'%s': at most %d fault ranges", all,
					    MAX_FAULTS);
		errno = 0;
		o = strtoull(s, &end, 10);
		if (end == s || *end != '+' || errno)
			return ll_error_set(LL_EINVAL, "'%s': expected OFF+LEN", all);
		s = end + 1;
		l = strtoull(s, &end, 10);
		if (end == s || errno || l == 0 || (*end && *end != ','))
			return ll_error_set(LL_EINVAL, "'%s': expected OFF+LEN", all);
		p->off[p->n] = o;
		p->len[p->n] = l;
		p->n++;
		s = *end ? end + 1 : end;
	}
	return 0;
}

int ll_source_faulty_open(struct ll_source **out, const char *spec);

int ll_source_faulty_open(struct ll_source **out, const char *spec)
{
	const char *env = getenv("LIFELINE_TEST_FAULTS");
	struct ll_source *s = NULL;
	struct faulty_priv *p = NULL;
	const char *colon;
	char *path = NULL;
	struct stat sb;
	int rc;

	/* Never by accident: a faulty source only exists in a test environment. */
	if (!env || strcmp(env, "1") != 0)
		return ll_error_set(LL_EINVAL,
				    "'%s': fault injection is a testing aid; set LIFELINE_TEST_FAULTS=1",
				    spec);
	colon = strrchr(spec + 7, ':');
	if (!colon)
		return ll_error_set(LL_EINVAL, "'%s': expected faulty:FILE:OFF+LEN,...", spec);
	if (!(path = ll_strndup(spec + 7, (size_t)(colon - (spec + 7)))) ||
	    !(p = ll_calloc(1, sizeof(*p)))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = parse_ranges(p, colon + 1, spec)) < 0)
		goto fail;
	if ((p->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		rc = ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO,
				  "cannot open '%s': %s", path, strerror(errno));
		goto fail;
	}
	if (fstat(p->fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(p->fd);
		rc = ll_error_set(LL_EUNSUPPORTED, "'%s' is not a regular file", path);
		goto fail;
	}
	if ((rc = ll_source_new(&s, spec, &faulty_ops)) < 0) {
		close(p->fd);
		goto fail;
	}
	s->priv = p;
	s->seekable = true;
	s->size = (int64_t)sb.st_size;
	s->has_stat = true;
	s->st_dev = sb.st_dev;
	s->st_ino = sb.st_ino;
	ll_free(path);
	*out = s;
	return 0;
fail:
	ll_free(path);
	ll_free(p);
	return rc;
}

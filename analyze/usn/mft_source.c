/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A loose $MFT's records for the walk (mft_source.h). Every reason an
 * entry cannot be read names the file and the offset, for the record's
 * path_note: past the file's end, a record cut short by it, a torn sector,
 * an attribute out of its record (mft_record.c says which).
 */
#include "core/compat.h"
#include "analyze/usn/mft_source.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "analyze/usn/mft_record.h"
#include "analyze/usn/usn_event.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/error.h"
#include "core/evidence.h"

/* The root directory's entry on every NTFS volume. */
#define MFT_ROOT 5
/* A name or a reason longer than a node may say is cut (an NTFS name is at most 765 bytes). */
#define NAME_LEN(b) ((uint16_t)((b)->len < UINT16_MAX ? (b)->len : UINT16_MAX))

struct ll_mft_source {
	int fd;
	uint64_t size;
	uint32_t rsize;
	char *rel;
	struct ll_usn_walk *walk;
	uint8_t rec[LL_MFT_RECORD_MAX];
};

bool ll_mft_source_named(const char *rel)
{
	const char *base = strrchr(rel, '/');

	return !strcasecmp(base ? base + 1 : rel, "$MFT");
}

/* The length of `rel`'s folder, its '/' included (0: the top of the case's names). */
static size_t dir_len(const char *rel, size_t len)
{
	while (len > 0 && rel[len - 1] != '/')
		len--;
	return len;
}

size_t ll_mft_source_pair(size_t idx[LL_MFT_SOURCE_CANDIDATES], const struct ll_evidence *ev,
			  const char *rel)
{
	size_t level = dir_len(rel, strlen(rel)), n = 0;

	/* the journal's own folder first, then each one above it: the nearest holding a $MFT */
	for (;;) {
		for (size_t i = 0; i < ev->nfiles && n < LL_MFT_SOURCE_CANDIDATES; i++) {
			const char *p = ev->files[i].path;

			if (!strcmp(p, rel) || dir_len(p, strlen(p)) != level ||
			    strncmp(p, rel, level) || !ll_mft_source_named(p))
				continue;
			idx[n++] = i;
		}
		if (n || level == 0)
			return n;
		level = dir_len(rel, level - 1);
	}
}

int ll_mft_source_find(char *out[LL_MFT_SOURCE_CANDIDATES], const char *rel[LL_MFT_SOURCE_CANDIDATES],
		       size_t *n, const struct ll_source_ctx *ctx)
{
	size_t idx[LL_MFT_SOURCE_CANDIDATES];

	*n = 0;
	if (!ctx->cs || !ctx->ev)
		return 0;
	for (size_t k = 0, got = ll_mft_source_pair(idx, ctx->ev, ctx->rel_path); k < got; k++) {
		rel[k] = ctx->ev->files[idx[k]].path;
		if (!(out[k] = ll_case_path(ctx->cs, rel[k]))) {
			while (k-- > 0)
				ll_free(out[k]);
			return ll_error_set(LL_ENOMEM, "out of memory");
		}
		*n = k + 1;
	}
	return 0;
}

/* Reads `n` bytes at `off` whole: the count read, or -errno. */
static ssize_t read_at(int fd, void *buf, size_t n, uint64_t off)
{
	size_t done = 0;

	while (done < n) {
		ssize_t got = pread(fd, (char *)buf + done, n - done, (off_t)(off + done));

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -errno;
		if (got == 0)
			break;
		done += (size_t)got;
	}
	return (ssize_t)done;
}

static int load(void *payload, uint64_t entry, struct ll_usn_node *n, struct ll_buf *name)
{
	struct ll_mft_source *s = payload;
	struct ll_mft_record r;
	uint64_t off = entry * s->rsize; /* entry < 2^48, rsize <= 4096: no overflow */
	ssize_t got;
	int rc;

	n->state = LL_USN_NODE_MISSING;
	if (off >= s->size)
		rc = ll_buf_printf(name, "entry %" PRIu64 " would be at offset %" PRIu64
				   ", past the end of '%s' (%" PRIu64 " bytes)", entry, off, s->rel,
				   s->size);
	else if ((got = read_at(s->fd, s->rec, s->rsize, off)) < 0)
		rc = ll_buf_printf(name, "'%s': read at offset %" PRIu64 ": %s", s->rel, off,
				   strerror((int)-got));
	else if ((size_t)got < s->rsize)
		rc = ll_buf_printf(name, "'%s': the record at offset %" PRIu64 " is cut short by "
				   "the file's end (%zd of its %" PRIu32 " bytes)", s->rel, off, got,
				   s->rsize);
	else if (ll_mft_record_parse(&r, s->rec, s->rsize, off) < 0)
		rc = ll_buf_printf(name, "'%s': %s", s->rel, ll_error_message());
	else {
		n->seq = r.seq;
		n->state = !r.has_name ? LL_USN_NODE_NONAME
			   : !r.is_dir ? LL_USN_NODE_NOTDIR
			   : r.in_use  ? LL_USN_NODE_ALLOC
				       : LL_USN_NODE_DELETED;
		n->parent = r.parent;
		n->parent_seq = r.parent_seq;
		if (r.has_name && (rc = ll_usn_utf16_name(name, r.name, r.name_len)) < 0)
			return rc;
		n->name_len = NAME_LEN(name);
		return 0;
	}
	if (rc < 0)
		return rc;
	n->name_len = NAME_LEN(name);
	return 0;
}

int ll_mft_source_record(struct ll_mft_source *s, uint64_t entry, struct ll_mft_record *r)
{
	uint64_t off = entry * s->rsize; /* entry < 2^48, rsize <= 4096: no overflow */

	if (off >= s->size || read_at(s->fd, s->rec, s->rsize, off) != (ssize_t)s->rsize)
		return LL_ENOTFOUND;
	return ll_mft_record_parse(r, s->rec, s->rsize, off);
}

static int where(void *payload, uint64_t entry, struct ll_buf *note)
{
	struct ll_mft_source *s = payload;

	return ll_buf_printf(note, ", in '%s' at offset %" PRIu64, s->rel, entry * s->rsize);
}

int ll_mft_source_open(struct ll_mft_source **out, int fd, const char *rel)
{
	struct ll_mft_source *s;
	struct ll_usn_node_src src = { load, where, NULL, MFT_ROOT };
	off_t end;
	ssize_t got;
	int rc;

	*out = NULL;
	if (!(s = ll_calloc(1, sizeof(*s))) || !(s->rel = ll_strdup(rel))) {
		ll_free(s);
		close(fd);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	s->fd = fd;
	src.payload = s;
	if ((end = lseek(fd, 0, SEEK_END)) < 0) {
		rc = ll_error_set(LL_EIO, "'%s': %s", rel, strerror(errno));
		goto fail;
	}
	s->size = (uint64_t)end;
	if ((got = read_at(fd, s->rec, 0x20, 0)) < 0) {
		rc = ll_error_set(LL_EIO, "'%s': read at offset 0: %s", rel, strerror((int)-got));
		goto fail;
	}
	if ((rc = ll_mft_record_size(&s->rsize, s->rec, (size_t)got)) < 0) {
		char why[512];

		snprintf(why, sizeof(why), "%s", ll_error_message());
		rc = ll_error_set(rc, "'%s': %s", rel, why);
		goto fail;
	}
	if (!(s->walk = ll_usn_walk_new(&src))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto fail;
	}
	*out = s;
	return 0;
fail:
	ll_mft_source_free(s);
	return rc;
}

void ll_mft_source_free(struct ll_mft_source *s)
{
	if (!s)
		return;
	ll_usn_walk_free(s->walk);
	if (s->fd >= 0)
		close(s->fd);
	ll_free(s->rel);
	ll_free(s);
}

struct ll_usn_walk *ll_mft_source_walk(struct ll_mft_source *s)
{
	return s->walk;
}

const char *ll_mft_source_name(const struct ll_mft_source *s)
{
	return s->rel;
}

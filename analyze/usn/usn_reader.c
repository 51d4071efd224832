/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The loose change journal reader (issue #19 item 6): a $UsnJrnl:$J that
 * another tool extracted, recognised by content (usn_parse.h: the first
 * record after the leading zeros, checked whole, and the next one). Holes
 * of a sparse copy are stepped over with SEEK_DATA, not read. When the
 * same item holds a loose $MFT, the records' parents are resolved through
 * it (mft_source.h); in a worker it is handed over as a segment and opened
 * before the lock-down.
 */
#define _GNU_SOURCE 1 /* SEEK_DATA */
#include "core/compat.h"
#include "analyze/usn/usn.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analyze/input.h"
#include "analyze/usn/mft_pair.h"
#include "analyze/usn/mft_source.h"
#include "analyze/usn/usn_event.h"
#include "core/alloc.h"
#include "core/error.h"

static int probe(const uint8_t *head, size_t len, uint64_t file_size)
{
	LL_UNUSED(file_size);
	return ll_usn_probe(head, len) ? 90 : 0;
}

struct loose {
	int fd;
	uint64_t size;
	const char *rel;
};

static int64_t read_at(void *payload, uint64_t off, void *buf, size_t n)
{
	struct loose *l = payload;
	size_t done = 0;

	while (done < n) {
		ssize_t got = pread(l->fd, (char *)buf + done, n - done, (off_t)(off + done));

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return ll_error_set(LL_EIO, "'%s': read at offset %" PRIu64 ": %s", l->rel,
					    off + done, strerror(errno));
		if (got == 0)
			break;
		done += (size_t)got;
	}
	return (int64_t)done;
}

/* A hole of a sparse copy is not read: the next data as the file system knows it. */
static uint64_t next_data(void *payload, uint64_t off)
{
	struct loose *l = payload;
	off_t d = lseek(l->fd, (off_t)off, SEEK_DATA);

	if (d < 0)
		return errno == ENXIO ? l->size : off; /* ENXIO: only a hole is left */
	return (uint64_t)d > off ? (uint64_t)d : off;
}

/* In a worker: the $MFT the parent named (ctx->segments[0], when alone), opened before the lock-down. */
static struct {
	bool ready;
	int fd;
	char why[600];
} prepared;

static int prepare(struct ll_source_ctx *ctx)
{
	prepared.ready = true;
	prepared.fd = -1;
	prepared.why[0] = '\0';
	if (ctx->nsegments == 1 && (prepared.fd = open(ctx->segments[0], O_RDONLY | O_CLOEXEC)) < 0)
		snprintf(prepared.why, sizeof(prepared.why), "%s", strerror(errno));
	return 0;
}

/* `abs` as the case names it (the journal's own path tells the case's directory), else its base name. */
static const char *rel_of(const struct ll_source_ctx *ctx, const char *abs)
{
	size_t lp = strlen(ctx->path), lr = strlen(ctx->rel_path);
	const char *base = strrchr(abs, '/');

	if (lp >= lr && !strcmp(ctx->path + lp - lr, ctx->rel_path) &&
	    !strncmp(abs, ctx->path, lp - lr) && abs[lp - lr])
		return abs + (lp - lr);
	return base ? base + 1 : abs;
}

/*
 * The $MFT of the journal's volume (mft_source.h) as its record source,
 * or NULL: none of its volume, two to choose from, or one that cannot be
 * read (a warning naming the files, and the records keep their names
 * only). < 0 only for memory.
 */
static int open_mft(struct ll_mft_source **out, struct ll_source_ctx *ctx)
{
	char *abs[LL_MFT_SOURCE_CANDIDATES] = { NULL, NULL };
	const char *rel[LL_MFT_SOURCE_CANDIDATES];
	const char *const *path = (const char *const *)abs;
	size_t n;
	int fd = -1, rc;

	*out = NULL;
	if (prepared.ready) { /* a worker: the parent's candidates */
		prepared.ready = false;
		n = ctx->nsegments < LL_MFT_SOURCE_CANDIDATES ? ctx->nsegments
							      : LL_MFT_SOURCE_CANDIDATES;
		path = ctx->segments;
		fd = prepared.fd;
	} else {
		if ((rc = ll_mft_source_find(abs, rel, &n, ctx)) < 0)
			return rc;
		if (n == 1 && (fd = open(abs[0], O_RDONLY | O_CLOEXEC)) < 0)
			snprintf(prepared.why, sizeof(prepared.why), "%s", strerror(errno));
	}
	rc = 0;
	if (n == 0)
		ll_source_warn(ctx, "'%s': no $MFT of its volume in the item (none in its folder or "
			       "a folder above it); the journal's records keep their names only",
			       ctx->rel_path);
	else if (n > 1)
		ll_source_warn(ctx, "'%s': two $MFTs in one folder, '%s' and '%s': which one is of "
			       "the journal's volume is not guessed; the journal's records keep "
			       "their names only", ctx->rel_path, rel_of(ctx, path[0]),
			       rel_of(ctx, path[1]));
	else if (fd < 0)
		ll_source_warn(ctx, "'%s': cannot open: %s; the journal's records keep their names "
			       "only", rel_of(ctx, path[0]), prepared.why);
	else if ((rc = ll_mft_source_open(out, fd, rel_of(ctx, path[0]))) == LL_ENOMEM)
		goto out;
	else if (rc < 0)
		ll_source_warn(ctx, "%s; the journal's records keep their names only",
			       ll_error_message());
	rc = 0;
out:
	for (size_t i = 0; i < LL_MFT_SOURCE_CANDIDATES; i++)
		ll_free(abs[i]);
	return rc;
}

/*
 * The journal's records compared with the $MFT paired by name (mft_pair.h):
 * when it contradicts most of them it is another volume's, and no path is
 * given through it (*mft freed, NULL). < 0 for a read error of the journal.
 */
static int checked_pair(struct ll_mft_source **mft, struct ll_source_ctx *ctx, struct loose *l)
{
	struct ll_mft_pair p = { 0 };
	int rc;

	if ((rc = ll_mft_pair_check(&p, *mft, l->size, read_at, next_data, l)) < 0)
		return rc;
	if (!ll_mft_pair_wrong(&p))
		return 0;
	ll_source_warn(ctx, "'%s': %" PRIu64 " of its %" PRIu64 " records compared are "
		       "contradicted by '%s' (another volume's $MFT? first: the record at offset %"
		       PRIu64 ", MFT entry %" PRIu64 "); no path is given through it, the "
		       "journal's records keep their names only", ctx->rel_path, p.mismatched,
		       p.checked, ll_mft_source_name(*mft), p.first_off, p.first_entry);
	ll_mft_source_free(*mft);
	*mft = NULL;
	return 0;
}

static int run(struct ll_source_ctx *ctx)
{
	struct ll_usn_where w = { NULL, ctx->rel_path, "", NULL, NULL };
	struct loose l = { -1, 0, ctx->rel_path };
	struct ll_mft_source *mft = NULL;
	char label[600];
	bool own = false;
	struct ll_usn_scan_stats st = { 0 };
	off_t saved;
	int rc;

	if ((rc = ll_input_size(&l.size, ctx->path)) < 0)
		return rc;
	l.fd = ll_input_bound_fd(ctx->path);
	if (l.fd < 0) { /* in-process (tests): the file by name */
		if ((l.fd = open(ctx->path, O_RDONLY | O_CLOEXEC)) < 0)
			return ll_error_set(LL_EIO, "cannot open '%s': %s", ctx->rel_path,
					    strerror(errno));
		own = true;
	}
	snprintf(label, sizeof(label), "'%s'", ctx->rel_path);
	w.label = label;
	if ((rc = open_mft(&mft, ctx)) < 0)
		goto out;
	/* SEEK_DATA moves the shared offset: put it back after */
	saved = lseek(l.fd, 0, SEEK_CUR);
	if (mft)
		rc = checked_pair(&mft, ctx, &l);
	if (mft) {
		w.resolve = ll_usn_walk_resolve;
		w.resolve_payload = ll_mft_source_walk(mft);
	}
	if (rc >= 0)
		rc = ll_usn_read(&st, ctx, &w, l.size, read_at, next_data, &l);
	/* read as a journal on --usn-journal's word: nothing in it says it is one */
	if (rc >= 0 && st.records == 0 && st.damaged == 0)
		ll_source_partial(ctx, "unrecognised", "'%s': no USN record in its %" PRIu64
				  " bytes; not a change journal", ctx->rel_path, l.size);
	if (saved >= 0)
		(void)lseek(l.fd, saved, SEEK_SET);
out:
	ll_mft_source_free(mft);
	if (own)
		close(l.fd);
	return rc;
}

const struct ll_source_kind ll_source_usnjrnl = {
	.name = "usnjrnl",
	.probe = probe,
	.run = run,
	.prepare = prepare,
	.worker = true,
};

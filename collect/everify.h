/* SPDX-License-Identifier: Apache-2.0 */
/* evidence verify: re-hash stored files (and the media inside images) against the ledger. */
#ifndef LL_COLLECT_EVERIFY_H
#define LL_COLLECT_EVERIFY_H

#include "core/compat.h"

#include <signal.h>

#include "collect/hashers.h"

struct ll_case;
struct ll_evidence;
struct ll_store;

/* A stored file as the custody ledger's closing entry recorded it. */
struct ll_everify_lfile {
	char *path;
	uint64_t size;
	char sha256[65];
};

/*
 * What the item's last 'register' (images) or 'collect' (files) custody
 * entry recorded. The ledger is signed and hash-chained, so once
 * ll_custody_verify passed this is the reference a tamperer cannot
 * rewrite, unlike the evidence tables.
 */
struct ll_everify_ledger {
	bool found;
	int64_t seq;
	bool has_media;
	char md5[33], sha1[41], sha256[65];
	int64_t media_size;   /* -1 if not recorded */
	struct ll_everify_lfile *files;
	size_t nfiles;
};

/* Loads the record of item `id`; out->found is false when there is none. */
int ll_everify_ledger_load(struct ll_everify_ledger *out, struct ll_store *st,
			   const char *id);
void ll_everify_ledger_release(struct ll_everify_ledger *lg);

struct ll_everify_file {
	const char *path;     /* borrowed from the item */
	bool ok;
	uint64_t size;        /* as found, 0 if missing */
	char sha256[65];      /* as found, "" if missing */
	char problem[256];    /* "" when ok */
};

struct ll_everify_report {
	bool ok;
	bool registered;
	bool media_checked;   /* images: the media hashes were recomputed */
	bool media_ok;
	char media_problem[512]; /* why the media failed, "" when media_ok */
	struct ll_media_hashes media;
	uint64_t media_size;
	struct ll_everify_file *files;
	size_t nfiles;
	char problem[1024];   /* first problem, "" when ok */
};

/*
 * Re-hashes every file of `ev` and, for images, the media (through libewf
 * for E01), and compares with the ledger's record `lg` (when not NULL, the
 * reference: the evidence tables must agree with it too) and the tables.
 * Returns 0 with rep->ok telling the outcome, or a negative error when
 * verification could not run at all.
 */
int ll_evidence_verify_item(struct ll_everify_report *rep, struct ll_case *cs,
			    const struct ll_evidence *ev,
			    const struct ll_everify_ledger *lg,
			    volatile sig_atomic_t *stop);

/*
 * An E01's media hashes computed elsewhere (analyze timeline: in a
 * sandboxed worker), answering as ll_source_hash does: 0 with the hashes,
 * LL_EVERIFY or another error with its message.
 */
typedef int (*ll_everify_media_fn)(struct ll_media_hashes *out, uint64_t *size,
				   char **paths, size_t n, void *payload);

/*
 * ll_evidence_verify_item with an E01's media hashed by `media` (NULL:
 * in-process), and a virtual disk's (a `file` item with media hashes,
 * cli/vdisk_media.c) by `media` too (NULL: its media not checked).
 */
int ll_evidence_verify_item_with(struct ll_everify_report *rep, struct ll_case *cs,
				 const struct ll_evidence *ev,
				 const struct ll_everify_ledger *lg,
				 volatile sig_atomic_t *stop, ll_everify_media_fn media,
				 void *payload);

void ll_everify_report_release(struct ll_everify_report *rep);

/* "incomplete (interrupted)" for an item left 'acquiring', else its state. */
const char *ll_evidence_state_label(const char *state);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Evidence items as the case store records them (DESIGN §3): read side and ids. */
#ifndef LL_CORE_EVIDENCE_H
#define LL_CORE_EVIDENCE_H

#include "core/compat.h"

struct ll_store;

/* A byte range of the media that could not be read (zero-filled). */
struct ll_range {
	uint64_t off, len;
};

struct ll_evidence_file {
	char *path;       /* relative to the case directory */
	char *orig_path;  /* where it was collected from, may be NULL */
	char *role;       /* segment | file */
	uint64_t size;
	char sha256[65];
	char md5[33], sha1[41]; /* "" if not recorded */
	bool has_md5, has_sha1;  /* recorded (not NULL), even if "" */
	char *meta;       /* JSON object text, may be NULL */
};

struct ll_evidence {
	char *id;
	char *kind;        /* image | file */
	char *state;       /* acquiring | incomplete | registered */
	char *format;      /* e01 | raw | split-raw | file; may be NULL */
	char *description; /* may be NULL */
	char *source;      /* may be NULL */
	int64_t media_size; /* -1 if unknown */
	int64_t unreadable_bytes; /* zero-filled bytes of the media */
	char md5[33], sha1[41], sha256[65]; /* media hashes, "" if unknown */
	bool has_md5, has_sha1, has_sha256; /* recorded (not NULL), even if "" */
	char *notes;       /* may be NULL */
	char *source_info; /* JSON object text, may be NULL */
	char *details;     /* JSON object text, may be NULL */
	char *host;        /* `collect … --host`, may be NULL */
	int64_t started_ns;
	int64_t registered_ns; /* valid when has_registered */
	bool has_registered;
	struct ll_evidence_file *files;
	size_t nfiles;
	struct ll_range *errors; /* unreadable ranges, by offset */
	size_t nerrors;
};

/*
 * True when a JSON record of the item must percent-escape its file names:
 * one of them is not UTF-8 (docs/formats/custody.md "Names that are not
 * UTF-8"; core/json.h ll_json_name).
 */
bool ll_evidence_names_escaped(const struct ll_evidence *ev);

/* The next free automatic id: "E1", "E2", … (free with ll_free). */
int ll_evidence_next_id(char **out, struct ll_store *st);

/* Loads one item with its files; LL_ENOTFOUND if absent. */
int ll_evidence_get(struct ll_evidence **out, struct ll_store *st, const char *id);

/*
 * Loads every item (in creation order), or only those in `ids` (nids > 0;
 * an unknown id is LL_ENOTFOUND). Free with ll_evidence_list_free.
 */
int ll_evidence_list(struct ll_evidence ***out, size_t *n, struct ll_store *st,
		     char *const *ids, size_t nids);

void ll_evidence_free(struct ll_evidence *e);
void ll_evidence_list_free(struct ll_evidence **list, size_t n);

/* LL_ENOTFOUND ("no evidence item '<id>' in this case") unless `id` exists. */
int ll_evidence_exists(struct ll_store *st, const char *id);

/*
 * The item's state and kind (16 bytes each, truncated); LL_ENOTFOUND,
 * without setting a message, when there is no such item.
 */
int ll_evidence_state(char state[16], char kind[16], struct ll_store *st,
		      const char *id);

/*
 * The `meta` JSON text recorded for the item's file at `path` (relative to
 * the case), or NULL in *out when the file has no row or no meta (free
 * with ll_free).
 */
int ll_evidence_file_meta(char **out, struct ll_store *st, const char *id,
			  const char *path);

/*
 * When the item was acquired: its registration time, else the start of its
 * acquisition, else 0 (also when there is no such item).
 */
int ll_evidence_acquired_ns(int64_t *out, struct ll_store *st, const char *id);

/* Writing the evidence tables (core/evidence_store.c), inside the caller's transaction. */

/* An item as its acquisition starts. */
struct ll_evidence_item {
	const char *id;
	const char *kind;        /* image | file */
	const char *format;      /* e01 | raw | split-raw | file */
	const char *description; /* may be NULL */
	const char *notes;       /* may be NULL */
	const char *source;
	const char *source_info; /* JSON object text or NULL */
	int64_t media_size;      /* -1 unknown */
	int64_t started_ns;
	const char *details;     /* JSON object text: options */
	const char *host;        /* --host (checked by core/hostname.h), may be NULL */
	/*
	 * A retry: the item exists as an 'incomplete' or 'acquiring' image and
	 * its row is reset to 'acquiring' (old error ranges dropped; they stay
	 * in the custody entries of the failed attempt) instead of inserted.
	 */
	bool retry;
};

/* A stored file of an item, as registration records it. */
struct ll_evidence_file_rec {
	char *path;       /* relative to the case directory */
	char *orig_path;  /* NULL for image segments */
	const char *role; /* segment | file */
	uint64_t size;
	char sha256[65], md5[33], sha1[41]; /* md5/sha1 may be "" */
	char *meta;       /* JSON object text or NULL */
};

void ll_evidence_file_rec_release(struct ll_evidence_file_rec *f);

/*
 * Inserts the item as 'acquiring' (LL_EEXISTS if `id` is taken), or for a
 * retry resets its unfinished row (LL_EEXISTS if it is no longer
 * unfinished).
 */
int ll_evidence_open(struct ll_store *st, const struct ll_evidence_item *it);

struct ll_evidence_close {
	const char *id;
	const char *md5, *sha1, *sha256; /* media hashes; NULL: none */
	uint64_t media_size;
	uint64_t unreadable;
	const char *details; /* JSON object text for evidence.details */
	const struct ll_evidence_file_rec *files;
	size_t nfiles;
	const struct ll_range *errs;
	size_t nerrs;
};

/*
 * The 'acquiring' item becomes 'registered' (now) with its hashes, files
 * and error ranges; LL_EINTERNAL if it is not being acquired.
 */
int ll_evidence_mark_registered(struct ll_store *st, const struct ll_evidence_close *c);

/*
 * The 'acquiring' item becomes 'incomplete': `details` (JSON text) is kept
 * under details.incomplete, and its error ranges are recorded.
 */
int ll_evidence_mark_incomplete(struct ll_store *st, const char *id, const char *details,
				const struct ll_range *errs, size_t nerrs);

#endif

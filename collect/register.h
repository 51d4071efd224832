/* SPDX-License-Identifier: Apache-2.0 */
/* Evidence rows and their custody entries: opened before, registered after, or left incomplete. */
#ifndef LL_COLLECT_REGISTER_H
#define LL_COLLECT_REGISTER_H

#include "core/compat.h"

struct ll_custody_entry;
struct ll_media_hashes;
struct ll_range;
struct ll_signer;
struct ll_store;

struct ll_item {
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
	/*
	 * A retry: the item exists as an 'incomplete' or 'acquiring' image and
	 * its row is reset to 'acquiring' (old error ranges dropped; they stay
	 * in the custody entries of the failed attempt) instead of inserted.
	 */
	bool retry;
};

struct ll_reg_file {
	char *path;       /* relative to the case directory */
	char *orig_path;  /* NULL for image segments */
	const char *role; /* segment | file */
	uint64_t size;
	char sha256[65], md5[33], sha1[41]; /* md5/sha1 may be "" */
	char *meta;       /* JSON object text or NULL */
};

/* LL_EEXISTS when an item `id` is already in the case. */
int ll_register_check_id(struct ll_store *st, const char *id);

/*
 * True in *out when `id` names an image whose acquisition did not finish
 * ('incomplete', or 'acquiring' after a kill), which `collect image
 * --exhibit ID` may retry; its state goes to `state` (16 bytes).
 */
int ll_register_retryable(bool *out, char state[16], struct ll_store *st, const char *id);

/*
 * Inserts the item as 'acquiring' and, when `action` is not NULL, appends
 * that custody entry (its seq and hash in `entry`), in one transaction.
 */
int ll_register_open(struct ll_custody_entry *entry, struct ll_store *st,
		     const struct ll_signer *signer, const struct ll_item *it,
		     const char *action, const char *entry_details);

struct ll_register_close_args {
	const char *id;
	const struct ll_media_hashes *hashes; /* NULL: none on the item row */
	uint64_t media_size;
	uint64_t unreadable;
	const struct ll_reg_file *files;
	size_t nfiles;
	const struct ll_range *errs;
	size_t nerrs;
	const char *action;        /* register | collect */
	const char *entry_details; /* JSON object text for the custody entry */
	const char *item_details;  /* JSON object text for evidence.details */
};

/*
 * In one transaction: the item becomes 'registered' with its hashes, files
 * and error ranges, and the closing custody entry is appended.
 */
int ll_register_close(struct ll_custody_entry *entry, struct ll_store *st,
		      const struct ll_signer *signer,
		      const struct ll_register_close_args *a);

/*
 * Marks the item 'incomplete' with the reason (and the error ranges found
 * so far); with a signer, also appends a 'note' custody entry saying so.
 */
int ll_register_incomplete(struct ll_custody_entry *entry, struct ll_store *st,
			   const struct ll_signer *signer, const char *id,
			   const char *reason, uint64_t bytes_read,
			   const struct ll_range *errs, size_t nerrs);

void ll_reg_file_release(struct ll_reg_file *f);

#endif

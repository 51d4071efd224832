/* SPDX-License-Identifier: Apache-2.0 */
/* Evidence rows and their custody entries: opened before, registered after, or left incomplete. */
#ifndef LL_COLLECT_REGISTER_H
#define LL_COLLECT_REGISTER_H

#include "core/compat.h"

#include "core/evidence.h" /* struct ll_evidence_item, ll_evidence_file_rec, ll_range */

struct ll_custody_entry;
struct ll_media_hashes;
struct ll_signer;
struct ll_store;

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
		     const struct ll_signer *signer, const struct ll_evidence_item *it,
		     const char *action, const char *entry_details);

struct ll_register_close_args {
	const char *id;
	const struct ll_media_hashes *hashes; /* NULL: none on the item row */
	uint64_t media_size;
	uint64_t unreadable;
	const struct ll_evidence_file_rec *files;
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

#endif

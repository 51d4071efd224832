/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Reading the NTFS change journal's events (source 'usnjrnl') for the
 * detectors: the records whose reasons say a file was rewritten or renamed.
 */
#ifndef LL_CORE_EVENT_USN_H
#define LL_CORE_EVENT_USN_H

#include "core/compat.h"

#include <stdint.h>

struct ll_store;

/* The reasons read (DATA_OVERWRITE | DATA_EXTEND | RENAME_NEW_NAME). */
#define LL_EVENT_USN_REASONS 0x2003u

/* One record; text borrowed until the next call. */
struct ll_usn_event {
	int64_t id;
	const char *evidence_id;
	int64_t time_ns;
	const char *host;      /* NULL if none */
	uint32_t reason;       /* attrs.reason */
	uint64_t file_entry;   /* attrs.file_entry */
	uint32_t file_seq;     /* attrs.file_seq */
	const char *name;      /* attrs.name, "" if none */
};

/*
 * Every 'usnjrnl' event with one of LL_EVENT_USN_REASONS, ordered by item,
 * time and id, streamed: ll_event_usn_next gives 1 and the row, 0 at the
 * end, or a negative error.
 */
struct ll_event_usn_cursor;
int ll_event_usn_open(struct ll_event_usn_cursor **out, struct ll_store *st);
int ll_event_usn_next(struct ll_usn_event *ev, struct ll_event_usn_cursor *c);
void ll_event_usn_free(struct ll_event_usn_cursor *c);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* The systemd journal reader's per-file core, callable without a case (fuzz target). */
#ifndef LL_ANALYZE_JOURNAL_H
#define LL_ANALYZE_JOURNAL_H

#include "core/compat.h"

struct ll_event;

/*
 * Where ll_journal_read sends what it finds: one event per readable entry
 * (strings borrowed for the call), warnings as text. A negative return of
 * `emit` stops the read and is returned.
 */
struct ll_journal_sink {
	int (*emit)(void *arg, const struct ll_event *e);
	void (*warn)(void *arg, const char *msg);
	void *arg;
	uint64_t events;    /* entries emitted */
	uint64_t rejected;  /* entries libsystemd could not read */
};

/*
 * Reads every entry of one journal file at `path` in file order through
 * libsystemd. `name` names the file in warnings and is the events' path,
 * `evidence_id` goes into the events. Returns 0 (some entries may be
 * rejected) or a negative ll_err when the file cannot be opened at all (the
 * message does not name the file: the caller does).
 */
int ll_journal_read(struct ll_journal_sink *sink, const char *path,
		    const char *name, const char *evidence_id);

#endif

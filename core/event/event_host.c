/* SPDX-License-Identifier: Apache-2.0 */
/* The events table's host column for events that carry none: the item's host, marked as given. */
#include "core/compat.h"
#include "core/event/event.h"

#include <sqlite3.h>

#include "core/error.h"
#include "core/store.h"

int ll_event_set_item_host(int64_t *changed, struct ll_store *st, const char *evidence_id,
			   const char *host, const char *from)
{
	sqlite3_stmt *s = NULL;
	char restore[64] = "";
	int64_t cache = 0;
	int rc;

	*changed = 0;
	/* host_from marks a host the reader did not find; only such rows are rewritten */
	rc = host ? ll_store_prepare(&s, st,
				     "UPDATE events SET host = ?1, host_from = ?2 WHERE evidence_id = ?3"
				     " AND (host IS NULL OR host_from IS NOT NULL)"
				     " AND (host IS NOT ?1 OR host_from IS NOT ?2)")
		  : ll_store_prepare(&s, st,
				     "UPDATE events SET host = NULL, host_from = NULL"
				     " WHERE evidence_id = ?3 AND host_from IS NOT NULL");
	if (rc < 0)
		return rc;
	if (host) {
		sqlite3_bind_text(s, 1, host, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, from, -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(s, 3, evidence_id, -1, SQLITE_STATIC);
	/*
	 * The rows it rewrites grow (host, host_from) and split their pages;
	 * with the default page cache a page split, spilled to the WAL and
	 * split again is written again: 16 MiB for the statement, as for a
	 * bulk load (ll_store_bulk), then the cache it had.
	 */
	if (host && ll_store_get_int(&cache, st, "PRAGMA cache_size", NULL, "the page cache") == 0 &&
	    cache > -16384 && ll_store_exec(st, "PRAGMA cache_size=-16384") == 0)
		snprintf(restore, sizeof(restore), "PRAGMA cache_size=%" PRId64, cache);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = ll_store_error(st, "giving events their item's host");
	else
		*changed = sqlite3_changes(st->db);
	sqlite3_finalize(s);
	if (restore[0] && ll_store_exec(st, restore) < 0 && rc == 0)
		rc = ll_error_context("restoring the page cache");
	return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Full paths for the change journal's records (issue #19), whatever holds
 * the MFT: a USN record carries its parent directory's reference (MFT
 * entry and sequence number); the walk looks the parent up in a "record
 * source", then its parents up to the root, the sequence number checked at
 * every step (TSK's rule: an allocated entry matches a reference with its
 * sequence number, a deleted one with one less — NTFS raises it on delete),
 * at most LL_USN_PATH_DEPTH_MAX steps (a deeper chain is a loop), the
 * directories seen kept in a bounded map. Two sources: libtsk inside an
 * image (tsk/tsk_usn_path.c) and a loose $MFT (usn/mft_source.c).
 */
#ifndef LL_ANALYZE_USN_PATH_H
#define LL_ANALYZE_USN_PATH_H

#include "core/compat.h"

#include <stdint.h>

#include "core/buf.h"

/*
 * At most this many directories are kept (about 32 bytes a slot, two
 * slots an entry, plus the names): past it, lookups still happen, uncached.
 */
#define LL_USN_PATH_CACHE_MAX ((size_t)1 << 19)
/* A deeper chain is taken for a loop (hostile parent references). */
#define LL_USN_PATH_DEPTH_MAX 256

enum ll_usn_node_state {
	LL_USN_NODE_FREE,    /* (an empty slot of the map) */
	LL_USN_NODE_ALLOC,   /* an allocated directory */
	LL_USN_NODE_DELETED, /* a deleted directory the MFT still holds */
	LL_USN_NODE_MISSING, /* not readable: its "name" is why ("" when the source cannot say) */
	LL_USN_NODE_NONAME,  /* no $FILE_NAME */
	LL_USN_NODE_NOTDIR,  /* a file: never a parent */
};

/* One MFT entry as a source reads it (32 bytes in the map). */
struct ll_usn_node {
	uint64_t entry;
	uint64_t parent;
	uint32_t name_off;   /* (the map's) */
	uint16_t name_len;   /* set by the source: the bytes it put in `name` */
	uint16_t seq;        /* the MFT entry's sequence number as stored */
	uint16_t parent_seq;
	uint8_t state;       /* enum ll_usn_node_state */
};

/* Where the entries come from. */
struct ll_usn_node_src {
	/*
	 * Reads `entry` into `n` (entry, state, seq, parent, parent_seq,
	 * name_len; `n` is zeroed before) and its name, UTF-8, into `name`
	 * (reset before); for LL_USN_NODE_MISSING the reason, naming file and
	 * offset, or nothing. < 0 only for memory.
	 */
	int (*load)(void *payload, uint64_t entry, struct ll_usn_node *n, struct ll_buf *name);
	/* Optional: appends where `entry` lies to a note (", in 'F' at offset N"). */
	int (*where)(void *payload, uint64_t entry, struct ll_buf *note);
	void *payload;
	uint64_t root; /* the root directory's entry (5) */
};

struct ll_usn_walk;

/* A walk over `src` (copied; its payload borrowed). NULL when out of memory. */
struct ll_usn_walk *ll_usn_walk_new(const struct ll_usn_node_src *src);
void ll_usn_walk_free(struct ll_usn_walk *w);

/*
 * The path of the directory (parent, parent_seq) into `dir` ("" for the
 * root, "/a/b" otherwise). 1 when resolved (then `note` may say it went
 * through deleted entries), 0 when not (`note` says why: "parent entry N
 * reused (sequence S, now T)", not readable, a loop), < 0 out of memory.
 * Fits ll_usn_where's resolve with the walk as its payload.
 */
int ll_usn_walk_resolve(void *w, uint64_t parent, uint16_t parent_seq, struct ll_buf *dir,
			struct ll_buf *note);

#endif

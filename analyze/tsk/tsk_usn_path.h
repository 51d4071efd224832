/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Full paths for the change journal's records (issue #19): a USN record
 * carries its file's name and its parent directory's reference (MFT entry
 * and sequence number). The parent is looked up in the MFT of the same
 * file system, through libtsk, and its own parents up to the root; the
 * sequence number must match at every step (an entry reused for another
 * file is never taken for the old one). The walk, its rules and its
 * bounded map are analyze/usn/usn_path.h's; this is its libtsk source.
 * Private to analyze/tsk/.
 */
#ifndef LL_ANALYZE_TSK_USN_PATH_H
#define LL_ANALYZE_TSK_USN_PATH_H

#include "core/compat.h"

#include <stdint.h>

#include "analyze/tsk/tsk_internal.h"
#include "analyze/usn/usn_path.h"
#include "core/buf.h"

struct ll_usn_paths;

/* A resolver over the NTFS file system `fs` (borrowed). NULL when out of memory. */
struct ll_usn_paths *ll_usn_paths_new(TSK_FS_INFO *fs);
void ll_usn_paths_free(struct ll_usn_paths *p);

/*
 * The path of the directory (parent, parent_seq) into `dir` ("" for the
 * root, "/a/b" otherwise). 1 when resolved (then `note` may say it went
 * through deleted entries), 0 when not (`note` says why: "parent entry N
 * reused (sequence S, now T)", not in the MFT, a loop), < 0 out of memory.
 * Fits ll_usn_where's resolve.
 */
int ll_usn_paths_resolve(void *p, uint64_t parent, uint16_t parent_seq, struct ll_buf *dir,
			 struct ll_buf *note);

#endif

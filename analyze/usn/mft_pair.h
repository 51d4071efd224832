/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Whether a loose $MFT is the one of a loose $J's volume, by content
 * (issue #19): a journal resolved through another volume's MFT gives
 * wrong paths that look right, so before any path is given the journal's
 * records are checked against the MFT. A record names its file's MFT
 * entry and sequence number, and its name: in the right MFT the entry
 * carries the same sequence number and, still in that use, the same name
 * (a later sequence number is a delete or a reuse since: not compared; the
 * old name of a rename is not compared). Sequence numbers alone do not
 * tell two freshly made volumes apart (every file's is 1), names do.
 */
#ifndef LL_ANALYZE_USN_MFT_PAIR_H
#define LL_ANALYZE_USN_MFT_PAIR_H

#include "core/compat.h"

#include <stdint.h>

#include "analyze/usn/mft_source.h"
#include "analyze/usn/usn_parse.h"

/* The records compared at the most (the journal's first ones): the check costs a fraction of the read. */
#define LL_MFT_PAIR_SAMPLE 4096u

struct ll_mft_pair {
	uint64_t checked;     /* records compared with their MFT entry */
	uint64_t mismatched;  /* of them, those the MFT contradicts */
	uint64_t first_entry; /* the first contradicted record's MFT entry */
	uint64_t first_off;   /* and its offset in the journal */
};

/*
 * Compares up to LL_MFT_PAIR_SAMPLE records of the journal (`size` bytes,
 * read through `rd`/`nd` on `io`, as ll_usn_scan does) with `mft`. 0, or
 * the read's error.
 */
int ll_mft_pair_check(struct ll_mft_pair *out, struct ll_mft_source *mft, uint64_t size,
		      ll_usn_read_fn rd, ll_usn_data_fn nd, void *io);

/* Whether the MFT is another volume's: more than half of the compared records contradicted. */
bool ll_mft_pair_wrong(const struct ll_mft_pair *p);

#endif

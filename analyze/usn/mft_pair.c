/* SPDX-License-Identifier: Apache-2.0 */
/* A loose $J's pairing with a loose $MFT checked by content (mft_pair.h). */
#include "core/compat.h"
#include "analyze/usn/mft_pair.h"

#include <string.h>

#include "analyze/usn/mft_record.h"
#include "core/error.h"

/* USN_REASON_RENAME_OLD_NAME: the name the file had before, not the one its entry holds now. */
#define REASON_RENAME_OLD_NAME 0x00001000u

struct check {
	struct ll_mft_source *mft;
	struct ll_mft_pair *out;
	bool sampled;
};

static int record(const struct ll_usn_rec *u, void *payload)
{
	struct check *c = payload;
	struct ll_mft_record r;
	bool contradicted;

	if (ll_mft_source_record(c->mft, u->ref, &r) < 0)
		contradicted = true; /* no such entry: a smaller volume's MFT, or a damaged one */
	else if (r.seq > u->ref_seq)
		return 0; /* deleted or reused since the record: nothing left to compare */
	else if (r.seq < u->ref_seq)
		contradicted = true; /* the journal knows a later use of the entry than the MFT */
	else if ((u->reason & REASON_RENAME_OLD_NAME) || !r.has_name)
		return 0;
	else
		contradicted = r.name_len != u->name_len || memcmp(r.name, u->name, u->name_len);
	if (contradicted && !c->out->mismatched++) {
		c->out->first_entry = u->ref;
		c->out->first_off = u->off;
	}
	if (++c->out->checked < LL_MFT_PAIR_SAMPLE)
		return 0;
	c->sampled = true;
	return LL_EINTERNAL; /* stops the scan: enough compared */
}

int ll_mft_pair_check(struct ll_mft_pair *out, struct ll_mft_source *mft, uint64_t size,
		      ll_usn_read_fn rd, ll_usn_data_fn nd, void *io)
{
	struct check c = { mft, out, false };
	struct ll_usn_scan_cb cb = { rd, nd, io, record, NULL, &c };
	struct ll_usn_scan_stats st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = ll_usn_scan(&st, size, &cb);
	return c.sampled ? 0 : rc;
}

bool ll_mft_pair_wrong(const struct ll_mft_pair *p)
{
	return p->mismatched > p->checked / 2;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Prefetch header with the bounded reader (pf_header.h). Layout of the
 * file information that follows the 84-byte header (libscca's
 * documentation, "Windows Prefetch File (PF) format"): the last run time(s)
 * and the run count sit at offsets that depend on the version, and for
 * version 30 on the metrics array offset (0x130: as 26; 0x128: the run
 * count 8 bytes earlier).
 */
#include "core/compat.h"
#include "analyze/prefetch/pf_header.h"

#include "core/endian.h"
#include "core/error.h"
#include "core/reader.h"

#define PF_EXE_OFF 16	 /* executable name: 30 UTF-16 units */
#define PF_EXE_UNITS 30
#define PF_HASH_OFF 76
#define PF_INFO_OFF 84	 /* file information: metrics array offset first */
#define PF_RUNS_V17 120
#define PF_RUNS_V23 128	 /* and 26, 30 */

enum ll_pf_kind ll_pf_kind(const uint8_t *head, size_t len)
{
	if (len >= 8 && memcmp(head + 4, "SCCA", 4) == 0)
		return LL_PF_SCCA;
	if (len >= 8 && memcmp(head, "MAM\x04", 4) == 0)
		return LL_PF_MAM;
	return LL_PF_NONE;
}

uint32_t ll_pf_declared_size(const uint8_t *head, size_t len)
{
	switch (ll_pf_kind(head, len)) {
	case LL_PF_SCCA:
		return len >= 16 ? ll_le32(head + 12) : 0;
	case LL_PF_MAM:
		return ll_le32(head + 4);
	default:
		return 0;
	}
}

/* UTF-16LE (NUL-terminated or `units` long) to UTF-8; a lone surrogate becomes U+FFFD. */
static void utf16_name(char *out, size_t cap, const uint8_t *p, size_t units)
{
	size_t o = 0;

	for (size_t i = 0; i < units; i++) {
		uint32_t c = (uint32_t)p[2 * i] | (uint32_t)p[2 * i + 1] << 8;
		char enc[4];
		size_t n;

		if (c == 0)
			break;
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < units) {
			uint32_t d = (uint32_t)p[2 * i + 2] | (uint32_t)p[2 * i + 3] << 8;

			if (d >= 0xdc00 && d <= 0xdfff) {
				c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
				i++;
			} else {
				c = 0xfffd;
			}
		} else if (c >= 0xd800 && c <= 0xdfff) {
			c = 0xfffd;
		}
		if (c < 0x80) {
			enc[0] = (char)c;
			n = 1;
		} else if (c < 0x800) {
			enc[0] = (char)(0xc0 | c >> 6);
			enc[1] = (char)(0x80 | (c & 0x3f));
			n = 2;
		} else if (c < 0x10000) {
			enc[0] = (char)(0xe0 | c >> 12);
			enc[1] = (char)(0x80 | (c >> 6 & 0x3f));
			enc[2] = (char)(0x80 | (c & 0x3f));
			n = 3;
		} else {
			enc[0] = (char)(0xf0 | c >> 18);
			enc[1] = (char)(0x80 | (c >> 12 & 0x3f));
			enc[2] = (char)(0x80 | (c >> 6 & 0x3f));
			enc[3] = (char)(0x80 | (c & 0x3f));
			n = 4;
		}
		if (o + n >= cap)
			break;
		memcpy(out + o, enc, n);
		o += n;
	}
	out[o] = '\0';
}

int ll_pf_header_read(struct ll_pf_info *pi, const uint8_t *data, size_t len)
{
	struct ll_reader r;
	const uint8_t *exe;
	uint32_t metrics_off = 0;
	size_t runs_off, count_off;
	int rc;

	ll_reader_init(&r, data, len);
	if (ll_pf_kind(data, len) != LL_PF_SCCA)
		return ll_error_set(LL_ECORRUPT, "offset 4: no \"SCCA\" signature");
	if ((rc = ll_reader_u32le(&pi->version, &r)) < 0)
		return rc;
	switch (pi->version) {
	case 17:
		runs_off = PF_RUNS_V17;
		pi->nruns = 1;
		count_off = PF_RUNS_V17 + 8 + 16;
		break;
	case 23:
		runs_off = PF_RUNS_V23;
		pi->nruns = 1;
		count_off = PF_RUNS_V23 + 8 + 16;
		break;
	case 26:
	case 30:
		runs_off = PF_RUNS_V23;
		pi->nruns = LL_PF_RUNS;
		count_off = PF_RUNS_V23 + 64 + 16;
		break;
	default:
		return ll_error_set(LL_EUNSUPPORTED, "offset 0: format version %" PRIu32
				    " is not one of 17, 23, 26, 30", pi->version);
	}
	if ((rc = ll_reader_seek(&r, PF_EXE_OFF)) < 0 ||
	    (rc = ll_reader_bytes(&exe, &r, 2 * PF_EXE_UNITS)) < 0 ||
	    (rc = ll_reader_u32le(&pi->hash, &r)) < 0)
		return ll_error_context("executable name and hash");
	if ((rc = ll_reader_seek(&r, PF_INFO_OFF)) < 0 ||
	    (rc = ll_reader_u32le(&metrics_off, &r)) < 0)
		return ll_error_context("file information");
	if (pi->version == 30 && metrics_off == 0x128)
		count_off -= 8;
	if ((rc = ll_reader_seek(&r, runs_off)) < 0)
		return ll_error_context("last run times");
	for (size_t i = 0; i < pi->nruns; i++)
		if ((rc = ll_reader_u64le(&pi->runs[i], &r)) < 0)
			return ll_error_context("last run time %zu", i + 1);
	if ((rc = ll_reader_seek(&r, count_off)) < 0 ||
	    (rc = ll_reader_u32le(&pi->run_count, &r)) < 0)
		return ll_error_context("run count");
	utf16_name(pi->exe, sizeof(pi->exe), exe, PF_EXE_UNITS);
	pi->header_only = true;
	return 0;
}

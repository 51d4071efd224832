/* SPDX-License-Identifier: Apache-2.0 */
/* The parent a differencing VHDX names, from its bytes (vdisk_vhdx.h). */
#include "core/compat.h"
#include "analyze/vdisk_vhdx.h"

#include <ctype.h>

#include "core/alloc.h"
#include "core/endian.h"
#include "core/error.h"

/* Where MS-VHDX puts its fixed structures (2.2), and their sizes. */
#define HEADER_AT_1 (64 * 1024)
#define HEADER_AT_2 (128 * 1024)
#define HEADER_LEN 4096
#define REGIONS_AT_1 (192 * 1024)
#define REGIONS_AT_2 (256 * 1024)
#define REGIONS_LEN (64 * 1024)
#define METATABLE_LEN (64 * 1024)
#define TABLE_ENTRIES_MAX 2047 /* both tables: 32-byte entries after a 32- or 16-byte header */
/* a parent locator is a few paths: one larger than this is not one */
#define LOCATOR_MAX (1024 * 1024)

#define METADATA_REGION "{8b7ca206-4790-4b9a-b8fe-575f050f886e}"
#define FILE_PARAMETERS "{caa16737-fa36-4d43-b3b6-33f0aa44e76b}"
#define PARENT_LOCATOR "{a8d35f2d-b30b-454d-abf7-d3d84834ab0c}"
#define VHDX_LOCATOR_TYPE "{b04aefb7-d19e-4a81-b789-25b8e9445913}"
/* the other metadata items MS-VHDX 2.6.2 defines (libvhdi reads them) */
#define VIRTUAL_DISK_SIZE "{2fa54224-cd1b-4876-b211-5dbed83bf4b8}"
#define PAGE83_DATA "{beca12ab-b2e6-4523-93ef-c309e000c746}"
#define LOGICAL_SECTOR "{8141bf1d-a96f-4709-ba47-f233a8faab5f}"
#define PHYSICAL_SECTOR "{cda348c7-445d-4471-9cc9-e9885251c556}"
#define IS_REQUIRED 4 /* metadata table entry flags, bit 2 (2.6.1.2) */

uint32_t ll_vdisk_crc32c(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0x82f63b78u : c >> 1;
	}
	return ~c;
}

/* A GUID as stored (Data1-3 little-endian) as "{…}" in lower case. */
static void guid_text(char out[40], const uint8_t *g)
{
	snprintf(out, 40, "{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}", ll_le32(g),
		 ll_le16(g + 4), ll_le16(g + 6), g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
}

static bool guid_is(const uint8_t *g, const char *text)
{
	char t[40];

	guid_text(t, g);
	return !strcmp(t, text);
}

/* Exactly len bytes at off, or false. */
static bool read_at(ll_vdisk_read_fn fn, void *payload, uint64_t size, uint64_t off, void *buf,
		    size_t len)
{
	if (off > size || len > size - off)
		return false;
	return fn(payload, off, buf, len) == (ssize_t)len;
}

/* A table of len bytes whose CRC-32C is at byte 4 (computed with that field zero). */
static bool crc_ok(uint8_t *t, size_t len, uint32_t *stored, uint32_t *computed)
{
	*stored = ll_le32(t + 4);
	memset(t + 4, 0, 4);
	*computed = ll_vdisk_crc32c(t, len);
	return *stored == *computed;
}

struct header {
	bool ok;
	uint64_t seq;
	uint8_t data_write[16];
	uint8_t log[16];
	char why[128];
};

static void read_header(struct header *h, ll_vdisk_read_fn fn, void *payload, uint64_t size,
			uint64_t off)
{
	uint8_t b[HEADER_LEN];
	uint32_t stored, computed;

	memset(h, 0, sizeof(*h));
	if (!read_at(fn, payload, size, off, b, sizeof(b)))
		snprintf(h->why, sizeof(h->why), "header at offset %" PRIu64 " lies past the end", off);
	else if (memcmp(b, "head", 4))
		snprintf(h->why, sizeof(h->why), "header at offset %" PRIu64 " has no \"head\"", off);
	else if (!crc_ok(b, sizeof(b), &stored, &computed))
		snprintf(h->why, sizeof(h->why), "header at offset %" PRIu64 ": CRC-32C 0x%08" PRIx32
			 " stored, 0x%08" PRIx32 " computed", off, stored, computed);
	else if (ll_le16(b + 66) != 1)
		snprintf(h->why, sizeof(h->why), "header at offset %" PRIu64 ": version %u (1 expected)",
			 off, ll_le16(b + 66));
	else {
		h->ok = true;
		h->seq = ll_le64(b + 8);
		memcpy(h->data_write, b + 32, 16);
		memcpy(h->log, b + 48, 16);
	}
}

/*
 * The current header (2.2.2.1): of the valid ones (signature, CRC-32C,
 * version), the one with the higher sequence number. Its DataWriteGuid is
 * what a child's parent_linkage names: a stale or damaged header's would
 * match a parent that is not this disk's present state.
 */
static int current_header(struct ll_vdisk_parent *out, ll_vdisk_read_fn fn, void *payload,
			  uint64_t size, const char *label)
{
	struct header h1, h2;
	const struct header *cur;

	read_header(&h1, fn, payload, size, HEADER_AT_1);
	read_header(&h2, fn, payload, size, HEADER_AT_2);
	if (!h1.ok && !h2.ok)
		return ll_error_set(LL_ECORRUPT, "vhdx image '%s': neither header is valid (%s; %s)",
				    label, h1.why, h2.why);
	cur = !h2.ok || (h1.ok && h1.seq >= h2.seq) ? &h1 : &h2;
	/*
	 * A LogGuid that is not zero (2.2.2.1, 2.3.3): the log holds writes not
	 * yet replayed into the BAT and metadata. libvhdi does not replay it, so
	 * the disk would be read from stale tables: refused, not guessed.
	 */
	for (size_t i = 0; i < 16; i++) {
		if (!cur->log[i])
			continue;
		char t[40];

		guid_text(t, cur->log);
		return ll_error_set(LL_EUNSUPPORTED, "vhdx image '%s': its current header (offset %"
				    PRIu64 ") has LogGuid %s: its log holds writes not replayed "
				    "into its tables (the disk was not closed cleanly); replay it "
				    "in Hyper-V on a copy, then collect that", label,
				    (uint64_t)(cur == &h1 ? HEADER_AT_1 : HEADER_AT_2) + 48, t);
	}
	guid_text(out->identity, cur->data_write);
	out->identity_offset = (cur == &h1 ? HEADER_AT_1 : HEADER_AT_2) + 32;
	return 0;
}

/* The metadata region (2.2.3): from the first region table that is valid. */
static int metadata_region(uint64_t *off, uint64_t *len, ll_vdisk_read_fn fn, void *payload,
			   uint64_t size, const char *label)
{
	static const uint64_t at[2] = { REGIONS_AT_1, REGIONS_AT_2 };
	char why[2][128];
	uint8_t *t = ll_malloc(REGIONS_LEN);
	int rc = 1;

	if (!t)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (int k = 0; k < 2 && rc > 0; k++) {
		uint32_t stored, computed, n;
		bool found = false;

		if (!read_at(fn, payload, size, at[k], t, REGIONS_LEN)) {
			snprintf(why[k], sizeof(why[k]), "at offset %" PRIu64 " lies past the end", at[k]);
			continue;
		}
		if (memcmp(t, "regi", 4)) {
			snprintf(why[k], sizeof(why[k]), "at offset %" PRIu64 " has no \"regi\"", at[k]);
			continue;
		}
		if (!crc_ok(t, REGIONS_LEN, &stored, &computed)) {
			snprintf(why[k], sizeof(why[k]), "at offset %" PRIu64 ": CRC-32C 0x%08" PRIx32
				 " stored, 0x%08" PRIx32 " computed", at[k], stored, computed);
			continue;
		}
		/* valid: what it says is the answer, not a reason to try the copy */
		if ((n = ll_le32(t + 8)) > TABLE_ENTRIES_MAX) {
			rc = ll_error_set(LL_ECORRUPT, "vhdx image '%s': its region table at offset %"
					  PRIu64 " holds %" PRIu32 " entries (at most %d)", label, at[k],
					  n, TABLE_ENTRIES_MAX);
			break;
		}
		for (uint32_t i = 0; i < n; i++) {
			const uint8_t *e = t + 16 + 32 * (size_t)i;

			if (!guid_is(e, METADATA_REGION))
				continue;
			if (found) {
				rc = ll_error_set(LL_ECORRUPT, "vhdx image '%s': its region table at offset %"
						  PRIu64 " names two metadata regions (entry %" PRIu32
						  ")", label, at[k], i);
				goto out;
			}
			found = true;
			*off = ll_le64(e + 16);
			*len = ll_le32(e + 24);
			if (*len < METATABLE_LEN || *off > size || *len > size - *off) {
				rc = ll_error_set(LL_ECORRUPT,
						  "vhdx image '%s': its metadata region (region table entry "
						  "at offset %" PRIu64 ") of %" PRIu64 " bytes at offset %"
						  PRIu64 " is not within the file (%" PRIu64 " bytes)",
						  label, at[k] + 16 + 32 * (uint64_t)i, *len, *off, size);
				goto out;
			}
		}
		rc = found ? 0 : ll_error_set(LL_ECORRUPT, "vhdx image '%s': its region table at "
					      "offset %" PRIu64 " has no metadata region", label, at[k]);
	}
	if (rc > 0)
		rc = ll_error_set(LL_ECORRUPT, "vhdx image '%s': neither region table is valid (%s; %s)",
				  label, why[0], why[1]);
out:
	ll_free(t);
	return rc;
}

struct item {
	uint64_t off; /* in the file */
	uint32_t len;
	uint64_t entry; /* the table entry's offset in the file */
};

/*
 * The metadata table (2.6.1): the file parameters and the parent locator,
 * each at most once, every item inside the region and none overlapping
 * another (one byte read as two things is not a disk's own layout).
 */
static int metadata_items(struct item *params, struct item *locator, const uint8_t *t,
			  uint64_t region, uint64_t rlen, const char *label)
{
	uint16_t n = ll_le16(t + 10);

	params->entry = locator->entry = 0;
	if (memcmp(t, "metadata", 8))
		return ll_error_set(LL_ECORRUPT, "vhdx image '%s': its metadata table at offset %" PRIu64
				    " has no \"metadata\"", label, region);
	if (n > TABLE_ENTRIES_MAX)
		return ll_error_set(LL_ECORRUPT, "vhdx image '%s': its metadata table at offset %" PRIu64
				    " holds %u entries (at most %d)", label, region, n,
				    TABLE_ENTRIES_MAX);
	for (size_t i = 0; i < n; i++) {
		const uint8_t *e = t + 32 + 32 * i;
		uint32_t off = ll_le32(e + 16), len = ll_le32(e + 20);
		uint64_t at = region + 32 + 32 * i;
		struct item *slot = guid_is(e, FILE_PARAMETERS) ? params
				    : guid_is(e, PARENT_LOCATOR) ? locator : NULL;

		if (len && (off < METATABLE_LEN || (uint64_t)off + len > rlen))
			return ll_error_set(LL_ECORRUPT, "vhdx image '%s': its metadata item (table entry "
					    "at offset %" PRIu64 ") of %" PRIu32 " bytes at region offset %"
					    PRIu32 " is not within the metadata region (%" PRIu64
					    " bytes at offset %" PRIu64 ")", label, at, len, off, rlen,
					    region);
		for (size_t j = 0; len && j < i; j++) {
			const uint8_t *o = t + 32 + 32 * j;
			uint32_t ooff = ll_le32(o + 16), olen = ll_le32(o + 20);

			if (olen && off < (uint64_t)ooff + olen && ooff < (uint64_t)off + len)
				return ll_error_set(LL_ECORRUPT, "vhdx image '%s': its metadata items "
						    "(table entries at offsets %" PRIu64 " and %" PRIu64
						    ") overlap", label, region + 32 + 32 * j, at);
		}
		/* IsRequired on an item this parser does not know: MS-VHDX 2.6.1.2 says fail */
		if (!slot && (ll_le32(e + 24) & IS_REQUIRED) && !guid_is(e, VIRTUAL_DISK_SIZE) &&
		    !guid_is(e, PAGE83_DATA) && !guid_is(e, LOGICAL_SECTOR) &&
		    !guid_is(e, PHYSICAL_SECTOR)) {
			char id[40];

			guid_text(id, e);
			return ll_error_set(LL_EUNSUPPORTED, "vhdx image '%s': its metadata item %s "
					    "(table entry at offset %" PRIu64 ") is marked IsRequired "
					    "and is not one MS-VHDX defines: it cannot be read without "
					    "it", label, id, at);
		}
		if (!slot)
			continue;
		if (slot->entry)
			return ll_error_set(LL_ECORRUPT, "vhdx image '%s': its metadata table names its %s "
					    "twice (entries at offsets %" PRIu64 " and %" PRIu64 ")", label,
					    slot == params ? "file parameters" : "parent locator",
					    slot->entry, at);
		slot->entry = at;
		slot->off = region + off;
		slot->len = len;
	}
	return 0;
}

/* A key (UTF-16LE) equal to the ASCII word. */
static bool key_is(const uint8_t *k, size_t kl, const char *word)
{
	size_t n = strlen(word);

	if (kl != 2 * n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (k[2 * i] != (uint8_t)word[i] || k[2 * i + 1])
			return false;
	return true;
}

struct range {
	uint64_t lo, hi;
};

static int by_lo(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* parent_linkage's value: "{8-4-4-4-12}" in hex, kept in lower case. */
static bool linkage_text(char out[40], const uint8_t *v, size_t vl)
{
	if (vl != 76)
		return false;
	for (size_t i = 0; i < 38; i++) {
		uint8_t c = v[2 * i];
		bool dash = i == 9 || i == 14 || i == 19 || i == 24;

		if (v[2 * i + 1] ||
		    !(i == 0 ? c == '{' : i == 37 ? c == '}' : dash ? c == '-' : isxdigit(c)))
			return false;
		out[i] = (char)tolower(c);
	}
	out[38] = '\0';
	return true;
}

#define KEYS 4
static const char *const key_names[KEYS] = {
	"parent_linkage", "relative_path", "absolute_win32_path", "volume_path",
};

/*
 * The parent locator (2.6.2.6): its type, its key/value entries inside it
 * and apart, parent_linkage a GUID, the parent's path from relative_path,
 * else absolute_win32_path, else volume_path (their last component is
 * what is looked for: never a path of the suspect's machine as it is).
 */
static int parse_locator(struct ll_vdisk_parent *out, const uint8_t *l, const struct item *it,
			 const char *label)
{
	uint16_t n = ll_le16(l + 18);
	size_t head = 20 + 12 * (size_t)n, at[KEYS] = { 0 }, len[KEYS] = { 0 };
	bool seen[KEYS] = { false };
	struct range *r;
	int rc = 0;

	if (!guid_is(l, VHDX_LOCATOR_TYPE)) {
		char t[40];

		guid_text(t, l);
		return ll_error_set(LL_EUNSUPPORTED, "vhdx image '%s': its parent locator at offset %"
				    PRIu64 " is of type %s, not a VHDX's %s", label, it->off, t,
				    VHDX_LOCATOR_TYPE);
	}
	if (head > it->len)
		return ll_error_set(LL_ECORRUPT, "vhdx image '%s': its parent locator at offset %" PRIu64
				    " says %u key/value entries (12 bytes each after 20), more than "
				    "its %" PRIu32 " bytes", label, it->off, n, it->len);
	if (!(r = ll_calloc(2 * (size_t)n + 1, sizeof(*r))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const uint8_t *e = l + 20 + 12 * i;
		uint32_t ko = ll_le32(e), vo = ll_le32(e + 4);
		uint16_t kl = ll_le16(e + 8), vl = ll_le16(e + 10);
		uint64_t eat = it->off + 20 + 12 * i;

		if (!kl || !vl || kl % 2 || vl % 2 || ko < head || vo < head ||
		    (uint64_t)ko + kl > it->len || (uint64_t)vo + vl > it->len) {
			rc = ll_error_set(LL_ECORRUPT, "vhdx image '%s': its parent locator entry at "
					  "offset %" PRIu64 " (key %" PRIu16 " bytes at %" PRIu32
					  ", value %" PRIu16 " bytes at %" PRIu32 ") is not within its "
					  "locator (%" PRIu32 " bytes at offset %" PRIu64 ")", label, eat,
					  kl, ko, vl, vo, it->len, it->off);
			goto out;
		}
		r[2 * i] = (struct range){ ko, (uint64_t)ko + kl };
		r[2 * i + 1] = (struct range){ vo, (uint64_t)vo + vl };
		for (size_t k = 0; k < KEYS; k++) {
			if (!key_is(l + ko, kl, key_names[k]))
				continue;
			if (seen[k]) {
				rc = ll_error_set(LL_ECORRUPT, "vhdx image '%s': its parent locator names "
						  "%s twice (the second at entry offset %" PRIu64 ")",
						  label, key_names[k], eat);
				goto out;
			}
			seen[k] = true;
			at[k] = vo;
			len[k] = vl;
		}
	}
	qsort(r, 2 * (size_t)n, sizeof(*r), by_lo);
	for (size_t i = 1; i < 2 * (size_t)n; i++)
		if (r[i].lo < r[i - 1].hi) {
			rc = ll_error_set(LL_ECORRUPT, "vhdx image '%s': its parent locator's keys and "
					  "values overlap at offset %" PRIu64 " (locator at offset %" PRIu64
					  ")", label, it->off + r[i].lo, it->off);
			goto out;
		}
	out->linkage_offset = it->off + at[0];
	if (!seen[0] || !linkage_text(out->linkage, l + at[0], len[0])) {
		out->linkage[0] = '\0';
		rc = ll_error_set(LL_ECORRUPT, "vhdx image '%s': its parent locator (offset %" PRIu64
				  ") has %s", label, seen[0] ? out->linkage_offset : it->off,
				  seen[0] ? "a parent_linkage that is not a GUID in braces"
					  : "no parent_linkage");
		goto out;
	}
	for (size_t k = 1; k < KEYS; k++) {
		if (!seen[k])
			continue;
		out->field = key_names[k];
		out->offset = it->off + at[k];
		rc = ll_vdisk_utf16_name(out, label, l + at[k], len[k]);
		goto out;
	}
	rc = ll_error_set(LL_ECORRUPT, "vhdx image '%s': its parent locator at offset %" PRIu64
			  " names no relative_path, absolute_win32_path or volume_path", label,
			  it->off);
out:
	ll_free(r);
	return rc;
}

int ll_vdisk_vhdx_parent(struct ll_vdisk_parent *out, ll_vdisk_read_fn fn, void *payload,
			 uint64_t size, const char *label)
{
	struct item params, locator;
	uint64_t region = 0, rlen = 0;
	uint8_t fp[8], *t = NULL, *l = NULL;
	int rc;

	out->format = "vhdx";
	if ((rc = current_header(out, fn, payload, size, label)) < 0 ||
	    (rc = metadata_region(&region, &rlen, fn, payload, size, label)) < 0)
		return rc;
	if (!(t = ll_malloc(METATABLE_LEN)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	if (!read_at(fn, payload, size, region, t, METATABLE_LEN)) {
		rc = ll_error_set(LL_EIO, "vhdx image '%s': cannot read its metadata table at offset %"
				  PRIu64, label, region);
		goto out;
	}
	if ((rc = metadata_items(&params, &locator, t, region, rlen, label)) < 0)
		goto out;
	if (!params.entry || params.len != sizeof(fp) ||
	    !read_at(fn, payload, size, params.off, fp, sizeof(fp))) {
		rc = ll_error_set(LL_ECORRUPT, "vhdx image '%s': its metadata table (offset %" PRIu64
				  ") has %s", label, region, params.entry ? "file parameters not 8 bytes "
				  "long" : "no file parameters");
		goto out;
	}
	/* HasParent (2.6.2.1): without it the disk is whole, whatever else it holds */
	if (!(ll_le32(fp + 4) & 2))
		goto out;
	out->differencing = true;
	out->field = "parent locator";
	out->offset = locator.off;
	if (!locator.entry || locator.len < 20 || locator.len > LOCATOR_MAX) {
		rc = ll_error_set(LL_ECORRUPT, "vhdx image '%s': its file parameters (offset %" PRIu64
				  ") say it has a parent, %s", label, params.off,
				  !locator.entry ? "its metadata table names no parent locator"
						 : "its parent locator is not 20 bytes to 1 MiB long");
		goto out;
	}
	if (!(l = ll_malloc(locator.len))) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	if (!read_at(fn, payload, size, locator.off, l, locator.len)) {
		rc = ll_error_set(LL_EIO, "vhdx image '%s': cannot read its parent locator (%" PRIu32
				  " bytes at offset %" PRIu64 ")", label, locator.len, locator.off);
		goto out;
	}
	rc = parse_locator(out, l, &locator, label);
out:
	ll_free(t);
	ll_free(l);
	return rc;
}

int ll_vdisk_parent_link_check(const struct ll_vdisk_parent *child, const char *child_path,
			       const struct ll_vdisk_parent *parent, const char *parent_path)
{
	if (!child->linkage[0])
		return 0;
	if (!parent->identity[0])
		return ll_error_set(LL_ECORRUPT, "vhdx image '%s': its parent '%s' (found as '%s') is "
				    "not a VHDX: not the disk it was made from (parent_linkage %s)",
				    child_path, child->name, parent_path, child->linkage);
	if (strcmp(child->linkage, parent->identity))
		return ll_error_set(LL_ECORRUPT,
				    "vhdx image '%s': its parent_linkage %s (offset %" PRIu64 ") is not "
				    "the DataWriteGuid %s of '%s' (its current header, offset %" PRIu64
				    "): not the parent it was made from, or changed since; not read as "
				    "its parent", child_path, child->linkage, child->linkage_offset,
				    parent->identity, parent_path, parent->identity_offset);
	return 0;
}

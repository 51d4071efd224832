/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One key path down a hive's cells (regf_name.h): base block → root
 * named key → sub key lists (lf, lh, li, ri) → value list → value (vk).
 * Every cell is read whole into a bounded buffer and decoded through
 * struct ll_reader; a path's depth and a list's length are bounded too.
 */
#include "core/compat.h"
#include "analyze/registry/regf_name.h"

#include <strings.h>

#include "analyze/registry/regf_key.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/reader.h"

#define BASE 4096
#define CELL_MAX (1u << 20)  /* a cell larger than this is not one we need */
#define LIST_MAX 65536       /* entries of one sub key list, its ri parts included */
#define NK_FLAG_ASCII 0x0020
#define VK_FLAG_ASCII 0x0001

struct hive {
	ll_regf_read_fn rd;
	void *payload;
	uint32_t bins;     /* hive bins size from the base block */
	uint8_t cell[CELL_MAX];
	size_t len;        /* bytes of the last cell read */
	uint32_t offs[LIST_MAX]; /* the named keys of one sub key list */
};

/* Reads the allocated cell at bins offset `at` into h->cell (its data, after the size). */
static int read_cell(struct hive *h, uint32_t at, const char *what)
{
	uint8_t sz[4];
	int32_t size;
	uint32_t n;

	if (at == UINT32_MAX || at >= h->bins || at % 8)
		return ll_error_set(LL_ECORRUPT, "%s: cell offset %" PRIu32 " outside the hive bins",
				    what, at);
	if (h->rd(h->payload, (uint64_t)BASE + at, sz, 4) != 4)
		return ll_error_set(LL_ECORRUPT, "%s: cell at offset %" PRIu64 " cannot be read",
				    what, (uint64_t)BASE + at);
	size = (int32_t)((uint32_t)sz[0] | (uint32_t)sz[1] << 8 | (uint32_t)sz[2] << 16 |
			 (uint32_t)sz[3] << 24);
	if (size >= 0 || size == INT32_MIN || (uint32_t)-size < 8 ||
	    (uint32_t)-size - 4 > CELL_MAX || (uint32_t)-size > h->bins - at)
		return ll_error_set(LL_ECORRUPT, "%s: cell at offset %" PRIu64 " has size %" PRId32,
				    what, (uint64_t)BASE + at, size);
	n = (uint32_t)-size - 4;
	if (h->rd(h->payload, (uint64_t)BASE + at + 4, h->cell, n) != (int64_t)n)
		return ll_error_set(LL_ECORRUPT, "%s: cell at offset %" PRIu64 " cut short",
				    what, (uint64_t)BASE + at);
	h->len = n;
	return 0;
}

/* A name (Latin-1 or UTF-16LE) equals `want` (ASCII), without case. */
static bool name_is(const uint8_t *p, size_t n, bool ascii, const char *want)
{
	size_t wl = strlen(want), step = ascii ? 1 : 2;

	if (n != wl * step)
		return false;
	for (size_t i = 0; i < wl; i++) {
		unsigned c = p[i * step];

		if (!ascii && p[i * step + 1] != 0)
			return false;
		if (c >= 'a' && c <= 'z')
			c -= 32;
		if (c != (unsigned)(want[i] >= 'a' && want[i] <= 'z' ? want[i] - 32 : want[i]))
			return false;
	}
	return true;
}

/* The named key at `at`: its sub key list and value list offsets, counts; its name matched. */
struct nk {
	uint32_t nsub, subs, nval, vals;
	uint64_t filetime; /* last written */
};

static int read_nk(struct nk *k, struct hive *h, uint32_t at, const char *want, bool *match)
{
	struct ll_reader r;
	uint16_t flags, nlen;
	const uint8_t *name;
	int rc;

	if ((rc = read_cell(h, at, "named key")) < 0)
		return rc;
	ll_reader_init_at(&r, h->cell, h->len, (uint64_t)BASE + at + 4);
	if (!ll_reader_match(&r, 0, "nk", 2) || ll_reader_skip(&r, 2) < 0 ||
	    ll_reader_u16le(&flags, &r) < 0 || ll_reader_u64le(&k->filetime, &r) < 0 ||
	    ll_reader_skip(&r, 8) < 0 ||
	    ll_reader_u32le(&k->nsub, &r) < 0 || ll_reader_skip(&r, 4) < 0 ||
	    ll_reader_u32le(&k->subs, &r) < 0 || ll_reader_skip(&r, 4) < 0 ||
	    ll_reader_u32le(&k->nval, &r) < 0 || ll_reader_u32le(&k->vals, &r) < 0 ||
	    ll_reader_skip(&r, 28) < 0 || ll_reader_u16le(&nlen, &r) < 0 ||
	    ll_reader_skip(&r, 2) < 0 || ll_reader_bytes(&name, &r, nlen) < 0)
		return ll_error_set(LL_ECORRUPT, "named key at offset %" PRIu64 " is not one",
				    (uint64_t)BASE + at);
	*match = !want || name_is(name, nlen, flags & NK_FLAG_ASCII, want);
	return 0;
}

/* The sub key of `parent` named `want`: *out its cell offset; LL_ENOTFOUND when none. */
static int sub_key(uint32_t *out, struct hive *h, const struct nk *parent, const char *want)
{
	uint32_t lists[64], *offs = h->offs;
	size_t nlists = 0, noffs = 0;
	struct ll_reader r;
	int rc;

	if (parent->nsub == 0)
		return LL_ENOTFOUND;
	lists[nlists++] = parent->subs;
	/* an index root (ri) lists lists; one level of it, as Windows writes them */
	for (size_t li = 0; li < nlists; li++) {
		uint16_t n;
		bool hashed;

		if ((rc = read_cell(h, lists[li], "sub key list")) < 0)
			return rc;
		ll_reader_init_at(&r, h->cell, h->len, (uint64_t)BASE + lists[li] + 4);
		if (ll_reader_match(&r, 0, "ri", 2)) {
			if (li > 0)
				return ll_error_set(LL_ECORRUPT, "sub key list at offset %" PRIu64 ": an index root inside one",
						    (uint64_t)BASE + lists[li]);
			if (ll_reader_skip(&r, 2) < 0 || ll_reader_u16le(&n, &r) < 0)
				return ll_error_set(LL_ECORRUPT, "index root at offset %" PRIu64 " cut short",
						    (uint64_t)BASE + lists[li]);
			for (uint16_t i = 0; i < n && nlists < LL_ARRAY_SIZE(lists); i++)
				if (ll_reader_u32le(&lists[nlists++], &r) < 0)
					return ll_error_set(LL_ECORRUPT, "index root at offset %" PRIu64 " cut short",
							    (uint64_t)BASE + lists[li]);
			continue;
		}
		hashed = ll_reader_match(&r, 0, "lf", 2) || ll_reader_match(&r, 0, "lh", 2);
		if (!hashed && !ll_reader_match(&r, 0, "li", 2))
			return ll_error_set(LL_ECORRUPT, "sub key list at offset %" PRIu64 ": unknown signature",
					    (uint64_t)BASE + lists[li]);
		if (ll_reader_skip(&r, 2) < 0 || ll_reader_u16le(&n, &r) < 0)
			return ll_error_set(LL_ECORRUPT, "sub key list at offset %" PRIu64 " cut short",
					    (uint64_t)BASE + lists[li]);
		for (uint16_t i = 0; i < n && noffs < LIST_MAX; i++) {
			if (ll_reader_u32le(&offs[noffs++], &r) < 0 ||
			    (hashed && ll_reader_skip(&r, 4) < 0))
				return ll_error_set(LL_ECORRUPT, "sub key list at offset %" PRIu64 " cut short",
						    (uint64_t)BASE + lists[li]);
		}
	}
	for (size_t i = 0; i < noffs; i++) {
		struct nk k;
		bool match;

		if ((rc = read_nk(&k, h, offs[i], want, &match)) < 0)
			return rc;
		if (match) {
			*out = offs[i];
			return 0;
		}
	}
	return LL_ENOTFOUND;
}

/* Walks `path` (components) from the root; *out the last key's cell. */
static int key_at(uint32_t *out, struct nk *k, struct hive *h, uint32_t root,
		  const char *const *path, size_t n)
{
	uint32_t at = root;
	bool match;
	int rc;

	if ((rc = read_nk(k, h, at, NULL, &match)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if ((rc = sub_key(&at, h, k, path[i])) < 0)
			return rc;
		if ((rc = read_nk(k, h, at, NULL, &match)) < 0)
			return rc;
	}
	*out = at;
	return 0;
}

/* The value `want` of key `k`: its type and data (into h->cell, *len bytes). */
static int value(uint32_t *type, size_t *len, struct hive *h, const struct nk *k,
		 const char *want)
{
	uint32_t offs[1024];
	size_t n = k->nval < LL_ARRAY_SIZE(offs) ? k->nval : LL_ARRAY_SIZE(offs);
	struct ll_reader r;
	int rc;

	if (n == 0)
		return LL_ENOTFOUND;
	if ((rc = read_cell(h, k->vals, "value list")) < 0)
		return rc;
	ll_reader_init_at(&r, h->cell, h->len, (uint64_t)BASE + k->vals + 4);
	for (size_t i = 0; i < n; i++)
		if (ll_reader_u32le(&offs[i], &r) < 0)
			return ll_error_set(LL_ECORRUPT, "value list at offset %" PRIu64 " cut short",
					    (uint64_t)BASE + k->vals);
	for (size_t i = 0; i < n; i++) {
		uint16_t nlen, flags;
		uint32_t size, data;
		const uint8_t *name;

		if ((rc = read_cell(h, offs[i], "value")) < 0)
			return rc;
		ll_reader_init_at(&r, h->cell, h->len, (uint64_t)BASE + offs[i] + 4);
		if (!ll_reader_match(&r, 0, "vk", 2) || ll_reader_skip(&r, 2) < 0 ||
		    ll_reader_u16le(&nlen, &r) < 0 || ll_reader_u32le(&size, &r) < 0 ||
		    ll_reader_u32le(&data, &r) < 0 || ll_reader_u32le(type, &r) < 0 ||
		    ll_reader_u16le(&flags, &r) < 0 || ll_reader_skip(&r, 2) < 0 ||
		    ll_reader_bytes(&name, &r, nlen) < 0)
			return ll_error_set(LL_ECORRUPT, "value at offset %" PRIu64 " is not one",
					    (uint64_t)BASE + offs[i]);
		if (!name_is(name, nlen, flags & VK_FLAG_ASCII, want))
			continue;
		if (size & 0x80000000u) {
			/* up to 4 bytes kept in the data offset field itself */
			size &= 0x7fffffffu;
			if (size > 4)
				return ll_error_set(LL_ECORRUPT, "value at offset %" PRIu64 ": %" PRIu32 " bytes inline",
						    (uint64_t)BASE + offs[i], size);
			for (uint32_t b = 0; b < size; b++)
				h->cell[b] = (uint8_t)(data >> (8 * b));
			*len = size;
			return 0;
		}
		if ((rc = read_cell(h, data, "value data")) < 0)
			return rc;
		if (size > h->len)
			return ll_error_set(LL_ECORRUPT, "value data at offset %" PRIu64 ": %" PRIu32 " bytes in a cell of %zu",
					    (uint64_t)BASE + data, size, h->len);
		*len = size;
		return 0;
	}
	return LL_ENOTFOUND;
}

/* one hive at a time: the disk-image worker reads its volumes in turn */
static struct hive hive; /* 1 MiB of cell buffer: not on the stack */

/*
 * Opens the hive behind `rd` into `hive`: *root its root key's cell, `cs`
 * the control set Select\Current names ("ControlSet001" when it cannot say).
 */
static int open_system(uint32_t *root, char cs[16], ll_regf_read_fn rd, void *payload)
{
	struct hive *h = &hive;
	const char *sel[] = { "Select" };
	uint8_t base[48];
	uint32_t at, type, current = 1;
	size_t len;
	struct nk k;
	struct ll_reader r;
	int rc;

	h->rd = rd;
	h->payload = payload;
	if (rd(payload, 0, base, sizeof(base)) != (int64_t)sizeof(base))
		return ll_error_set(LL_ECORRUPT, "no hive base block");
	ll_reader_init(&r, base, sizeof(base));
	if (!ll_reader_match(&r, 0, "regf", 4) || ll_reader_skip(&r, 0x24) < 0 ||
	    ll_reader_u32le(root, &r) < 0 || ll_reader_u32le(&h->bins, &r) < 0)
		return ll_error_set(LL_ECORRUPT, "no hive base block");
	/* Select\Current names the control set in use */
	rc = key_at(&at, &k, h, *root, sel, 1);
	if (rc == 0 && (rc = value(&type, &len, h, &k, "Current")) == 0 && type == LL_REG_DWORD &&
	    len == 4) {
		current = (uint32_t)h->cell[0] | (uint32_t)h->cell[1] << 8 |
			  (uint32_t)h->cell[2] << 16 | (uint32_t)h->cell[3] << 24;
		if (current < 1 || current > 999)
			return ll_error_set(LL_ECORRUPT, "Select\\Current is %" PRIu32, current);
	} else if (rc < 0 && rc != LL_ENOTFOUND) {
		return rc;
	}
	snprintf(cs, 16, "ControlSet%03" PRIu32, current);
	return 0;
}

int ll_regf_computer_name(char *out, size_t outlen, ll_regf_read_fn rd, void *payload)
{
	struct hive *h = &hive;
	const char *cn[] = { NULL, "Control", "ComputerName", "ComputerName" };
	char cs[16];
	uint32_t root, at, type;
	size_t len;
	struct nk k;
	struct ll_buf b;
	int rc;

	if ((rc = open_system(&root, cs, rd, payload)) < 0)
		return rc;
	cn[0] = cs;
	if ((rc = key_at(&at, &k, h, root, cn, LL_ARRAY_SIZE(cn))) < 0 ||
	    (rc = value(&type, &len, h, &k, "ComputerName")) < 0)
		return rc;
	if (type != LL_REG_SZ && type != LL_REG_EXPAND_SZ)
		return ll_error_set(LL_ECORRUPT, "ComputerName is of type %" PRIu32, type);
	ll_buf_init(&b);
	if ((rc = ll_regf_utf16_append(&b, h->cell, len)) < 0) {
		ll_buf_release(&b);
		return rc;
	}
	if (b.len >= outlen) {
		ll_buf_release(&b);
		return ll_error_set(LL_ECORRUPT, "ComputerName of %zu bytes", b.len);
	}
	memcpy(out, b.ptr, b.len + 1);
	ll_buf_release(&b);
	return 0;
}

/* A DWORD value of the key `k` as a signed number (Bias is stored as one). */
static int value_i32(int32_t *out, struct hive *h, const struct nk *k, const char *name)
{
	uint32_t type;
	size_t len;
	int rc;

	if ((rc = value(&type, &len, h, k, name)) < 0)
		return rc;
	if (type != LL_REG_DWORD || len != 4)
		return ll_error_set(LL_ECORRUPT, "TimeZoneInformation\\%s is not a DWORD (type %" PRIu32
				    ", %zu bytes)", name, type, len);
	*out = (int32_t)((uint32_t)h->cell[0] | (uint32_t)h->cell[1] << 8 |
			 (uint32_t)h->cell[2] << 16 | (uint32_t)h->cell[3] << 24);
	return 0;
}

/* A SYSTEMTIME value (16 bytes: year, month, day of week, day, hour, minute, …). */
static int value_systemtime(struct ll_regf_tz_date *out, struct hive *h, const struct nk *k,
			    const char *name)
{
	uint16_t f[6];
	uint32_t type;
	size_t len;
	int rc;

	if ((rc = value(&type, &len, h, k, name)) < 0)
		return rc;
	if (len != 16)
		return ll_error_set(LL_ECORRUPT, "TimeZoneInformation\\%s is %zu bytes, not a SYSTEMTIME's 16",
				    name, len);
	for (int i = 0; i < 6; i++)
		f[i] = (uint16_t)(h->cell[2 * i] | h->cell[2 * i + 1] << 8);
	*out = (struct ll_regf_tz_date){ f[0], f[1], f[2], f[3], f[4], f[5] };
	return 0;
}

int ll_regf_time_zone(struct ll_regf_tz *out, ll_regf_read_fn rd, void *payload)
{
	struct hive *h = &hive;
	const char *tz[] = { NULL, "Control", "TimeZoneInformation" };
	uint32_t root, at, type;
	size_t len;
	struct nk k;
	struct ll_buf b;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = open_system(&root, out->control_set, rd, payload)) < 0)
		return rc;
	tz[0] = out->control_set;
	if ((rc = key_at(&at, &k, h, root, tz, LL_ARRAY_SIZE(tz))) < 0)
		return rc;
	out->filetime = k.filetime;
	if ((rc = value_i32(&out->bias, h, &k, "Bias")) < 0)
		return rc;
	/* the zone's own rule: absent values mean no daylight saving */
	if ((rc = value_i32(&out->std_bias, h, &k, "StandardBias")) < 0 && rc != LL_ENOTFOUND)
		return rc;
	if ((rc = value_i32(&out->dst_bias, h, &k, "DaylightBias")) < 0 && rc != LL_ENOTFOUND)
		return rc;
	if ((rc = value_systemtime(&out->std_start, h, &k, "StandardStart")) < 0 &&
	    rc != LL_ENOTFOUND)
		return rc;
	if ((rc = value_systemtime(&out->dst_start, h, &k, "DaylightStart")) < 0 &&
	    rc != LL_ENOTFOUND)
		return rc;
	/* its name: TimeZoneKeyName (Vista and later), else StandardName */
	rc = value(&type, &len, h, &k, "TimeZoneKeyName");
	if (rc == LL_ENOTFOUND)
		rc = value(&type, &len, h, &k, "StandardName");
	if (rc == 0 && (type == LL_REG_SZ || type == LL_REG_EXPAND_SZ)) {
		ll_buf_init(&b);
		if ((rc = ll_regf_utf16_append(&b, h->cell, len)) < 0) {
			ll_buf_release(&b);
			return rc;
		}
		snprintf(out->name, sizeof(out->name), "%s", b.ptr ? b.ptr : "");
		ll_buf_release(&b);
		/* the attacker's text goes into time rules and warnings: printable ASCII only */
		for (char *c = out->name; *c; c++)
			if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e)
				*c = '?';
	} else if (rc < 0 && rc != LL_ENOTFOUND) {
		return rc;
	}
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* The parent a differencing virtual disk names, from its bytes (vdisk_parent.h). */
#include "core/compat.h"
#include "analyze/vdisk_parent.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/endian.h"
#include "core/error.h"
#include "analyze/vdisk_vhdx.h"

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* Exactly len bytes at off, or false. */
static bool read_all(ll_vdisk_read_fn fn, void *payload, uint64_t size, uint64_t off,
		     void *buf, size_t len)
{
	if (off > size || len > size - off)
		return false;
	return fn(payload, off, buf, len) == (ssize_t)len;
}

/* The name as it will be looked up: '\\' separators as '/', no control bytes kept. */
static int set_name(struct ll_vdisk_parent *out, const char *label, const uint8_t *p, size_t n)
{
	if (n == 0 || n >= sizeof(out->name))
		return ll_error_set(LL_ECORRUPT,
				    "%s image '%s': its %s at offset %" PRIu64 " is %zu bytes long "
				    "(1 to %zu expected)", out->format, label, out->field, out->offset,
				    n, sizeof(out->name) - 1);
	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return ll_error_set(LL_ECORRUPT,
					    "%s image '%s': its %s at offset %" PRIu64
					    " holds a control byte 0x%02x at byte %zu",
					    out->format, label, out->field, out->offset, p[i], i);
		out->name[i] = p[i] == '\\' ? '/' : (char)p[i];
	}
	out->name[n] = '\0';
	return 0;
}

/* QCOW 1-3: backing_file_offset (BE64 at 8), backing_file_size (BE32 at 16). */
static int qcow_parent(struct ll_vdisk_parent *out, const uint8_t *h, ll_vdisk_read_fn fn,
		       void *payload, uint64_t size, const char *label)
{
	uint8_t name[LL_VDISK_PARENT_MAX];
	uint64_t off = be64(h + 8);
	uint32_t len = be32(h + 16);

	out->format = "qcow";
	if (!off)
		return 0;
	out->differencing = true;
	out->field = "backing file name";
	out->offset = off;
	if (len == 0 || len >= sizeof(name))
		return set_name(out, label, name, len);
	if (!read_all(fn, payload, size, off, name, len))
		return ll_error_set(LL_ECORRUPT,
				    "qcow image '%s': its backing file name (%" PRIu32 " bytes at offset %"
				    PRIu64 ") lies past the end of the file (%" PRIu64 " bytes)",
				    label, len, off, size);
	return set_name(out, label, name, len);
}

/* The value of `key="…"` on a line of descriptor text d[0..n), or NULL; *vlen its length. */
static const uint8_t *descriptor_value(const uint8_t *d, size_t n, const char *key, size_t *vlen,
				       size_t *at)
{
	size_t k = strlen(key);

	for (size_t i = 0; i + k < n; i++) {
		const uint8_t *q;

		if ((i && d[i - 1] != '\n') || memcmp(d + i, key, k))
			continue;
		q = d + i + k;
		while (q < d + n && (*q == ' ' || *q == '\t'))
			q++;
		if (q >= d + n || *q != '=')
			continue;
		q++;
		while (q < d + n && (*q == ' ' || *q == '\t'))
			q++;
		if (q < d + n && *q == '"') {
			const uint8_t *e = memchr(q + 1, '"', (size_t)(d + n - q - 1));
			const uint8_t *nl = memchr(q + 1, '\n', (size_t)(d + n - q - 1));

			if (!e || (nl && nl < e))
				return NULL;
			*vlen = (size_t)(e - q - 1);
			*at = (size_t)(q + 1 - d);
			return q + 1;
		}
		{
			const uint8_t *e = q;

			while (e < d + n && *e != '\n' && *e != '\r' && *e != ' ' && *e != '\t' && *e)
				e++;
			*vlen = (size_t)(e - q);
			*at = (size_t)(q - d);
			return q;
		}
	}
	return NULL;
}

#define VMDK_DESCRIPTOR_MAX 65536

static int vmdk_descriptor(struct ll_vdisk_parent *out, const uint8_t *d, ssize_t got,
			   uint64_t base, const char *label);

/*
 * A VMDK descriptor (a text file, or the one a sparse extent embeds):
 * parentCID other than ffffffff is a child; parentFileNameHint names it.
 */
static int vmdk_parent(struct ll_vdisk_parent *out, const uint8_t *h, size_t hl,
		       ll_vdisk_read_fn fn, void *payload, uint64_t size, const char *label)
{
	uint8_t *d;
	uint64_t base = 0, len = 0;
	ssize_t got;
	int rc;

	out->format = "vmdk";
	if (hl >= 44 && !memcmp(h, "KDMV", 4)) {
		uint64_t sec = ll_le64(h + 28), cnt = ll_le64(h + 36);

		/* no embedded descriptor: an extent of a text descriptor, which names the parent */
		if (!sec || !cnt)
			return 0;
		if (sec > UINT64_MAX / 512 || cnt > VMDK_DESCRIPTOR_MAX / 512)
			return ll_error_set(LL_ECORRUPT,
					    "vmdk image '%s': its embedded descriptor (sector %" PRIu64
					    ", %" PRIu64 " sectors, header offset 28) is not where a "
					    "descriptor can be", label, sec, cnt);
		base = sec * 512;
		len = cnt * 512;
	} else {
		len = size < VMDK_DESCRIPTOR_MAX ? size : VMDK_DESCRIPTOR_MAX;
	}
	if (base > size)
		return ll_error_set(LL_ECORRUPT,
				    "vmdk image '%s': its embedded descriptor at offset %" PRIu64
				    " lies past the end of the file (%" PRIu64 " bytes)", label, base, size);
	if (len > size - base)
		len = size - base;
	if (!(d = ll_malloc(VMDK_DESCRIPTOR_MAX)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	got = len ? fn(payload, base, d, (size_t)len) : 0;
	rc = vmdk_descriptor(out, d, got, base, label);
	ll_free(d);
	return rc;
}

static int vmdk_descriptor(struct ll_vdisk_parent *out, const uint8_t *d, ssize_t got,
			   uint64_t base, const char *label)
{
	size_t n, vlen = 0, at = 0;
	const uint8_t *cid, *hint;

	if (got < 0)
		return ll_error_set(LL_EIO, "vmdk image '%s': cannot read its descriptor at offset %"
				    PRIu64, label, base);
	n = (size_t)got;
	/* an embedded descriptor ends at its padding */
	{
		const uint8_t *z = memchr(d, 0, n);

		if (z)
			n = (size_t)(z - d);
	}
	cid = descriptor_value(d, n, "parentCID", &vlen, &at);
	if (!cid || (vlen == 8 && !memcmp(cid, "ffffffff", 8)))
		return 0;
	out->differencing = true;
	out->field = "parentFileNameHint";
	hint = descriptor_value(d, n, "parentFileNameHint", &vlen, &at);
	out->offset = base + (hint ? at : 0);
	if (!hint)
		return ll_error_set(LL_ECORRUPT,
				    "vmdk image '%s': its descriptor (offset %" PRIu64 ") names a parent "
				    "(parentCID) but no parentFileNameHint", label, base);
	return set_name(out, label, hint, vlen);
}

/* UTF-16 (le or be) of n bytes into UTF-8 in out->name, via set_name's checks. */
static int utf16_name(struct ll_vdisk_parent *out, const char *label, const uint8_t *p,
		      size_t n, bool le)
{
	uint8_t u[LL_VDISK_PARENT_MAX];
	size_t k = 0;

	for (size_t i = 0; i + 1 < n; i += 2) {
		uint32_t c = le ? (uint32_t)(p[i] | p[i + 1] << 8) : (uint32_t)(p[i] << 8 | p[i + 1]);

		if (c == 0)
			break;
		if (c >= 0xd800 && c <= 0xdfff) {
			uint32_t c2 = i + 3 < n ? (le ? (uint32_t)(p[i + 2] | p[i + 3] << 8)
						      : (uint32_t)(p[i + 2] << 8 | p[i + 3])) : 0;

			if (c > 0xdbff || c2 < 0xdc00 || c2 > 0xdfff)
				return ll_error_set(LL_ECORRUPT,
						    "%s image '%s': its %s at offset %" PRIu64
						    " is not UTF-16 (a lone surrogate at byte %zu)",
						    out->format, label, out->field, out->offset, i);
			c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
			i += 2;
		}
		if (k + 4 >= sizeof(u))
			return set_name(out, label, u, sizeof(u));
		if (c < 0x80) {
			u[k++] = (uint8_t)c;
		} else if (c < 0x800) {
			u[k++] = (uint8_t)(0xc0 | c >> 6);
			u[k++] = (uint8_t)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			u[k++] = (uint8_t)(0xe0 | c >> 12);
			u[k++] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
			u[k++] = (uint8_t)(0x80 | (c & 0x3f));
		} else {
			u[k++] = (uint8_t)(0xf0 | c >> 18);
			u[k++] = (uint8_t)(0x80 | ((c >> 12) & 0x3f));
			u[k++] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
			u[k++] = (uint8_t)(0x80 | (c & 0x3f));
		}
	}
	return set_name(out, label, u, k);
}

int ll_vdisk_utf16_name(struct ll_vdisk_parent *out, const char *label, const uint8_t *p,
			size_t n)
{
	return utf16_name(out, label, p, n, true);
}

/*
 * A VHD: its footer (the file's last 512 bytes; a dynamic disk's copy at 0)
 * says the disk type at 60 (4: differencing) and where its dynamic header
 * ("cxsparse") is. The header's eight parent locators (at 576, 24 bytes
 * each) give the parent's path: W2ru (relative, UTF-16LE) first, then
 * W2ku (absolute); else the header's parent name (UTF-16BE at 64).
 */
static int vhd_parent(struct ll_vdisk_parent *out, const uint8_t *footer, ll_vdisk_read_fn fn,
		      void *payload, uint64_t size, const char *label)
{
	static const char *const prefer[] = { "W2ru", "W2ku" };
	uint8_t hdr[1024], loc[LL_VDISK_PARENT_MAX * 2];
	uint64_t dyn = be64(footer + 16);

	out->format = "vhd";
	if (be32(footer + 60) != 4)
		return 0;
	out->differencing = true;
	out->field = "dynamic header";
	out->offset = dyn;
	if (!read_all(fn, payload, size, dyn, hdr, sizeof(hdr)) || memcmp(hdr, "cxsparse", 8))
		return ll_error_set(LL_ECORRUPT,
				    "vhd image '%s': a differencing disk whose dynamic header "
				    "(\"cxsparse\", footer offset 16 says %" PRIu64 ") cannot be read "
				    "(%" PRIu64 " bytes)", label, dyn, size);
	for (size_t p = 0; p < LL_ARRAY_SIZE(prefer); p++)
		for (size_t i = 0; i < 8; i++) {
			const uint8_t *e = hdr + 576 + i * 24;
			uint32_t len = be32(e + 8);
			uint64_t off = be64(e + 16);

			if (memcmp(e, prefer[p], 4) || !len)
				continue;
			out->field = p ? "absolute parent locator (W2ku)"
				       : "relative parent locator (W2ru)";
			out->offset = off;
			if (len > sizeof(loc) || !read_all(fn, payload, size, off, loc, len))
				return ll_error_set(LL_ECORRUPT,
						    "vhd image '%s': its %s (entry %zu at offset %"
						    PRIu64 ") of %" PRIu32 " bytes at offset %" PRIu64
						    " cannot be read (%" PRIu64 " bytes)", label,
						    out->field, i, dyn + 576 + i * 24, len, off, size);
			return utf16_name(out, label, loc, len, true);
		}
	out->field = "parent unicode name";
	out->offset = dyn + 64;
	return utf16_name(out, label, hdr + 64, 512, false);
}

int ll_vdisk_parent_read(struct ll_vdisk_parent *out, ll_vdisk_read_fn fn, void *payload,
			 uint64_t size, const char *label)
{
	uint8_t h[512], tail[512];
	ssize_t hl;

	memset(out, 0, sizeof(*out));
	out->field = "";
	hl = size ? fn(payload, 0, h, size < sizeof(h) ? (size_t)size : sizeof(h)) : 0;
	if (hl < 0)
		return ll_error_set(LL_EIO, "'%s': cannot read its first bytes", label);
	if (hl >= 20 && !memcmp(h, "QFI\xfb", 4))
		return qcow_parent(out, h, fn, payload, size, label);
	if ((hl >= 44 && !memcmp(h, "KDMV", 4)) ||
	    (hl >= 21 && !memcmp(h, "# Disk DescriptorFile", 21)))
		return vmdk_parent(out, h, (size_t)hl, fn, payload, size, label);
	if (hl >= 8 && !memcmp(h, "vhdxfile", 8))
		return ll_vdisk_vhdx_parent(out, fn, payload, size, label);
	if (size >= 512 && read_all(fn, payload, size, size - 512, tail, sizeof(tail)) &&
	    !memcmp(tail, "conectix", 8))
		return vhd_parent(out, tail, fn, payload, size, label);
	/* a dynamic VHD whose footer at the end is gone: its copy at 0 still says what it is */
	if (hl >= 512 && !memcmp(h, "conectix", 8))
		return vhd_parent(out, h, fn, payload, size, label);
	return 0;
}

ssize_t ll_vdisk_fd_read(void *payload, uint64_t off, void *buf, size_t len)
{
	int fd = *(const int *)payload;
	size_t done = 0;

	while (done < len) {
		ssize_t g = pread(fd, (uint8_t *)buf + done, len - done, (off_t)(off + done));

		if (g < 0 && errno == EINTR)
			continue;
		if (g < 0)
			return -1;
		if (g == 0)
			break;
		done += (size_t)g;
	}
	return (ssize_t)done;
}

int ll_vdisk_parent_of_file(struct ll_vdisk_parent *out, const char *path)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	memset(out, 0, sizeof(*out));
	out->field = "";
	if (fd < 0)
		return ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO, "cannot open '%s': %s",
				    path, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return 0; /* not a regular file: no disk of ours */
	}
	rc = ll_vdisk_parent_read(out, ll_vdisk_fd_read, &fd, (uint64_t)sb.st_size, path);
	close(fd);
	return rc;
}

const char *ll_vdisk_parent_base(const char *name)
{
	const char *s = strrchr(name, '/');

	return s ? s + 1 : name;
}

size_t ll_vdisk_parent_in(const char *const *paths, size_t n, size_t cur, const char *name)
{
	const char *base = ll_vdisk_parent_base(name), *slash = strrchr(paths[cur], '/');
	size_t dl = slash ? (size_t)(slash - paths[cur] + 1) : 0, hit = SIZE_MAX, count = 0;

	for (size_t i = 0; *base && i < n; i++) {
		const char *b = ll_vdisk_parent_base(paths[i]);

		if (i == cur || strcmp(b, base))
			continue;
		if ((size_t)(b - paths[i]) == dl && !strncmp(paths[i], paths[cur], dl))
			return i;
		count++;
		hit = i;
	}
	return count == 1 ? hit : SIZE_MAX;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Where acquired bytes come from: a file or device, a stream, an image being verified. */
#ifndef LL_COLLECT_SOURCE_H
#define LL_COLLECT_SOURCE_H

#include "core/compat.h"

#include <sys/types.h>

struct ll_source;

struct ll_source_ops {
	/*
	 * Reads up to `len` bytes at `off` (streams ignore `off`: they are read
	 * in order). Returns the count (0 at the end), or a negative ll error:
	 * LL_EIO for a read error the caller may retry and zero-fill (seekable
	 * sources only), LL_EINTERRUPTED when a signal stopped a blocking read.
	 */
	ssize_t (*read)(struct ll_source *s, void *buf, size_t len, uint64_t off);
	void (*close)(struct ll_source *s);
};

struct ll_source {
	const struct ll_source_ops *ops;
	char *name;           /* as given: path, device, "-" or a test spec */
	int64_t size;         /* bytes, -1 while unknown (a stream) */
	uint32_t sector_size; /* logical sector size (512 unless a device says otherwise) */
	bool seekable;        /* false for streams: read errors cannot be retried */
	bool is_device;       /* a block device */
	bool has_stat;        /* st_dev/st_rdev/st_ino are valid */
	dev_t st_dev, st_rdev;
	ino_t st_ino;
	char *model, *serial; /* device identity, NULL if unknown */
	void *priv;
};

/*
 * Opens `spec` read-only: "-" is standard input, anything else a file or
 * block device. With LIFELINE_TEST_FAULTS=1 in the environment,
 * "faulty:FILE:OFF+LEN[,OFF+LEN…]" is FILE with read errors over those byte
 * ranges (a testing aid, see docs/commands/collect-image.md).
 */
int ll_source_open(struct ll_source **out, const char *spec);

/* The media inside an E01 set (for verification), read through libewf. */
int ll_source_open_ewf(struct ll_source **out, char *const *files, size_t n);

/* The libewf_handle_t * of a source from ll_source_open_ewf, NULL for any other. */
void *ll_source_ewf_handle(const struct ll_source *s);

/* The concatenation of `files` (a split raw image, for verification). */
int ll_source_open_concat(struct ll_source **out, char *const *files, size_t n);

void ll_source_free(struct ll_source *s);

/* Internal: allocates a source with `name`; used by the source_*.c files. */
int ll_source_new(struct ll_source **out, const char *name,
		  const struct ll_source_ops *ops);

/* Internal: fills device identity, size and sector size for a block device. */
int ll_source_device_probe(struct ll_source *s, int fd);

/*
 * True when writing below `dir` would land on the device `s` is (or on one
 * of its partitions); false for non-device sources.
 */
bool ll_source_same_device(const struct ll_source *s, const char *dir);

#endif

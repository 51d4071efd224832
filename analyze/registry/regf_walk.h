/* SPDX-License-Identifier: Apache-2.0 */
/* A registry hive opened with libregf and walked key by key, within limits. */
#ifndef LL_ANALYZE_REGF_WALK_H
#define LL_ANALYZE_REGF_WALK_H

#include "core/compat.h"

#include <stddef.h>
#include <stdint.h>

#include "analyze/registry/regf_key.h"

/*
 * Limits of one walk: a hive is written by the attacker. Windows itself
 * allows 512 levels of keys; the key count and value sizes bound the time
 * and memory a crafted hive can take.
 */
struct ll_regf_limits {
	unsigned max_depth;      /* keys deeper are not read (LL_REGF_MAX_DEPTH) */
	uint64_t max_keys;       /* the walk stops after this many keys */
	uint32_t max_values;     /* values read per key */
	size_t max_value_size;   /* bytes kept of one value */
};
#define LL_REGF_MAX_DEPTH 512
#define LL_REGF_MAX_KEYS UINT64_C(4000000)
#define LL_REGF_MAX_VALUES 16384
#define LL_REGF_MAX_VALUE_SIZE ((size_t)1 << 20)

/* The defaults above. */
void ll_regf_limits_default(struct ll_regf_limits *l);

struct ll_regf_walk_ops {
	/* Every key read, parents first; a negative return stops the walk with it. */
	int (*key)(void *payload, const struct ll_regf_key *k);
	/* A damaged part skipped (a key or value that cannot be read), with where. */
	void (*damaged)(void *payload, const char *msg);
	/* A limit reached: the keys past it are not read. */
	void (*limit)(void *payload, const char *msg);
	/* Whether the key below the root at `rel` needs its values (NULL: none do). */
	bool (*want_values)(const char *rel);
};

struct ll_regf_hive;

/*
 * Opens the hive file `path` (`name` is how messages call it). LL_ECORRUPT
 * when libregf cannot read it as a hive, LL_EUNSUPPORTED when libregf.so.1
 * is not there. *out is freed with ll_regf_hive_free.
 */
int ll_regf_hive_open(struct ll_regf_hive **out, const char *path, const char *name);

/*
 * The same over `len` bytes in memory (a hive inside a disk image, read
 * after the worker's lock-down), read in place: `data` must outlive the
 * hive. libregf and libbfio must have been loaded before a lock-down
 * (ll_regf_api_get, ll_regf_bfio_api_get).
 */
int ll_regf_hive_open_mem(struct ll_regf_hive **out, const uint8_t *data, size_t len,
			  const char *name);

/* Frees the hive (NULL is a no-op). */
void ll_regf_hive_free(struct ll_regf_hive *h);

/* True when libregf found the hive dirty or damaged while opening it. */
bool ll_regf_hive_corrupted(struct ll_regf_hive *h);

/*
 * The text of value `value` of the key at `rel` (below the root), as
 * ll_regf_value_text renders it, into `out` (reset first). LL_ENOTFOUND
 * when the key or value is absent. For what must be known before the walk:
 * Select\Current, the computer's name.
 */
int ll_regf_hive_value_text(struct ll_buf *out, struct ll_regf_hive *h, const char *rel,
			    const char *value);

/*
 * Walks every key from the root, depth first, sub keys in the hive's order
 * (regfexport's). Damaged keys are skipped and said (ops->damaged); *nkeys
 * counts the keys handed to ops->key. Returns 0, a callback's negative
 * return, LL_ENOMEM, or LL_ECORRUPT when even the root cannot be read.
 */
int ll_regf_hive_walk(uint64_t *nkeys, struct ll_regf_hive *h, const struct ll_regf_limits *l,
		      const struct ll_regf_walk_ops *ops, void *payload);

#endif

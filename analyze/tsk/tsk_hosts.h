/* SPDX-License-Identifier: Apache-2.0 */
/* Public read of fs_volumes.hostname: the names an image's file systems give themselves. */
#ifndef LL_ANALYZE_TSK_TSK_HOSTS_H
#define LL_ANALYZE_TSK_TSK_HOSTS_H

#include "core/compat.h"

#include <stddef.h>
#include <stdint.h>

struct ll_store;

struct ll_tsk_hostname {
	uint64_t offset, pool_block; /* the volume */
	char *name;                  /* its /etc/hostname, checked (core/hostname.h) */
};

/* The item's volumes that named themselves, by offset. Free with ll_tsk_hostnames_free. */
int ll_tsk_hostnames(struct ll_tsk_hostname **out, size_t *n, struct ll_store *st,
		     const char *evidence_id);
void ll_tsk_hostnames_free(struct ll_tsk_hostname *v, size_t n);

/* What tsk_source.c writes after a zone that a volume's own SYSTEM hive gave. */
#define LL_TSK_ZONE_FROM_HIVE ", from the image's SYSTEM hive "

/*
 * The item's volumes whose zone their own SYSTEM hive gave (issue #19):
 * `name` holds the zone's words (regf_tzparse.h reads the rule back), by
 * offset; *volumes the count of all its volumes (0: the item was not
 * walked). Free with ll_tsk_hostnames_free.
 */
int ll_tsk_zones(struct ll_tsk_hostname **out, size_t *n, int64_t *volumes, struct ll_store *st,
		 const char *evidence_id);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Public read of fs_volumes.hostname: the names an image's file systems give themselves. */
#ifndef LL_ANALYZE_TSK_TSK_HOSTS_H
#define LL_ANALYZE_TSK_TSK_HOSTS_H

#include "core/compat.h"

struct ll_store;

struct ll_tsk_hostname {
	uint64_t offset, pool_block; /* the volume */
	char *name;                  /* its /etc/hostname, checked (core/hostname.h) */
};

/* The item's volumes that named themselves, by offset. Free with ll_tsk_hostnames_free. */
int ll_tsk_hostnames(struct ll_tsk_hostname **out, size_t *n, struct ll_store *st,
		     const char *evidence_id);
void ll_tsk_hostnames_free(struct ll_tsk_hostname *v, size_t n);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* An address-space cap around libtsk, which trusts sizes read from hostile file systems. */
#include "core/compat.h"
#include "analyze/tsk/tsk_guard.h"

#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

/*
 * Sanitizer runtimes reserve terabytes of shadow address space, so a cap on
 * it would break them; there the allocator's own limit does the job
 * (ASAN_OPTIONS=allocator_may_return_null=1:max_allocation_size_mb=N, set
 * by the tests that need it).
 */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LL_TSK_GUARD_OFF 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
	__has_feature(thread_sanitizer)
#define LL_TSK_GUARD_OFF 1
#endif
#endif

bool ll_tsk_guard_supported(void)
{
#ifdef LL_TSK_GUARD_OFF
	return false;
#else
	return true;
#endif
}

/* The process's mapped address space in bytes (/proc/self/statm), 0 if unknown. */
static uint64_t vm_size(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long long pages = 0;
	long psz = sysconf(_SC_PAGESIZE);

	if (!f)
		return 0;
	if (fscanf(f, "%llu", &pages) != 1)
		pages = 0;
	fclose(f);
	return psz > 0 ? (uint64_t)pages * (uint64_t)psz : 0;
}

uint64_t ll_tsk_guard_budget(uint64_t fs_bytes)
{
	/*
	 * What libtsk legitimately holds is proportional to the metadata it
	 * reads (a directory's entries, a list of the named inodes): far below
	 * a quarter of the file system. A gigabyte on top covers small file
	 * systems and our own side (SQLite's cache, buffers).
	 */
	return LL_TSK_GUARD_BASE + fs_bytes / 4;
}

void ll_tsk_guard_on(struct ll_tsk_guard *g, uint64_t budget)
{
	g->active = false;
	g->fixed = 0;
#ifndef LL_TSK_GUARD_OFF
	{
		struct rlimit lim;
		uint64_t now;

		if (getrlimit(RLIMIT_AS, &g->old) != 0)
			return;
		/*
		 * A limit that cannot be raised (a reader worker's, sized from the
		 * image: analyze/worker/worker_fs.h) is the cap already; the worker
		 * could not read /proc after its lock-down anyway.
		 */
		if (g->old.rlim_cur != RLIM_INFINITY && g->old.rlim_cur == g->old.rlim_max) {
			g->fixed = (uint64_t)g->old.rlim_cur;
			return;
		}
		if (!(now = vm_size()) ||
		    budget > UINT64_MAX / 2 - now)
			return;
		lim = g->old;
		if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur <= now + budget)
			return; /* a tighter limit is already in place */
		lim.rlim_cur = (rlim_t)(now + budget);
		if (setrlimit(RLIMIT_AS, &lim) == 0) {
			g->active = true;
			g->budget = budget;
		}
	}
#else
	LL_UNUSED(budget);
	LL_UNUSED(vm_size);
#endif
}

void ll_tsk_guard_off(struct ll_tsk_guard *g)
{
	if (g->active)
		setrlimit(RLIMIT_AS, &g->old);
}

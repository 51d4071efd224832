/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Loads libevt.so.1 with dlmopen into a fresh link namespace (see evt_lib.h).
 *
 * Still needed in the reader's worker (issue #16, checked with libevt
 * 20200926, libevtx 20181227, libewf 20140813): the worker is this same
 * executable re-executed, so libevtx, libewf and libbfio are in its global
 * scope from the start, and a plain dlopen binds libevt's calls into its
 * own helper libraries to their copies first. LD_DEBUG=bindings on one
 * 11-record file: about 1,000 such bindings (libuna 675, libcdata 88,
 * libfdata 81, libfdatetime 53, libfwnt 22 … to libevtx; libcdata 24,
 * libbfio 9 … to libewf), while the symbols the older copies lack stay
 * libevt's own: one library's code on helpers of three vintages. It read
 * the test files alike, but nothing bounds what a hostile file reaches on
 * such a mix. RTLD_DEEPBIND would bind libevt to its own copies, but the
 * sanitizer runtime refuses it; linking libevt directly is the mix again.
 * The worker loads it in the reader's prepare hook, before its lock-down
 * (the filter refuses open and PROT_EXEC mappings).
 */
#define _GNU_SOURCE 1 /* dlmopen, LM_ID_NEWLM */
#include "core/compat.h"
#include "analyze/readers/evt_lib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "core/error.h"

#define LIBEVT_SONAME "libevt.so.1"

static struct ll_evt_api api;
static bool loaded;
static char load_error[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	void *h = dlmopen(LM_ID_NEWLM, LIBEVT_SONAME, RTLD_NOW | RTLD_LOCAL);
	const char *e;

	if (!h) {
		e = dlerror();
		snprintf(load_error, sizeof(load_error), "cannot load %s: %s (install libevt1)",
			 LIBEVT_SONAME, e ? e : "unknown error");
		return;
	}
#define LL_EVT_LOAD(name) \
	if (!(api.name = dlsym(h, "libevt_" #name))) { \
		snprintf(load_error, sizeof(load_error), "%s lacks libevt_%s", \
			 LIBEVT_SONAME, #name); \
		return; \
	}
	LL_EVT_FUNCS(LL_EVT_LOAD)
#undef LL_EVT_LOAD
	/* the handle stays open: the namespace lives as long as the process */
	loaded = true;
}

const struct ll_evt_api *ll_evt_api_get(void)
{
	pthread_once(&once, load);
	if (!loaded) {
		ll_error_set(LL_EUNSUPPORTED, "%s", load_error);
		return NULL;
	}
	return &api;
}

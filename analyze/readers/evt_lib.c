/* SPDX-License-Identifier: Apache-2.0 */
/* Loads libevt.so.1 with dlmopen into a fresh link namespace (see evt_lib.h). */
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

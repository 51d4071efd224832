/* SPDX-License-Identifier: Apache-2.0 */
/* Shared libraries loaded on first use, through tables (see dynlib.h). */
#include "core/compat.h"
#include "core/dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
	       "dlsym's addresses are stored into function pointers");

/*
 * Test builds only: LIFELINE_TEST_DYNLIB_FAIL names sonames (separated by
 * ':') to refuse as if they were not installed, so the tests can see what
 * a machine without one says.
 */
static bool refused_by_test(const char *soname)
{
#ifdef LL_TEST_HOOKS
	const char *list = getenv("LIFELINE_TEST_DYNLIB_FAIL");
	size_t n = strlen(soname);

	for (const char *p = list; p && *p; p = strchr(p, ':') ? strchr(p, ':') + 1 : "")
		if (!strncmp(p, soname, n) && (p[n] == ':' || p[n] == '\0'))
			return true;
#else
	(void)soname;
#endif
	return false;
}

bool ll_dynlib_open(struct ll_dynlib *lib)
{
	const char *e;

	if (refused_by_test(lib->soname)) {
		snprintf(lib->error, sizeof(lib->error),
			 "cannot load %s: refused by LIFELINE_TEST_DYNLIB_FAIL (install %s)",
			 lib->soname, lib->package);
		return false;
	}
	/*
	 * RTLD_LOCAL: the library's own calls into its helper copies resolve
	 * in its own scope, as nothing libyal is in the global one (dynlib.h).
	 */
	if ((lib->handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL)))
		return true;
	e = dlerror();
	snprintf(lib->error, sizeof(lib->error), "cannot load %s: %s (install %s)", lib->soname,
		 e ? e : "unknown error", lib->package);
	return false;
}

void *ll_dynlib_preload(const char *soname)
{
	return refused_by_test(soname) ? NULL : dlopen(soname, RTLD_NOW | RTLD_LOCAL);
}

void ll_dynlib_sym(struct ll_dynlib *lib, const char *name, void *slot)
{
	char sym[128];
	void *addr;

	if (!lib->loaded) /* an earlier one was missing: its name stays the error */
		return;
	snprintf(sym, sizeof(sym), "%s%s", lib->prefix, name);
	if (!(addr = dlsym(lib->handle, sym))) {
		snprintf(lib->error, sizeof(lib->error), "%s lacks %s (a version too old?)",
			 lib->soname, sym);
		lib->loaded = false;
		return;
	}
	/* POSIX: a dlsym result converts to a function pointer; memcpy says so without a cast */
	memcpy(slot, &addr, sizeof(addr));
}

bool ll_dynlib_ready(struct ll_dynlib *lib, void (*load)(void))
{
	pthread_once(&lib->once, load);
	if (!lib->loaded) {
		ll_error_set(LL_EUNSUPPORTED, "%s", lib->error);
		return false;
	}
	return true;
}

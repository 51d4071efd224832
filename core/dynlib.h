/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A shared library loaded on first use and called through a table of its
 * functions, so that a process maps it only when it needs it (issue #16).
 *
 * Why: the libyal libraries (libevtx, libevt, libewf, and libtsk's own
 * libewf, libvmdk, libvhdi) each carry and export a private copy of the
 * libyal helpers (libcdata, libuna, libbfio …) of its own vintage. Linked
 * into the executable they sit in every process's global scope — the
 * process that holds the examiner's key and writes case.db included — and
 * the first copy of each helper wins for all of them. Loaded here with
 * RTLD_LOCAL, in the one worker that reads that kind of file, a library
 * binds to its own helpers and nothing else sees it.
 *
 * Use: a private header lists the library's functions in an X-macro and
 * declares the table; one .c file expands LL_DYNLIB_DEFINE:
 *
 *	#define LL_EVTX_FUNCS(X) X(file_open) X(file_close) ...
 *	#define LL_EVTX_FIELD(name) LL_DYNLIB_FIELD(libevtx_, name)
 *	struct ll_evtx_api { LL_EVTX_FUNCS(LL_EVTX_FIELD) };
 *	LL_DYNLIB_DEFINE(ll_evtx_api_get, struct ll_evtx_api, LL_EVTX_FUNCS,
 *			 "libevtx.so.1", "libevtx1", "libevtx_")
 *
 * The getter returns the table, or NULL with the thread's error set
 * (LL_EUNSUPPORTED, naming the library and the package to install).
 */
#ifndef LL_CORE_DYNLIB_H
#define LL_CORE_DYNLIB_H

#include "core/compat.h"

#include <pthread.h>
#include <stdbool.h>

struct ll_dynlib {
	const char *soname;  /* what dlopen is given: "libevtx.so.1" */
	const char *package; /* the Debian package that ships it, for the error */
	const char *prefix;  /* of every function's symbol: "libevtx_" */
	pthread_once_t once;
	void *handle;	     /* never closed: tables point into it */
	bool loaded;	     /* every function was found */
	char error[512];     /* why not, when not */
};

#define LL_DYNLIB_INIT(soname, package, prefix) \
	{ (soname), (package), (prefix), PTHREAD_ONCE_INIT, NULL, false, "" }

/* Opens lib->soname (RTLD_NOW | RTLD_LOCAL); false with lib->error set. */
bool ll_dynlib_open(struct ll_dynlib *lib);

/*
 * Opens `soname` by itself (RTLD_NOW | RTLD_LOCAL), never closed, before a
 * library whose dependencies also carry copies of it: loaded first in such
 * a group, its own calls between its functions would bind to the first
 * copy in that group instead. Returns the handle, for the caller to keep
 * (never closed), or NULL: the library that needs it then fails to load
 * and says so.
 */
void *ll_dynlib_preload(const char *soname);

/*
 * Stores the address of lib->prefix + `name` in the function pointer at
 * `slot`; the first missing one is named in lib->error (and loaded stays
 * false). Call only after ll_dynlib_open succeeded.
 */
void ll_dynlib_sym(struct ll_dynlib *lib, const char *name, void *slot);

/* The table's getter: `load` once, then the table or NULL with the error set. */
bool ll_dynlib_ready(struct ll_dynlib *lib, void (*load)(void));

/*
 * A table field typed from the library's own declaration of `prefix##name`:
 * a pointer to the function, or to the variable (then used as *t->name).
 */
#define LL_DYNLIB_FIELD(prefix, name) __typeof__(prefix##name) *name;

/*
 * Defines `const type *getter(void)` over the table `type`, whose fields are
 * FUNCS(X), loaded from `soname` on the first call (thread-safe).
 */
#define LL_DYNLIB_DEFINE(getter, type, FUNCS, soname, package, prefix) \
	static type getter##_table; \
	static struct ll_dynlib getter##_lib = LL_DYNLIB_INIT(soname, package, prefix); \
	static void getter##_load(void) \
	{ \
		struct ll_dynlib *lib_ = &getter##_lib; \
		type *t_ = &getter##_table; \
		if (!ll_dynlib_open(lib_)) \
			return; \
		lib_->loaded = true; \
		FUNCS(LL_DYNLIB_SYM_) \
	} \
	const type *getter(void) \
	{ \
		return ll_dynlib_ready(&getter##_lib, getter##_load) ? &getter##_table : NULL; \
	}
#define LL_DYNLIB_SYM_(name) ll_dynlib_sym(lib_, #name, &t_->name);

#endif

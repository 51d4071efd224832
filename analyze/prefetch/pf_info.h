/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What one Prefetch file says, whoever read it (libscca, or the header
 * alone when libscca refuses a damaged file), and the events made of it.
 */
#ifndef LL_ANALYZE_PF_INFO_H
#define LL_ANALYZE_PF_INFO_H

#include "core/compat.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LL_PF_RUNS 8	       /* last run times kept by versions 26 and 30 */
#define LL_PF_FILES_SHOWN 8   /* loaded files named in an event's message */
#define LL_PF_FILES_ATTR 64   /* loaded files kept in an event's attrs */

struct ll_pf_volume {
	char *device;	   /* "\DEVICE\HARDDISKVOLUME1", owned */
	uint32_t serial;
	uint64_t created;  /* FILETIME, 0 when unknown */
};

struct ll_pf_info {
	uint32_t version;	  /* 17, 23, 26, 30 */
	bool compressed;	  /* the file was "MAM\x04" (Windows 10) */
	bool header_only;	  /* read from the header: no files, no volumes */
	char exe[256];		  /* UTF-8 executable name */
	uint32_t hash;
	uint32_t run_count;
	uint64_t runs[LL_PF_RUNS]; /* FILETIME, most recent first; 0 = not set */
	size_t nruns;		   /* slots the version has (1 or 8) */
	size_t nfiles;		   /* files loaded, all of them */
	char **files;		   /* the first min(nfiles, LL_PF_FILES_ATTR), owned */
	size_t nkept;
	struct ll_pf_volume *vols; /* owned */
	size_t nvols;
};

void ll_pf_info_release(struct ll_pf_info *pi);

/* Keeps a copy of loaded file `name` (the first LL_PF_FILES_ATTR only); counts it always. */
int ll_pf_info_add_file(struct ll_pf_info *pi, const char *name, size_t len);

/* Adds a volume (device path copied). */
int ll_pf_info_add_volume(struct ll_pf_info *pi, const char *device, size_t len,
			  uint32_t serial, uint64_t created);

struct ll_buf;

/*
 * Run `i` (0-based) of `pi` as an event's message, attrs (a JSON object)
 * and locator "prefetch=<name>;run=<i+1>", `name` escaped so that ';', '='
 * and '%' in it cannot forge a field (%XX).
 */
int ll_pf_message(struct ll_buf *out, const struct ll_pf_info *pi, size_t i);
int ll_pf_attrs(struct ll_buf *out, const struct ll_pf_info *pi, size_t i);
int ll_pf_locator(struct ll_buf *out, const char *name, size_t i);

/* plaso's timestamp_desc: run 0 "Last Time Executed", the others "Previous Last Time Executed". */
const char *ll_pf_time_desc(size_t i);

#endif

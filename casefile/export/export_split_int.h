/* SPDX-License-Identifier: Apache-2.0 */
/* Private to export_split*.c: the state of a split export (its timelines and files). */
#ifndef LL_CASEFILE_EXPORT_SPLIT_INT_H
#define LL_CASEFILE_EXPORT_SPLIT_INT_H

#include "core/compat.h"

#include <stdio.h>

#include "casefile/export/export.h"
#include "core/buf.h"
#include "core/hash.h"

/* What a timeline is keyed by. */
enum { TAG_KEY = 1, TAG_NONE, TAG_OOR, TAG_BULK };

struct part {           /* one data file */
	char *name;     /* in the directory: "<stem>-NNNN.jsonl" */
	size_t timeline; /* index into split.tl */
	unsigned number; /* 1, 2, ... within its timeline */
	uint64_t events, bytes;
	int64_t first_ns, last_ns;
	char sha256[LL_SHA256_HEX];
};

struct timeline {
	uint8_t tag;
	char *key;       /* the host name or evidence id as stored (NUL added) */
	size_t keylen;
	char *stem;      /* its files' name stem (export_split.c make_stem) */
	bool importable; /* false for the out-of-range file */
	size_t part;     /* its current file (index into split.parts), SIZE_MAX none */
	unsigned nparts;
	uint64_t events;
	FILE *f;         /* its current file while open */
	uint64_t used;   /* when last written (least recently used is closed first) */
	struct ll_buf pending; /* lines of its current file not yet written */
};

struct split {
	const char *dir;
	const struct ll_export_split_opts *o;
	struct timeline *tl;
	size_t ntl, captl;
	size_t *slots, nslots; /* hash of the timelines' keys: index + 1, 0 empty */
	struct part *parts;
	size_t nparts, capparts;
	size_t open;
	size_t pending; /* bytes held in the timelines' pending buffers */
	uint64_t clock;
	struct ll_buf line, path;
	bool made_dir, manifest_written;
	struct ll_export_split_result res;
};

/* "<dir>/<name>", borrowed until the next call. */
const char *ll_export_split_path(struct split *s, const char *name);

/* Hashes every file and writes manifest.json (export_split_manifest.c). */
int ll_export_split_manifest(struct split *s);

#endif

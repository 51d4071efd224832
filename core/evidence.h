/* SPDX-License-Identifier: Apache-2.0 */
/* Evidence items as the case store records them (DESIGN §3): read side and ids. */
#ifndef LL_CORE_EVIDENCE_H
#define LL_CORE_EVIDENCE_H

#include "core/compat.h"

struct ll_store;

struct ll_evidence_file {
	char *path;       /* relative to the case directory */
	char *orig_path;  /* where it was collected from, may be NULL */
	char *role;       /* segment | file */
	uint64_t size;
	char sha256[65];
};

struct ll_evidence {
	char *id;
	char *kind;        /* image | file */
	char *state;       /* acquiring | incomplete | registered */
	char *format;      /* e01 | raw | split-raw | file; may be NULL */
	char *description; /* may be NULL */
	char *source;      /* may be NULL */
	int64_t media_size; /* -1 if unknown */
	char md5[33], sha1[41], sha256[65]; /* media hashes, "" if unknown */
	struct ll_evidence_file *files;
	size_t nfiles;
};

/*
 * True when a JSON record of the item must percent-escape its file names:
 * one of them is not UTF-8 (docs/formats/custody.md "Names that are not
 * UTF-8"; core/json.h ll_json_name).
 */
bool ll_evidence_names_escaped(const struct ll_evidence *ev);

/* The next free automatic id: "E1", "E2", … (free with ll_free). */
int ll_evidence_next_id(char **out, struct ll_store *st);

/* Loads one item with its files; LL_ENOTFOUND if absent. */
int ll_evidence_get(struct ll_evidence **out, struct ll_store *st, const char *id);

/*
 * Loads every item (in creation order), or only those in `ids` (nids > 0;
 * an unknown id is LL_ENOTFOUND). Free with ll_evidence_list_free.
 */
int ll_evidence_list(struct ll_evidence ***out, size_t *n, struct ll_store *st,
		     char *const *ids, size_t nids);

void ll_evidence_free(struct ll_evidence *e);
void ll_evidence_list_free(struct ll_evidence **list, size_t n);

#endif

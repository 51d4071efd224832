/* SPDX-License-Identifier: Apache-2.0 */
/* The case workspace: a directory with case.db, evidence/ and exports/ (DESIGN §1). */
#ifndef LL_CORE_CASE_H
#define LL_CORE_CASE_H

#include "core/compat.h"

struct ll_store;

struct ll_case_info {
	const char *case_id;
	const char *title;
	const char *agency;    /* may be NULL */
	const char *authority; /* legal authority: warrant, order; may be NULL */
};

struct ll_case {
	char *dir;          /* absolute path of the workspace */
	struct ll_store *store;
	char *case_id, *title, *agency, *authority;
	int64_t created_ns;
};

/*
 * Creates the workspace at `dir` (created if missing; must not already hold
 * a case or any other files).
 */
int ll_case_init(const char *dir, const struct ll_case_info *info);

/*
 * Finds the workspace like git finds a repository: `dir` if given (must hold
 * case.db), else the current directory or the nearest parent holding one.
 */
int ll_case_find(char **out_dir, const char *dir);

/* Finds and opens the case (running schema migrations). */
int ll_case_open(struct ll_case **out, const char *dir);
/*
 * Same for commands that only read: the database is opened read-only (and
 * immutable on read-only media), so a received case works where it cannot
 * be written; any write through it fails.
 */
int ll_case_open_readonly(struct ll_case **out, const char *dir);
void ll_case_free(struct ll_case *c);

/*
 * Reads the store's case record into c->case_id, title, agency, authority
 * and created_ns (the strings the caller's to free; ll_case_free does).
 * LL_ENOTFOUND, with no message, when the store holds none.
 */
int ll_case_load_record(struct ll_case *c, struct ll_store *st);

/* `<case dir>/<rel>` (free with ll_free). */
char *ll_case_path(const struct ll_case *c, const char *rel);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `lifeline validate`: the validation suite, run on this machine with the peer
 * tools as oracles (FSR-G-218 method validation; issue 18 item 3). Private to
 * cli/validate/.
 */
#ifndef LL_CLI_VALIDATE_VCHECK_H
#define LL_CLI_VALIDATE_VCHECK_H

#include "core/compat.h"

#include <jansson.h>

/* What every check shares: the temp dir, the lifeline binary, the data dir. */
struct vctx {
	const char *tmp;      /* work dir, removed at the end unless --keep */
	const char *self;     /* path of the running lifeline binary */
	const char *data;     /* --data DIR (or the installed default), may be NULL */
	const char *key_fpr;  /* the throw-away examiner key's fingerprint */
	bool progress;        /* a terminal: one line per step on stderr */
	int timeout_s;        /* per child process */
	unsigned seq;         /* for unique names in tmp */
};

/*
 * Runs argv[0] (found in PATH) with `argv`, stdin from /dev/null, stdout
 * into `out_path` (NULL: /dev/null), stderr into `err_path` (NULL: the same
 * as stdout), killed after ctx->timeout_s. Returns the exit status (0–255),
 * 128+signal when killed, or a negative LL_E* code when it could not start.
 */
int vrun(const struct vctx *c, const char *const *argv, const char *out_path,
	 const char *err_path);
/* As vrun, for the lifeline binary itself: argv[0] is replaced by ctx->self. */
int vrun_self(const struct vctx *c, const char *const *argv, const char *out_path);
/* The first line `tool -V` (or `--version`) prints, or NULL when it is not installed. */
char *vtool_version(const struct vctx *c, const char *tool);
/* Whether `tool` is an executable in PATH. */
bool vtool_present(const char *tool);
/* snprintf, for paths: a path too long to fit is cut (and then not found). */
int vfmt(char *out, size_t len, const char *fmt, ...) LL_PRINTF(3, 4);
/* tmp/<name>.<seq>, into a caller buffer. */
const char *vpath(struct vctx *c, char *buf, size_t len, const char *name);
/* A progress line on a terminal. */
void vsay(const struct vctx *c, const char *fmt, ...) LL_PRINTF(2, 3);

/*
 * A check's JSON record (docs/formats/validation.md): vcheck_new makes it
 * with status "not run"; vdata_add appends one data item with its counts and
 * adds them to the check's; vcheck_finish sets pass/fail from the counts.
 */
json_t *vcheck_new(const char *id, const char *what, const char *tool, const char *version,
		   const char *limits);
void vcheck_not_run(json_t *check, const char *reason);
int vdata_add(json_t *check, const char *name, const char *path, uint64_t compared,
	      uint64_t equal, uint64_t differing, const char *note);
void vcheck_finish(json_t *check);

/* The checks (each appends its records to `checks`). */
int vcheck_fs(struct vctx *c, json_t *checks);
int vcheck_evtx(struct vctx *c, json_t *checks);
int vcheck_sigma(struct vctx *c, json_t *checks);
int vcheck_tamper(struct vctx *c, json_t *checks);
int vcheck_e01(struct vctx *c, json_t *checks);

/* Set-up for the lifeline side: a fresh case in tmp/<name> (key made once). */
int vcase_new(struct vctx *c, char *dir, size_t len, const char *name);
/* "id" from a lifeline --json output file, into `id`. */
int vjson_id(char *id, size_t len, const char *path, const char *key);

/*
 * Compares two line files as multisets: `equal` lines found in both,
 * `differing` lines in one and not matched in the other; `compared` is the
 * larger line count. `norm` (may be NULL) rewrites each line of `a` first.
 */
int vcompare_lines(uint64_t *compared, uint64_t *equal, uint64_t *differing, const char *a,
		   const char *b, void (*norm)(char *line));

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An item's files found by hash outside the workspace (issue #20 item 1):
 * a second workspace of a case has the case's rows, not its files. Each
 * file missing from DIR/<path> is looked for where it was collected
 * (its absolute orig_path), then under each evidence root by its recorded
 * name (ROOT/<path>, then ROOT/<path without "evidence/">), and accepted
 * only when its size and SHA-256 equal the recorded ones; it is then linked
 * in at DIR/<path> (a symbolic link to the file found), where every reader
 * and the re-hash before each analysis find it.
 */
#ifndef LL_CORE_EVIDENCE_ROOTS_H
#define LL_CORE_EVIDENCE_ROOTS_H

#include "core/compat.h"

struct ll_case;
struct ll_evidence;

/*
 * Links in the missing files of `ev`. A file of the recorded name with other
 * bytes (and none with the right ones) is refused naming both SHA-256
 * (LL_EVERIFY); a root that is not a directory, a symbolic-link loop or a
 * name that is not a regular file is refused (LL_ECORRUPT), naming it. A
 * file found nowhere is left missing (the verification says so). `*linked` (may be NULL) gets the number of files linked in.
 */
int ll_evidence_locate(const struct ll_case *cs, const struct ll_evidence *ev,
		       char *const *roots, size_t nroots, size_t *linked);

#endif

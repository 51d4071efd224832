/* SPDX-License-Identifier: Apache-2.0 */
/* The harm annex: the hospital's pseudonymised files, optionally CMS-encrypted. */
#ifndef LL_CASEFILE_ANNEX_H
#define LL_CASEFILE_ANNEX_H

#include "core/compat.h"

#include <jansson.h>

/*
 * True if the file is hospital harm data: a CSV whose `schema` column reads
 * lifeline-harm/1, lifeline-disruption/1, lifeline-metric/1 or
 * lifeline-systems/1, or a JSON FHIR Bundle.
 */
bool ll_annex_is_harm_file(const char *path);

/*
 * Copies the harm files of the evidence items in `evidence` (model array)
 * from the case directory to `datadir`/harm/<item>/<name>, or, with
 * `recipient_pem` (a certificate file), writes only `datadir`/harm.tar.p7m:
 * a deterministic tar of those files in CMS AuthEnvelopedData
 * (AES-256-GCM). `items_out` gets the ids of the items used (to keep them
 * out of plaintext evidence copies); `files_out` the names written.
 */
int ll_annex_write(json_t **items_out, json_t **files_out, const char *case_dir,
		   const json_t *evidence, const char *datadir,
		   const char *recipient_pem, int64_t mtime);

/* A file name safe for the bag: [A-Za-z0-9._-], others as '_'. */
void ll_annex_safe_name(char *out, size_t outlen, const char *name);

#endif

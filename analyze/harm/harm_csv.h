/* SPDX-License-Identifier: Apache-2.0 */
/* The readers of hospital data for `analyze timeline`: CSV and FHIR Bundle. */
#ifndef LL_ANALYZE_HARM_CSV_H
#define LL_ANALYZE_HARM_CSV_H

#include "core/compat.h"

#include "analyze/source.h"

struct ll_buf;

extern const struct ll_source_kind ll_source_harm_csv;
extern const struct ll_source_kind ll_source_fhir;

/* Reads a whole (possibly gzip) file, at most 512 MiB. */
int ll_harm_read_file(struct ll_buf *out, const char *path);

/* The readers' run(): reads ctx->path whole and hands the bytes to `import`. */
int ll_harm_run(struct ll_source_ctx *ctx,
		int (*import)(struct ll_source_ctx *ctx, const char *data, size_t len));

/*
 * Imports one CSV file's bytes through ctx (its writer, case and ids).
 * Any bad row fails the whole file with "file 'x': line N: column 'c': …".
 */
int ll_harm_csv_import(struct ll_source_ctx *ctx, const char *data, size_t len);

/* Imports one FHIR R4 Bundle; errors name the JSON pointer. */
int ll_harm_fhir_import(struct ll_source_ctx *ctx, const char *data, size_t len);

#endif

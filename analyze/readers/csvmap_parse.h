/* SPDX-License-Identifier: Apache-2.0 */
/* The column mapping file, CSV record splitting and mapped time formats. */
#ifndef LL_ANALYZE_CSVMAP_PARSE_H
#define LL_ANALYZE_CSVMAP_PARSE_H

#include "core/compat.h"

#define LL_CSVMAP_MAX_MSG 8

struct ll_csvmap {
	char format[8];        /* "csv", "jsonl" or "" (from the content) */
	char delimiter;        /* CSV only; default ',' */
	char time[128];        /* column name / JSON key (dotted path) */
	char time_format[64];  /* rfc3339 | epoch | epoch_ms | epoch_us | epoch_ns | strftime-like */
	char zone[64];         /* zone of times without offset; "" = --tz, else UTC */
	char time_desc[64];    /* default "Event Logged" */
	char host[128], user[128];
	char message[LL_CSVMAP_MAX_MSG][128];
	size_t nmessage;
	char label[128];       /* free text kept with every event */
};

/* Reads a mapping file (key = value lines, '#' comments); errors name the line. */
int ll_csvmap_load(struct ll_csvmap *m, const char *path);
/*
 * A reader worker reads its --mapping from `fd` before it locks down; a
 * later ll_csvmap_load of `path` parses that text. Process-wide, once.
 */
int ll_csvmap_preload(const char *path, int fd);
int ll_csvmap_parse(struct ll_csvmap *m, const char *text, size_t len, const char *name);

/*
 * Parses a time with the mapping's format. `had_zone` tells whether the
 * text carried its own offset (else the caller applies the zone to the
 * wall-clock parts in *wall, a y/m/d/h/mi/s/ns array).
 */
int ll_csvmap_time(int64_t *ns, bool *had_zone, int64_t wall[7], const char *fmt,
		   const char *s, size_t len);

/*
 * Splits one CSV record (RFC 4180: quotes, doubled quotes) into fields; the
 * unquoted text is written to `out` (NUL-separated), field starts in
 * `fields`. Returns the number of fields, or LL_ECORRUPT for an unclosed
 * quote (the caller joins the next line and tries again).
 */
int ll_csv_split(char *out, const char **fields, size_t maxf, const char *s,
		 size_t len, char delim);

/*
 * The quote state of a record read line by line, exactly as ll_csv_split
 * reads it (a quote opens only at a field's start; "" inside is one quote),
 * so that a reader knows whether a line ends the record without splitting the
 * whole record again. Start with { .field_start = true }; `opened` is the
 * line where the quote still open began.
 */
struct ll_csv_quotes {
	bool in_quote, field_start;
	uint64_t opened;
};
void ll_csv_quotes_scan(struct ll_csv_quotes *q, const char *s, size_t n, char delim,
			uint64_t lineno);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Hospital data (shared/formats/harm-schemas.md): schemas, validation, identifying data, storage. */
#ifndef LL_ANALYZE_HARM_H
#define LL_ANALYZE_HARM_H

#include "core/compat.h"

#include <jansson.h>

struct ll_source_ctx;
struct ll_store;
struct ll_buf;

enum ll_harm_kind {
	LL_HARM_EVENTS = 0,   /* lifeline-harm/1 */
	LL_HARM_DISRUPTIONS,  /* lifeline-disruption/1 */
	LL_HARM_METRICS,      /* lifeline-metric/1 */
	LL_HARM_SYSTEMS,      /* lifeline-systems/1 */
	LL_HARM_KIND_COUNT
};

/* The kind of a schema id ("lifeline-harm/1"), or -1. */
int ll_harm_kind_from_schema(const char *schema);
const char *ll_harm_schema_id(enum ll_harm_kind k);

/*
 * Checks a header: no empty or repeated column, every required column of
 * `k` present, no column that carries identifying data. The message names
 * the column ("column 'surname': identifying data (a name) must not leave
 * the hospital").
 */
int ll_harm_check_header(enum ll_harm_kind k, char *const *names, size_t n);

/*
 * Validates one row of kind `k` (names[i] = values[i]) and returns in *out a
 * JSON object of its non-empty values, typed (integers, numbers, lists as
 * arrays, times as given). The message names the column on error.
 */
int ll_harm_validate_row(json_t **out, enum ll_harm_kind k,
			 char *const *names, char *const *values, size_t n);

/* True when `name` is a column the schema of `k` defines. */
bool ll_harm_known_column(enum ll_harm_kind k, const char *name);

/*
 * Identifying data (docs/formats/hospital-data.md). Both fold their input
 * first (full-width and other look-alike characters, accents, spaces).
 * ll_harm_pii_column: if a column name says it carries names, addresses,
 * phone numbers, e-mail addresses, birth dates, national identity or
 * record numbers (French and English synonyms, any case and separators),
 * what it carries ("a name"); else NULL. ll_harm_pii_text: the same for a
 * free-text value: e-mail addresses, NIR (key checked) and NHS numbers,
 * labelled record numbers, phone or identity numbers of 9 digits or more,
 * birth dates, postal addresses, names after civilities. The answer never
 * quotes the data.
 */
const char *ll_harm_pii_column(const char *name);
const char *ll_harm_pii_text(const char *s);

/* Life-critical disruption types (ED diversion, monitoring, lab, blood bank…). */
bool ll_harm_life_critical_type(const char *disruption_type);

/*
 * Storage. A file's rows go in through one ll_harm_batch: rows are checked
 * for ids repeated within the batch or already in the case, stored in the
 * kind's table and written as timeline events (category harm, disruption,
 * metric). `locator` is "path:line" or "path#/json/pointer".
 */
struct ll_harm_batch {
	struct ll_source_ctx *ctx;
	json_t *seen;  /* id -> locator, for duplicates within the file */
};
void ll_harm_batch_init(struct ll_harm_batch *b, struct ll_source_ctx *ctx);
void ll_harm_batch_release(struct ll_harm_batch *b);
int ll_harm_batch_add(struct ll_harm_batch *b, enum ll_harm_kind k,
		      const json_t *row, const char *locator);

/*
 * A reader's row: `row` is what ll_harm_validate_row made of the n cells
 * names/values, `where` the reader's context for its errors ("line 12").
 * With a case (ctx->cs) this is ll_harm_batch_add. In a reader worker,
 * which has no case, the cells the row kept (non-empty, in their order)
 * go as "name NUL value NUL …" to the row sink, which sends them to the
 * parent; the parent validates them again and adds the row there
 * (analyze/worker/apply_harm.c). analyze/harm/harm_batch.c.
 */
int ll_harm_batch_row(struct ll_harm_batch *b, enum ll_harm_kind k, const json_t *row,
		      char *const *names, char *const *values, size_t n,
		      const char *locator, const char *where);

typedef int (*ll_harm_row_sink_fn)(void *payload, enum ll_harm_kind k, const char *cells,
				   size_t ncells, const char *locator, const char *where);

/* Where a worker's rows go (set once by the worker, before its reader runs). */
void ll_harm_set_row_sink(ll_harm_row_sink_fn fn, void *payload);

/* Removes what the harm readers stored for an evidence item. */
int ll_harm_clear(struct ll_store *st, const char *evidence_id);

/*
 * Reading the hospital tables back (analyze/harm/harm_store.c is the only
 * code with SQL on them). Strings are NULL where the column is, ids of
 * events 0; `row` is the whole validated row as stored (NULL if it does
 * not parse), for the columns that have no table column of their own.
 */
struct ll_harm_system {
	char *hostname, *system, *site_code, *unit, *locator;
	bool life_critical;
};

struct ll_harm_disruption {
	char *id, *site_code, *unit, *type, *affected_system, *linked_asset;
	char *severity, *time_precision, *locator;
	int64_t start_ns, end_ns, event_id, end_event_id;
	json_t *row;
};

struct ll_harm_event {
	char *id, *patient, *site_code, *unit, *time_precision, *care_process;
	char *harm_level, *causality, *locator;
	int64_t start_ns, event_id;
	json_t *row;
};

/* What correlation reads: systems by host name, disruptions and harm events by id. */
struct ll_harm_data {
	struct ll_harm_system *systems;
	size_t nsystems;
	struct ll_harm_disruption *disruptions;
	size_t ndisruptions;
	struct ll_harm_event *events;
	size_t nevents;
};

int ll_harm_load(struct ll_harm_data *out, struct ll_store *st);
void ll_harm_data_release(struct ll_harm_data *d);

/*
 * Each address of the inventory's `ip_addresses` (harm-schemas.md §E) with
 * its host name, one pair per address, as validated when the row was read;
 * what movement edges resolve a source address through. Freed with
 * ll_harm_host_addrs_free.
 */
struct ll_harm_host_addr {
	char *hostname, *addr;
};
int ll_harm_host_addrs(struct ll_harm_host_addr **out, size_t *n, struct ll_store *st);
void ll_harm_host_addrs_free(struct ll_harm_host_addr *v, size_t n);

/* One series of metric rows: a metric of a unit of a site. */
struct ll_harm_metric_key {
	char *site_code, *unit, *metric;
};

struct ll_harm_metric_row {
	double value, denominator; /* denominator: 0 unless has_denominator */
	bool has_denominator;
	int64_t start_ns, end_ns;
};

/* The series that have rows, sorted by site, unit and metric. */
int ll_harm_metric_keys(struct ll_harm_metric_key **out, size_t *n, struct ll_store *st);
void ll_harm_metric_keys_free(struct ll_harm_metric_key *keys, size_t n);
/* The rows of one series whose period lies within [from, to], by start. Freed with ll_free. */
int ll_harm_metric_rows(struct ll_harm_metric_row **out, size_t *n, struct ll_store *st,
			const struct ll_harm_metric_key *key, int64_t from, int64_t to);

/* An inventory row (systems.csv) that lists an exhibit in its evidence_refs. */
struct ll_harm_host_ref {
	char *hostname; /* the row's hostname */
	char *locator;  /* "systems.csv:3" */
};

/*
 * The inventory rows whose evidence_refs name exhibit `id` (exactly), in
 * the order stored; several rows may name one host (one per system).
 * Freed with ll_harm_host_refs_free.
 */
int ll_harm_hosts_of_exhibit(struct ll_harm_host_ref **out, size_t *n, struct ll_store *st,
			     const char *id);
void ll_harm_host_refs_free(struct ll_harm_host_ref *v, size_t n);

/* HMAC-SHA256 pseudonym "P-" + 32 hex digits of `system|value` (44 bytes out). */
int ll_harm_pseudonym(char out[35], const uint8_t *key, size_t keylen,
		      const char *id_system, const char *id_value);

/*
 * `harm pseudonymize`: reads CSV `in`, replaces the identifier columns by
 * patient_pseudonym (+ pseudonym_kid), drops every identifying column, and
 * returns the new CSV text in `out`. `id_columns` are "COLUMN" or
 * "COLUMN=SYSTEM"; the first one with a value in a row gives its pseudonym.
 * `stats` (may be NULL) receives a JSON summary (rows, dropped columns).
 */
int ll_harm_pseudonymize(struct ll_buf *out, json_t **stats,
			 const char *in, size_t inlen, const uint8_t *key,
			 size_t keylen, const char *kid,
			 char *const *id_columns, size_t n_id_columns);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* Internal structures of the Sigma engine: YAML tree, compiled rule. */
#ifndef LL_ANALYZE_SIGMA_INT_H
#define LL_ANALYZE_SIGMA_INT_H

#include "core/compat.h"
#include "analyze/sigma/sigma.h"

/* --- a small YAML tree (sigma_yaml.c) --- */
enum sy_kind { SY_NULL, SY_SCALAR, SY_SEQ, SY_MAP };

struct sy_node {
	enum sy_kind kind;
	char *s;               /* scalar text (SY_SCALAR) */
	bool quoted;           /* scalar was quoted: never null */
	struct sy_node **kids; /* SY_SEQ items; SY_MAP keys and values alternate */
	size_t n;
	size_t cap;            /* kids allocated: grown by doubling (ll_sy_add_kid) */
	size_t line;
};

/* Deeper nesting than any rule needs; bounds the stack a hostile file can use. */
#define LL_SY_MAX_DEPTH 64

/*
 * Parses one YAML document; more than one is LL_EUNSUPPORTED. The nodes
 * come in the order of the text: a tree walked depth first, keys before
 * their values, meets them in the order libyaml reported them.
 */
int ll_sy_parse(struct sy_node **out, const char *text, size_t len);
void ll_sy_free(struct sy_node *n);
/* A node without children or text (NULL when out of memory); for trees rebuilt from frames. */
struct sy_node *ll_sy_node_new(enum sy_kind kind, size_t line);
/* Appends `k` to `p`'s children; on failure (LL_ENOMEM) `k` is still the caller's. */
int ll_sy_add_kid(struct sy_node *p, struct sy_node *k);
/* Value of `key` in a map, or NULL. */
const struct sy_node *ll_sy_get(const struct sy_node *map, const char *key);
/* Scalar text of `key`, or NULL. */
const char *ll_sy_str(const struct sy_node *map, const char *key);

/* --- compiled patterns (sigma_value.c) --- */
enum sg_pkind {
	SG_EQ, SG_CONTAINS, SG_PREFIX, SG_SUFFIX, SG_GLOB, SG_RE, SG_CIDR,
	SG_LT, SG_LTE, SG_GT, SG_GTE, SG_FIELDREF, SG_EMPTY,
};

struct sg_pat {
	enum sg_pkind kind;
	bool cased;        /* compare against the original, not the folded copy */
	char *s;           /* literal (folded unless cased) */
	size_t len;
	uint8_t *wild;     /* SG_GLOB: per byte 0 literal, 1 '*', 2 '?' */
	void *re;          /* pcre2_code */
	int family;        /* SG_CIDR: 4 or 6 */
	uint8_t addr[16];
	unsigned bits;
	double num;
};

/* One `field|modifiers: values` item. */
struct sg_item {
	char *field;       /* NULL: keywords, searched in every field */
	char *alias;       /* name in Security 4688 (process_creation), or NULL */
	uint32_t hfield, halias;
	struct sg_pat *pats;
	size_t npats;
	bool all;          /* every value must match (|all) */
	bool exists;       /* |exists: test presence only */
	bool want;         /* |exists value */
	bool is_null;      /* `field: null`: absent or empty */
};

/* A selection: OR of groups, each an AND of items. */
struct sg_group {
	struct sg_item *items;
	size_t n;
};

struct sg_sel {
	char *name;
	struct sg_group *groups;
	size_t n;
};

/* Condition tree (sigma_cond.c). */
enum sg_ckind { SC_SEL, SC_NOT, SC_AND, SC_OR, SC_ONE_OF, SC_ALL_OF };

struct sg_cond {
	enum sg_ckind kind;
	struct sg_cond *a, *b;  /* NOT: a; AND/OR: a, b */
	size_t *sels;           /* SEL: sels[0]; ONE_OF/ALL_OF: the set */
	size_t nsels;
};

/* One channel the logsource admits, with its event ids (none = any). */
struct sg_source {
	const char *channel;    /* NULL: any channel */
	int64_t ids[4];
	size_t nids;
	const char *event_type; /* Sysmon registry EventType prefix, or NULL */
	bool is4688;
};

struct ll_sigma_rule {
	struct ll_sigma_meta meta;
	char *strs[11];         /* owned metadata strings */
	struct sg_source src[8];
	size_t nsrc;
	bool any_source;        /* product windows without category/service */
	bool proc_creation;
	struct sg_sel *sels;
	size_t nsels;
	struct sg_cond *cond;
	struct ll_sigma_corr *corr; /* a correlation rule (sigma_corr.c): no logsource, no detection */
};

/* sigma_corr.c: the `correlation:` section of `root` into r->corr. */
int ll_sg_corr_build(struct ll_sigma_rule *r, char *why, size_t whylen,
		     const struct sy_node *root);
void ll_sg_corr_free(struct ll_sigma_corr *c);

/* sigma_value.c: compiles `values` under `mods` into `it`. */
int ll_sg_item_compile(struct sg_item *it, char *why, size_t whylen,
		       const char *key, const struct sy_node *values);
void ll_sg_item_release(struct sg_item *it);

/* sigma_cond.c */
int ll_sg_cond_compile(struct sg_cond **out, char *why, size_t whylen,
		       const char *text, const struct sg_sel *sels, size_t nsels);
void ll_sg_cond_free(struct sg_cond *c);

/* sigma_logsource.c: fills r->src from the logsource map. */
int ll_sg_logsource(struct ll_sigma_rule *r, char *why, size_t whylen,
		    const struct sy_node *ls);
/* Security 4688 name of a Sysmon process_creation field, or NULL. */
const char *ll_sg_alias_4688(const char *field);

/* sigma_match.c */
bool ll_sg_item_match(const struct sg_item *it, struct ll_sigma_event *ev);

/* Sets `why` and the thread error; returns `code`. */
int ll_sg_fail(char *why, size_t whylen, int code, const char *reason,
	       const char *fmt, ...) LL_PRINTF(5, 6);

#endif

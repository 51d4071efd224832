/* SPDX-License-Identifier: Apache-2.0 */
/* A small YAML tree built from libyaml's event stream, for Sigma rules. */
#include "core/compat.h"
#include "analyze/sigma/sigma_int.h"

#include <string.h>

#include <yaml.h>

#include "core/alloc.h"
#include "core/error.h"

void ll_sy_free(struct sy_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		ll_sy_free(n->kids[i]);
	ll_free(n->kids);
	ll_free(n->s);
	ll_free(n);
}

int ll_sy_add_kid(struct sy_node *p, struct sy_node *k)
{
	if (p->n == p->cap) {
		/* doubling: a sequence of a million items must not cost a million copies */
		size_t cap = p->cap ? p->cap * 2 : 4;
		struct sy_node **nk = ll_reallocarray(p->kids, cap, sizeof(*nk));

		if (!nk)
			return ll_error_set(LL_ENOMEM, "out of memory");
		p->kids = nk;
		p->cap = cap;
	}
	p->kids[p->n++] = k;
	return 0;
}

struct sy_node *ll_sy_node_new(enum sy_kind kind, size_t line)
{
	struct sy_node *n = ll_calloc(1, sizeof(*n));

	if (n) {
		n->kind = kind;
		n->line = line;
	}
	return n;
}

/* A plain `null`, `~` or empty scalar is YAML null; a quoted one is text. */
static bool plain_null(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") ||
	       !strcmp(v, "Null") || !strcmp(v, "NULL");
}

int ll_sy_parse(struct sy_node **out, const char *text, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct sy_node *stack[LL_SY_MAX_DEPTH + 1];
	struct sy_node *root = NULL;
	size_t depth = 0, docs = 0;
	int rc = 0, done = 0;

	*out = NULL;
	if (!yaml_parser_initialize(&p))
		return ll_error_set(LL_ENOMEM, "out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (!done) {
		struct sy_node *n = NULL;
		size_t line;

		if (!yaml_parser_parse(&p, &ev)) {
			rc = ll_error_set(LL_ECORRUPT, "YAML line %zu column %zu: %s",
					  (size_t)p.problem_mark.line + 1,
					  (size_t)p.problem_mark.column + 1,
					  p.problem ? p.problem : "syntax error");
			break;
		}
		line = (size_t)ev.start_mark.line + 1;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1)
				rc = ll_error_set(LL_EUNSUPPORTED,
						  "line %zu: more than one YAML document", line);
			break;
		case YAML_ALIAS_EVENT:
			rc = ll_error_set(LL_EUNSUPPORTED, "line %zu: YAML alias", line);
			break;
		case YAML_SCALAR_EVENT:
			n = ll_sy_node_new(plain_null(&ev) ? SY_NULL : SY_SCALAR, line);
			if (n && !(n->s = ll_strndup((const char *)ev.data.scalar.value,
						     ev.data.scalar.length))) {
				ll_free(n);
				n = NULL;
			}
			if (n)
				n->quoted = ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			n = ll_sy_node_new(ev.type == YAML_SEQUENCE_START_EVENT ? SY_SEQ : SY_MAP, line);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth > 0)
				depth--;
			break;
		default:
			break;
		}
		if (rc == 0 && (ev.type == YAML_SCALAR_EVENT ||
				ev.type == YAML_SEQUENCE_START_EVENT ||
				ev.type == YAML_MAPPING_START_EVENT)) {
			if (!n) {
				rc = ll_error_set(LL_ENOMEM, "out of memory");
			} else if (depth == 0) {
				if (root) {
					ll_sy_free(n);
					rc = ll_error_set(LL_ECORRUPT, "line %zu: second root node", line);
				} else {
					root = n;
				}
			} else if ((rc = ll_sy_add_kid(stack[depth - 1], n)) < 0) {
				ll_sy_free(n);
			}
			if (rc == 0 && n->kind >= SY_SEQ) {
				if (depth >= LL_SY_MAX_DEPTH)
					rc = ll_error_set(LL_EUNSUPPORTED,
							  "line %zu: nesting deeper than %d",
							  line, LL_SY_MAX_DEPTH);
				else
					stack[depth++] = n;
			}
		} else if (n) {
			ll_sy_free(n);
		}
		yaml_event_delete(&ev);
		if (rc < 0)
			break;
	}
	yaml_parser_delete(&p);
	if (rc == 0 && !root)
		rc = ll_error_set(LL_ECORRUPT, "empty YAML document");
	if (rc < 0) {
		ll_sy_free(root);
		return rc;
	}
	*out = root;
	return 0;
}

const struct sy_node *ll_sy_get(const struct sy_node *map, const char *key)
{
	if (!map || map->kind != SY_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->n; i += 2)
		if (map->kids[i]->s && !strcmp(map->kids[i]->s, key))
			return map->kids[i + 1];
	return NULL;
}

const char *ll_sy_str(const struct sy_node *map, const char *key)
{
	const struct sy_node *v = ll_sy_get(map, key);

	return v && v->kind == SY_SCALAR ? v->s : NULL;
}

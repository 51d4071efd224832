/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A small, lenient XML reader for the one shape libevtx renders (Event /
 * System / EventData | UserData). It needs no external parser because
 * libevtx's output is not always well-formed (raw control bytes occur in
 * real files), and it never trusts a length from the input.
 */
#include "core/compat.h"
#include "analyze/winlog/evtx_xml.h"

#include "core/alloc.h"
#include "core/error.h"

#define MAX_DEPTH 64
#define MAX_FIELDS 1024
#define NAME_SLOT 24 /* bytes per generated field name ("Data123", "X_2") */

struct node {
	int parent;
	uint32_t name_off, name_len;
	uint32_t text_off, text_len;
	uint32_t first_attr, nattr;
	uint32_t nchild;
	bool has_text, text_raw;
};

struct attr {
	uint32_t name_off, name_len, val_off, val_len;
};

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_name_end(char c)
{
	return is_ws(c) || c == '/' || c == '>' || c == '=' || c == '\0';
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *q;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 64;
	while (ncap < need)
		ncap *= 2;
	if (!(q = ll_reallocarray(*p, ncap, elem)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	*p = q;
	*cap = ncap;
	return 0;
}

static const char *find(const char *a, size_t from, size_t n, const char *pat)
{
	size_t pl = strlen(pat);

	for (size_t i = from; i + pl <= n; i++)
		if (a[i] == pat[0] && memcmp(a + i, pat, pl) == 0)
			return a + i;
	return NULL;
}

static void put_utf8(char *out, size_t *o, uint32_t cp)
{
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		out[(*o)++] = (char)cp;
	} else if (cp < 0x800) {
		out[(*o)++] = (char)(0xc0 | (cp >> 6));
		out[(*o)++] = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		out[(*o)++] = (char)(0xe0 | (cp >> 12));
		out[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[(*o)++] = (char)(0x80 | (cp & 0x3f));
	} else {
		out[(*o)++] = (char)(0xf0 | (cp >> 18));
		out[(*o)++] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[(*o)++] = (char)(0x80 | (cp & 0x3f));
	}
}

/* Decodes entities in place; the result is never longer. Returns the new length. */
static size_t decode(char *s, size_t len)
{
	size_t i = 0, o = 0;

	while (i < len) {
		if (s[i] == '&') {
			const char *semi = memchr(s + i, ';', len - i < 12 ? len - i : 12);
			size_t el = semi ? (size_t)(semi - (s + i)) + 1 : 0;

			if (el == 4 && !memcmp(s + i, "&lt;", 4)) {
				s[o++] = '<';
			} else if (el == 4 && !memcmp(s + i, "&gt;", 4)) {
				s[o++] = '>';
			} else if (el == 5 && !memcmp(s + i, "&amp;", 5)) {
				s[o++] = '&';
			} else if (el == 6 && !memcmp(s + i, "&quot;", 6)) {
				s[o++] = '"';
			} else if (el == 6 && !memcmp(s + i, "&apos;", 6)) {
				s[o++] = '\'';
			} else if (el >= 4 && s[i + 1] == '#') {
				bool hex = s[i + 2] == 'x' || s[i + 2] == 'X';
				size_t k = i + (hex ? 3 : 2);
				uint32_t cp = 0;
				bool ok = k < i + el - 1;

				for (; ok && k < i + el - 1; k++) {
					char c = s[k];
					unsigned v;

					if (c >= '0' && c <= '9')
						v = (unsigned)(c - '0');
					else if (hex && c >= 'a' && c <= 'f')
						v = (unsigned)(c - 'a' + 10);
					else if (hex && c >= 'A' && c <= 'F')
						v = (unsigned)(c - 'A' + 10);
					else {
						ok = false;
						break;
					}
					cp = cp * (hex ? 16 : 10) + v;
					if (cp > 0x10ffff)
						cp = 0x110000; /* stays invalid */
				}
				if (!ok) {
					s[o++] = s[i++];
					continue;
				}
				put_utf8(s, &o, cp);
			} else {
				s[o++] = s[i++];
				continue;
			}
			i += el;
			continue;
		}
		s[o++] = s[i++];
	}
	return o;
}

static void reset(struct ll_evtx_doc *d)
{
	char *arena = d->arena;
	size_t ac = d->arena_cap, fc = d->fields_cap, nc = d->nodes_cap, atc = d->attrs_cap;
	struct ll_evtx_field *f = d->fields;
	void *nodes = d->nodes, *attrs = d->attrs;

	memset(d, 0, sizeof(*d));
	d->arena = arena;
	d->arena_cap = ac;
	d->fields = f;
	d->fields_cap = fc;
	d->nodes = nodes;
	d->nodes_cap = nc;
	d->attrs = attrs;
	d->attrs_cap = atc;
}

static const char *local(const char *name)
{
	const char *c = strchr(name, ':');

	return c ? c + 1 : name;
}

static const char *nname(const struct ll_evtx_doc *d, const struct node *n)
{
	return local(d->arena + n->name_off);
}

static const char *attr_of(const struct ll_evtx_doc *d, const struct node *n,
			   const char *name)
{
	const struct attr *a = d->attrs;

	for (uint32_t i = 0; i < n->nattr; i++)
		if (!strcmp(local(d->arena + a[n->first_attr + i].name_off), name))
			return d->arena + a[n->first_attr + i].val_off;
	return NULL;
}

static const char *text_of(const struct ll_evtx_doc *d, const struct node *n)
{
	return n->has_text ? d->arena + n->text_off : "";
}

/* The open elements, innermost last. */
struct open_tags {
	int idx[MAX_DEPTH];
	int depth;
};

static int malformed(size_t pos)
{
	return ll_error_set(LL_ECORRUPT, "malformed event XML at byte %zu", pos);
}

/* Text of the innermost open element: its first run only, and only if it has no child. */
static void set_text(struct ll_evtx_doc *d, const struct open_tags *st, size_t off,
		     size_t len, bool raw)
{
	struct node *nd;

	if (st->depth == 0)
		return;
	nd = (struct node *)d->nodes + st->idx[st->depth - 1];
	if (!nd->has_text && nd->nchild == 0) {
		nd->has_text = true;
		nd->text_raw = raw;
		nd->text_off = (uint32_t)off;
		nd->text_len = (uint32_t)len;
	}
}

/* One name="value" at *pos of the start tag of node `idx`. */
static int attribute(struct ll_evtx_doc *d, size_t n, size_t *posp, int idx, size_t *nattrs)
{
	const char *a = d->arena;
	size_t pos = *posp, as, ae, vs;
	const char *q;
	struct node *nd;
	int rc;

	as = pos;
	while (pos < n && !is_name_end(a[pos]))
		pos++;
	ae = pos;
	while (pos < n && is_ws(a[pos]))
		pos++;
	if (ae == as || pos + 1 >= n || a[pos] != '=')
		return malformed(pos);
	pos++;
	while (pos < n && is_ws(a[pos]))
		pos++;
	if (pos >= n || (a[pos] != '"' && a[pos] != '\''))
		return malformed(pos);
	vs = pos + 1;
	if (!(q = memchr(a + vs, a[pos], n - vs)))
		return malformed(pos);
	pos = (size_t)(q - a) + 1;
	*posp = pos;
	if ((rc = grow(&d->attrs, &d->attrs_cap, *nattrs + 1, sizeof(struct attr))) < 0)
		return rc;
	nd = (struct node *)d->nodes + idx;
	((struct attr *)d->attrs)[*nattrs] = (struct attr){
		(uint32_t)as, (uint32_t)(ae - as), (uint32_t)vs,
		(uint32_t)((size_t)(q - a) - vs) };
	(*nattrs)++;
	nd->nattr++;
	return 0;
}

/* A start tag at *pos: a new node, its attributes, and open unless it is empty ("/>"). */
static int start_tag(struct ll_evtx_doc *d, size_t n, size_t *posp, struct open_tags *st,
		     size_t *nnodes, size_t *nattrs)
{
	const char *a = d->arena;
	size_t pos = *posp, s = pos + 1, e = s;
	struct node *nd;
	int idx, rc;

	while (e < n && !is_name_end(a[e]))
		e++;
	if (e == s || st->depth >= MAX_DEPTH || n > UINT32_MAX)
		return malformed(pos);
	if ((rc = grow(&d->nodes, &d->nodes_cap, *nnodes + 1, sizeof(struct node))) < 0)
		return rc;
	idx = (int)(*nnodes)++;
	nd = (struct node *)d->nodes + idx;
	memset(nd, 0, sizeof(*nd));
	nd->parent = st->depth ? st->idx[st->depth - 1] : -1;
	if (st->depth)
		((struct node *)d->nodes)[st->idx[st->depth - 1]].nchild++;
	nd->name_off = (uint32_t)s;
	nd->name_len = (uint32_t)(e - s);
	nd->first_attr = (uint32_t)*nattrs;
	pos = e;
	for (;;) {
		while (pos < n && is_ws(a[pos]))
			pos++;
		if (pos >= n)
			return malformed(pos);
		if (a[pos] == '>') {
			*posp = pos + 1;
			st->idx[st->depth++] = idx;
			return 0;
		}
		if (a[pos] == '/') {
			if (pos + 1 >= n || a[pos + 1] != '>')
				return malformed(pos);
			*posp = pos + 2;
			return 0;
		}
		if ((rc = attribute(d, n, &pos, idx, nattrs)) < 0)
			return rc;
	}
}

/* An end tag at *pos: it must close the innermost open element. */
static int end_tag(const struct ll_evtx_doc *d, size_t n, size_t *posp, struct open_tags *st)
{
	const char *a = d->arena;
	size_t pos = *posp, s = pos + 2, e = s;
	const struct node *nd;
	const char *gt;

	while (e < n && !is_name_end(a[e]))
		e++;
	gt = memchr(a + e, '>', n - e);
	if (!gt || st->depth == 0)
		return malformed(pos);
	nd = (const struct node *)d->nodes + st->idx[st->depth - 1];
	if (nd->name_len != e - s || memcmp(a + nd->name_off, a + s, e - s))
		return malformed(pos);
	st->depth--;
	*posp = (size_t)(gt - a) + 1;
	return 0;
}

/* Skips from `pos` past `end` (a declaration, comment, DOCTYPE…). */
static int skip_past(const char *a, size_t pos, size_t from, size_t n, const char *end,
		     size_t *posp)
{
	const char *e = find(a, from, n, end);

	if (!e)
		return malformed(pos);
	*posp = (size_t)(e - a) + strlen(end);
	return 0;
}

/* Scans the markup into nodes and attributes; spans are terminated afterwards. */
static int scan(struct ll_evtx_doc *d, size_t n, size_t *nnodes, size_t *nattrs)
{
	char *a = d->arena;
	struct open_tags st = { .depth = 0 };
	size_t pos = 0;
	int rc;

	*nnodes = *nattrs = 0;
	while (pos < n) {
		if (a[pos] != '<') {
			size_t start = pos;
			const char *lt = memchr(a + pos, '<', n - pos);

			pos = lt ? (size_t)(lt - a) : n;
			set_text(d, &st, start, pos - start, false);
			continue;
		}
		if (pos + 1 < n && a[pos + 1] == '?')
			rc = skip_past(a, pos, pos, n, "?>", &pos);
		else if (pos + 3 < n && !memcmp(a + pos, "<!--", 4))
			rc = skip_past(a, pos, pos + 4, n, "-->", &pos);
		else if (pos + 8 < n && !memcmp(a + pos, "<![CDATA[", 9)) {
			const char *e = find(a, pos + 9, n, "]]>");

			if (!e)
				return malformed(pos);
			set_text(d, &st, pos + 9, (size_t)(e - a) - pos - 9, true);
			pos = (size_t)(e - a) + 3;
			rc = 0;
		} else if (pos + 1 < n && a[pos + 1] == '!') {
			const char *e = memchr(a + pos, '>', n - pos);

			if (!e)
				return malformed(pos);
			pos = (size_t)(e - a) + 1;
			rc = 0;
		} else if (pos + 1 < n && a[pos + 1] == '/') {
			rc = end_tag(d, n, &pos, &st);
		} else {
			rc = start_tag(d, n, &pos, &st, nnodes, nattrs);
		}
		if (rc < 0)
			return rc;
	}
	if (st.depth != 0 || *nnodes == 0)
		return malformed(n);
	return 0;
}

static bool has_field(const struct ll_evtx_doc *d, const char *name)
{
	for (size_t i = 0; i < d->nfields; i++)
		if (!strcmp(d->fields[i].name, name))
			return true;
	return false;
}

static int add_field(struct ll_evtx_doc *d, const char *name, const char *value,
		     char **names, size_t *left)
{
	const char *use = name;
	int rc;

	if (d->nfields >= MAX_FIELDS)
		return 0;
	/* duplicate names (UserData) get a suffix "_2", "_3"… so none is lost */
	for (unsigned k = 2; has_field(d, use); k++) {
		int w;

		if (k > 99 || *left < NAME_SLOT)
			return 0;
		w = snprintf(*names, NAME_SLOT, "%s_%u", name, k);
		if (w < 0 || w >= NAME_SLOT)
			return 0;
		use = *names;
	}
	if (use == *names) {
		*names += NAME_SLOT;
		*left -= NAME_SLOT;
	}
	if ((rc = grow((void **)&d->fields, &d->fields_cap, d->nfields + 1,
		       sizeof(*d->fields))) < 0)
		return rc;
	d->fields[d->nfields].name = use;
	d->fields[d->nfields].value = value;
	d->fields[d->nfields].vlen = strlen(value);
	d->nfields++;
	return 0;
}

static int collect_leaves(struct ll_evtx_doc *d, size_t nnodes, int root,
			  char **names, size_t *left)
{
	const struct node *nodes = d->nodes;
	int rc;

	for (size_t i = (size_t)root + 1; i < nnodes; i++) {
		int p = nodes[i].parent;
		bool under = false;

		while (p >= 0 && !under) {
			under = p == root;
			p = nodes[p].parent;
		}
		if (!under)
			break; /* nodes are in document order: the subtree ended */
		if (nodes[i].nchild)
			continue;
		{
			const char *nm = nname(d, &nodes[i]);
			const char *an = attr_of(d, &nodes[i], "Name");

			if (!strcmp(nm, "Data") && an && *an)
				nm = an;
			if ((rc = add_field(d, nm, text_of(d, &nodes[i]), names, left)) < 0)
				return rc;
		}
	}
	return 0;
}

int ll_evtx_xml_parse(struct ll_evtx_doc *d, const char *xml, size_t len)
{
	size_t nnodes, nattrs, tags = 0, need, left;
	struct node *nodes;
	struct attr *attrs;
	char *names;
	int rc, sys = -1, data = -1, udata = -1;

	reset(d);
	for (const char *p = xml; (p = memchr(p, '<', len - (size_t)(p - xml))); p++)
		tags++;
	if (len > UINT32_MAX / 2 || tags > (SIZE_MAX - len) / NAME_SLOT - 2)
		return ll_error_set(LL_ECORRUPT, "event XML too large");
	need = len + 1 + (tags + 1) * NAME_SLOT;
	if ((rc = grow((void **)&d->arena, &d->arena_cap, need, 1)) < 0)
		return rc;
	memcpy(d->arena, xml, len);
	d->arena[len] = '\0';
	names = d->arena + len + 1;
	left = (tags + 1) * NAME_SLOT;
	if ((rc = scan(d, len, &nnodes, &nattrs)) < 0) {
		reset(d);
		return rc;
	}
	nodes = d->nodes;
	attrs = d->attrs;
	/* terminate every span; each is followed by a separator already read */
	for (size_t i = 0; i < nnodes; i++) {
		d->arena[nodes[i].name_off + nodes[i].name_len] = '\0';
		if (nodes[i].has_text) {
			size_t l = nodes[i].text_len;

			if (!nodes[i].text_raw)
				l = decode(d->arena + nodes[i].text_off, l);
			d->arena[nodes[i].text_off + l] = '\0';
		}
	}
	for (size_t i = 0; i < nattrs; i++) {
		d->arena[attrs[i].name_off + attrs[i].name_len] = '\0';
		d->arena[attrs[i].val_off + decode(d->arena + attrs[i].val_off, attrs[i].val_len)] = '\0';
	}
	if (strcmp(nname(d, &nodes[0]), "Event") != 0) {
		reset(d);
		return ll_error_set(LL_ECORRUPT, "event XML has no <Event> root");
	}
	for (size_t i = 1; i < nnodes; i++) {
		const char *nm;

		if (nodes[i].parent != 0)
			continue;
		nm = nname(d, &nodes[i]);
		if (!strcmp(nm, "System") && sys < 0)
			sys = (int)i;
		else if (!strcmp(nm, "EventData") && data < 0)
			data = (int)i;
		else if (!strcmp(nm, "UserData") && udata < 0)
			udata = (int)i;
	}
	for (size_t i = (size_t)(sys < 0 ? (int)nnodes : sys + 1); i < nnodes; i++) {
		const struct node *n = &nodes[i];
		const char *nm;

		if (n->parent != sys)
			continue;
		nm = nname(d, n);
		if (!strcmp(nm, "Provider")) {
			d->provider = attr_of(d, n, "Name");
			if (!d->provider)
				d->provider = attr_of(d, n, "EventSourceName");
			d->provider_guid = attr_of(d, n, "Guid");
		} else if (!strcmp(nm, "EventID")) {
			d->event_id = text_of(d, n);
			d->qualifiers = attr_of(d, n, "Qualifiers");
		} else if (!strcmp(nm, "Version")) {
			d->version = text_of(d, n);
		} else if (!strcmp(nm, "Level")) {
			d->level = text_of(d, n);
		} else if (!strcmp(nm, "Task")) {
			d->task = text_of(d, n);
		} else if (!strcmp(nm, "Opcode")) {
			d->opcode = text_of(d, n);
		} else if (!strcmp(nm, "Keywords")) {
			d->keywords = text_of(d, n);
		} else if (!strcmp(nm, "TimeCreated")) {
			d->time_created = attr_of(d, n, "SystemTime");
		} else if (!strcmp(nm, "EventRecordID")) {
			d->record_id = text_of(d, n);
		} else if (!strcmp(nm, "Execution")) {
			d->process_id = attr_of(d, n, "ProcessID");
			d->thread_id = attr_of(d, n, "ThreadID");
		} else if (!strcmp(nm, "Channel")) {
			d->channel = text_of(d, n);
		} else if (!strcmp(nm, "Computer")) {
			d->computer = text_of(d, n);
		} else if (!strcmp(nm, "Security")) {
			d->user_sid = attr_of(d, n, "UserID");
		}
	}
	if (data >= 0) {
		size_t unnamed = 0, k = 0;

		for (size_t i = (size_t)data + 1; i < nnodes; i++) {
			const char *an;

			if (nodes[i].parent != data)
				continue;
			an = attr_of(d, &nodes[i], "Name");
			if (!strcmp(nname(d, &nodes[i]), "Data") && (!an || !*an))
				unnamed++;
		}
		for (size_t i = (size_t)data + 1; i < nnodes; i++) {
			const char *nm, *an;

			if (nodes[i].parent != data)
				continue;
			nm = nname(d, &nodes[i]);
			an = attr_of(d, &nodes[i], "Name");
			if (!strcmp(nm, "Data")) {
				if (an && *an) {
					nm = an;
				} else if (unnamed > 1) {
					if (left < NAME_SLOT)
						continue;
					snprintf(names, NAME_SLOT, "Data%zu", ++k);
					nm = names;
					names += NAME_SLOT;
					left -= NAME_SLOT;
				}
			} else if (nodes[i].nchild) {
				continue;
			}
			if ((rc = add_field(d, nm, text_of(d, &nodes[i]), &names, &left)) < 0)
				return rc;
		}
	}
	if (udata >= 0) {
		d->user_data = true;
		if ((rc = collect_leaves(d, nnodes, udata, &names, &left)) < 0)
			return rc;
	}
	return 0;
}

void ll_evtx_doc_release(struct ll_evtx_doc *d)
{
	ll_free(d->arena);
	ll_free(d->fields);
	ll_free(d->nodes);
	ll_free(d->attrs);
	memset(d, 0, sizeof(*d));
}

const char *ll_evtx_doc_get(const struct ll_evtx_doc *d, const char *name)
{
	for (size_t i = 0; i < d->nfields; i++)
		if (!strcmp(d->fields[i].name, name))
			return d->fields[i].value;
	return NULL;
}

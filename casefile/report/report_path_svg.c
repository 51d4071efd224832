/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One attack path as a graph: hosts (and the external actor) as boxes in the
 * order the path reaches them, each movement edge or command as an arrow
 * labelled with its kind, first time and count, each host's findings listed
 * under it. Drawn with plain SVG shapes (no markers, no scripts, no fonts to
 * fetch) so Chromium, WeasyPrint and the PDF show the same picture.
 */
#include "core/compat.h"
#include "casefile/report/report_path.h"

#include <string.h>

#include "analyze/correlate/attack_path.h"
#include "analyze/movement/movement.h"
#include "casefile/report/out.h"
#include "core/buf.h"
#include "core/time.h"

#define W 1000
#define MAX_NODES 10
#define MAX_PAIRS 24
#define MAX_FINDINGS 6
#define BOX_H 38

struct pair {
	size_t a, b;          /* node indexes */
	char kind[48];        /* the first edge's kind */
	int64_t first;        /* its time */
	size_t n;             /* edges between a and b */
};

struct graph {
	int row_y;             /* top of the boxes: room above for arcs between distant hosts */
	const char *node[MAX_NODES];
	size_t nnodes, more_nodes;
	struct pair pair[MAX_PAIRS];
	size_t npairs, more_pairs;
};

static size_t node_of(struct graph *g, const char *name)
{
	for (size_t i = 0; i < g->nnodes; i++)
		if (!strcmp(g->node[i], name))
			return i;
	if (g->nnodes == MAX_NODES) {
		g->more_nodes++;
		return SIZE_MAX;
	}
	g->node[g->nnodes] = name;
	return g->nnodes++;
}

static void add_edge(struct graph *g, const struct ll_attack_step *s)
{
	size_t a = node_of(g, s->from), b = node_of(g, s->to);

	if (a == SIZE_MAX || b == SIZE_MAX)
		return;
	for (size_t i = 0; i < g->npairs; i++)
		if (g->pair[i].a == a && g->pair[i].b == b) {
			g->pair[i].n++;
			return;
		}
	if (g->npairs == MAX_PAIRS) {
		g->more_pairs++;
		return;
	}
	g->pair[g->npairs] = (struct pair){ .a = a, .b = b, .first = s->time_ns, .n = 1 };
	snprintf(g->pair[g->npairs].kind, sizeof(g->pair[0].kind), "%s",
		 s->edge_kind ? s->edge_kind : "edge");
	g->npairs++;
}

/* "11-02 22:31": month, day, hour and minute in UTC, for a label under 16 characters. */
static void short_time(char out[16], int64_t ns)
{
	char t[48];

	ll_time_format(t, sizeof(t), ns, 0);
	snprintf(out, 16, "%.5s %.5s", t + 5, t + 11);
}

static double box_x(const struct graph *g, size_t i, double *w)
{
	double col = (double)(W - 40) / (double)g->nnodes;

	*w = col * 0.55 < 200 ? col * 0.55 : 200;
	return 20 + col * (double)i + (col - *w) / 2;
}

static void draw_pair(struct ll_out *o, const struct graph *g, const struct pair *p, size_t k)
{
	double wa, wb, xa = box_x(g, p->a, &wa), xb = box_x(g, p->b, &wb);
	char t[16], label[96];
	double x1, x2, y, lx, ly;

	const struct ll_movement_kind_fr *fr = o->lang == LL_LANG_FR ? ll_movement_kind_fr(p->kind) : NULL;
	const char *kind = fr ? fr->label : p->kind; /* the stored code in English (movement.h) */

	short_time(t, p->first);
	if (p->n > 1)
		snprintf(label, sizeof(label), LL_TXT(o->lang, "%s \xc3\x97%zu, first %s", "%s \xc3\x97%zu, 1er %s"),
			 kind, p->n, t);
	else
		snprintf(label, sizeof(label), "%s %s", kind, t);
	if (p->b == p->a + 1) {
		/* neighbours: a straight arrow between the boxes, its label above it */
		x1 = xa + wa;
		x2 = xb;
		y = g->row_y + BOX_H / 2.0;
		ll_out_printf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b2182b\" stroke-width=\"2\"/>\n",
			      x1, y, x2 - 8, y);
		ll_out_printf(o, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"#b2182b\"/>\n",
			      x2, y, x2 - 9, y - 5, x2 - 9, y + 5);
		lx = (x1 + x2) / 2;
		ly = y - 8 - (double)(k % 2) * 12;
	} else {
		/* any other pair: an arc above the row, higher for each further pair */
		double h = 20 + (double)(k % 4) * 14;

		x1 = xa + wa / 2;
		x2 = xb + wb / 2;
		y = g->row_y;
		ll_out_printf(o, "<path d=\"M %.1f %.1f Q %.1f %.1f %.1f %.1f\" fill=\"none\" stroke=\"#b2182b\" stroke-width=\"1.5\"/>\n",
			      x1, y, (x1 + x2) / 2, y - 2 * h, x2, y - 2);
		ll_out_printf(o, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"#b2182b\"/>\n",
			      x2, y, x2 - 5, y - 9, x2 + 5, y - 9);
		lx = (x1 + x2) / 2;
		ly = y - h - 4;
	}
	ll_out_printf(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" fill=\"#222\">", lx, ly);
	ll_out_text_max(o, label, 40);
	ll_out_puts(o, "</text>\n");
}

static void draw_node(struct ll_out *o, const struct graph *g, size_t i, const struct ll_attack_path *p)
{
	double w, x = box_x(g, i, &w);
	bool target = !strcmp(g->node[i], p->host);
	bool actor = p->actor && !strcmp(g->node[i], p->actor);
	size_t shown = 0, more = 0;
	char t[16];

	ll_out_printf(o, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"5\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"/>\n",
		      x, g->row_y, w, BOX_H, actor ? "#eeeeee" : "#ffffff",
		      target ? "#d73027" : "#2166ac", target ? "3" : "1.5");
	ll_out_printf(o, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#111\">",
		      x + w / 2, g->row_y + 16);
	ll_out_text_max(o, g->node[i], 26);
	ll_out_printf(o, "</text>\n<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" fill=\"#555\">%s</text>\n",
		      x + w / 2, g->row_y + 31,
		      actor ? LL_TXT(o->lang, "external actor", "acteur externe")
			    : target ? LL_TXT(o->lang, "host of the disrupted system", "hôte du système interrompu")
				     : LL_TXT(o->lang, "host", "hôte"));
	for (size_t s = 0; s < p->nsteps; s++) {
		const struct ll_attack_step *st = &p->steps[s];
		char label[128];

		if (st->kind != LL_STEP_FINDING || strcmp(st->to, g->node[i]))
			continue;
		if (shown == MAX_FINDINGS) {
			more++;
			continue;
		}
		short_time(t, st->time_ns);
		snprintf(label, sizeof(label), "F%" PRId64 " %s %s", st->finding_id, t,
			 st->title ? st->title : "");
		ll_out_printf(o, "<a href=\"#f-%" PRId64 "\"><text x=\"%.1f\" y=\"%zu\" font-size=\"10\" fill=\"#b2182b\">",
			      st->finding_id, x, (size_t)g->row_y + BOX_H + 16 + shown * 14);
		ll_out_text_max(o, label, 34);
		ll_out_puts(o, "</text></a>\n");
		shown++;
	}
	if (more)
		ll_out_printf(o, LL_TXT(o->lang, "<text x=\"%.1f\" y=\"%zu\" font-size=\"10\" fill=\"#555\">and %zu more finding(s)</text>\n",
					"<text x=\"%.1f\" y=\"%zu\" font-size=\"10\" fill=\"#555\">et %zu autre(s) constatation(s)</text>\n"),
			      x, (size_t)g->row_y + BOX_H + 16 + shown * 14, more);
}

int ll_report_path_svg(struct ll_buf *out, const struct ll_attack_path *p, enum ll_lang lang)
{
	struct graph g = { 0 };
	struct ll_out o = { out, 0, lang };
	int height;

	if (p->actor)
		node_of(&g, p->actor);
	for (size_t i = 0; i < p->nsteps; i++) {
		if (p->steps[i].kind == LL_STEP_EDGE)
			add_edge(&g, &p->steps[i]);
		else
			node_of(&g, p->steps[i].to);
	}
	if (!g.nnodes)
		return 0;
	g.row_y = 24;
	for (size_t i = 0; i < g.npairs; i++)
		if (g.pair[i].b != g.pair[i].a + 1)
			g.row_y = 90;
	height = g.row_y + BOX_H + 16 + (MAX_FINDINGS + 1) * 14 + 10;
	ll_out_printf(&o, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"path-graph\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-label=\"%s\">\n",
		      W, height, LL_TXT(lang, "Hosts and movements of the attack path",
					"Hôtes et déplacements du chemin d’attaque"));
	for (size_t i = 0; i < g.npairs; i++)
		draw_pair(&o, &g, &g.pair[i], i);
	for (size_t i = 0; i < g.nnodes; i++)
		draw_node(&o, &g, i, p);
	if (g.more_nodes || g.more_pairs)
		ll_out_printf(&o, LL_TXT(lang, "<text x=\"20\" y=\"%d\" font-size=\"10\" fill=\"#555\">Not drawn: %zu host(s), %zu link(s); the table lists every step.</text>\n",
					 "<text x=\"20\" y=\"%d\" font-size=\"10\" fill=\"#555\">Non représentés\xc2\xa0: %zu hôte(s), %zu lien(s)\xe2\x80\xaf; le tableau énumère chaque étape.</text>\n"),
			      height - 4, g.more_nodes, g.more_pairs);
	ll_out_puts(&o, "</svg>\n");
	return o.rc;
}

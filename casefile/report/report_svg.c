/* SPDX-License-Identifier: Apache-2.0 */
/* Draws the attack-to-harm story on one time axis, so it reads at a glance. */
#include "core/compat.h"
#include "casefile/report/report_svg.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "casefile/report/html.h"
#include "casefile/report/lang_fmt.h"
#include "casefile/report/model.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/time.h"

#define W 1180
#define LEFT 150
#define RIGHT 20
#define TOP 30
#define MAX_MARKS 512

enum lane { LANE_ATTACK, LANE_SYSTEMS, LANE_DISRUPT, LANE_HARM, LANE_N };

static const char *const lane_names[LANE_N] = {
	"Attacker actions", "Systems", "Disruptions", "Patient harm",
};
/* the same lanes in French, short enough for the 150-pixel margin */
static const char *const lane_names_fr[LANE_N] = {
	"Attaquant", "Systèmes", "Interruptions", "Dommages",
};
static const char *const lane_colors[LANE_N] = {
	"#b2182b", "#2166ac", "#e08214", "#542788",
};

struct mark {
	enum lane lane;
	int64_t from, to;
	char label[160];
	char href[96];
	const char *color;
};

struct marks {
	struct mark v[MAX_MARKS];
	size_t n;
	int64_t lo, hi;
};

static bool parse(int64_t *ns, const char *s)
{
	bool zone;

	return s && *s && ll_time_parse_rfc3339(ns, &zone, s, true) == 0;
}

static void add(struct marks *ms, enum lane lane, const char *from, const char *to,
		const char *label, const char *href, const char *color)
{
	struct mark *m;
	int64_t a, b;

	if (ms->n >= LL_ARRAY_SIZE(ms->v) || !parse(&a, from))
		return;
	if (!parse(&b, to) || b < a)
		b = a;
	m = &ms->v[ms->n++];
	m->lane = lane;
	m->from = a;
	m->to = b;
	snprintf(m->label, sizeof(m->label), "%s", label);
	snprintf(m->href, sizeof(m->href), "%s", href);
	m->color = color ? color : lane_colors[lane];
	if (ms->n == 1 || a < ms->lo)
		ms->lo = a;
	if (ms->n == 1 || b > ms->hi)
		ms->hi = b;
}

static void collect(struct marks *ms, const json_t *root, enum ll_lang lang)
{
	const json_t *corr = json_object_get(root, "correlation"), *x;
	json_t *hosts = json_object();
	char label[160], href[96];
	const char *k;
	json_t *h;
	size_t i;

	json_array_foreach(json_object_get(root, "findings"), i, x) {
		json_int_t id = json_integer_value(json_object_get(x, "id"));

		snprintf(label, sizeof(label), "F%" JSON_INTEGER_FORMAT " %s", id,
			 ll_model_str(x, "title"));
		snprintf(href, sizeof(href), "#f-%" JSON_INTEGER_FORMAT, id);
		add(ms, LANE_ATTACK, ll_model_str(x, "first"), ll_model_str(x, "last"),
		    label, href, NULL);
		if (*ll_model_str(x, "host")) {
			json_t *span = json_object_get(hosts, ll_model_str(x, "host"));

			if (!span) {
				span = json_pack("{s:s, s:s, s:i}", "first", ll_model_str(x, "first"),
						 "last", ll_model_str(x, "last"), "n", 0);
				json_object_set_new(hosts, ll_model_str(x, "host"), span);
			}
			if (strcmp(ll_model_str(x, "last"), ll_model_str(span, "last")) > 0)
				json_object_set_new(span, "last", json_string(ll_model_str(x, "last")));
			json_object_set_new(span, "n",
					    json_integer(json_integer_value(json_object_get(span, "n")) + 1));
		}
	}
	json_object_foreach(hosts, k, h) {
		snprintf(label, sizeof(label), LL_TXT(lang, "%s (%" JSON_INTEGER_FORMAT " findings)",
						      "%s (%" JSON_INTEGER_FORMAT " constatations)"), k,
			 json_integer_value(json_object_get(h, "n")));
		add(ms, LANE_SYSTEMS, ll_model_str(h, "first"), ll_model_str(h, "last"),
		    label, "#findings", NULL);
	}
	json_decref(hosts);
	json_array_foreach(json_object_get(corr, "endangerment"), i, x) {
		bool crit = json_is_true(json_object_get(x, "life_critical"));

		snprintf(label, sizeof(label), "%s %s/%s%s", ll_model_str(x, "disruption_id"),
			 ll_model_str(x, "system"), ll_model_str(x, "service"),
			 crit ? LL_TXT(lang, " (life-critical)", " (vital)") : "");
		snprintf(href, sizeof(href), "#d-");
		for (const char *s = ll_model_str(x, "disruption_id"); *s && strlen(href) < sizeof(href) - 2; s++) {
			size_t l = strlen(href);
			char c = *s;

			href[l] = ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
				   (c >= '0' && c <= '9') || c == '-') ? c : '_';
			href[l + 1] = '\0';
		}
		add(ms, LANE_DISRUPT, ll_model_str(x, "start"), ll_model_str(x, "end"),
		    label, href, crit ? "#d73027" : NULL);
	}
	json_array_foreach(json_object_get(corr, "chains"), i, x) {
		snprintf(label, sizeof(label), "%s %s (%s)", ll_model_str(x, "harm_event_id"),
			 ll_model_str(x, "harm_level"), ll_lang_scale_word(lang, ll_model_str(x, "status")));
		snprintf(href, sizeof(href), "#c-%zu", i + 1);
		add(ms, LANE_HARM, ll_model_str(x, "event_start"), NULL, label, href, NULL);
	}
}

static double xpos(const struct marks *ms, int64_t t)
{
	double span = (double)(ms->hi - ms->lo);

	if (span <= 0)
		return LEFT + (W - LEFT - RIGHT) / 2.0;
	return LEFT + (double)(t - ms->lo) / span * (W - LEFT - RIGHT);
}

/* Marks in lane order, then by time, so each lane's labels are packed left to right. */
static int mark_cmp(const void *a, const void *b)
{
	const struct mark *x = a, *y = b;

	if (x->lane != y->lane)
		return x->lane < y->lane ? -1 : 1;
	return x->from < y->from ? -1 : x->from > y->from;
}

/*
 * The horizontal extent a mark takes with its label: 11 px text is about 6.3 px
 * per character (at most 48 shown). Used to put a label on a row where it
 * overlaps no other (D-0001 was drawn over D-0005 when rows were dealt round-robin).
 */
static void extent(const struct marks *ms, const struct mark *k, double *lo, double *hi)
{
	size_t n = strlen(k->label);
	double w = 6.3 * (double)(n > 48 ? 48 : n) + 10;
	double x1 = xpos(ms, k->from), x2 = xpos(ms, k->to);

	if (x1 > W - 330) {
		*lo = x1 - 8 - w;
		*hi = x2 + 6;
	} else {
		*lo = x1 - 6;
		*hi = (x2 > x1 + 8 + w ? x2 : x1 + 8 + w) + 4;
	}
}

#define MAX_ROWS 16
#define ROW_H 21

/*
 * Gives each mark the first row of its lane whose last label ends before it
 * starts; with every row taken, the row that ends first (an overlap then, but
 * only past 16 rows). Returns each lane's row count through rows[].
 */
static void pack(const struct marks *ms, size_t *row_of, int rows[LANE_N])
{
	double end[LANE_N][MAX_ROWS];

	for (int l = 0; l < LANE_N; l++) {
		rows[l] = 1;
		for (int j = 0; j < MAX_ROWS; j++)
			end[l][j] = -1e9;
	}
	for (size_t i = 0; i < ms->n; i++) {
		const struct mark *k = &ms->v[i];
		double lo, hi;
		int best = 0;

		extent(ms, k, &lo, &hi);
		for (int j = 0; j < MAX_ROWS; j++) {
			if (end[k->lane][j] <= lo) {
				best = j;
				break;
			}
			if (end[k->lane][j] < end[k->lane][best])
				best = j;
		}
		end[k->lane][best] = hi;
		row_of[i] = (size_t)best;
		if (best + 1 > rows[k->lane])
			rows[k->lane] = best + 1;
	}
}

/*
 * A tick step that is a whole number of hours or days (a reader compares
 * times with the report's tables; 14:37 ticks made that needlessly hard),
 * the smallest giving at most 8 ticks over the span.
 */
static int64_t tick_step(int64_t span)
{
	static const int64_t hours[] = { 1, 2, 3, 6, 12, 24, 48, 96, 168, 336, 720, 1440, 2880, 8760 };
	const int64_t h = 3600 * LL_NS_PER_SEC;

	for (size_t i = 0; i < LL_ARRAY_SIZE(hours); i++)
		if (span / (hours[i] * h) <= 8)
			return hours[i] * h;
	return span / 8 > 0 ? span / 8 : h;
}

static void ticks(struct ll_buf *out, const struct marks *ms, int bottom)
{
	int64_t step = tick_step(ms->hi - ms->lo);
	int64_t t = ms->lo - ((ms->lo % step) + step) % step; /* floor to the step, UTC */
	bool days = step % (24 * 3600 * LL_NS_PER_SEC) == 0;

	for (t += t < ms->lo ? step : 0; t <= ms->hi; t += step) {
		double x = xpos(ms, t);
		char ts[48];

		ll_time_format(ts, sizeof(ts), t, 0);
		ts[days ? 10 : 16] = '\0'; /* YYYY-MM-DD or YYYY-MM-DDTHH:MM */
		if (!days)
			ts[10] = ' ';
		ll_buf_printf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#bbb\" stroke-dasharray=\"3,3\"/>\n",
			      x, TOP, x, bottom);
		ll_buf_printf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#333\">%s%s</text>\n",
			      x, bottom + 16, ts, days ? "" : " UTC");
	}
}

int ll_report_svg(struct ll_buf *out, const struct ll_casefile_model *m, enum ll_lang lang)
{
	struct marks *msp = ll_calloc(1, sizeof(*msp));
	size_t row_of[MAX_MARKS];
	int rows[LANE_N], lane_y[LANE_N + 1], height;
	int rc = 0;

	if (!msp)
		return ll_error_set(LL_ENOMEM, "out of memory");
#define ms (*msp)
	collect(&ms, m->root, lang);
	if (ms.n == 0) {
		ll_free(msp);
		return ll_buf_puts(out, LL_TXT(lang, "<p class=\"none\">Nothing to draw: no findings, disruptions or harm events "
					       "in this case.</p>\n",
					       "<p class=\"none\">Rien à représenter" "\xc2\xa0" ": ni constatation, ni "
					       "interruption, ni dommage dans ce dossier.</p>\n"));
	}
	if (ms.hi == ms.lo) {
		ms.lo -= 3600 * LL_NS_PER_SEC;
		ms.hi += 3600 * LL_NS_PER_SEC;
	} else {
		int64_t pad = (ms.hi - ms.lo) / 40;

		ms.lo -= pad;
		ms.hi += pad;
	}
	qsort(ms.v, ms.n, sizeof(ms.v[0]), mark_cmp);
	pack(&ms, row_of, rows);
	lane_y[0] = TOP;
	for (int l = 0; l < LANE_N; l++) {
		int h = 16 + rows[l] * ROW_H;

		lane_y[l + 1] = lane_y[l] + (h > 60 ? h : 60);
	}
	height = lane_y[LANE_N] + 30;
	ll_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-label=\"%s\">\n",
		      W, height, LL_TXT(lang, "Timeline from attack to harm", "Chronologie de l’attaque au dommage"));
	for (int l = 0; l < LANE_N; l++) {
		int y = lane_y[l];

		ll_buf_printf(out, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n",
			      y, W, lane_y[l + 1] - y, l % 2 ? "#f4f4f4" : "#ffffff");
		ll_buf_printf(out, "<text x=\"8\" y=\"%d\" font-size=\"13\" font-weight=\"bold\" fill=\"%s\">%s</text>\n",
			      (y + lane_y[l + 1]) / 2 + 4, lane_colors[l], LL_TXT(lang, lane_names, lane_names_fr)[l]);
	}
	ticks(out, &ms, lane_y[LANE_N]);
	for (size_t i = 0; i < ms.n && rc == 0; i++) {
		const struct mark *k = &ms.v[i];
		double x1 = xpos(&ms, k->from), x2 = xpos(&ms, k->to);
		int y = lane_y[k->lane] + 8 + (int)row_of[i] * ROW_H;
		bool left = x1 > W - 330;

		ll_buf_printf(out, "<a href=\"%s\"><title>", k->href);
		ll_html_text(out, k->label);
		ll_buf_puts(out, "</title>");
		if (x2 - x1 >= 3)
			ll_buf_printf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"8\" rx=\"2\" fill=\"%s\" opacity=\"0.85\"/>",
				      x1, y + 5, x2 - x1, k->color);
		else
			ll_buf_printf(out, "<circle cx=\"%.1f\" cy=\"%d\" r=\"5\" fill=\"%s\"/>",
				      x1, y + 9, k->color);
		ll_buf_printf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#222\" text-anchor=\"%s\">",
			      left ? x1 - 8 : x1 + 8, y + 3, left ? "end" : "start");
		ll_html_text_max(out, k->label, 48);
		rc = ll_buf_puts(out, "</text></a>\n");
	}
	if (rc == 0)
		rc = ll_buf_puts(out, "</svg>\n");
#undef ms
	ll_free(msp);
	return rc;
}

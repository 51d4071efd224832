/* SPDX-License-Identifier: Apache-2.0 */
/* Draws the attack-to-harm story on one time axis, so it reads at a glance. */
#include "core/compat.h"
#include "casefile/report/report_svg.h"

#include <jansson.h>

#include "casefile/report/html.h"
#include "casefile/report/model.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/time.h"

#define W 1180
#define LEFT 150
#define RIGHT 20
#define LANE_H 96
#define TOP 30

enum lane { LANE_ATTACK, LANE_SYSTEMS, LANE_DISRUPT, LANE_HARM, LANE_N };

static const char *const lane_names[LANE_N] = {
	"Attacker actions", "Systems", "Disruptions", "Patient harm",
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
	struct mark v[512];
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

static void collect(struct marks *ms, const json_t *root)
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
		snprintf(label, sizeof(label), "%s (%" JSON_INTEGER_FORMAT " findings)", k,
			 json_integer_value(json_object_get(h, "n")));
		add(ms, LANE_SYSTEMS, ll_model_str(h, "first"), ll_model_str(h, "last"),
		    label, "#findings", NULL);
	}
	json_decref(hosts);
	json_array_foreach(json_object_get(corr, "endangerment"), i, x) {
		bool crit = json_is_true(json_object_get(x, "life_critical"));

		snprintf(label, sizeof(label), "%s %s/%s%s", ll_model_str(x, "disruption_id"),
			 ll_model_str(x, "system"), ll_model_str(x, "service"),
			 crit ? " (life-critical)" : "");
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
			 ll_model_str(x, "harm_level"), ll_model_str(x, "status"));
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

int ll_report_svg(struct ll_buf *out, const struct ll_casefile_model *m)
{
	struct marks *msp = ll_calloc(1, sizeof(*msp));
	int height = TOP + LANE_N * LANE_H + 40;
	size_t row[LANE_N] = { 0 };
	int rc = 0;

	if (!msp)
		return ll_error_set(LL_ENOMEM, "out of memory");
#define ms (*msp)
	collect(&ms, m->root);
	if (ms.n == 0) {
		ll_free(msp);
		return ll_buf_puts(out, "<p class=\"none\">Nothing to draw: no findings, disruptions or harm events in this case.</p>\n");
	}
	if (ms.hi == ms.lo) {
		ms.lo -= 3600 * LL_NS_PER_SEC;
		ms.hi += 3600 * LL_NS_PER_SEC;
	} else {
		int64_t pad = (ms.hi - ms.lo) / 40;

		ms.lo -= pad;
		ms.hi += pad;
	}
	ll_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-label=\"Timeline from attack to harm\">\n",
		      W, height);
	for (int l = 0; l < LANE_N; l++) {
		int y = TOP + l * LANE_H;

		ll_buf_printf(out, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n",
			      y, W, LANE_H, l % 2 ? "#f4f4f4" : "#ffffff");
		ll_buf_printf(out, "<text x=\"8\" y=\"%d\" font-size=\"13\" font-weight=\"bold\" fill=\"%s\">%s</text>\n",
			      y + LANE_H / 2 + 4, lane_colors[l], lane_names[l]);
	}
	/* axis: 6 ticks, UTC */
	for (int i = 0; i <= 5; i++) {
		int64_t t = ms.lo + (ms.hi - ms.lo) / 5 * i;
		double x = xpos(&ms, t);
		char ts[48];

		ll_time_format(ts, sizeof(ts), t, 0);
		ts[16] = '\0'; /* YYYY-MM-DDTHH:MM */
		ts[10] = ' ';
		ll_buf_printf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#bbb\" stroke-dasharray=\"3,3\"/>\n",
			      x, TOP, x, TOP + LANE_N * LANE_H);
		ll_buf_printf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"%s\" fill=\"#333\">%s UTC</text>\n",
			      x, TOP + LANE_N * LANE_H + 16,
			      i == 0 ? "start" : i == 5 ? "end" : "middle", ts);
	}
	for (size_t i = 0; i < ms.n && rc == 0; i++) {
		const struct mark *k = &ms.v[i];
		size_t r = row[k->lane]++ % 4;
		double x1 = xpos(&ms, k->from), x2 = xpos(&ms, k->to);
		int y = TOP + (int)k->lane * LANE_H + 8 + (int)r * 21;
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

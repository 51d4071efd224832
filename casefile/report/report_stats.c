/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Impact statistics as a reader needs them: each rate with its unit (per day,
 * per visit), day-aligned windows as days, the result of every metric (a rate
 * ratio, or for a median metric the difference of medians — once computed and
 * shown as "—"), its 95% interval, and the caveat that an arrival rate falls
 * because the hospital diverted ambulances, not only because fewer patients
 * needed care.
 */
#include "core/compat.h"
#include "casefile/report/report_stats.h"

#include <stdio.h>
#include <string.h>

#include "casefile/report/facts/analysis_text.h"
#include "casefile/report/model.h"
#include "casefile/report/out.h"
#include "core/buf.h"
#include "casefile/report/lang_fmt.h"

/* the conversions the table uses, each a literal printf format */
enum dec_fmt { D_G4, D_G3, D_F1, D_F2, D_F3, D_SF1 };

/* a number with the language's decimal mark: "1,5" in French */
static const char *dec(char *buf, size_t n, enum ll_lang lang, enum dec_fmt f, double v)
{
	char *p;

	switch (f) {
	case D_G4: snprintf(buf, n, "%.4g", v); break;
	case D_G3: snprintf(buf, n, "%.3g", v); break;
	case D_F1: snprintf(buf, n, "%.1f", v); break;
	case D_F2: snprintf(buf, n, "%.2f", v); break;
	case D_F3: snprintf(buf, n, "%.3f", v); break;
	case D_SF1: snprintf(buf, n, "%+.1f", v); break;
	}
	if (lang == LL_LANG_FR)
		for (p = buf; *p; p++)
			if (*p == '.')
				*p = ',';
	return buf;
}

/* "2021-11-13" when the time is midnight UTC (a day-aligned window), else the time as given. */
static void put_day_or_time(struct ll_out *o, const char *t)
{
	if (strlen(t) == 20 && !strcmp(t + 10, "T00:00:00Z"))
		ll_out_printf(o, "%.10s", t);
	else
		ll_out_user(o, t);
}

/* The unit a metric's values are in, from its name's suffix (harm-schemas.md: *_median_min, *_median_days). */
static const char *value_unit(const char *metric, enum ll_lang lang)
{
	size_t n = strlen(metric);

	if (n > 4 && !strcmp(metric + n - 4, "_min"))
		return LL_TXT(lang, " min", LL_NBSP "min");
	if (n > 2 && !strcmp(metric + n - 2, "_h"))
		return LL_TXT(lang, " h", LL_NBSP "h");
	if (n > 5 && !strcmp(metric + n - 5, "_days"))
		return LL_TXT(lang, " days", LL_NBSP "jours");
	return "";
}

static void window_cell(struct ll_out *o, const json_t *w, const char *metric)
{
	const json_t *count = json_object_get(w, "count"), *den = json_object_get(w, "denominator");
	const json_t *days = json_object_get(w, "days"), *med = json_object_get(w, "median_of_periods");
	char a[48], c[48];

	ll_out_puts(o, "<td>");
	if (!json_is_object(w)) {
		ll_out_puts(o, "&mdash;</td>");
		return;
	}
	put_day_or_time(o, ll_model_str(w, "from"));
	ll_out_puts(o, " &ndash; ");
	put_day_or_time(o, ll_model_str(w, "to"));
	if (json_is_number(days))
		ll_out_printf(o, LL_TXT(o->lang, " (%s day%s)", " (%s" LL_NBSP "jour%s)"),
			      dec(a, sizeof(a), o->lang, D_G4, json_number_value(days)),
			      json_number_value(days) < 2 && (o->lang == LL_LANG_FR || json_number_value(days) == 1) ? "" : "s");
	if (json_is_number(count) && json_is_number(den) && json_number_value(den) > 0)
		ll_out_printf(o, LL_TXT(o->lang, "<br>%.0f of %.0f visits: %s%% per visit",
					"<br>%.0f sur %.0f passages" LL_NBSP ": %s" LL_NNBSP "%% par passage"),
			      json_number_value(count), json_number_value(den),
			      dec(a, sizeof(a), o->lang, D_F2, 100.0 * json_number_value(count) / json_number_value(den)));
	else if (json_is_number(count) && json_is_number(days) && json_number_value(days) > 0)
		ll_out_printf(o, LL_TXT(o->lang, "<br>%.0f in all: %s per day", "<br>%.0f au total" LL_NBSP ": %s par jour"),
			      json_number_value(count),
			      dec(a, sizeof(a), o->lang, D_F1, json_number_value(count) / json_number_value(days)));
	else if (json_is_number(count))
		ll_out_printf(o, LL_TXT(o->lang, "<br>%.0f in all", "<br>%.0f au total"), json_number_value(count));
	if (json_is_number(med))
		ll_out_printf(o, LL_TXT(o->lang, "<br>median of the period values %s%s", "<br>médiane des valeurs de la période %s%s"),
			      dec(c, sizeof(c), o->lang, D_F1, json_number_value(med)), value_unit(metric, o->lang));
	ll_out_puts(o, "</td>");
}

static void result_cells(struct ll_out *o, const json_t *x, const char *metric)
{
	const json_t *rr = json_object_get(x, "rate_ratio"), *ci = json_object_get(x, "ci95");
	const json_t *md = json_object_get(x, "median_difference");
	char a[48], b[48];

	if (json_is_number(rr)) {
		ll_out_printf(o, LL_TXT(o->lang, "<td>rate ratio %s</td>", "<td>rapport de taux %s</td>"),
			      dec(a, sizeof(a), o->lang, D_F3, json_number_value(rr)));
	} else if (json_is_object(md) && json_is_number(json_object_get(md, "difference"))) {
		ll_out_printf(o, LL_TXT(o->lang, "<td>difference of medians %s%s</td>", "<td>différence des médianes %s%s</td>"),
			      dec(a, sizeof(a), o->lang, D_SF1, json_number_value(json_object_get(md, "difference"))),
			      value_unit(metric, o->lang));
		ci = json_object_get(md, "ci95");
	} else {
		ll_out_puts(o, LL_TXT(o->lang, "<td>&mdash; (not computed)</td>", "<td>&mdash; (non calculé)</td>"));
	}
	if (json_array_size(ci) == 2 && json_is_number(json_array_get(ci, 0)) &&
	    json_is_number(json_array_get(ci, 1)))
		ll_out_printf(o, "<td>%s &ndash; %s</td>", dec(a, sizeof(a), o->lang, D_G3, json_number_value(json_array_get(ci, 0))),
			      dec(b, sizeof(b), o->lang, D_G3, json_number_value(json_array_get(ci, 1))));
	else
		ll_out_puts(o, "<td>&mdash;</td>");
}

/*
 * A diversion in force in the metric's unit (or site-wide, unit ALL) during
 * its attack window: returns that disruption, else NULL. Only arrival counts
 * are affected (a diverted ambulance does not arrive).
 */
static const json_t *diversion_for(const json_t *x, const json_t *end)
{
	const char *metric = ll_model_str(x, "metric"), *unit = ll_model_str(x, "unit");
	const json_t *w = json_object_get(x, "attack"), *d;
	size_t i;

	if (!strstr(metric, "arrival") || !json_is_object(w))
		return NULL;
	json_array_foreach(end, i, d) {
		const char *svc = ll_model_str(d, "service");

		if (!strstr(ll_model_str(d, "type"), "diversion"))
			continue;
		if (strcmp(svc, "ALL") && strcmp(svc, unit))
			continue;
		/* RFC 3339 UTC strings of one form compare as times */
		if (strcmp(ll_model_str(d, "start"), ll_model_str(w, "to")) < 0 &&
		    (!*ll_model_str(d, "end") || strcmp(ll_model_str(d, "end"), ll_model_str(w, "from")) > 0))
			return d;
	}
	return NULL;
}

int ll_report_stats_table(struct ll_buf *out, const json_t *stats, const json_t *end, enum ll_lang lang)
{
	struct ll_out o = { out, 0, lang };
	const json_t *x;
	size_t i;

	ll_out_puts(&o, LL_TXT(lang, "<table><tr><th>Metric</th><th>Unit</th><th>Attack window</th><th>Baseline window</th>"
		    "<th>Result</th><th>95% CI</th><th>Method</th></tr>\n",
		    "<table><tr><th>Indicateur</th><th>Unité</th><th>Période de l’attaque</th><th>Période de référence</th>"
		    "<th>Résultat</th><th>IC à 95" LL_NNBSP "%</th><th>Méthode</th></tr>\n"));
	json_array_foreach(stats, i, x) {
		const char *metric = ll_model_str(x, "metric");

		ll_out_puts(&o, "<tr><td>");
		ll_out_user(&o, metric);
		ll_out_puts(&o, "</td><td>");
		ll_out_user(&o, *ll_model_str(x, "unit") ? ll_model_str(x, "unit") : "\xe2\x80\x94");
		ll_out_puts(&o, "</td>");
		window_cell(&o, json_object_get(x, "attack"), metric);
		window_cell(&o, json_object_get(x, "baseline"), metric);
		result_cells(&o, x, metric);
		ll_out_puts(&o, "<td>");
		ll_out_user(&o, ll_analysis_stat_method(ll_model_str(x, "method"), lang));
		ll_out_puts(&o, "</td></tr>\n");
	}
	ll_out_puts(&o, "</table>\n<ul class=\"caveats\">\n");
	json_array_foreach(stats, i, x) {
		const json_t *d = diversion_for(x, end);

		if (!d)
			continue;
		ll_out_puts(&o, "<li><b>");
		ll_out_user(&o, ll_model_str(x, "metric"));
		ll_out_puts(&o, LL_TXT(lang, "</b>: the disruption <a href=\"#d-", "</b>" LL_NBSP ": l’interruption <a href=\"#d-"));
		ll_out_user(&o, ll_model_str(d, "disruption_id"));
		ll_out_puts(&o, "\">");
		ll_out_user(&o, ll_model_str(d, "disruption_id"));
		ll_out_puts(&o, "</a> (");
		ll_out_user(&o, ll_model_str(d, "type"));
		ll_out_puts(&o, LL_TXT(lang, ") was in force during the attack window: ambulances sent elsewhere by the hospital's "
			    "diversion decision do not arrive, so this rate reflects that decision as well as the "
			    "number of patients needing care.</li>\n",
			    ") était en vigueur pendant la période de l’attaque" LL_NBSP ": les ambulances réorientées "
			    "par décision de délestage de l’hôpital n’arrivent pas, de sorte que ce taux reflète "
			    "cette décision autant que le nombre de patients ayant besoin de soins.</li>\n"));
	}
	ll_out_puts(&o, LL_TXT(lang, "<li>A rate ratio compares rates (per day, or per visit where visits are counted); 1 means "
		    "no difference. A 95% interval that excludes 1 (or, for a difference of medians, 0) indicates a "
		    "difference unlikely to be chance alone; it does not show what caused it.</li>\n</ul>\n",
		    "<li>Un rapport de taux compare des taux (par jour, ou par passage lorsque les passages sont comptés)"
		    LL_NNBSP "; 1 signifie aucune différence. Un intervalle à 95" LL_NNBSP "% qui exclut 1 (ou 0 pour une "
		    "différence de médianes) indique une différence qu’il est peu probable d’attribuer au seul "
		    "hasard" LL_NNBSP "; il ne montre pas ce qui l’a causée.</li>\n</ul>\n"));
	return o.rc;
}

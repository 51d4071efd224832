/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Alternative explanations per finding rule (alternatives.h). The table of
 * alternatives is C, not a data file under rules/: its sentences are fixed
 * texts of the report in two languages (LL_TXT), and in the binary they are
 * covered by the binary's SHA-256 the methods section records, where a data
 * file would need its own hash in the report and its own hostile parser.
 * What speaks against an alternative is never written here: it is derived
 * from the case's data (the attack paths' steps, the finding's counts), and
 * where nothing in the data speaks against it the report says "not excluded".
 */
#include "core/compat.h"
#include "casefile/report/facts/alternatives.h"

#include <string.h>

#include "casefile/report/html.h"
#include "casefile/report/facts/labels.h"
#include "casefile/report/model.h"
#include "casefile/report/out.h"
#include "core/buf.h"
#include "core/error.h"

enum alt { ALT_ADMIN, ALT_BACKUP, ALT_UPDATE, ALT_REMOTE, ALT_TEST, ALT_USER, ALT_N };

static const char *const alt_key[ALT_N] = { "admin", "backup", "update", "remote", "test", "user" };

static const char *alt_name(enum alt a, enum ll_lang l)
{
	switch (a) {
	case ALT_ADMIN: return LL_TXT(l, "An administrator's maintenance", "Une opération de maintenance par un administrateur");
	case ALT_BACKUP: return LL_TXT(l, "A scheduled backup rotation", "Une rotation programmée des sauvegardes");
	case ALT_UPDATE: return LL_TXT(l, "A software update or installation", "Une mise à jour ou installation de logiciel");
	case ALT_REMOTE: return LL_TXT(l, "A legitimate remote session", "Une session à distance légitime");
	case ALT_TEST: return LL_TXT(l, "A test or exercise", "Un test ou un exercice");
	case ALT_USER: return LL_TXT(l, "A user mistyping a password", "Un utilisateur qui se trompe de mot de passe");
	default: return "";
	}
}

/* which alternatives a technique calls for (ATT&CK id prefix); docs/alternatives.md */
static const struct {
	const char *prefix;
	unsigned alts; /* bit per enum alt */
} by_technique[] = {
	{ "T1110", 1u << ALT_USER | 1u << ALT_TEST },
	{ "T1078", 1u << ALT_REMOTE | 1u << ALT_ADMIN },
	{ "T1133", 1u << ALT_REMOTE },
	{ "T1021", 1u << ALT_REMOTE | 1u << ALT_ADMIN },
	{ "T1059", 1u << ALT_ADMIN | 1u << ALT_UPDATE },
	{ "T1570", 1u << ALT_ADMIN | 1u << ALT_UPDATE },
	{ "T1543", 1u << ALT_UPDATE | 1u << ALT_ADMIN },
	{ "T1569", 1u << ALT_UPDATE | 1u << ALT_ADMIN },
	{ "T1053", 1u << ALT_UPDATE | 1u << ALT_ADMIN },
	{ "T1070", 1u << ALT_ADMIN },
	{ "T1490", 1u << ALT_BACKUP | 1u << ALT_ADMIN },
	{ "T1486", 1u << ALT_ADMIN | 1u << ALT_TEST },
	{ "T1562", 1u << ALT_UPDATE | 1u << ALT_ADMIN },
	{ "T1136", 1u << ALT_ADMIN },
	{ "T1098", 1u << ALT_ADMIN },
};

static unsigned alts_of(const json_t *finding)
{
	const json_t *t;
	unsigned m = 0;
	size_t i;

	json_array_foreach(json_object_get(finding, "techniques"), i, t) {
		const char *s = json_string_value(t);

		for (size_t k = 0; s && k < LL_ARRAY_SIZE(by_technique); k++)
			if (!strncmp(s, by_technique[k].prefix, strlen(by_technique[k].prefix)))
				m |= by_technique[k].alts;
	}
	return m ? m : (1u << ALT_ADMIN | 1u << ALT_TEST);
}

/* what the attack paths say about one finding */
struct facts {
	bool on_path;          /* a step of an attack path */
	bool external;         /* that path starts from an address no inventory host has */
	bool after_arrival;    /* the step follows the attacker's arrival on the host */
	bool attacker_account; /* a command of it ran as an account the attacker reached */
	const char *actor, *host, *account;
};

static bool has(const json_t *o, const char *k, const char *needle)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s && strstr(s, needle);
}

static struct facts facts_of(const json_t *root, json_int_t id)
{
	const json_t *paths = json_object_get(json_object_get(root, "correlation"), "attack_paths"), *p, *st;
	struct facts f = { 0 };
	size_t i, j;

	json_array_foreach(paths, i, p) {
		bool ext = false, mine = false;

		json_array_foreach(json_object_get(p, "steps"), j, st)
			if (has(st, "basis", "(external)"))
				ext = true;
		json_array_foreach(json_object_get(p, "steps"), j, st) {
			if (json_integer_value(json_object_get(st, "finding")) != id ||
			    !json_is_integer(json_object_get(st, "finding")))
				continue;
			mine = true;
			if (!strcmp(ll_model_str(st, "kind"), "finding")) {
				f.host = ll_model_str(st, "to");
				if (has(st, "basis", "after the attacker reached"))
					f.after_arrival = true;
			} else if (has(st, "basis", "an account the attacker reached")) {
				f.attacker_account = true;
			}
		}
		if (mine) {
			f.on_path = true;
			f.external = f.external || ext;
			f.actor = ll_model_str(p, "actor");
		}
	}
	return f;
}

/*
 * One finding's fact against alternative `a`, written after "F<id>: ", or
 * false when nothing in the data speaks against it.
 */
static bool against(struct ll_out *o, const json_t *x, const struct facts *f, enum alt a, enum ll_lang l)
{
	const json_t *d = json_object_get(x, "details");

	switch (a) {
	case ALT_REMOTE:
		if (!f->external)
			return false;
		ll_out_puts(o, LL_TXT(l, "the attack path it belongs to starts from ", "le chemin d'attaque dont elle fait partie part de "));
		ll_out_user(o, f->actor);
		ll_out_puts(o, LL_TXT(l, ", an address no host of the inventory has (external)",
				      ", adresse qu'aucun hôte de l'inventaire ne porte (externe)"));
		return true;
	case ALT_USER:
		/* a count of failures (event_count) does; a count of ordered matches does not */
		if (strcmp(ll_model_str(d, "correlation"), "event_count") ||
		    !json_is_integer(json_object_get(d, "count")) || !json_is_integer(json_object_get(d, "timespan_s")))
			return false;
		ll_out_printf(o, LL_TXT(l, "%" JSON_INTEGER_FORMAT " failures within %" JSON_INTEGER_FORMAT " s from one address",
					"%" JSON_INTEGER_FORMAT " échecs en %" JSON_INTEGER_FORMAT " s depuis une même adresse"),
			      json_integer_value(json_object_get(d, "count")), json_integer_value(json_object_get(d, "timespan_s")));
		return true;
	case ALT_ADMIN:
	case ALT_TEST:
	case ALT_UPDATE:
		if (f->attacker_account) {
			ll_out_puts(o, LL_TXT(l, "its command ran as an account the attacker had reached the host as (attack path)",
					      "sa commande a été exécutée sous un compte par lequel l'attaquant avait atteint l'hôte (chemin d'attaque)"));
			return true;
		}
		if (f->after_arrival && f->external) {
			ll_out_puts(o, LL_TXT(l, "it follows the arrival on ", "elle suit l'arrivée sur "));
			ll_out_user(o, f->host);
			ll_out_puts(o, LL_TXT(l, " of the attack path from the external address ",
					      " du chemin d'attaque issu de l'adresse externe "));
			ll_out_user(o, f->actor);
			return true;
		}
		return false;
	case ALT_BACKUP:
		if (!f->after_arrival || !f->external)
			return false;
		ll_out_puts(o, LL_TXT(l, "the deletion follows the arrival on ", "la suppression suit l'arrivée sur "));
		ll_out_user(o, f->host);
		ll_out_puts(o, LL_TXT(l, " of the attack path from the external address ",
				      " du chemin d'attaque issu de l'adresse externe "));
		ll_out_user(o, f->actor);
		return true;
	default:
		return false;
	}
}

/* one alternative's cell for one rule: findings with the same fact against it are grouped */
static void alt_cell(struct ll_out *o, const json_t *root, const json_t *fs, const char *rule, enum alt a,
		     enum ll_lang l, const char *href)
{
	struct ll_buf reasons[32], ids[32];
	size_t n = 0, i;
	const json_t *x;

	json_array_foreach(fs, i, x) {
		struct ll_buf r = LL_BUF_INIT;
		struct ll_out ro = { &r, 0, l };
		json_int_t id = json_integer_value(json_object_get(x, "id"));
		struct facts f;
		size_t k;

		if (strcmp(ll_model_str(x, "rule_id"), rule))
			continue;
		f = facts_of(root, id);
		if (!against(&ro, x, &f, a, l) || ro.rc || !r.len) {
			if (ro.rc && o->rc == 0)
				o->rc = ro.rc;
			ll_buf_release(&r);
			continue;
		}
		for (k = 0; k < n; k++)
			if (!strcmp(reasons[k].ptr, r.ptr))
				break;
		if (k == n) {
			if (n == LL_ARRAY_SIZE(reasons)) { /* more distinct facts than a cell can hold: the first are shown */
				ll_buf_release(&r);
				continue;
			}
			reasons[n] = r;
			ids[n] = (struct ll_buf)LL_BUF_INIT;
			n++;
		} else {
			ll_buf_release(&r);
		}
		if (ll_buf_printf(&ids[k], "%s<a href=\"%s#f-%" JSON_INTEGER_FORMAT "\">F%" JSON_INTEGER_FORMAT "</a>",
				  ids[k].len ? ", " : "", href, id, id) < 0 && o->rc == 0)
			o->rc = LL_ENOMEM;
	}
	/* rule ids come from rule files: written through ll_html_id, an attribute-safe form */
	ll_out_puts(o, "<li class=\"alt\" data-rule=\"");
	if (o->rc == 0 && ll_html_id(o->b, rule) < 0)
		o->rc = LL_ENOMEM;
	ll_out_printf(o, "\" data-alt=\"%s\" data-status=\"%s\"><b>%s</b>: ", alt_key[a], n ? "against" : "open",
		      alt_name(a, l));
	if (!n)
		ll_out_puts(o, LL_TXT(l, "not excluded (nothing in the data examined speaks against it).",
				      "non exclue (aucun élément des données examinées ne s'y oppose)."));
	else
		ll_out_puts(o, LL_TXT(l, "weighed against: ", "éléments contraires : "));
	for (size_t k = 0; k < n; k++) {
		ll_out_printf(o, "%s%s ", k ? "; " : "", ids[k].ptr);
		ll_out_puts(o, reasons[k].ptr);
		ll_buf_release(&reasons[k]);
		ll_buf_release(&ids[k]);
	}
	ll_out_puts(o, n ? ".</li>\n" : "</li>\n");
}

static void rule_row(struct ll_out *o, const json_t *root, const json_t *fs, const char *rule, enum ll_lang l,
		     const char *href)
{
	const json_t *x, *first = NULL;
	unsigned alts = 0;
	size_t i;

	json_array_foreach(fs, i, x)
		if (!strcmp(ll_model_str(x, "rule_id"), rule)) {
			first = first ? first : x;
			alts |= alts_of(x);
		}
	ll_out_puts(o, "<tr><td>");
	ll_out_user_max(o, ll_model_str(first, "title"), 120);
	ll_out_puts(o, "<br>");
	json_array_foreach(fs, i, x)
		if (!strcmp(ll_model_str(x, "rule_id"), rule))
			ll_out_printf(o, "<a href=\"%s#f-%" JSON_INTEGER_FORMAT "\">F%" JSON_INTEGER_FORMAT "</a> ", href,
				      json_integer_value(json_object_get(x, "id")), json_integer_value(json_object_get(x, "id")));
	ll_out_puts(o, "</td><td><ul>");
	for (int a = 0; a < ALT_N; a++)
		if (alts & 1u << a)
			alt_cell(o, root, fs, rule, (enum alt)a, l, href);
	ll_out_puts(o, "</ul></td></tr>\n");
}

int ll_report_alternatives(struct ll_buf *b, const json_t *root, enum ll_lang l, const char *href)
{
	const json_t *fs = json_object_get(root, "findings"), *x, *y;
	struct ll_out o = { b, 0, l };
	size_t i, j;

	ll_out_printf(&o, "<section id=\"alternatives\"><h2>%s</h2>\n<p>", LL_TXT(l, "Alternative explanations considered",
									    "Autres explications envisagées"));
	if (ll_label_tag(b, LL_LABEL_OPINION, l) < 0)
		o.rc = LL_ENOMEM;
	ll_out_puts(&o, LL_TXT(l, "For each detection rule that produced a finding, the innocent explanations an examiner "
				  "must weigh, and what in this case's data speaks against each. \"Not excluded\" means that "
				  "nothing in the data examined speaks against it; \"weighed against\" names the facts that do, "
				  "without claiming they exclude it.",
			      "Pour chaque règle de détection ayant produit une détection, les explications non "
			      "malveillantes que l'expert doit envisager, et ce qui, dans les données de l'affaire, s'y "
			      "oppose. « Non exclue » signifie qu'aucun élément des données examinées ne s'y oppose ; "
			      "« éléments contraires » nomme les faits qui s'y opposent, sans affirmer qu'ils l'excluent."));
	ll_out_puts(&o, "</p>\n");
	if (!json_array_size(fs)) {
		ll_out_printf(&o, "<p class=\"none\">%s</p>\n</section>\n", LL_TXT(l, "No findings.", "Aucune détection."));
		return o.rc < 0 ? ll_error_set(o.rc, "cannot render the alternatives") : 0;
	}
	ll_out_printf(&o, "<table class=\"alternatives\"><tr><th style=\"width:28%%\">%s</th><th>%s</th></tr>\n",
		      LL_TXT(l, "Rule and its findings", "Règle et ses détections"),
		      LL_TXT(l, "Alternatives, and what in the data speaks against each", "Explications envisagées, et ce qui s'y oppose dans les données"));
	/* rules in the order of their first finding */
	json_array_foreach(fs, i, x) {
		bool seen = false;

		json_array_foreach(fs, j, y) {
			if (j >= i)
				break;
			if (!strcmp(ll_model_str(x, "rule_id"), ll_model_str(y, "rule_id")))
				seen = true;
		}
		if (!seen)
			rule_row(&o, root, fs, ll_model_str(x, "rule_id"), l, href);
	}
	ll_out_puts(&o, "</table>\n</section>\n");
	return o.rc < 0 ? ll_error_set(o.rc, "cannot render the alternatives") : 0;
}

int ll_report_alternatives_summary(struct ll_buf *b, const json_t *root, enum ll_lang l, const char *href)
{
	struct ll_buf scratch = LL_BUF_INIT;
	size_t open = 0, against = 0, rules = 0;
	const char *p;
	int rc;

	if ((rc = ll_report_alternatives(&scratch, root, l, "")) < 0) {
		ll_buf_release(&scratch);
		return rc;
	}
	/* the verdicts are counted from the table itself: the summary cannot disagree with it */
	for (p = scratch.ptr; (p = strstr(p, "data-status=\"")) != NULL; p++)
		*(p + 13) == 'o' ? open++ : against++;
	for (p = scratch.ptr; (p = strstr(p, "<tr><td>")) != NULL; p++)
		rules++;
	ll_buf_release(&scratch);
	rc = ll_buf_printf(b, "<p id=\"alternatives-summary\" data-open=\"%zu\" data-against=\"%zu\">", open, against);
	if (rc == 0)
		rc = ll_label_tag(b, LL_LABEL_OPINION, l);
	if (rc == 0)
		rc = ll_buf_printf(b, LL_TXT(l, "Alternative explanations (an administrator's maintenance, a backup rotation, "
					       "an update, a legitimate remote session, a test) were weighed for each of the %zu "
					       "rules with findings: for %zu of the %zu weighed, facts in the data speak against "
					       "them; %zu are not excluded. The table, rule by rule, with those facts, is annex O "
					       "(<a href=\"%s#alternatives\"><code>data/%s</code></a>).</p>\n",
					     "D'autres explications (maintenance par un administrateur, rotation des sauvegardes, "
					     "mise à jour, session à distance légitime, test) ont été envisagées pour chacune des "
					     "%zu règles ayant produit une détection : pour %zu des %zu explications envisagées, "
					     "des éléments des données s'y opposent ; %zu ne sont pas exclues. Le tableau, règle "
					     "par règle, avec ces éléments, figure en annexe O (<a href=\"%s#alternatives\">"
					     "<code>data/%s</code></a>).</p>\n"),
				   rules, against, open + against, open, href, href);
	return rc < 0 ? ll_error_set(LL_ENOMEM, "out of memory") : 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Fact, record and opinion tags and their legend (labels.h). */
#include "core/compat.h"
#include "casefile/report/facts/labels.h"

#include <string.h>

#include "casefile/report/lang_fmt.h"
#include "casefile/report/out.h"
#include "core/buf.h"
#include "core/error.h"

static const char *const names[3][2] = {
	{ "Observed", "Constat" },
	{ "Record", "Donnée déclarée" },
	{ "Opinion", "Avis" },
};
static const char *const classes[3] = { "obs", "rec", "opi" };
static const char *const keys[3] = { "observed", "record", "opinion" };

const char *ll_label_name(enum ll_label l, enum ll_lang lang)
{
	if ((unsigned)l > LL_LABEL_OPINION)
		l = LL_LABEL_OPINION;
	return names[l][lang == LL_LANG_FR];
}

enum ll_label ll_label_for_basis(const char *basis)
{
	static const char *const records[] = { "documented reference", "inventory join", "hospital record" };
	static const char *const observed[] = { "finding", "observed" };

	if (!basis)
		return LL_LABEL_OPINION;
	for (size_t i = 0; i < LL_ARRAY_SIZE(records); i++)
		if (!strcmp(basis, records[i]))
			return LL_LABEL_RECORD;
	for (size_t i = 0; i < LL_ARRAY_SIZE(observed); i++)
		if (!strcmp(basis, observed[i]))
			return LL_LABEL_OBSERVED;
	return LL_LABEL_OPINION;
}

int ll_label_tag(struct ll_buf *b, enum ll_label l, enum ll_lang lang)
{
	if ((unsigned)l > LL_LABEL_OPINION)
		l = LL_LABEL_OPINION;
	if (ll_buf_printf(b, "<span class=\"lbl lbl-%s\" data-label=\"%s\">%s</span> ", classes[l], keys[l],
			  ll_label_name(l, lang)) < 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	return 0;
}

void ll_label_out(struct ll_out *o, enum ll_label l, enum ll_lang lang)
{
	if (o->rc == 0 && ll_label_tag(o->b, l, lang) < 0)
		o->rc = LL_ENOMEM;
}

const char *ll_label_strength(const char *confidence, enum ll_lang lang)
{
	if (!confidence)
		return NULL;
	if (!strcmp(confidence, "high"))
		return LL_TXT(lang, "strong support", "soutien fort");
	if (!strcmp(confidence, "medium"))
		return LL_TXT(lang, "moderate support", "soutien modéré");
	if (!strcmp(confidence, "low"))
		return LL_TXT(lang, "limited support", "soutien limité");
	return NULL;
}

int ll_label_legend(struct ll_buf *b, enum ll_lang lang)
{
	int rc = ll_buf_printf(b,
		"<style>.lbl{display:inline-block;font:bold 7.5pt 'DejaVu Sans',sans-serif;padding:0 3px;"
		"border:1px solid;border-radius:2px;margin-right:3px;white-space:nowrap}"
		".lbl-obs{color:#1b5e20}.lbl-rec{color:#0d47a1}.lbl-opi{color:#8a4b00}</style>\n"
		"<div id=\"labels-legend\" class=\"legend\"><h3>%s</h3>\n<p>%s</p>\n<ul style=\"margin:2px 0\">\n"
		"<li><span class=\"lbl lbl-obs\">%s</span> %s</li>\n"
		"<li><span class=\"lbl lbl-rec\">%s</span> %s</li>\n"
		"<li><span class=\"lbl lbl-opi\">%s</span> %s</li>\n</ul>\n"
		"<p>%s</p>\n<p class=\"scale\"><b>%s</b> &rarr; <b>%s</b>%s %s &rarr; %s%s %s &rarr; %s%s "
		"%s &rarr; %s.</p>\n</div>\n",
		LL_TXT(lang, "Fact, record and opinion", "Constat, donnée déclarée et avis"),
		LL_TXT(lang, "Each statement of this report carries one of three tags.",
		       "Chaque énoncé du présent rapport porte l’une des trois mentions suivantes."),
		names[0][lang == LL_LANG_FR],
		LL_TXT(lang, "what the examiner read in an exhibit, at the place (locator) given here or in annex A.",
		       "ce que l’expert a lu dans une pièce, à l’emplacement (localisateur) indiqué ici ou en annexe A."),
		names[1][lang == LL_LANG_FR],
		LL_TXT(lang, "what the hospital reports (its file and row, the source system named in it, the file's "
			     "SHA-256 in the evidence table, the clinical reviewer's role and method), as received, not verified.",
		       "ce que déclare l’établissement (fichier et ligne, système source qui y est nommé, empreinte "
		       "SHA-256 du fichier au tableau des pièces, qualité et méthode du relecteur clinique), tel que reçu, "
		       "non vérifié."),
		names[2][lang == LL_LANG_FR],
		LL_TXT(lang, "the examiner's inference, with its basis and its strength on the scale below.",
		       "la déduction de l’expert, avec son fondement et sa force selon l’échelle ci-dessous."),
		LL_TXT(lang, "Verbal scale of opinions. The confidence words of the findings and of the correlation "
			     "(high, medium, low) state how strongly the evidence supports the proposition; they are not "
			     "probabilities, and no number is attached to them. An opinion resting on timing alone is at "
			     "most low.",
		       "Échelle verbale des avis. Les degrés de confiance des détections et de la corrélation (élevée, "
		       "moyenne, faible) expriment la force avec laquelle les éléments soutiennent la proposition" LL_NNBSP
		       "; ce ne sont pas des probabilités et aucun nombre ne leur est attaché. Un avis fondé sur la "
		       "seule concordance des heures est au plus «" LL_NBSP "faible" LL_NBSP "»."),
		LL_TXT(lang, "Confidence", "Confiance"), LL_TXT(lang, "Verbal scale", "Échelle verbale"),
		/* the scale's words as the report writes them elsewhere (report_path.c, lang_fmt.c) */
		LL_TXT(lang, ":", LL_NBSP ":"), LL_TXT(lang, "high", "élevée"), ll_label_strength("high", lang),
		LL_TXT(lang, ";", LL_NNBSP ";"), LL_TXT(lang, "medium", "moyenne"), ll_label_strength("medium", lang),
		LL_TXT(lang, ";", LL_NNBSP ";"), LL_TXT(lang, "low", "faible"), ll_label_strength("low", lang));

	return rc < 0 ? ll_error_set(LL_ENOMEM, "out of memory") : 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Stored codes in the report's language (code_text.h). */
#include "core/compat.h"
#include "casefile/report/facts/code_text.h"

#include <string.h>

/* a code and its French; the English is the code */
struct code_fr {
	const char *code, *fr;
};

static const char *lookup(const struct code_fr *t, size_t n, const char *code, enum ll_lang lang)
{
	if (!code)
		return "";
	if (lang != LL_LANG_FR)
		return code;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].code, code))
			return t[i].fr;
	return code;
}

/* core/custody.c's actions, all of them (t3095 checks the list against `custody add`) */
static const struct code_fr actions[] = {
	{ "acquire", "acquisition" },
	{ "register", "enregistrement" },
	{ "collect", "collecte" },
	{ "transfer", "remise" },
	{ "receive", "réception" },
	{ "analyze", "analyse" },
	{ "detect", "détection" },
	{ "correlate", "corrélation" },
	{ "export", "exportation" },
	{ "seal", "scellement" },
	{ "verify", "vérification" },
	{ "note", "mention" },
	{ "check-out", "sortie" },
	{ "check-in", "réintégration" },
	{ "dispose", "sort final" },
	{ "open-case", "ouverture du dossier" },
	{ "mandate", "mission" },
	{ "push", "envoi au serveur" },
};

/* analyze/timeline.c, analyze/movement/movement_build.c, model_store.c's rules not evaluated */
static const struct code_fr kinds[] = {
	{ "timeline", "chronologie" },
	{ "movement", "déplacements latéraux" },
	{ "detect (not evaluated)", "détection (règles non évaluées)" },
};

/* the same analyses' counts; correlate_json.c's default unit of a disruption */
static const struct code_fr keys[] = {
	{ "events", "événements" },
	{ "rejected", "rejetés" },
	{ "partial", "fichiers lus en partie" },
	{ "edges", "liaisons" },
	{ "by_kind", "par nature" },
	{ "not_evaluated", "non évaluées" },
	{ "affected", "personnes touchées" },
};

const char *ll_code_custody_action(const char *action, enum ll_lang lang)
{
	return lookup(actions, LL_ARRAY_SIZE(actions), action, lang);
}

const char *ll_code_analysis_kind(const char *kind, enum ll_lang lang)
{
	return lookup(kinds, LL_ARRAY_SIZE(kinds), kind, lang);
}

const char *ll_code_count_key(const char *key, enum ll_lang lang)
{
	return lookup(keys, LL_ARRAY_SIZE(keys), key, lang);
}

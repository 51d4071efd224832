/* SPDX-License-Identifier: Apache-2.0 */
/* The readers' warnings in the report's language (warning_text.h). */
#include "core/compat.h"
#include "casefile/report/facts/warning_text.h"

#include <inttypes.h>
#include <string.h>

#include "casefile/report/lang_fmt.h"
#include "core/buf.h"
#include "core/error.h"

/*
 * A code's French sentence: "{name}" is the parameter `name` (a string as
 * stored, an integer in digits as the English gives it). The codes and their
 * English are listed in docs/formats/warning-codes.md.
 */
struct sentence {
	const char *code, *fr;
};

#define Q(x) "«" LL_NBSP x LL_NBSP "»" /* a name of the evidence, quoted */

static const struct sentence sentences[] = {
	/* analyze/timeline.c, analyze/sources.c */
	{ "timeline.container-unopened", Q("{file}") LL_NBSP ": le conteneur ne peut pas être ouvert (voir la "
	  "vérification faite avant la lecture)" LL_NNBSP "; non lu" },
	{ "source.recovered", Q("{file}") LL_NBSP ": {found} enregistrement(s) récupéré(s) trouvé(s)" LL_NBSP ": "
	  "{stored} conservé(s) (marqués récupérés), {copies} copie(s) d’enregistrements actifs écartée(s), "
	  "{unreadable} illisible(s)" },
	{ "source.no-final-newline", Q("{file}") " ligne {line}" LL_NBSP ": la dernière ligne n’a pas de fin de "
	  "ligne (le fichier est peut-être tronqué)" LL_NNBSP "; conservée" },
	/* analyze/readers/ */
	{ "syslog.backward", Q("{file}") LL_NBSP ": {count} ligne(s) reculent dans le temps de plus d’une heure "
	  "(changement d’heure, lignes relayées ou mauvaise inférence de l’année)" },
	{ "utmp.record-cut", Q("{file}") " enregistrement {record} à l’octet {offset}" LL_NBSP ": tronqué ({got} "
	  "octets sur {size})" LL_NNBSP "; non lu" },
	{ "utmp.empty-records", Q("{file}") LL_NBSP ": {count} enregistrement(s) vide(s) (entièrement à zéro) "
	  "écarté(s), le premier est l’enregistrement {record} à l’octet {offset} (un effaceur de journaux peut "
	  "laisser des enregistrements mis à zéro dans wtmp ou btmp)" },
	{ "utmp.untimed-records", Q("{file}") LL_NBSP ": {count} enregistrement(s) sans heure (ut_tv à zéro) "
	  "écarté(s), le premier est l’enregistrement {record} à l’octet {offset}" },
	{ "history.untimed", Q("{file}") LL_NBSP ": {count} ligne(s) de commande avant le premier horodatage "
	  "n’ont pas d’heure (écrites avant que HISTTIMEFORMAT ou EXTENDED_HISTORY ne soit défini) et ne sont "
	  "pas dans la chronologie" },
	{ "history.empty-stamps", Q("{file}") LL_NBSP ": {count} horodatage(s) sans commande après eux" },
	{ "apt.no-end-date", Q("{file}") " ligne {line}" LL_NBSP ": le dernier enregistrement n’a pas "
	  "d’End-Date (apt encore en cours, ou fichier tronqué)" LL_NNBSP "; enregistré jusqu’où il va" },
	{ "weblog.local-no-tz", Q("{file}") " ligne {line}" LL_NBSP ": les heures sont locales (#Time Format: "
	  "Local) et aucun --tz n’a été donné" LL_NBSP ": lues comme UTC" LL_NNBSP "; donner le fuseau de "
	  "l’auteur avec --tz" },
	{ "weblog.no-zone-no-tz", Q("{file}") " ligne {line}" LL_NBSP ": les heures n’ont pas de fuseau et aucun "
	  "--tz n’a été donné" LL_NBSP ": lues comme UTC" LL_NNBSP "; donner le fuseau du serveur avec --tz" },
	/* analyze/tsk/tsk_source.c */
	{ "tsk.host-zone-kept", Q("{file}") LL_NBSP ": système de fichiers à l’octet {offset} ({fs})" LL_NBSP ": "
	  "le fuseau propre de l’hôte, {zone}, est conservé pour les journaux en heure locale de l’hôte (ses "
	  "propres heures sont en UTC)" },
	{ "tsk.fat-image-zone", Q("{file}") LL_NBSP ": système de fichiers à l’octet {offset}" LL_NBSP ": heures "
	  "locales FAT lues dans le fuseau propre de l’image, {zone}, et non en {tz} (aucun --tz donné)" },
	{ "tsk.fat-image-zone-tz", Q("{file}") LL_NBSP ": système de fichiers à l’octet {offset}" LL_NBSP ": "
	  "heures locales FAT lues dans le fuseau propre de l’image, {zone}, et non en {tz} (--tz)" },
	{ "tsk.zone-conflict", Q("{file}") LL_NBSP ": conflit de fuseaux" LL_NBSP ": --tz {tz} diffère du fuseau "
	  "propre de l’image, {zone} (système de fichiers à l’octet {offset})" LL_NNBSP "; celui de l’image est "
	  "appliqué à ses heures FAT" },
	/* analyze/usn/, analyze/tsk/tsk_usn.c: {label} names the journal in its image */
	{ "usn.damaged-total", "{label}" LL_NBSP ": {count} enregistrements USN endommagés en tout (les {named} "
	  "premiers sont nommés)" },
	{ "usn.v4-not-listed", "{label}" LL_NBSP ": {count} enregistrements USN_RECORD_V4 de plages (sans nom de "
	  "fichier ni heure) non listés" },
	{ "usn.none", "{label}" LL_NBSP ": aucun enregistrement USN dans {bytes} octets" },
	/* analyze/registry/regf_reader.c: {label} names the hive */
	{ "regf.salvaged", Q("{label}") LL_NBSP ": {count} clés de plus trouvées en parcourant les cellules de la "
	  "ruche (localisateur ;salvaged)" },
	{ "regf.corrupted", Q("{label}") LL_NBSP ": libregf signale la ruche comme corrompue (sale ou "
	  "endommagée)" LL_NNBSP "; les clés qu’elle a pu lire sont conservées" },
	/* analyze/winlog/ */
	{ "evtx.corrupted", Q("{file}") LL_NBSP ": libevtx signale le fichier comme corrompu (sale ou "
	  "endommagé)" LL_NNBSP "; les enregistrements qu’elle a pu lire sont conservés" },
	{ "evt.dirty", Q("{file}") LL_NBSP ": le journal est marqué sale (copié en cours d’utilisation, ou mal "
	  "fermé)" LL_NNBSP "; libevt y a recherché ses enregistrements" },
	{ "evt.corrupted", Q("{file}") LL_NBSP ": libevt signale le fichier comme corrompu" LL_NNBSP "; les "
	  "enregistrements qu’elle a pu lire sont conservés" },
	{ "evt.corrupted-wrapped", Q("{file}") LL_NBSP ": libevt signale le fichier comme corrompu (le journal a "
	  "bouclé" LL_NBSP ": libevt 20200926 signale ainsi tout journal qui a bouclé)" LL_NNBSP "; les "
	  "enregistrements qu’elle a pu lire sont conservés" },
	/* analyze/prefetch/ */
	{ "prefetch.size-mismatch", Q("{file}") LL_NBSP ": l’en-tête déclare {declared} octets, le fichier en a "
	  "{size} (octet {offset})" },
	/* analyze/host_zone.c */
	{ "host-zone.used", Q("{file}") LL_NBSP ": heures locales lues dans le fuseau propre de l’hôte {host}, "
	  "{zone} (aucun --tz donné)" },
	{ "host-zone.conflict", Q("{file}") LL_NBSP ": conflit de fuseaux" LL_NBSP ": --tz {tz} diffère du fuseau "
	  "propre de l’hôte {host}, {zone}" LL_NNBSP "; --tz est appliqué" },
	{ "host-zone.pending", Q("{file}") LL_NBSP ": fuseau de l’hôte {host} inconnu lors de l’analyse de ce "
	  "journal (l’image {image} n’est pas encore analysée)" LL_NNBSP "; ses heures locales sont lues en UTC" LL_NBSP
	  ": relancer «" LL_NBSP "analyze timeline {item}" LL_NBSP "» après l’image" },
};

/* what a reader keeps of a string parameter (analyze/source.h LL_WARN_PARAM_MAX) */
#define PARAM_MAX 256

/* the parameter `name` (of `len` bytes) appended, or 1 when it is missing or of another type */
static int param(struct ll_buf *out, const json_t *params, const char *name, size_t len)
{
	char key[64];
	const json_t *v;

	if (len >= sizeof(key))
		return 1;
	memcpy(key, name, len);
	key[len] = '\0';
	v = json_object_get(params, key);
	if (json_is_string(v)) {
		const char *t = json_string_value(v);
		size_t n = json_string_length(v);
		int rc;

		if (n <= PARAM_MAX)
			return ll_buf_put(out, t, n);
		/* a value longer than a reader keeps (ll_source_keep_code): cut, so the sentence stays whole */
		for (n = PARAM_MAX; n && ((unsigned char)t[n] & 0xC0) == 0x80; n--)
			;
		rc = ll_buf_put(out, t, n);
		return rc < 0 ? rc : ll_buf_put(out, "…", strlen("…"));
	}
	if (json_is_integer(v))
		return ll_buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	return 1;
}

int ll_warning_fr(struct ll_buf *out, const char *code, const json_t *params)
{
	const char *t = NULL, *p, *e;
	size_t start = out->len;
	int rc = 0;

	for (size_t i = 0; code && i < LL_ARRAY_SIZE(sentences); i++)
		if (!strcmp(sentences[i].code, code))
			t = sentences[i].fr;
	if (!t)
		return 1;
	for (p = t; *p; p = e + 1) {
		if (!(e = strchr(p, '{'))) {
			rc = ll_buf_put(out, p, strlen(p));
			break;
		}
		if ((rc = ll_buf_put(out, p, (size_t)(e - p))) < 0)
			break;
		p = e + 1;
		if (!(e = strchr(p, '}'))) {
			rc = 1;
			break;
		}
		if ((rc = param(out, params, p, (size_t)(e - p))) != 0)
			break;
	}
	if (rc != 0)
		out->len = start; /* nothing of a sentence that cannot be made whole */
	if (out->ptr)
		out->ptr[out->len] = '\0';
	return rc;
}

/* the entry of `codes` for the English `text` not used yet (a text may come twice), or NULL */
static const json_t *code_of(const json_t *codes, const char *text, json_t *used)
{
	const json_t *c;
	size_t i;

	json_array_foreach(codes, i, c)
		if (!json_is_true(json_array_get(used, i)) &&
		    json_is_string(json_object_get(c, "text")) &&
		    !strcmp(json_string_value(json_object_get(c, "text")), text)) {
			json_array_set(used, i, json_true());
			return c;
		}
	return NULL;
}

static int analysis_fr(json_t *a)
{
	const json_t *w = json_object_get(a, "warnings"), *codes = json_object_get(a, "warning_codes");
	json_t *shown = json_array(), *langs = json_array(), *used = json_array(), *x;
	struct ll_buf b = LL_BUF_INIT;
	int rc = 0;
	size_t i;

	if (!shown || !langs || !used)
		rc = LL_ENOMEM;
	for (i = 0; rc == 0 && i < json_array_size(codes); i++)
		if (json_array_append(used, json_false()) < 0)
			rc = LL_ENOMEM;
	json_array_foreach(w, i, x) {
		const json_t *c = json_is_string(x) ? code_of(codes, json_string_value(x), used) : NULL;
		int fr;

		if (rc)
			break;
		ll_buf_reset(&b);
		fr = c ? ll_warning_fr(&b, json_string_value(json_object_get(c, "code")),
				       json_object_get(c, "params")) : 1;
		if (fr < 0) {
			rc = LL_ENOMEM;
			break;
		}
		if (json_array_append_new(shown, fr == 0 ? json_string(b.ptr) : json_incref(x)) < 0 ||
		    json_array_append_new(langs, json_string(fr == 0 ? "fr" : "en")) < 0)
			rc = LL_ENOMEM;
	}
	ll_buf_release(&b);
	json_decref(used);
	if (rc == 0 && json_is_array(w)) {
		json_object_set(a, "warnings_en", (json_t *)w);
		json_object_set(a, "warnings", shown);
		json_object_set(a, "warnings_lang", langs);
	}
	json_decref(shown);
	json_decref(langs);
	return rc ? ll_error_set(LL_ENOMEM, "out of memory") : 0;
}

int ll_warning_text_fr(json_t *analyses)
{
	json_t *a;
	size_t i;
	int rc;

	json_array_foreach(analyses, i, a)
		if (json_is_object(a) && (rc = analysis_fr(a)) < 0)
			return rc;
	return 0;
}

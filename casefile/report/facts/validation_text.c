/* SPDX-License-Identifier: Apache-2.0 */
/* A validation record's texts in the report's language (validation_text.h). */
#include "core/compat.h"
#include "casefile/report/facts/validation_text.h"

#include <stdio.h>
#include <string.h>

#include "casefile/report/lang_fmt.h"
#include "casefile/report/out.h"

/* cli/validate/vcheck_*.c's texts, as they write them, and their French */
static const struct {
	const char *en, *fr;
} texts[] = {
	/* what each check compares */
	{ "E01 images written by collect image, media hashes",
	  "images E01 écrites par collect image, empreintes du support" },
	{ "Windows event log (EVTX) records, by record id",
	  "enregistrements des journaux d’événements Windows (EVTX), par identifiant d’enregistrement" },
	{ "file-system timeline (bodyfile) of disk images",
	  "chronologie du système de fichiers (bodyfile) d’images de disque" },
	{ "built-in Sigma rules on their positive and negative cases",
	  "règles Sigma intégrées, sur leurs cas positifs et négatifs" },
	{ "alterations of a sealed case file, one byte each",
	  "altérations d’un dossier scellé, d’un octet chacune" },
	{ "expected outcomes (DATA/sigma/cases.tsv)", "résultats attendus (DATA/sigma/cases.tsv)" },
	/* known limits */
	{ "One image of 2 MiB made for the run, in one segment; lifeline writes E01 through "
	  "libewf, which ewfverify also uses, so a libewf error common to writing and reading "
	  "is not detected; the SHA-256 of the source, computed independently, guards the media hash.",
	  "Une seule image de 2" LL_NBSP "Mio créée pour l’exécution, en un segment" LL_NNBSP "; lifeline "
	  "écrit le format E01 au moyen de libewf, qu’utilise aussi ewfverify" LL_NNBSP ": une erreur de "
	  "libewf commune à l’écriture et à la lecture n’est pas détectée" LL_NNBSP "; l’empreinte SHA-256 de "
	  "la source, calculée indépendamment, garantit l’empreinte du support." },
	{ "Compares the set of live record ids; lifeline and evtxexport both read through "
	  "libevtx, so an error of libevtx is common to both and not detected. Recovered "
	  "(deleted) records are not compared. Field values and messages are not compared "
	  "here (tests/cli/t2100 compares event ids and times to the 100 ns).",
	  "Compare l’ensemble des identifiants des enregistrements présents" LL_NNBSP "; lifeline et "
	  "evtxexport lisent tous deux au moyen de libevtx" LL_NNBSP ": une erreur de libevtx leur est "
	  "commune et n’est pas détectée. Les enregistrements récupérés (supprimés) ne sont pas comparés. "
	  "Les valeurs des champs et les messages ne sont pas comparés ici (tests/cli/t2100 compare les "
	  "identifiants d’événements et les heures à 100" LL_NBSP "ns près)." },
	{ "Compares the bodyfile (names, inode, mode, uid, gid, size and the four MACB times) "
	  "that lifeline and fls derive from the same libtsk walk; an error common to both "
	  "(libtsk itself) is not detected. Only the file systems made here and those under "
	  "--data are covered; lifeline escapes '|' as %7C and '%' as %25, undone before "
	  "comparing.",
	  "Compare le bodyfile (noms, inode, mode, uid, gid, taille et les quatre heures MACB) que "
	  "lifeline et fls tirent du même parcours par libtsk" LL_NNBSP "; une erreur commune aux deux "
	  "(de libtsk elle-même) n’est pas détectée. Seuls les systèmes de fichiers créés ici et ceux de "
	  "--data sont couverts" LL_NNBSP "; lifeline échappe «" LL_NBSP "|" LL_NBSP "» en %7C et "
	  "«" LL_NBSP "%" LL_NBSP "» en %25, échappements défaits avant la comparaison." },
	{ "Each rule is tried on the cases listed only: a rule without a positive case here is "
	  "only shown not to fire on these files. The expected outcomes were set by the "
	  "project from the samples' content; they measure agreement with them, not the "
	  "rules' false-positive or false-negative rates on other systems' logs.",
	  "Chaque règle n’est essayée que sur les cas énumérés" LL_NBSP ": pour une règle sans cas positif "
	  "ici, il est seulement montré qu’elle ne se déclenche pas sur ces fichiers. Les résultats attendus "
	  "ont été fixés par le projet d’après le contenu des échantillons" LL_NNBSP "; ils mesurent l’accord "
	  "avec eux, non les taux de faux positifs ou de faux négatifs des règles sur les journaux d’autres "
	  "systèmes." },
	{ "Three single-byte alterations of one small case file and the unaltered copy; a "
	  "passing result shows these alterations are detected, not that every alteration "
	  "is. The signer is identified here by the fingerprint of a key made for the run.",
	  "Trois altérations d’un octet d’un petit dossier, et la copie non altérée" LL_NNBSP "; un "
	  "résultat réussi montre que ces altérations sont détectées, non que toute altération l’est. Le "
	  "signataire est identifié ici par l’empreinte d’une clé créée pour l’exécution." },
	/* why a check did not run */
	{ "ewfverify missing (ewf-tools)", "ewfverify absent (ewf-tools)" },
	{ "evtxexport missing (libevtx-utils)", "evtxexport absent (libevtx-utils)" },
	{ "no EVTX files: no DATA/evtx/ folder (--data)", "aucun fichier EVTX" LL_NBSP ": pas de dossier DATA/evtx/ (--data)" },
	{ "no EVTX files under DATA/evtx/", "aucun fichier EVTX dans DATA/evtx/" },
	{ "fls missing (The Sleuth Kit)", "fls absent (The Sleuth Kit)" },
	{ "no regression cases: no DATA/sigma/cases.tsv (--data)",
	  "aucun cas de régression" LL_NBSP ": pas de DATA/sigma/cases.tsv (--data)" },
	{ "DATA/sigma/cases.tsv lists no case", "DATA/sigma/cases.tsv n’énumère aucun cas" },
	/* the data made for the run */
	{ "2 MiB source made for the run", "source de 2" LL_NBSP "Mio créée pour l’exécution" },
	{ "ext4 made by mkfs.ext4 -d", "ext4 créé par mkfs.ext4 -d" },
	{ "FAT12 made by mkfs.vfat + mtools", "FAT12 créé par mkfs.vfat et mtools" },
	{ "a case file built for the run", "un dossier constitué pour l’exécution" },
	{ "the unaltered copy (must verify)", "la copie non altérée (doit être vérifiée avec succès)" },
	{ "one byte of a data file (data/report.html)", "un octet d’un fichier de données (data/report.html)" },
	{ "one byte of the payload manifest (manifest-sha256.txt)",
	  "un octet du manifeste du contenu (manifest-sha256.txt)" },
	{ "one byte of the custody ledger inside (data/custody/chain.tsv)",
	  "un octet du registre de conservation inclus (data/custody/chain.tsv)" },
	/* each result's note */
	{ "collect image --format e01 failed", "échec de collect image --format e01" },
	{ "ewfverify did not report SUCCESS", "ewfverify n’a pas signalé SUCCESS" },
	{ "MD5 and SHA-256 by ewfverify; SHA-256 of the source",
	  "MD5 et SHA-256 par ewfverify" LL_NNBSP "; SHA-256 de la source" },
	{ "collect files failed", "échec de collect files" },
	{ "collect image failed", "échec de collect image" },
	{ "analyze timeline failed", "échec de analyze timeline" },
	{ "timeline export failed", "échec de timeline export" },
	{ "evtxexport failed", "échec de evtxexport" },
	{ "fls failed", "échec de fls" },
	{ "a lifeline step failed", "échec d’une étape de lifeline" },
	{ "collect files or casefile build failed", "échec de collect files ou de casefile build" },
	{ "caught", "détectée" },
	{ "NOT caught", "NON détectée" },
};

static const char *french(const char *s)
{
	for (size_t i = 0; i < LL_ARRAY_SIZE(texts); i++)
		if (!strcmp(texts[i].en, s))
			return texts[i].fr;
	return NULL;
}

/* vcheck_sigma.c: "%s; fired: %s; missed %llu, extra %llu" after the case's note (its files) */
static bool sigma_note(struct ll_out *w, const char *s)
{
	const char *f = strstr(s, "; fired: "), *m;
	unsigned long long missed, extra;
	char tail[64];
	int end = 0;

	if (!f || !(m = strstr(f + 9, "; missed ")) ||
	    sscanf(m, "; missed %llu, extra %llu%n", &missed, &extra, &end) != 2 || m[end])
		return false;
	/* the case's note (rule files) and the ids that fired are the record's, as written */
	{
		char head[1024], ids[1024];

		snprintf(head, sizeof(head), "%.*s", (int)(f - s), s);
		snprintf(ids, sizeof(ids), "%.*s", (int)(m - f - 9), f + 9);
		ll_out_user(w, head);
		ll_out_puts(w, LL_NNBSP "; " "règles déclenchées" LL_NBSP ": ");
		ll_out_user(w, strcmp(ids, "none") ? ids : "aucune");
	}
	snprintf(tail, sizeof(tail), LL_NNBSP "; manquées %llu, en trop %llu", missed, extra);
	ll_out_puts(w, tail);
	return true;
}

void ll_validation_text(struct ll_out *w, const char *s, enum ll_vtext_kind kind)
{
	const char *fr;

	if (!s || !*s) {
		ll_out_puts(w, "&mdash;");
		return;
	}
	if (w->lang != LL_LANG_FR) {
		ll_out_user(w, s);
		return;
	}
	if ((fr = french(s))) {
		ll_out_user(w, fr);
		return;
	}
	if (sigma_note(w, s))
		return;
	ll_out_user(w, s);
	if (kind == LL_VTEXT_PROSE)
		ll_out_puts(w, " <small class=\"analysis-words\">(texte du procès-verbal, en anglais)</small>");
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The glossary of the expert report. A judge or juror reads "media hash",
 * "MACB" or "rate ratio" in the report; CrimPR 19.4 and the FSR Code ask that
 * technical terms be explained, so each is defined once here, in words that
 * do not need another definition, and the report links nowhere else for them.
 */
#include "core/compat.h"
#include "casefile/report/glossary.h"

#include "core/buf.h"
#include "casefile/report/lang_fmt.h"

static const char *const terms[][2] = {
	{ "ATT&amp;CK", "MITRE ATT&amp;CK, a public catalogue of the techniques attackers use, each with an "
	  "identifier (T1021 remote services, T1486 data encrypted for impact). A finding names the techniques "
	  "its rule describes; the identifier classifies the behaviour, it does not prove who acted." },
	{ "BagIt", "A packaging format for archives (RFC 8493): the files under <code>data/</code> and "
	  "manifests listing the SHA-256 of each file, so that a missing or altered file is detected." },
	{ "Chain of custody", "The signed ledger of who held, moved or examined each exhibit and when. Each "
	  "entry contains the SHA-256 of the entry before it, so that an entry removed, inserted or changed breaks "
	  "the chain." },
	{ "Confidence (of a link)", "How strongly the evidence supports a link between two steps of a chain, on "
	  "the scale low, medium, high set out in the methods. A link that rests on timing alone is never above low. "
	  "It is a statement about the evidence, not a probability." },
	{ "Confidence interval (95%)", "The range of values of a statistic, such as a rate ratio, compatible with the "
	  "counts observed; computed so that 95% of such intervals would contain the true value. A wide interval means "
	  "few observations." },
	{ "Container hash", "The hash of an evidence file as stored (for an E01, the file with its compression and "
	  "metadata). It shows the file is unchanged since acquisition; see <i>media hash</i>." },
	{ "E01 (Expert Witness Format)", "A forensic image format: the bytes of a disk, compressed in chunks, with the "
	  "examiner's notes and the hash of the original media stored inside." },
	{ "Event", "One dated record of the timeline, read from an exhibit: a log line, a file-system time, an "
	  "event-log record. Each has a locator saying where in the exhibit it was read." },
	{ "Finding", "A pattern in the events that a detection rule describes (for example, many files rewritten "
	  "with a new extension within minutes). A finding lists the events it rests on." },
	{ "Hash (SHA-256)", "A 64-character fingerprint computed from a file's bytes. Any change to the bytes gives "
	  "a different fingerprint; two different files with the same fingerprint are not known to exist." },
	{ "Locator", "Where an event was read: exhibit, partition, file, record number or line, byte offset. With it "
	  "anyone can find the same bytes in the exhibit and check the reading." },
	{ "MACB", "The four times a file system may keep for a file: Modified (content), Accessed, Changed "
	  "(metadata) and Born (created). An event row names which of them it shows (<i>timestamp "
	  "description</i>); a change of metadata is not a change of content." },
	{ "Media hash", "The hash of the bytes read from the original disk, before any container format; an image "
	  "converted to another format keeps its media hash." },
	{ "Pseudonym", "A code that replaces a patient's identity in the report, computed by the hospital from "
	  "the patient's identifier with a secret key it keeps (HMAC-SHA256). Only the holder of the key can tell "
	  "which patient a pseudonym stands for; the report contains no direct identifier." },
	{ "Rate ratio (RR)", "A rate (events per day, or per visit) in the attack window divided by the same rate in "
	  "a comparison window; 1 means no difference. It shows association over a population, not that the attack "
	  "caused any one patient's outcome." },
	{ "RFC 3161 timestamp", "A signed statement by a time-stamping authority that a given hash existed at a "
	  "given time; it dates the seal independently of the examiner's clock." },
	{ "Seal", "The examiner's digital signature (CMS, RFC 5652) over the case file's manifests, with a time-stamp. "
	  "Anyone can check it offline with standard tools (<code>openssl cms -verify</code>)." },
	{ "Sigma", "A public, vendor-neutral language for detection rules on log events. The rules used, and their "
	  "SHA-256, are listed in the methods." },
	{ "Timestamp description", "What a time means for its event (for example <q>Last Time Executed</q>, "
	  "<q>Content Modification Time</q>, <q>Event Recorded</q>)." },
	{ "UTC", "Coordinated Universal Time, the time scale every time in the report is given in; where the case "
	  "has a local time zone it is shown beside it." },
};

/* The same terms for a French reader, in French alphabetical order (a separate list: the order differs). */
static const char *const terms_fr[][2] = {
	{ "ATT&amp;CK", "MITRE ATT&amp;CK, catalogue public des techniques employées par les attaquants, chacune "
	  "désignée par un identifiant (T1021 services distants, T1486 chiffrement de données à des fins de nuisance). "
	  "Une constatation nomme les techniques que décrit sa règle" LL_NNBSP "; l’identifiant classe le "
	  "comportement, il ne prouve pas qui a agi." },
	{ "BagIt", "Format d’archivage (RFC 8493)" LL_NBSP ": les fichiers sous <code>data/</code> et des manifestes "
	  "donnant l’empreinte SHA-256 de chacun, de sorte qu’un fichier manquant ou modifié est détecté." },
	{ "Chaîne de conservation", "Registre signé de qui a détenu, déplacé ou examiné chaque scellé, et quand. "
	  "Chaque entrée contient l’empreinte SHA-256 de la précédente, de sorte qu’une entrée supprimée, "
	  "insérée ou modifiée rompt la chaîne." },
	{ "Confiance (d’un lien)", "Force avec laquelle les éléments recueillis étayent un lien entre deux étapes "
	  "d’une chaîne, sur l’échelle faible, moyenne, élevée exposée dans les méthodes. Un lien qui ne repose "
	  "que sur la concomitance n’est jamais au-dessus de faible. C’est un énoncé sur les éléments de preuve, "
	  "non une probabilité." },
	{ "Constatation", "Schéma d’événements que décrit une règle de détection (par exemple, de nombreux fichiers "
	  "réécrits avec une nouvelle extension en quelques minutes). Une constatation énumère les événements sur "
	  "lesquels elle repose." },
	{ "Description de l’horodatage", "Ce que signifie une heure pour son événement (par exemple "
	  "<q>Last Time Executed</q>, <q>Content Modification Time</q>, <q>Event Recorded</q>, tels que nommés par "
	  "la source)." },
	{ "E01 (Expert Witness Format)", "Format d’image légale" LL_NBSP ": les octets d’un disque, compressés "
	  "par blocs, avec les notes de l’expert et l’empreinte du support d’origine enregistrées à "
	  "l’intérieur." },
	{ "Empreinte (SHA-256)", "Valeur de 64 caractères calculée à partir des octets d’un fichier. Toute "
	  "modification des octets donne une empreinte différente" LL_NNBSP "; on ne connaît pas deux fichiers "
	  "différents ayant la même empreinte." },
	{ "Empreinte du conteneur", "Empreinte d’un fichier de preuve tel qu’il est conservé (pour un E01, le "
	  "fichier avec sa compression et ses métadonnées). Elle montre que le fichier n’a pas changé depuis "
	  "l’acquisition" LL_NNBSP "; voir <i>empreinte du support</i>." },
	{ "Empreinte du support", "Empreinte des octets lus sur le disque d’origine, avant tout format de "
	  "conteneur" LL_NNBSP "; une image convertie dans un autre format garde l’empreinte de son support." },
	{ "Événement", "Un enregistrement daté de la chronologie, lu dans un scellé" LL_NBSP ": une ligne de journal, "
	  "une date du système de fichiers, un enregistrement du journal d’événements. Chacun a un localisateur "
	  "indiquant où il a été lu dans le scellé." },
	{ "Horodatage RFC 3161", "Attestation signée d’une autorité d’horodatage qu’une empreinte donnée "
	  "existait à un instant donné" LL_NNBSP "; elle date le scellé indépendamment de l’horloge de "
	  "l’expert." },
	{ "Intervalle de confiance (95" LL_NNBSP "%)", "Plage des valeurs d’une statistique, telle qu’un rapport "
	  "de taux, compatibles avec les décomptes observés" LL_NNBSP "; calculée de sorte que 95" LL_NNBSP "% de ces "
	  "intervalles contiendraient la valeur vraie. Un intervalle large traduit un petit nombre d’observations." },
	{ "Localisateur", "Où un événement a été lu" LL_NBSP ": scellé, partition, fichier, numéro d’enregistrement "
	  "ou de ligne, décalage en octets. Il permet à chacun de retrouver les mêmes octets dans le scellé et de "
	  "vérifier la lecture." },
	{ "MACB", "Les quatre dates qu’un système de fichiers peut conserver pour un fichier" LL_NBSP ": Modified "
	  "(contenu modifié), Accessed (accès), Changed (métadonnées modifiées) et Born (création). Chaque ligne "
	  "d’événement indique laquelle elle montre (<i>description de l’horodatage</i>)" LL_NNBSP "; une "
	  "modification des métadonnées n’est pas une modification du contenu." },
	{ "Pseudonyme", "Code qui remplace l’identité d’un patient dans le rapport, calculé par l’hôpital "
	  "à partir de l’identifiant du patient avec une clé secrète qu’il conserve (HMAC-SHA256). Seul le "
	  "détenteur de la clé peut dire à quel patient correspond un pseudonyme" LL_NNBSP "; le rapport ne contient "
	  "aucun identifiant direct." },
	{ "Rapport de taux (RR)", "Un taux (événements par jour, ou par passage) pendant la période de l’attaque "
	  "divisé par le même taux pendant une période de comparaison" LL_NNBSP "; 1 signifie aucune différence. Il "
	  "montre une association sur une population, non que l’attaque a déterminé l’issue pour un patient "
	  "donné." },
	{ "Scellé numérique", "Signature numérique de l’expert (CMS, RFC 5652) sur les manifestes du dossier, "
	  "avec un horodatage. Chacun peut la vérifier hors ligne avec des outils courants "
	  "(<code>openssl cms -verify</code>)." },
	{ "Sigma", "Langage public et indépendant des éditeurs pour écrire des règles de détection sur des journaux. "
	  "Les règles utilisées, et leur empreinte SHA-256, sont indiquées dans les méthodes." },
	{ "UTC", "Temps universel coordonné, échelle dans laquelle toutes les heures du rapport sont données" LL_NNBSP
	  "; lorsque l’affaire a un fuseau local, l’heure locale figure à côté." },
};

int ll_report_glossary(struct ll_buf *out, const char *heading, enum ll_lang lang)
{
	const char *const (*t)[2] = LL_TXT(lang, terms, terms_fr);
	size_t n = LL_TXT(lang, LL_ARRAY_SIZE(terms), LL_ARRAY_SIZE(terms_fr));
	int rc = ll_buf_printf(out, "<section id=\"glossary\"><h2>%s</h2>\n<dl class=\"glossary\">\n", heading);

	for (size_t i = 0; i < n && rc >= 0; i++)
		rc = ll_buf_printf(out, "<dt>%s</dt><dd>%s</dd>\n", t[i][0], t[i][1]);
	if (rc >= 0)
		rc = ll_buf_puts(out, "</dl>\n</section>\n");
	return rc < 0 ? rc : 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The offences of annex O and their elements. Quoted texts are verbatim and
 * stay in the language of the law; docs/offences.md gives each one's source
 * and the date it was checked. A text this project could not confirm is
 * not quoted, or is quoted with the version and source it comes from.
 */
#include "core/compat.h"
#include "casefile/report/facts/annex_offences_text.h"

#define ACC LL_FACT_ACCESS
#define EXE LL_FACT_EXEC
#define DAT LL_FACT_DATA
#define OBS LL_FACT_OBSTRUCT
#define PTH LL_FACT_PATH
#define DIS LL_FACT_DISRUPT
#define HRM LL_FACT_HARM
#define CHN LL_FACT_CHAIN

#define NOT_AUTH_EN "Whether the person acting had any right or authorisation: the hospital's statement, not the exhibits, can say."
#define NOT_AUTH_FR "L'absence de droit ou d'autorisation de la personne agissante : seule la déclaration de l'établissement, non les pièces, peut l'indiquer."
#define NOT_MIND_EN "The state of mind of the person acting (knowledge, intent, recklessness) is not a digital-forensic finding; the facts listed may bear on it and are for the court to weigh. Who acted is not established: the exhibits show accounts and addresses, not persons."
#define NOT_MIND_FR "L'état d'esprit de la personne agissante (connaissance, intention, imprudence) ne relève pas de la constatation technique ; les faits cités peuvent s'y rapporter et leur appréciation appartient à la juridiction. L'identité de l'auteur n'est pas établie : les pièces montrent des comptes et des adresses, non des personnes."
#define NOT_CAUSE_EN "Whether a patient's outcome would have differed without the disruption is for the clinical review (section 8, causation), reported as received, not for the examiner."
#define NOT_CAUSE_FR "La question de savoir si l'état d'un patient aurait été différent sans la perturbation relève de la revue clinique (section 8, causalité), rapportée telle que reçue, et non de l'expert."

const struct ll_offence ll_offences[] = {
	{ "fr", "fr-323-1", { "Code pénal, art. 323-1 (access to or remaining in an automated data processing system)",
			      "Code pénal, art. 323-1 (accès ou maintien frauduleux dans un système de traitement automatisé de données)" },
	  NULL, "https://www.legifrance.gouv.fr/codes/section_lc/LEGITEXT000006070719/LEGISCTA000006149839/",
	  { "Not quoted: its consolidated text was not confirmed when this tool was written (2026-12-03); the elements below are summarised. Read it on Légifrance in the version in force on the dates of the facts.",
	    "Non cité : son texte consolidé n'a pas pu être vérifié lors de l'écriture de cet outil (03/12/2026) ; les éléments ci-dessous sont résumés. À lire sur Légifrance dans sa version en vigueur aux dates des faits." } },
	{ "fr", "fr-323-2", { "Code pénal, art. 323-2 (hindering or distorting the working of such a system)",
			      "Code pénal, art. 323-2 (entrave au fonctionnement d'un système de traitement automatisé de données)" },
	  NULL, "https://www.legifrance.gouv.fr/codes/section_lc/LEGITEXT000006070719/LEGISCTA000006149839/",
	  { "Not quoted (as art. 323-1).", "Non cité (comme l'art. 323-1)." } },
	{ "fr", "fr-323-3", { "Code pénal, art. 323-3 (introducing, extracting, deleting or altering data)",
			      "Code pénal, art. 323-3 (introduction, extraction, suppression ou modification frauduleuse de données)" },
	  NULL, "https://www.legifrance.gouv.fr/codes/section_lc/LEGITEXT000006070719/LEGISCTA000006149839/",
	  { "Not quoted (as art. 323-1).", "Non cité (comme l'art. 323-1)." } },
	{ "fr", "fr-323-4-2", { "Code pénal, art. 323-4-2 (arts. 323-1 to 323-3-1 with the effect of endangering others)",
				"Code pénal, art. 323-4-2 (infractions des art. 323-1 à 323-3-1 ayant pour effet d'exposer autrui à un risque)" },
	  "Lorsque les infractions prévues aux articles 323-1 à 323-3-1 ont pour effet d'exposer autrui à un risque "
	  "immédiat de mort ou de blessures de nature à entraîner une mutilation ou une infirmité permanente ou de faire "
	  "obstacle aux secours destinés à faire échapper une personne à un péril imminent ou à combattre un sinistre "
	  "présentant un danger pour la sécurité des personnes, la peine est portée à dix ans d'emprisonnement et à "
	  "300 000 € d'amende.",
	  "https://juriblio.fr/lois/loi-no-2023-22-du-24-janvier-2023/181264496/titre-ii/chapitre-ier/article-8",
	  { "Quoted as created by loi n° 2023-22 du 24 janvier 2023, art. 8 (source above, a reproduction of the Journal officiel text). Its current consolidated text on Légifrance could not be confirmed when this tool was written (2026-12-03): check it before relying on this quotation.",
	    "Cité dans sa rédaction issue de l'article 8 de la loi n° 2023-22 du 24 janvier 2023 (source ci-dessus, reproduction du texte publié au Journal officiel). Son texte consolidé actuel sur Légifrance n'a pas pu être vérifié lors de l'écriture de cet outil (03/12/2026) : le vérifier avant de s'appuyer sur cette citation." } },
	{ "fr", "fr-223-1", { "Code pénal, art. 223-1 (exposing others to a risk of death or injury), where it could apply",
			      "Code pénal, art. 223-1 (risques causés à autrui), s'il pouvait s'appliquer" },
	  "Le fait d'exposer directement autrui à un risque immédiat de mort ou de blessures de nature à entraîner une "
	  "mutilation ou une infirmité permanente par la violation manifestement délibérée d'une obligation particulière "
	  "de prudence ou de sécurité imposée par la loi ou le règlement est puni d'un an d'emprisonnement et de 15 000 "
	  "euros d'amende.",
	  "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000024042637",
	  { "Version in force since 19 May 2011 (loi n° 2011-525, art. 185), as reproduced from Légifrance by two published sources consulted on 2026-12-03.",
	    "Version en vigueur depuis le 19 mai 2011 (loi n° 2011-525, art. 185), telle que reproduite depuis Légifrance par deux sources publiées consultées le 03/12/2026." } },
	{ "ew", "ew-3ZA", { "Computer Misuse Act 1990, s.3ZA (unauthorised acts causing, or creating risk of, serious damage)",
			    "Computer Misuse Act 1990, art. 3ZA (actes non autorisés causant un dommage grave ou en créant le risque)" },
	  "(1) A person is guilty of an offence if— (a) the person does any unauthorised act in relation to a computer; "
	  "(b) at the time of doing the act the person knows that it is unauthorised; (c) the act causes, or creates a "
	  "significant risk of, serious damage of a material kind; and (d) the person intends by doing the act to cause "
	  "serious damage of a material kind or is reckless as to whether such damage is caused. [...] (3) For the "
	  "purposes of subsection (2)(a) an act causes damage to human welfare only if it causes— (a) loss to human life; "
	  "(b) human illness or injury; [...] (f) disruption of services relating to health. (4) It is immaterial for the "
	  "purposes of subsection (2) whether or not an act causing damage— (a) does so directly; (b) is the only or main "
	  "cause of the damage.",
	  "https://www.legislation.gov.uk/ukpga/1990/18/section/3ZA",
	  { "Latest available (revised) text on legislation.gov.uk, \"no known outstanding effects\", consulted on 2026-12-03; Crown copyright, Open Government Licence v3.0.",
	    "Dernière version révisée sur legislation.gov.uk, sans modification en attente connue, consultée le 03/12/2026 ; Crown copyright, Open Government Licence v3.0." } },
	{ "us", "us-1030", { "18 U.S.C. § 1030(a)(5)(A), with (c)(4)(A)(i)(II)-(IV) and (c)(4)(E)/(F)",
			     "18 U.S.C. § 1030(a)(5)(A), avec (c)(4)(A)(i)(II)-(IV) et (c)(4)(E)/(F)" },
	  NULL, "https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title18-section1030",
	  { "Not quoted: the text could not be confirmed against the official U.S. Code when this tool was written (2026-12-03); the elements below are summarised. Read the section in the version in force on the dates of the facts.",
	    "Non cité : le texte n'a pas pu être vérifié sur le U.S. Code officiel lors de l'écriture de cet outil (03/12/2026) ; les éléments ci-dessous sont résumés. À lire dans sa version en vigueur aux dates des faits." } },
};
const size_t ll_offences_n = LL_ARRAY_SIZE(ll_offences);

const struct ll_element ll_elements[] = {
	/* France */
	{ "fr-323-1", "fr-323-1-access", { "Accessing or remaining in all or part of an automated data processing system",
					   "Accéder ou se maintenir dans tout ou partie d'un système de traitement automatisé de données" },
	  ACC | PTH, { NOT_AUTH_EN, NOT_AUTH_FR } },
	{ "fr-323-1", "fr-323-1-fraud", { "Fraudulently (without right), knowingly",
					  "Frauduleusement (sans droit), en connaissance de cause" },
	  ACC, { NOT_MIND_EN " " NOT_AUTH_EN, NOT_MIND_FR " " NOT_AUTH_FR } },
	{ "fr-323-1", "fr-323-1-result", { "Aggravation: data deleted or altered, or the system's working impaired, as a result",
					   "Circonstance : suppression ou modification de données, ou altération du fonctionnement, qui en est résultée" },
	  DAT | OBS, { "Which data were lost for good: the exhibits show deletion and rewriting, not what backups outside them hold.",
		       "Les données définitivement perdues : les pièces montrent des suppressions et réécritures, non le contenu des sauvegardes situées hors des pièces." } },
	{ "fr-323-2", "fr-323-2-hinder", { "Hindering or distorting the working of an automated data processing system",
					   "Entraver ou fausser le fonctionnement d'un système de traitement automatisé de données" },
	  OBS | DIS, { NOT_MIND_EN, NOT_MIND_FR } },
	{ "fr-323-3", "fr-323-3-data", { "Fraudulently introducing, extracting, holding, reproducing, transmitting, deleting or altering data",
					 "Introduire, extraire, détenir, reproduire, transmettre, supprimer ou modifier frauduleusement des données" },
	  DAT | EXE, { "Extraction or transmission of data out of the systems: no finding shows it in the exhibits examined, which does not show its absence. " NOT_MIND_EN,
		       "L'extraction ou la transmission de données hors des systèmes : aucune détection ne la montre dans les pièces examinées, ce qui n'en établit pas l'absence. " NOT_MIND_FR } },
	{ "fr-323-4-2", "fr-323-4-2-base", { "An offence of arts. 323-1 to 323-3-1 (the facts of the rows above)",
					     "Une infraction prévue aux art. 323-1 à 323-3-1 (les faits des lignes ci-dessus)" },
	  ACC | DAT | OBS, { "Whether those offences are made out is for the court.", "La caractérisation de ces infractions appartient à la juridiction." } },
	{ "fr-323-4-2", "fr-323-4-2-risk", { "With the effect of exposing others to an immediate risk of death or of injury causing mutilation or permanent disability",
					     "Ayant pour effet d'exposer autrui à un risque immédiat de mort ou de blessures de nature à entraîner une mutilation ou une infirmité permanente" },
	  DIS | HRM | CHN, { NOT_CAUSE_EN " Whether a risk was immediate is a legal assessment.",
			     NOT_CAUSE_FR " Le caractère immédiat d'un risque est une appréciation juridique." } },
	{ "fr-323-4-2", "fr-323-4-2-rescue", { "Or of obstructing help meant to rescue a person from imminent peril",
					       "Ou de faire obstacle aux secours destinés à faire échapper une personne à un péril imminent" },
	  DIS | HRM, { "The hospital's records of diversions and delays are reported as received; the examiner has not verified them.",
		       "Les données déclarées par l'établissement sur les détournements et retards sont rapportées telles que reçues ; l'expert ne les a pas vérifiées." } },
	{ "fr-323-4-2", "fr-323-4-2-link", { "The link between the offence and that effect (« ont pour effet »)",
					     "Le lien entre l'infraction et cet effet (« ont pour effet »)" },
	  CHN | PTH, { NOT_CAUSE_EN, NOT_CAUSE_FR } },
	{ "fr-223-1", "fr-223-1-risk", { "Directly exposing others to an immediate risk of death or serious injury",
					 "Exposer directement autrui à un risque immédiat de mort ou de blessures graves" },
	  DIS | HRM | CHN, { NOT_CAUSE_EN, NOT_CAUSE_FR } },
	{ "fr-223-1", "fr-223-1-duty", { "By the manifestly deliberate breach of a particular duty of care or safety imposed by statute or regulation",
					 "Par la violation manifestement délibérée d'une obligation particulière de prudence ou de sécurité imposée par la loi ou le règlement" },
	  0, { "No fact of the examination bears on a particular duty imposed by statute or regulation on the person acting, nor on its breach.",
	       "Aucun fait de l'examen ne porte sur une obligation particulière imposée par la loi ou le règlement à la personne agissante, ni sur sa violation." } },
	/* England and Wales */
	{ "ew-3ZA", "ew-3ZA-1a", { "(1)(a) An unauthorised act in relation to a computer", "(1)(a) Un acte non autorisé en relation avec un ordinateur" },
	  ACC | EXE | DAT | OBS | PTH, { NOT_AUTH_EN, NOT_AUTH_FR } },
	{ "ew-3ZA", "ew-3ZA-1b", { "(1)(b) Knowing at the time that the act is unauthorised", "(1)(b) En sachant, au moment de l'acte, qu'il n'est pas autorisé" },
	  ACC, { NOT_MIND_EN, NOT_MIND_FR } },
	{ "ew-3ZA", "ew-3ZA-1c", { "(1)(c), (2)(a), (3)(a), (b), (f) Causing, or creating a significant risk of, serious damage to human welfare: loss of life, illness or injury, disruption of services relating to health",
				   "(1)(c), (2)(a), (3)(a), (b), (f) Causer un dommage grave au bien-être humain, ou en créer un risque important : perte de vie humaine, maladie ou blessure, perturbation de services de santé" },
	  DIS | HRM | CHN, { NOT_CAUSE_EN " Whether damage is \"serious\" or a risk \"significant\" is a legal assessment.",
			     NOT_CAUSE_FR " Le caractère « grave » d'un dommage ou « important » d'un risque est une appréciation juridique." } },
	{ "ew-3ZA", "ew-3ZA-1d", { "(1)(d) Intending serious damage of a material kind, or reckless as to it", "(1)(d) Intention de causer un dommage grave, ou imprudence à cet égard" },
	  OBS | DAT, { NOT_MIND_EN, NOT_MIND_FR } },
	{ "ew-3ZA", "ew-3ZA-4", { "(4) The act need not cause the damage directly, nor be its only or main cause", "(4) Il est indifférent que l'acte cause le dommage directement, ou en soit la cause unique ou principale" },
	  CHN | PTH, { NOT_CAUSE_EN, NOT_CAUSE_FR } },
	/* United States */
	{ "us-1030", "us-1030-a5A-transmit", { "(a)(5)(A) Knowingly causing the transmission of a program, information, code or command",
					       "(a)(5)(A) Provoquer sciemment la transmission d'un programme, d'informations, d'un code ou d'une commande" },
	  EXE | ACC | PTH, { NOT_MIND_EN, NOT_MIND_FR } },
	{ "us-1030", "us-1030-a5A-damage", { "(a)(5)(A) As a result, intentionally causing damage without authorization to a protected computer",
					     "(a)(5)(A) En conséquence, causer intentionnellement et sans autorisation un dommage à un ordinateur protégé" },
	  DAT | OBS, { "Whether a computer is \"protected\" (used in or affecting interstate or foreign commerce or communication) is not established by the examination. " NOT_MIND_EN,
		       "La qualité d'ordinateur « protégé » (utilisé dans le commerce ou les communications entre États ou avec l'étranger, ou les affectant) n'est pas établie par l'examen. " NOT_MIND_FR } },
	{ "us-1030", "us-1030-c4Ai-II", { "(c)(4)(A)(i)(II) Modification or impairment, or potential modification or impairment, of the medical examination, diagnosis, treatment or care of one or more individuals",
					  "(c)(4)(A)(i)(II) Modification ou altération, effective ou potentielle, de l'examen, du diagnostic, du traitement ou des soins médicaux d'une ou plusieurs personnes" },
	  DIS | HRM | CHN, { NOT_CAUSE_EN, NOT_CAUSE_FR } },
	{ "us-1030", "us-1030-c4Ai-III", { "(c)(4)(A)(i)(III) Physical injury to any person", "(c)(4)(A)(i)(III) Une blessure physique à une personne" },
	  HRM | CHN, { NOT_CAUSE_EN, NOT_CAUSE_FR } },
	{ "us-1030", "us-1030-c4Ai-IV", { "(c)(4)(A)(i)(IV) A threat to public health or safety", "(c)(4)(A)(i)(IV) Une menace pour la santé ou la sécurité publiques" },
	  DIS, { "Whether a disruption is a threat to public health or safety is a legal assessment; the life-critical mark is the hospital's inventory or the service's type.",
		 "Le point de savoir si une perturbation constitue une menace pour la santé ou la sécurité publiques est une appréciation juridique ; la mention « vitale » vient de l'inventaire de l'établissement ou du type de service." } },
	{ "us-1030", "us-1030-c4E", { "(c)(4)(E) Attempting to cause, or knowingly or recklessly causing, serious bodily injury from conduct in violation of (a)(5)(A)",
				      "(c)(4)(E) Tenter de causer, ou causer sciemment ou par imprudence, une atteinte corporelle grave par un comportement visé au (a)(5)(A)" },
	  HRM | CHN, { NOT_CAUSE_EN " " NOT_MIND_EN, NOT_CAUSE_FR " " NOT_MIND_FR } },
	{ "us-1030", "us-1030-c4F", { "(c)(4)(F) Attempting to cause, or knowingly or recklessly causing, death from conduct in violation of (a)(5)(A)",
				      "(c)(4)(F) Tenter de causer, ou causer sciemment ou par imprudence, la mort par un comportement visé au (a)(5)(A)" },
	  HRM | CHN, { NOT_CAUSE_EN " " NOT_MIND_EN, NOT_CAUSE_FR " " NOT_MIND_FR } },
};
const size_t ll_elements_n = LL_ARRAY_SIZE(ll_elements);

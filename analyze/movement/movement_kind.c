/* SPDX-License-Identifier: Apache-2.0 */
/* The movement edges' kinds as a French reader names them (movement.h). */
#include "core/compat.h"
#include "analyze/movement/movement.h"

#include <string.h>

/*
 * movement_*.c's kinds (docs/correlation.md "Movement edges"): the noun a
 * sentence opens with, the same inside a sentence, and a label short enough
 * for a graph's arrow (under 24 characters).
 */
static const struct ll_movement_kind_fr kinds[] = {
	{ "logon-network", "Ouverture de session réseau", "ouverture de session réseau", "session réseau", false },
	{ "logon-rdp", "Ouverture de session Bureau à distance", "ouverture de session Bureau à distance",
	  "session RDP", false },
	{ "logon-interactive", "Ouverture de session interactive", "ouverture de session interactive",
	  "session interactive", false },
	{ "logon-failed", "Échec d’ouverture de session", "échec d’ouverture de session", "échec de session", false },
	{ "explicit-credentials", "Ouverture de session avec des identifiants explicites",
	  "ouverture de session avec des identifiants explicites", "identifiants explicites", false },
	{ "rdp-auth", "Authentification Bureau à distance", "authentification Bureau à distance",
	  "authentification RDP", false },
	{ "rdp-session", "Session Bureau à distance", "session Bureau à distance", "session RDP", false },
	{ "share", "Accès à un partage réseau", "accès à un partage réseau", "partage réseau", false },
	{ "wmi", "Exécution WMI à distance", "exécution WMI à distance", "WMI", false },
	{ "winrm", "Session WinRM", "session WinRM", "WinRM", false },
	{ "service-install", "Installation d’un service", "installation d’un service", "service installé", true },
	{ "task", "Création d’une tâche planifiée", "création d’une tâche planifiée", "tâche planifiée", true },
	{ "ssh-accepted", "Connexion SSH acceptée", "connexion SSH acceptée", "SSH accepté", false },
	{ "ssh-failed", "Échec de connexion SSH", "échec de connexion SSH", "SSH refusé", false },
	{ "login-remote", "Connexion distante enregistrée (wtmp)", "connexion distante enregistrée (wtmp)",
	  "connexion (wtmp)", false },
	{ "login-failed", "Échec de connexion enregistré (btmp)", "échec de connexion enregistré (btmp)",
	  "échec (btmp)", false },
	{ "audit-login", "Connexion enregistrée par l’audit (USER_LOGIN)",
	  "connexion enregistrée par l’audit (USER_LOGIN)", "connexion (audit)", false },
	{ "audit-login-failed", "Échec de connexion enregistré par l’audit (USER_LOGIN)",
	  "échec de connexion enregistré par l’audit (USER_LOGIN)", "échec (audit)", false },
	{ "audit-auth", "Authentification enregistrée par l’audit (USER_AUTH)",
	  "authentification enregistrée par l’audit (USER_AUTH)", "authentification (audit)", false },
	{ "audit-auth-failed", "Échec d’authentification enregistré par l’audit (USER_AUTH)",
	  "échec d’authentification enregistré par l’audit (USER_AUTH)", "échec d’auth. (audit)", false },
	{ "web-request", "Requête enregistrée par le serveur web", "requête enregistrée par le serveur web",
	  "requête web", false },
};

const struct ll_movement_kind_fr *ll_movement_kind_fr(const char *kind)
{
	for (size_t i = 0; kind && i < LL_ARRAY_SIZE(kinds); i++)
		if (!strcmp(kinds[i].kind, kind))
			return &kinds[i];
	return NULL;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* Sigma logsource to event-log channels and event ids (pySigma's Windows mapping). */
#include "core/compat.h"
#include "analyze/sigma/sigma_int.h"

#include <string.h>

#include "analyze/sigma/sigma_linux.h"
#include "core/error.h"

#define SYSMON "Microsoft-Windows-Sysmon/Operational"
#define PS_OP "Microsoft-Windows-PowerShell/Operational"
#define PS_CORE "PowerShellCore/Operational"
#define PS_CLASSIC "Windows PowerShell"

/* service: → channel(s). One line per channel. */
static const struct { const char *service, *channel; } services[] = {
	{ "security", "Security" },
	{ "system", "System" },
	{ "application", "Application" },
	{ "sysmon", SYSMON },
	{ "powershell", PS_OP },
	{ "powershell", PS_CORE },
	{ "powershell-classic", PS_CLASSIC },
	{ "taskscheduler", "Microsoft-Windows-TaskScheduler/Operational" },
	{ "wmi", "Microsoft-Windows-WMI-Activity/Operational" },
	{ "dns-server", "DNS Server" },
	{ "dns-server-audit", "Microsoft-Windows-DNS-Server/Audit" },
	{ "dns-client", "Microsoft-Windows-DNS Client Events/Operational" },
	{ "driver-framework", "Microsoft-Windows-DriverFrameworks-UserMode/Operational" },
	{ "ntlm", "Microsoft-Windows-NTLM/Operational" },
	{ "dhcp", "Microsoft-Windows-DHCP-Server/Operational" },
	{ "msexchange-management", "MSExchange Management" },
	{ "applocker", "Microsoft-Windows-AppLocker/MSI and Script" },
	{ "applocker", "Microsoft-Windows-AppLocker/EXE and DLL" },
	{ "applocker", "Microsoft-Windows-AppLocker/Packaged app-Deployment" },
	{ "applocker", "Microsoft-Windows-AppLocker/Packaged app-Execution" },
	{ "printservice-admin", "Microsoft-Windows-PrintService/Admin" },
	{ "printservice-operational", "Microsoft-Windows-PrintService/Operational" },
	{ "codeintegrity-operational", "Microsoft-Windows-CodeIntegrity/Operational" },
	{ "smbclient-security", "Microsoft-Windows-SmbClient/Security" },
	{ "smbclient-connectivity", "Microsoft-Windows-SmbClient/Connectivity" },
	{ "smbserver-connectivity", "Microsoft-Windows-SMBServer/Connectivity" },
	{ "firewall-as", "Microsoft-Windows-Windows Firewall With Advanced Security/Firewall" },
	{ "bits-client", "Microsoft-Windows-Bits-Client/Operational" },
	{ "windefend", "Microsoft-Windows-Windows Defender/Operational" },
	{ "terminalservices-localsessionmanager",
	  "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational" },
	{ "terminalservices-remoteconnectionmanager",
	  "Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational" },
	{ "microsoft-servicebus-client", "Microsoft-ServiceBus-Client" },
	{ "ldap", "Microsoft-Windows-LDAP-Client/Debug" },
	{ "ldap_debug", "Microsoft-Windows-LDAP-Client/Debug" },
	{ "security-mitigations", "Microsoft-Windows-Security-Mitigations/Kernel Mode" },
	{ "security-mitigations", "Microsoft-Windows-Security-Mitigations/User Mode" },
	{ "diagnosis-scripted", "Microsoft-Windows-Diagnosis-Scripted/Operational" },
	{ "shell-core", "Microsoft-Windows-Shell-Core/Operational" },
	{ "openssh", "OpenSSH/Operational" },
	{ "bitlocker", "Microsoft-Windows-BitLocker/BitLocker Management" },
	{ "vhdmp", "Microsoft-Windows-VHDMP/Operational" },
	{ "appxdeployment-server", "Microsoft-Windows-AppXDeploymentServer/Operational" },
	{ "lsa-server", "Microsoft-Windows-LSA/Operational" },
	{ "appxpackaging-om", "Microsoft-Windows-AppxPackaging/Operational" },
	{ "appmodel-runtime", "Microsoft-Windows-AppModel-Runtime/Admin" },
	{ "capi2", "Microsoft-Windows-CAPI2/Operational" },
	{ "certificateservicesclient-lifecycle-system",
	  "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational" },
	{ "iis-configuration", "Microsoft-IIS-Configuration/Operational" },
	{ "kernel-shimengine", "Microsoft-Windows-Kernel-ShimEngine/Operational" },
	{ "ntfs", "Microsoft-Windows-Ntfs/Operational" },
};

/* category: → (channel, event ids[, registry EventType]). One line per source. */
static const struct {
	const char *category, *channel;
	int64_t ids[4];
	size_t nids;
	const char *event_type;
	bool is4688;
} categories[] = {
	{ "process_creation", SYSMON, { 1 }, 1, NULL, false },
	{ "process_creation", "Security", { 4688 }, 1, NULL, true },
	{ "file_change", SYSMON, { 2 }, 1, NULL, false },
	{ "network_connection", SYSMON, { 3 }, 1, NULL, false },
	{ "sysmon_status", SYSMON, { 4, 16 }, 2, NULL, false },
	{ "process_termination", SYSMON, { 5 }, 1, NULL, false },
	{ "driver_load", SYSMON, { 6 }, 1, NULL, false },
	{ "image_load", SYSMON, { 7 }, 1, NULL, false },
	{ "create_remote_thread", SYSMON, { 8 }, 1, NULL, false },
	{ "raw_access_thread", SYSMON, { 9 }, 1, NULL, false },
	{ "process_access", SYSMON, { 10 }, 1, NULL, false },
	{ "file_event", SYSMON, { 11 }, 1, NULL, false },
	{ "registry_add", SYSMON, { 12 }, 1, "CreateKey", false },
	{ "registry_delete", SYSMON, { 12 }, 1, "Delete", false },
	{ "registry_set", SYSMON, { 13 }, 1, NULL, false },
	{ "registry_rename", SYSMON, { 14 }, 1, NULL, false },
	{ "registry_event", SYSMON, { 12, 13, 14 }, 3, NULL, false },
	{ "create_stream_hash", SYSMON, { 15 }, 1, NULL, false },
	{ "pipe_created", SYSMON, { 17, 18 }, 2, NULL, false },
	{ "wmi_event", SYSMON, { 19, 20, 21 }, 3, NULL, false },
	{ "dns_query", SYSMON, { 22 }, 1, NULL, false },
	{ "file_delete", SYSMON, { 23, 26 }, 2, NULL, false },
	{ "clipboard_capture", SYSMON, { 24 }, 1, NULL, false },
	{ "process_tampering", SYSMON, { 25 }, 1, NULL, false },
	{ "file_delete_detected", SYSMON, { 26 }, 1, NULL, false },
	{ "file_block_executable", SYSMON, { 27 }, 1, NULL, false },
	{ "file_block_shredding", SYSMON, { 28 }, 1, NULL, false },
	{ "file_executable_detected", SYSMON, { 29 }, 1, NULL, false },
	{ "sysmon_error", SYSMON, { 255 }, 1, NULL, false },
	{ "ps_module", PS_OP, { 4103 }, 1, NULL, false },
	{ "ps_module", PS_CORE, { 4103 }, 1, NULL, false },
	{ "ps_script", PS_OP, { 4104 }, 1, NULL, false },
	{ "ps_script", PS_CORE, { 4104 }, 1, NULL, false },
	{ "ps_classic_start", PS_CLASSIC, { 400 }, 1, NULL, false },
	{ "ps_classic_provider_start", PS_CLASSIC, { 600 }, 1, NULL, false },
	{ "ps_classic_script", PS_CLASSIC, { 800 }, 1, NULL, false },
};

/* Sysmon 1 field → Security 4688 field (Sigma's windows-audit pipeline). */
static const struct { const char *sysmon, *sec; } aliases[] = {
	{ "Image", "NewProcessName" },
	{ "ParentImage", "ParentProcessName" },
	{ "ProcessId", "NewProcessId" },
	{ "ParentProcessId", "ProcessId" },
	{ "LogonId", "SubjectLogonId" },
	{ "User", "SubjectUserName" },
	{ "IntegrityLevel", "MandatoryLabel" },
};

const char *ll_sg_alias_4688(const char *field)
{
	for (size_t i = 0; i < LL_ARRAY_SIZE(aliases); i++)
		if (!strcmp(aliases[i].sysmon, field))
			return aliases[i].sec;
	return NULL;
}

static int add_src(struct ll_sigma_rule *r, const char *channel, const int64_t *ids,
		   size_t nids, const char *event_type, bool is4688)
{
	struct sg_source *s;

	if (r->nsrc == LL_ARRAY_SIZE(r->src))
		return ll_error_set(LL_EINTERNAL, "too many logsource channels");
	s = &r->src[r->nsrc++];
	s->channel = channel;
	s->nids = nids;
	for (size_t i = 0; i < nids; i++)
		s->ids[i] = ids[i];
	s->event_type = event_type;
	s->is4688 = is4688;
	return 0;
}

int ll_sg_logsource(struct ll_sigma_rule *r, char *why, size_t whylen,
		    const struct sy_node *ls)
{
	const char *product = ll_sy_str(ls, "product");
	const char *category = ll_sy_str(ls, "category");
	const char *service = ll_sy_str(ls, "service");
	char reason[96];
	int rc;

	if (!ls || ls->kind != SY_MAP)
		return ll_sg_fail(why, whylen, LL_ECORRUPT, "no logsource", "rule has no logsource map");
	if (product && !strcmp(product, "linux")) {
		/* auditd records carry their own field names (type, a0, exe, key…) */
		if (!category && service && !strcmp(service, "auditd"))
			return add_src(r, LL_SIGMA_AUDITD, NULL, 0, NULL, false);
		/* syslog, the journal and auth.log (sigma_linux.c), audit EXECVE as process_creation */
		if (!category && service && !strcmp(service, "sshd"))
			return add_src(r, LL_SIGMA_LINUX_SSHD, NULL, 0, NULL, false);
		if (!category && service && !strcmp(service, "auth"))
			return add_src(r, LL_SIGMA_LINUX_AUTH, NULL, 0, NULL, false);
		if (!category && service && !strcmp(service, "syslog"))
			return add_src(r, LL_SIGMA_LINUX_SYSLOG, NULL, 0, NULL, false);
		if (category && !service && !strcmp(category, "process_creation"))
			return add_src(r, LL_SIGMA_LINUX_PROC, NULL, 0, NULL, false);
		if (category || service)
			snprintf(reason, sizeof(reason), "logsource linux %s '%.40s'",
				 category ? "category" : "service", category ? category : service);
		else
			snprintf(reason, sizeof(reason), "logsource product 'linux'");
		return ll_sg_fail(why, whylen, LL_EUNSUPPORTED, reason,
				  "%s: of Linux logs the audit log (service: auditd), sshd, auth, syslog and process_creation (audit EXECVE) are matched",
				  reason);
	}
	if (!product || strcmp(product, "windows")) {
		snprintf(reason, sizeof(reason), "logsource product '%.40s'",
			 product ? product : "(none)");
		return ll_sg_fail(why, whylen, LL_EUNSUPPORTED, reason,
				  "%s: only Windows event logs and the Linux audit log are matched", reason);
	}
	if (category && service) {
		return ll_sg_fail(why, whylen, LL_EUNSUPPORTED, "logsource category and service",
				  "logsource with both category '%s' and service '%s'",
				  category, service);
	}
	if (category) {
		for (size_t i = 0; i < LL_ARRAY_SIZE(categories); i++) {
			if (strcmp(categories[i].category, category))
				continue;
			if ((rc = add_src(r, categories[i].channel, categories[i].ids,
					  categories[i].nids, categories[i].event_type,
					  categories[i].is4688)) < 0)
				return rc;
		}
		if (r->nsrc == 0) {
			snprintf(reason, sizeof(reason), "logsource category '%.40s'", category);
			return ll_sg_fail(why, whylen, LL_EUNSUPPORTED, reason,
					  "%s has no event-log mapping (ETW or EDR only)", reason);
		}
		r->proc_creation = !strcmp(category, "process_creation");
		return 0;
	}
	if (service) {
		for (size_t i = 0; i < LL_ARRAY_SIZE(services); i++)
			if (!strcmp(services[i].service, service) &&
			    (rc = add_src(r, services[i].channel, NULL, 0, NULL, false)) < 0)
				return rc;
		if (r->nsrc == 0) {
			snprintf(reason, sizeof(reason), "logsource service '%.40s'", service);
			return ll_sg_fail(why, whylen, LL_EUNSUPPORTED, reason,
					  "%s has no channel mapping", reason);
		}
		return 0;
	}
	r->any_source = true;
	return 0;
}

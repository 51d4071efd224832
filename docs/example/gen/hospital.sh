#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Writes the hospital's four files for the sample incident into DIR, in the
# lifeline-*/1 schemas of the hospital data spec (docs/formats/): systems.csv,
# service_disruptions.csv, harm_events.csv and ops_metrics.csv (28 days of
# baseline, then the five days of the attack). Patients appear only as
# pseudonyms made with the spec's recipe (HMAC-SHA256, openssl).
# Usage: hospital.sh DIR SEED
set -eu
dir=$1
seed=$2
here=$(cd "$(dirname "$0")" && pwd)
site=FR-990000017
# The pseudonymisation key. A hospital keeps its key secret; this one is
# derived from a public phrase so that anyone can re-derive the pseudonyms
# of the example (docs/example/README.md shows how).
key=$(printf '%s' 'lifeline sample incident - not a secret key' |
	openssl dgst -sha256 | sed 's/.*= //')
kid=K-2021-SAMPLE

pseudonym() {
	h=$(printf '%s' "$1" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" |
		sed 's/.*= //')
	printf 'P-%s' "$(printf '%s' "$h" | cut -c1-32)"
}

# SHA-256 of the record as the hospital's own system exported it.
recsha() {
	printf '%s' "$1" | openssl dgst -sha256 | sed 's/.*= //'
}

cat >"$dir/systems.csv" <<CSV
schema,hostname,system,role,site_code,unit,life_critical,evidence_refs,notes
lifeline-systems/1,FS03.offsec.lan,EHR,document_store,$site,,yes,EXH-001;EXH-002,clinical file server: EHR document store (D:\\Patients)
lifeline-systems/1,FS03.offsec.lan,PACS,archive,$site,RAD,yes,EXH-001;EXH-002,PACS short-term archive share on the same server
lifeline-systems/1,labsrv01,LIS,application,$site,LAB,yes,EXH-003,laboratory information system and results portal (Debian 11)
lifeline-systems/1,dc01.offsec.lan,AD,domain_controller,$site,,no,,domain controller (not imaged)
lifeline-systems/1,edboard01,other,ed_tracking_board,$site,ED,yes,,ED tracking board; reads the EHR
CSV

{
	echo "schema,disruption_id,site_code,unit,disruption_type,affected_system,linked_asset,severity,start,end,time_precision,capacity_pct,count_affected,count_unit,decision_by_role,decision_ref,source_system,source_record_sha256,evidence_refs,notes"
	while IFS='|' read -r id unit type sys asset sev start end prec cap cnt cu role ref note; do
		sha=$(recsha "crisis-cell-log|$ref|$id|$start|$end")
		echo "lifeline-disruption/1,$id,$site,$unit,$type,$sys,$asset,$sev,$start,$end,$prec,$cap,$cnt,$cu,$role,$ref,crisis-cell-log,$sha,EXH-004,$note"
	done <<ROWS
D-0001|ED|ed_diversion|EHR|FS03.offsec.lan|full|2021-11-13T15:40:00Z|2021-11-14T20:00:00Z|minute|0|19|ambulances|director on call|CRISIS-LOG-0004|SAMU informed 15:45 UTC; ambulances sent to the regional hospital 38 km away
D-0002|LAB|lab_unavailable|LIS|labsrv01|full|2021-11-13T15:20:00Z|2021-11-15T12:00:00Z|minute|10||samples|lab director|CRISIS-LOG-0003|paper requests; critical results by phone
D-0003|RAD|pacs_unavailable|PACS|FS03.offsec.lan|full|2021-11-13T14:52:00Z|2021-11-16T10:00:00Z|minute|0||studies|head of radiology|CRISIS-LOG-0002|images read on the scanner consoles only
D-0004|ICU|ehr_unavailable|EHR|FS03.offsec.lan|partial|2021-11-13T14:48:00Z|2021-11-17T18:00:00Z|minute|30||patients|medical director|CRISIS-LOG-0001|downtime procedures; paper charts
D-0005|OR|elective_surgery_cancelled|EHR|FS03.offsec.lan|full|2021-11-15T07:00:00Z|2021-11-16T20:00:00Z|day||23|procedures|medical director|CRISIS-LOG-0007|
ROWS
} >"$dir/service_disruptions.csv"

{
	echo "schema,event_id,patient_pseudonym,pseudonym_kid,age_band,sex,site_code,unit,event_start,event_end,detected_at,recorded_at,time_precision,care_process,disruption_ids,delay_minutes,harm_scale,harm_level,psych_harm_level,fhir_seriousness,fhir_outcome,causality,causality_method,reviewer_role,official_report_ref,source_system,source_record_sha256,evidence_refs,notes"
	while IFS='|' read -r id ipp age sex unit start end det rec proc dis delay level psych ser out caus meth rev ref note; do
		p=$(pseudonym "CHV-IPP|$ipp")
		sha=$(recsha "incident-export|$id|$ipp|$start")
		echo "lifeline-harm/1,$id,$p,$kid,$age,$sex,$site,$unit,$start,$end,$det,$rec,minute,$proc,$dis,$delay,NHS-LFPSE,$level,$psych,$ser,$out,$caus,$meth,$rev,$ref,incident-export,$sha,EXH-004,$note"
	done <<ROWS
H-0001|0028114|70-79|M|ED|2021-11-13T16:25:00Z|2021-11-13T17:17:00Z|2021-11-13T17:20:00Z|2021-11-16T10:00:00Z|ems_transport|D-0001|52|severe|moderate|SeriousResultsInDisability|resolvedWithSequelae|Probably-Likely|structured-judgement-review|consultant neurologist (not treating team)|EIGS:ARS-XX-2021-0412|suspected stroke diverted during ED diversion; thrombolysis 52 min later than the usual pathway
H-0002|0031977|60-69|F|LAB|2021-11-13T17:10:00Z||2021-11-13T19:05:00Z|2021-11-15T09:30:00Z|diagnosis_lab|D-0002|115|severe|low|SeriousIsLifeThreatening|recovering|Probably-Likely|structured-judgement-review|consultant chemical pathologist (not treating team)|EIGS:ARS-XX-2021-0413|critical potassium result phoned 115 min late during the laboratory system outage
H-0003|0040261|40-49|F|RAD|2021-11-14T02:40:00Z|2021-11-14T03:50:00Z|2021-11-14T03:50:00Z|2021-11-16T14:00:00Z|imaging|D-0003;D-0004|70|moderate||Serious|resolved|Possible|rca|radiologist (not treating team)|LFPSE:W2021-11-0093|head CT read on the scanner console 70 min late; prior images not available
H-0004|0017730|50-59|M|OR|2021-11-15T08:00:00Z|||2021-11-16T16:00:00Z|surgery|D-0005|2880|low|moderate|Non-serious|resolved|not-assessed||||planned oncology resection postponed by two days
H-0005|0052208|30-39|F|MAT|2021-11-14T11:00:00Z|||2021-11-15T11:00:00Z|maternity||0|low||Non-serious|resolved|Unlikely|rca|senior midwife (not treating team)||postpartum haemorrhage managed per protocol; review found no link to the outage
ROWS
} >"$dir/harm_events.csv"

awk -v seed="$seed" -v site="$site" -f "$here/metrics.awk" >"$dir/ops_metrics.csv"

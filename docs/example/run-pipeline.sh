#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs lifeline's whole pipeline on the sample incident, as a responder and an
# analyst would on a real case (docs/guides/): keys, case, acquisition, custody
# transfer, timeline, detection, correlation, a sealed and timestamped case
# file, its verification. scripts/quickstart.sh and the end-to-end test
# tests/cli/t9001-quickstart-pipeline.sh both call it.
#
# Usage: docs/example/run-pipeline.sh INCIDENT WORK
#        docs/example/run-pipeline.sh --check
#   INCIDENT  a directory written by docs/example/make-incident.sh
#   WORK      a new (or empty) directory for keys, the case, the case file
#   --check   only list the lifeline commands this build lacks (exit 3 if any)
# Environment: LIFELINE (default: build/lifeline of this source tree).
# Every command's output is kept in WORK/logs/, its --json answer in WORK/json/.
set -eu
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
LL=${LIFELINE:-$src/build/lifeline}

# The commands the pipeline uses, in order (DESIGN §10).
needed="key:new case:init collect:image collect:files custody:add evidence:verify
analyze:timeline analyze:detect findings:list analyze:correlate timeline:export
casefile:build casefile:verify custody:verify"

have() { "$LL" "$1" "$2" --help >/dev/null 2>&1; }

missing_commands() {
	m=""
	for c in $needed; do
		have "${c%%:*}" "${c#*:}" || m="$m ${c%%:*} ${c#*:},"
	done
	printf '%s' "${m%,}"
}

if [ ! -x "$LL" ]; then
	echo "run-pipeline: no lifeline binary at '$LL' (build it, or set LIFELINE)" >&2
	exit 3
fi
if [ "${1:-}" = "--check" ]; then
	m=$(missing_commands)
	[ -z "$m" ] && exit 0
	echo "run-pipeline: this lifeline lacks:$m" >&2
	exit 3
fi
if [ $# -ne 2 ]; then
	echo "usage: docs/example/run-pipeline.sh INCIDENT WORK | --check" >&2
	exit 2
fi
inc=$(cd "$1" && pwd)
[ -f "$inc/expected.env" ] || {
	echo "run-pipeline: '$1' is not a sample incident (run docs/example/make-incident.sh)" >&2
	exit 3
}
. "$inc/expected.env"
if [ -e "$2" ] && [ -n "$(ls -A "$2" 2>/dev/null)" ]; then
	echo "run-pipeline: '$2' is not empty" >&2
	exit 5
fi
mkdir -p "$2"
W=$(cd "$2" && pwd)
mkdir -p "$W/keys" "$W/logs" "$W/json" "$W/tsa" "$W/home"
# keep the user's own ~/.lifeline out of it
export LIFELINE_HOME="$W/home"
unset LIFELINE_KEY LIFELINE_CERT LIFELINE_KEY_PASSPHRASE
export LIFELINE_NO_PROGRESS=1

nsteps=15
n=0
now() { date +%s.%N; }
t_all=$(now)

# step NAME CMD...: runs one step with its output in WORK/logs, prints one
# progress line with its duration, stops the pipeline if it fails.
step() {
	name=$1
	shift
	n=$((n + 1))
	log=$(printf '%s/logs/%02d.log' "$W" "$n")
	printf '[%2d/%d] %-62s' "$n" "$nsteps" "$name"
	t0=$(now)
	set +e
	("$@") >"$log" 2>&1
	rc=$?
	set -e
	if [ "$rc" -ne 0 ]; then
		printf ' FAILED (exit %d)\n' "$rc"
		echo "--- last lines of $log:" >&2
		tail -n 20 "$log" >&2
		exit "$rc"
	fi
	awk -v a="$t0" -v b="$(now)" 'BEGIN { printf " %6.1f s\n", b - a }'
}

# need CMD SUB: a clear stop when this build lacks a command (no faking).
need() {
	have "$1" "$2" && return 0
	echo "lifeline: '$1 $2' is not in this build yet; the sample pipeline stops" \
		"before it (nothing is faked). Missing:$(missing_commands)" >&2
	return 3
}

# ll ROLE ARGS...: lifeline as the responder or the analyst, in the case.
ll() {
	role=$1
	shift
	LIFELINE_KEY="$W/keys/$role/examiner.key" LIFELINE_CERT="$W/keys/$role/examiner.crt" \
		"$LL" -C "$W/case" "$@"
}

# lj ROLE NAME ARGS...: the same with --json, the answer kept in json/NAME.json.
lj() {
	role=$1
	name=$2
	shift 2
	ll "$role" --json "$@" >"$W/json/$name.json"
}

s_keys() {
	need key new &&
	"$LL" key new --name "Camille Martin" --org "Valmont hospital CSIRT (fictional)" \
		--out "$W/keys/responder" &&
	"$LL" key new --name "Sami Haddad" --org "Regional police forensic lab (fictional)" \
		--out "$W/keys/analyst" --role "digital forensic examiner" \
		--qualification "Sample qualification: MSc in digital forensics (fictional)" \
		--accreditation "Sample accreditation: ISO/IEC 17025:2017 scope (fictional)" \
		--contact "forensic-lab@example.invalid"
}

s_case() {
	need case init &&
	"$LL" case init "$W/case" --case-id "CHV-2021-1113" \
		--title "Ransomware at Centre Hospitalier de Valmont (sample incident)" \
		--agency "Regional police cyber unit (fictional)" \
		--authority "sample incident: no legal authority" \
		--requesting-authority "Procureur de la République, TJ de Valmont (fictional)" \
		--basis "réquisition (CPP art. 77-1), sample incident" --reference "REQ-2021-1113 (fictional)" \
		--mandate-date 2021-11-15 --jurisdiction fr \
		--question "Dire si les systèmes d'information du Centre hospitalier de Valmont ont fait l'objet d'un accès ou d'un maintien frauduleux, et à quelles dates." \
		--question "Identifier les systèmes atteints et les services de soins dont le fonctionnement a été entravé." \
		--question "Dire si les éléments numériques permettent de relier l'attaque aux incidents de prise en charge signalés par l'établissement."
}

s_image() {
	need collect image &&
	lj responder collect-image collect image "$inc/fs03-data.raw" --format e01 \
		--exhibit EXH-001 --description "FS03 data disk (D:), clinical file server" \
		--notes "raw copy taken by the hospital's virtualisation team at 2021-11-14 08:40 UTC"
}

s_files() {
	need collect files &&
	lj responder collect-evtx collect files "$inc/fs03-logs/System.evtx" \
		"$inc/fs03-logs/Security.evtx" --exhibit EXH-002 \
		--description "FS03 event logs (System, Security)" &&
	lj responder collect-lab collect files "$inc/labsrv01/syslog" "$inc/labsrv01/access.log" \
		--exhibit EXH-003 --description "labsrv01 syslog and web access log" &&
	ll responder custody add --action note --evidence EXH-003 \
		--note "labsrv01 clock found ${LAB_CLOCK_SLOW_SECONDS} s behind the reference clock at collection; local time CET (UTC+01:00)"
}

s_transfer() {
	need custody add &&
	for e in EXH-001 EXH-002 EXH-003; do
		ll responder custody add --action transfer --evidence "$e" --to "Sami Haddad" \
			--location "Valmont hospital, IT room B" \
			--note "handed over on encrypted drive SN-4471 for analysis" || return
	done
	for e in EXH-001 EXH-002 EXH-003; do
		ll analyst custody add --action receive --evidence "$e" \
			--location "Regional forensic lab" --note "received sealed, seal intact" || return
	done
}

s_verify_evidence() {
	need evidence verify &&
	lj analyst evidence-verify evidence verify
}

s_hospital() {
	need collect files &&
	lj analyst collect-hospital collect files "$inc/hospital/systems.csv" \
		"$inc/hospital/service_disruptions.csv" "$inc/hospital/harm_events.csv" \
		"$inc/hospital/ops_metrics.csv" --exhibit EXH-004 \
		--description "hospital data: inventory, disruptions, harm events, ED metrics (pseudonymised)"
}

s_timeline_utc() {
	need analyze timeline &&
	lj analyst timeline-utc analyze timeline EXH-001 EXH-002 EXH-004
}

s_timeline_lab() {
	need analyze timeline &&
	lj analyst timeline-lab analyze timeline EXH-003 --tz Europe/Paris --year 2021 \
		--clock-offset "EXH-003=$LAB_CLOCK_SLOW_SECONDS"
}

s_detect() {
	need analyze detect && need findings list &&
	lj analyst detect analyze detect &&
	lj analyst findings findings list
}

s_correlate() {
	need analyze correlate &&
	lj analyst correlate analyze correlate --attack "$ATTACK_WINDOW" \
		--baseline "$BASELINE_WINDOW"
}

s_export() {
	need timeline export &&
	ll analyst timeline export --format jsonl -o "$W/timeline.jsonl"
}

# A local test time-stamping authority (RFC 3161) made with openssl: a root
# CA and a TSA certificate. It proves nothing about real time; a real case
# uses a public or agency TSA.
s_tsa() {
	d=$W/tsa
	openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$d/ca.key" -out "$d/ca.pem" -days 3650 \
		-subj "/O=lifeline sample (not trusted)/CN=lifeline quickstart test TSA root" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" &&
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$d/tsa.key" -out "$d/tsa.csr" \
		-subj "/O=lifeline sample (not trusted)/CN=lifeline quickstart test TSA" &&
	printf '%s\n' "basicConstraints=critical,CA:FALSE" \
		"keyUsage=critical,digitalSignature" \
		"extendedKeyUsage=critical,timeStamping" >"$d/tsa.ext" &&
	openssl x509 -req -in "$d/tsa.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
		-set_serial 1 -days 3650 -extfile "$d/tsa.ext" -out "$d/tsa.pem" &&
	echo 01 >"$d/serial" &&
	cat >"$d/tsa.cnf" <<EOF
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = $d/serial
crypto_device = builtin
signer_cert = $d/tsa.pem
certs = $d/ca.pem
signer_key = $d/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.4146.2.3.99
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
EOF
	# what `casefile verify --ca` trusts: the test TSA root and both examiners
	cat "$d/ca.pem" "$W/keys/responder/examiner.crt" "$W/keys/analyst/examiner.crt" \
		>"$W/trust.pem"
}

# casefile build writes the time-stamp request (seal/*.tsq) over its CMS
# signature; the TSA answers it; `casefile build --tsa-reply` adds the
# answer to the sealed case file.
s_build() {
	need casefile build &&
	lj analyst casefile-build casefile build -o "$W/casefile" &&
	tsq=$(find "$W/casefile" -name '*.tsq' | head -n 1) &&
	if [ -z "$tsq" ]; then
		echo "casefile build wrote no time-stamp request (*.tsq)" >&2
		return 4
	fi &&
	openssl ts -reply -config "$W/tsa/tsa.cnf" -queryfile "$tsq" -out "$W/tsa/reply.tsr" &&
	openssl ts -verify -queryfile "$tsq" -in "$W/tsa/reply.tsr" -CAfile "$W/tsa/ca.pem" \
		-untrusted "$W/tsa/tsa.pem" &&
	lj analyst casefile-timestamp casefile build -o "$W/casefile" --tsa-reply "$W/tsa/reply.tsr"
}

s_verify() {
	need casefile verify && need custody verify &&
	lj analyst casefile-verify casefile verify "$W/casefile" --ca "$W/trust.pem" &&
	lj analyst custody-verify custody verify
}

echo "lifeline $("$LL" version 2>/dev/null | head -n 1 | sed 's/^lifeline //')" \
	"- sample incident: ransomware at Centre Hospitalier de Valmont"
echo "work folder: $W"
step "responder and analyst keys (key new)" s_keys
step "case workspace (case init)" s_case
step "FS03 disk image to E01, EXH-001 (collect image)" s_image
step "FS03 event logs, labsrv01 logs, EXH-002/003 (collect files)" s_files
step "custody: responder -> analyst, transfer and receive" s_transfer
step "analyst checks what was received (evidence verify)" s_verify_evidence
step "hospital data, EXH-004 (collect files)" s_hospital
step "timeline of disk, event logs, hospital data (analyze timeline)" s_timeline_utc
step "timeline of labsrv01, CET, clock +${LAB_CLOCK_SLOW_SECONDS} s (analyze timeline)" s_timeline_lab
step "detection rules (analyze detect, findings list)" s_detect
step "attack -> systems -> care -> patients (analyze correlate)" s_correlate
step "timeline export, JSON Lines (timeline export)" s_export
step "local test time-stamping authority (openssl)" s_tsa
step "sealed case file with RFC 3161 time-stamp (casefile build)" s_build
step "verify the case file and the custody ledger (casefile verify)" s_verify

# Where things are, and the fingerprint (SHA-256 of tagmanifest-sha256.txt).
tag=$(find "$W/casefile" -name tagmanifest-sha256.txt | head -n 1)
report=$(find "$W/casefile" -name 'report*.html' | sort | head -n 1)
[ -n "$report" ] || report=$(find "$W/casefile" -name '*.html' | sort | head -n 1)
if [ -z "$tag" ]; then
	echo "run-pipeline: the case file has no tagmanifest-sha256.txt" >&2
	exit 4
fi
fpr=$(sha256sum "$tag" | cut -d' ' -f1)
awk -v a="$t_all" -v b="$(now)" 'BEGIN { printf "\ndone in %.0f s\n", b - a }'
echo "case workspace : $W/case"
echo "case file      : $W/casefile"
echo "report         : ${report:-(none found)}"
echo "fingerprint    : $fpr"
echo "  (SHA-256 of $(basename "$tag"); check it with: sha256sum ${tag#"$PWD"/})"

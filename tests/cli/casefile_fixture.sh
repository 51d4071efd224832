# SPDX-License-Identifier: Apache-2.0
# Sourced by the t3* tests after lib.sh: builds a realistic case without the
# collect/analyze commands (rows inserted with sqlite3 following core/schema.c).
#   casefile_case DIR   a case with an image, a log, hospital harm CSV + FHIR,
#                       events, findings, analyses, a correlation result and
#                       custody entries; cd's into it.
#   casefile_pki DIR    a test CA, an examiner cert issued by it (for --key/--cert),
#                       a TSA cert (critical timeStamping), a recipient cert, a
#                       rogue CA + examiner, and an openssl ts config.

casefile_case() {
	dir=$1
	[ -f "$HOME/.lifeline/examiner.key" ] ||
		expect_exit 0 key new --name "Test Examiner" --org "Test Lab"
	expect_exit 0 case init "$dir" --case-id "PJ-2025-0042" \
		--title "Ransomware attack on Example Hospital" \
		--agency "National Cyber Unit" --authority "Requisition art. 60 CPP no. 2025/118"
	cd "$dir"
	mkdir -p evidence/E1 evidence/E2 evidence/E3 evidence/E4
	python3 - <<'PY'
import random
r = random.Random(42)
open("evidence/E1/srv-ehr01.raw", "wb").write(bytes(r.getrandbits(8) for _ in range(65536)))
open("evidence/E2/auth.log", "w").write(
    "Oct 10 01:58:02 srv-ehr01 sshd[811]: Accepted password for admin from 203.0.113.7 port 50122 ssh2\n"
    "Oct 10 02:05:40 srv-ehr01 sudo: admin : TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/tmp/enc --all\n")
open("evidence/E3/service_disruptions.csv", "w").write(
    "schema,disruption_id,site_code,unit,disruption_type,affected_system,linked_asset,severity,start,end,time_precision\n"
    "lifeline-disruption/1,D-0001,FR-590000000,ED,ed_diversion,EHR,srv-ehr01,full,2025-10-10T02:30:00Z,2025-10-11T02:30:00Z,minute\n")
open("evidence/E3/harm_events.csv", "w").write(
    "schema,event_id,patient_pseudonym,age_band,unit,event_start,care_process,disruption_ids,harm_level,causality\n"
    "lifeline-harm/1,H-0001,P-5d3c03545432dcdb308c889b41cf399c,70-79,ED,2025-10-10T03:40:00Z,ed_triage,D-0001,severe,Probably-Likely\n")
open("evidence/E4/bundle.json", "w").write(
    '{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Flag", "id": "D-0001", "status": "inactive"}}]}\n')
PY
	sha() { sha256sum "$1" | cut -c1-64; }
	md5() { md5sum "$1" | cut -c1-32; }
	sha1() { sha1sum "$1" | cut -c1-40; }
	T0=1760061482000000000 # 2025-10-10T01:58:02Z
	sqlite3 case.db <<SQL
INSERT INTO evidence(id, seq, kind, state, format, description, source, media_size, md5, sha1, sha256, started_ns, registered_ns)
 VALUES ('E1', 1, 'image', 'registered', 'raw', 'System disk of srv-ehr01', '/dev/sdb', 65536,
  '$(md5 evidence/E1/srv-ehr01.raw)', '$(sha1 evidence/E1/srv-ehr01.raw)', '$(sha evidence/E1/srv-ehr01.raw)', 1760076720000000000, 1760087141000000000);
INSERT INTO evidence_files VALUES ('E1', 'evidence/E1/srv-ehr01.raw', '/dev/sdb', 'segment', 65536, '$(sha evidence/E1/srv-ehr01.raw)', NULL, NULL, NULL);
INSERT INTO evidence(id, seq, kind, state, format, description, source, started_ns, registered_ns)
 VALUES ('E2', 2, 'file', 'registered', 'file', 'sshd and sudo log of srv-ehr01', 'srv-ehr01:/var/log/auth.log', 1760088000000000000, 1760088010000000000);
INSERT INTO evidence_files VALUES ('E2', 'evidence/E2/auth.log', '/var/log/auth.log', 'file', $(wc -c < evidence/E2/auth.log), '$(sha evidence/E2/auth.log)', NULL, NULL, NULL);
INSERT INTO evidence(id, seq, kind, state, format, description, source, started_ns, registered_ns)
 VALUES ('E3', 3, 'file', 'registered', 'file', 'Hospital disruption and harm records (pseudonymised)', 'DPO export', 1760090000000000000, 1760090001000000000);
INSERT INTO evidence_files VALUES ('E3', 'evidence/E3/harm_events.csv', 'harm_events.csv', 'file', $(wc -c < evidence/E3/harm_events.csv), '$(sha evidence/E3/harm_events.csv)', NULL, NULL, NULL);
INSERT INTO evidence_files VALUES ('E3', 'evidence/E3/service_disruptions.csv', 'service_disruptions.csv', 'file', $(wc -c < evidence/E3/service_disruptions.csv), '$(sha evidence/E3/service_disruptions.csv)', NULL, NULL, NULL);
INSERT INTO evidence(id, seq, kind, state, format, description, source, started_ns, registered_ns)
 VALUES ('E4', 4, 'file', 'registered', 'file', 'FHIR bundle of disruption flags', 'FHIR export', 1760090100000000000, 1760090101000000000);
INSERT INTO evidence_files VALUES ('E4', 'evidence/E4/bundle.json', 'bundle.json', 'file', $(wc -c < evidence/E4/bundle.json), '$(sha evidence/E4/bundle.json)', NULL, NULL, NULL);
INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host, user, path, locator, message) VALUES
 (1, 'E2', $T0, 'Content Modification Time', 'syslog', 'syslog', 'srv-ehr01', 'admin', NULL, 'auth.log:1', 'Accepted password for admin from 203.0.113.7'),
 (2, 'E2', $((T0 + 458000000000)), 'Content Modification Time', 'syslog', 'syslog', 'srv-ehr01', 'admin', NULL, 'auth.log:2', 'sudo: admin : COMMAND=/tmp/enc --all'),
 (3, 'E1', $((T0 + 500000000000)), 'Modification Time', 'fs', 'tsk', 'srv-ehr01', NULL, '/tmp/enc', 'inode 12', 'ransomware binary written: /tmp/enc'),
 (4, 'E1', $((T0 + 900000000000)), 'Modification Time', 'fs', 'tsk', 'srv-ehr01', NULL, '/var/lib/ehr/db.enc', 'inode 77', 'EHR database encrypted: db.enc'),
 (5, 'E3', $((T0 + 1918000000000)), 'Start', 'disruption', 'harm', NULL, NULL, NULL, 'service_disruptions.csv:2', 'D-0001 ED diversion (EHR unavailable)'),
 (6, 'E3', $((T0 + 6118000000000)), 'Start', 'harm', 'harm', NULL, NULL, NULL, 'harm_events.csv:2', 'H-0001 severe harm, ED triage delayed');
INSERT INTO findings(id, rule_id, title, source, severity, techniques, confidence, host, first_ns, last_ns, event_count, description) VALUES
 (1, 'LL-SSH-PW', 'Password logon over SSH from an external address', 'builtin', 'high', '["T1078"]', 'high', 'srv-ehr01', $T0, $T0, 1, 'Interactive logon as admin from 203.0.113.7'),
 (2, 'LL-RANSOM-ENC', 'Mass encryption of the EHR database', 'builtin', 'critical', '["T1486"]', 'high', 'srv-ehr01', $((T0 + 458000000000)), $((T0 + 900000000000)), 3, 'Encryptor run by sudo, database files replaced by .enc');
INSERT INTO finding_events VALUES (1, 1), (2, 2), (2, 3), (2, 4);
INSERT INTO analyses(evidence_id, kind, time_ns, options, counts, warnings) VALUES ('E1', 'timeline', $((T0 + 86400000000000)), '{"tz":"UTC"}', '{"events":2}', '[]'),
 ('E2', 'timeline', $((T0 + 86400000000000)), '{"year":2025,"tz":"UTC"}', '{"events":2}', '["year assumed 2025 for syslog lines without year"]'),
 ('E2', 'detect', $((T0 + 90000000000000)), '{"rules":"builtin"}', '{"findings":2}', '[]');
INSERT INTO correlation VALUES (1, $((T0 + 95000000000000)), '{"baseline_days":28}', '{
 "schema": "lifeline.correlate/1",
 "attack_window": {"from": "2025-10-10T01:58:02Z", "to": "2025-10-11T02:30:00Z", "rule": "first intrusion to last restoration"},
 "baseline_windows": [{"from": "2025-09-12T00:00:00Z", "to": "2025-10-10T00:00:00Z"}],
 "chains": [{"harm_event_id": "H-0001", "patient": "P-5d3c03545432dcdb308c889b41cf399c", "age_band": "70-79", "unit": "ED",
   "site_code": "FR-590000000", "event_start": "2025-10-10T03:40:00Z", "care_process": "ed_triage", "harm_level": "severe",
   "causality": "Probably-Likely", "status": "linked", "confidence": "medium",
   "links": [
    {"kind": "harm->disruption", "from": "H-0001", "to": "D-0001", "basis": "documented reference", "confidence": "high", "cites": {"events": [6, 5], "rows": ["harm_events.csv:2"]}},
    {"kind": "disruption->system", "from": "D-0001", "to": "EHR", "basis": "documented reference", "confidence": "high", "cites": {"events": [5], "rows": ["service_disruptions.csv:2"]}},
    {"kind": "system->host", "from": "EHR", "to": "srv-ehr01", "basis": "inventory join", "confidence": "high", "cites": {}},
    {"kind": "host->finding", "from": "srv-ehr01", "to": "F2", "basis": "time overlap", "confidence": "medium", "cites": {"findings": [2], "events": [4]}},
    {"kind": "finding->intrusion", "from": "F2", "to": "F1", "basis": "time overlap", "confidence": "medium", "cites": {"findings": [1], "events": [1]}}],
   "disruptions": ["D-0001"], "systems": ["EHR"], "hosts": ["srv-ehr01"], "findings": [1, 2],
   "earliest_intrusion": {"finding": 1, "time": "2025-10-10T01:58:02Z", "title": "Password logon over SSH from an external address"}}],
 "endangerment": [{"disruption_id": "D-0001", "system": "EHR", "service": "ED", "life_critical": true,
   "start": "2025-10-10T02:30:00Z", "end": "2025-10-11T02:30:00Z", "duration_minutes": 1440,
   "counts": {"ambulances_diverted": 23}, "findings": [2], "events": [5]}],
 "statistics": [{"metric": "ed_arrivals", "unit": "ED",
   "attack": {"from": "2025-10-10T00:00:00Z", "to": "2025-10-11T00:00:00Z", "count": 131, "denominator": null, "days": 1},
   "baseline": {"from": "2025-09-12T00:00:00Z", "to": "2025-10-10T00:00:00Z", "count": 5992, "denominator": null, "days": 28},
   "rate_ratio": 0.612, "ci95": [0.514, 0.729], "method": "Poisson rate ratio, 95% CI exp(ln RR +/- 1.96 sqrt(1/a+1/b))",
   "median_difference": null}]}');
SQL
	expect_exit 0 custody add --action register --evidence E1 --note "image of srv-ehr01 registered" --location "Example Hospital data centre"
	expect_exit 0 custody add --action transfer --evidence E1 --to "Officer B. Example" --note "sealed bag SB-778812 handed over"
	expect_exit 0 custody add --action receive --evidence E3 --note "hospital DPO export received"
	# the store matrix: the case pushed and this directory a workspace of it
	store_adopt "$dir"
}

casefile_pki() {
	pki=$1
	mkdir -p "$pki"
	(
	cd "$pki"
	cat > ext.cnf <<'CNF'
[ca]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
[examiner]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation
extendedKeyUsage=emailProtection
[tsa]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation
extendedKeyUsage=critical,timeStamping
[recipient]
basicConstraints=critical,CA:FALSE
keyUsage=critical,keyEncipherment
CNF
	for ca in ca rogue; do
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $ca.key \
			-out $ca.pem -days 3650 -subj "/CN=Test $ca CA" -extensions ca -config ext.cnf \
			-addext "basicConstraints=critical,CA:TRUE" 2>/dev/null
	done
	issue() { # name ca ext subject keytype
		if [ "$5" = rsa ]; then
			openssl req -newkey rsa:2048 -nodes -keyout $1.key -out $1.csr -subj "$4" 2>/dev/null
		else
			openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $1.key -out $1.csr -subj "$4" 2>/dev/null
		fi
		openssl x509 -req -in $1.csr -CA $2.pem -CAkey $2.key -CAcreateserial -days 3650 \
			-extfile ext.cnf -extensions $3 -out $1.pem 2>/dev/null
	}
	issue examiner ca examiner "/CN=Test Examiner/O=Test Lab" ec
	issue tsa ca tsa "/CN=Test TSA" ec
	issue recipient ca recipient "/CN=Prosecutor/O=Court" rsa
	issue rogue-examiner rogue examiner "/CN=Test Examiner/O=Rogue Lab" ec
	echo 01 > tsaserial
	cat > tsa.cnf <<CNF
[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
serial          = $pki/tsaserial
crypto_device   = builtin
signer_cert     = $pki/tsa.pem
certs           = $pki/ca.pem
signer_key      = $pki/tsa.key
signer_digest   = sha256
default_policy  = 1.3.6.1.4.1.99999.1.1
digests         = sha256, sha384, sha512
accuracy        = secs:1
ordering        = no
tsa_name        = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
	)
}

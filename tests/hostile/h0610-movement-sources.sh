#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Class: the source of a movement edge is attacker-written. A 4624's
# IpAddress and WorkstationName come from the client, sshd logs the user
# name an attacker typed (spaces and a false " from ADDR" included). Addresses inet_pton refuses ("999.1.1.1", a name,
# trailing text), names of 10 KB, with control characters, C1, bidi
# overrides or invalid UTF-8, attrs that are not a JSON object, a NUL in a
# JSON string: each record is skipped and counted (a warning on stderr
# naming the reason and the count), never an edge, never a crash; the
# well-formed records beside them still give their edges, and what
# `movements` prints holds no raw control or bidi character. Records are
# given both through the syslog reader (a crafted auth log) and as stored
# EVTX rows (what a crafted EVTX's EventData becomes in attrs).
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3
new_case

python3 - "$TMP/auth.log" <<'PY'
import sys
big = "A" * 10240
lines = [
    "Nov  2 23:31:40 labsrv01 sshd[100]: Accepted password for labadmin from 203.0.113.45 port 4000 ssh2",
    "Nov  2 23:31:41 labsrv01 sshd[101]: Failed password for root from 999.1.1.1 port 4001 ssh2",
    "Nov  2 23:31:42 labsrv01 sshd[102]: Failed password for invalid user " + big + " from 203.0.113.46 port 4002 ssh2",
    "Nov  2 23:31:43 labsrv01 sshd[103]: Failed password for invalid user ad\u202emin from 203.0.113.47 port 4003 ssh2",
    "Nov  2 23:31:44 labsrv01 sshd[104]: Failed password for invalid user ad\x1b[2Jmin from 203.0.113.48 port 4004 ssh2",
    "Nov  2 23:31:45 labsrv01 sshd[105]: Failed password for root from ::1 port 4005 ssh2",
    "Nov  2 23:31:46 labsrv01 sshd[106]: Failed password for root from evil.example port 4006 ssh2",
    "Nov  2 23:31:47 labsrv01 sshd[107]: Failed password for root from 203.0.113.49",
    # a user name that writes its own " from ADDR": the address is sshd's, the last
    "Nov  2 23:31:48 labsrv01 sshd[108]: Failed password for invalid user x from 10.9.9.9 port 1 from 203.0.113.50 port 4008 ssh2",
]
with open(sys.argv[1], "w", encoding="utf-8", newline="\n") as f:
    f.write("\n".join(lines) + "\n")
PY
add_evidence file "$TMP/auth.log" >/dev/null
expect_exit 0 analyze timeline --year 2021 --tz UTC

# stored EVTX rows whose EventData is hostile (as a crafted EVTX would give)
python3 - "$TMP/rows.sql" <<'PY'
import json, sys
def row(i, attrs, host="FS03.offsec.lan", raw=None):
    a = raw if raw is not None else json.dumps(attrs)
    return ("INSERT INTO events(evidence_id, time_ns, time_desc, source, parser, host, event_code,"
            " path, locator, message, attrs) VALUES ('E1', %d, 'Event Logged', 'evtx', 'evtx', '%s',"
            " 4624, 'Security.evtx', 'record=%d', 'logon', '%s');\n"
            % (1635895900000000000 + i, host.replace("'", "''"), i, a.replace("'", "''")))
base = {"Channel": "Security", "EventID": 4624, "LogonType": "3", "TargetUserName": "admmig",
        "TargetDomainName": "OFFSEC"}
rows = [
    dict(base, IpAddress="10.0.2.17", WorkstationName="PC01"),             # good
    dict(base, IpAddress="999.1.1.1", WorkstationName="PC01"),
    dict(base, IpAddress="-", WorkstationName="W" * 10240),
    dict(base, IpAddress="-", WorkstationName="PC\u202e10"),
    dict(base, IpAddress="-", WorkstationName="PC\u0085"),
    dict(base, IpAddress="10.0.2.18", WorkstationName="PC02", TargetUserName="x\ty"),
    dict(base, IpAddress="10.0.2.19\n", WorkstationName="-"),
    dict(base, IpAddress="::1", WorkstationName="ATTACKER"),
    dict(base, IpAddress="10.0.2.20", LogonType="9" * 400),
    dict(base, IpAddress=["10.0.2.21"], WorkstationName={"x": 1}),
]
with open(sys.argv[1], "w") as f:
    for i, r in enumerate(rows):
        f.write(row(i, r))
    f.write(row(50, None, raw='{"IpAddress":"10.0.2.22","WorkstationName":"A\\u0000B","LogonType":"3"}'))
    f.write(row(51, None, raw='[1,2,3]'))
    f.write(row(52, None, raw='{"IpAddress":'))
    f.write(row(53, dict(base, IpAddress="10.0.2.23"), host="FS\u202e03"))
    f.write(row(54, dict(base, IpAddress="10.0.2.24"), host="H" * 5000))
PY
sqlite3 case.db <"$TMP/rows.sql" || fail "inserting the rows"

expect_exit 0 analyze detect --no-fs
cp "$TMP/err" "$TMP/detect.err"
# the refusals are counted, by reason
expect_grep 'lifeline: analyze detect: [0-9]+ records? refused for movement: source address not an IP address' "$TMP/detect.err"
expect_grep 'lifeline: analyze detect: [0-9]+ records? refused for movement: source name too long or with control characters' "$TMP/detect.err"
expect_grep 'lifeline: analyze detect: [0-9]+ records? refused for movement: account name too long or with control characters' "$TMP/detect.err"
expect_grep 'lifeline: analyze detect: 2 records refused for movement: host name too long or with control characters' "$TMP/detect.err"
expect_grep 'lifeline: analyze detect: 3 records refused for movement: attributes not a JSON object' "$TMP/detect.err"

expect_exit 0 movements --json
cp "$TMP/out" "$TMP/edges.json"
test_count=$((test_count + 1))
python3 - "$TMP/edges.json" <<'PY' || fail "edges from hostile sources"
import json, sys
e = json.load(open(sys.argv[1]))["edges"]
got = sorted((x["from_addr"], x["from_name"], x["account"], x["to_host"]) for x in e)
want = sorted([
    ("203.0.113.45", None, "labadmin", "labsrv01"),
    ("203.0.113.49", None, "root", "labsrv01"),                  # no port: the address is named
    ("203.0.113.50", None, "x from 10.9.9.9 port 1", "labsrv01"),
    ("10.0.2.17", "PC01", "OFFSEC\\admmig", "FS03.offsec.lan"),
    ("10.0.2.20", None, "OFFSEC\\admmig", "FS03.offsec.lan"),   # LogonType not a number: unknown
])
if got != want:
    print("got", got, file=sys.stderr)
    sys.exit(1)
for x in e:
    for k in ("from_name", "account", "to_host", "basis"):
        v = x[k] or ""
        assert len(v) < 1024, (k, len(v))
        assert not any(ord(c) < 32 or 0x7f <= ord(c) <= 0x9f or 0x202a <= ord(c) <= 0x202e
                       or 0x2066 <= ord(c) <= 0x2069 for c in v), (k, v)
PY
# the text listing: no raw control or bidi character either
expect_exit 0 movements
test_count=$((test_count + 1))
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$TMP/out" ||
	grep -q "$(printf '\342\200\256')" "$TMP/out"; then
	fail "control or bidi characters in 'movements' output"
fi
# --from with hostile text is only a filter: no match, no error
expect_exit 0 movements --from "$(printf 'a\033[2Jb')"
expect_grep '^\(no movement edges\)$' "$TMP/out"
expect_exit 0 movements --from 999.1.1.1 --json
test_count=$((test_count + 1))
[ "$(json_get "$TMP/out" 'd["count"]')" -eq 0 ] || fail "an edge from 999.1.1.1"
done_testing

#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Movement edges of the public attack samples (../shared/testdata/evtx): the
# edges lifeline builds are the ones the raw records name, as the libyal peer
# evtxexport shows them: each 4624/4625 (LogonType not system, batch or
# service), 1149, 5140/5145 and 4648 whose source address is a remote one
# (not loopback, link-local or unspecified) or, without an address, whose
# workstation name is not the computer's own, with that address, name and
# account; and nothing else of those ids. The expected set is computed here
# from the XML, never from lifeline's output.
. "$(dirname "$0")/lib.sh"
need sqlite3 python3 evtxexport
E="$SHARED/testdata/evtx"
[ -f "$E/eas_DE_RDP_Tunneling_4624.evtx" ] || skip "no shared EVTX test data in $SHARED/testdata/evtx (../shared, the project's shared test data)"

files="eas_DE_RDP_Tunneling_4624 eas_DE_RDP_Tunneling_TS-RCM-Operational_1149
cc0_5140_failed_admin_share_access cc0_4624_runas_different_user
cc0_encrypted_payload_service_over_smb eas_LM_Remote_Service02_7045"
new_case
: >"$TMP/all.xml"
for f in $files; do
	add_evidence file "$E/$f.evtx" >/dev/null
	evtxexport -f xml "$E/$f.evtx" >>"$TMP/all.xml" 2>/dev/null || fail "evtxexport $f"
done
expect_exit 0 analyze timeline
expect_exit 0 analyze detect --no-fs
expect_grep '^[0-9]* movement edges' "$TMP/out"
expect_exit 0 movements --json
cp "$TMP/out" "$TMP/edges.json"
# each edge's event: its computer and record number, for the comparison
sqlite3 case.db "SELECT id, json_extract(attrs, '\$.Computer'), json_extract(attrs, '\$.EventRecordID') FROM events WHERE source = 'evtx'" >"$TMP/ids"

python3 - "$TMP/all.xml" "$TMP/edges.json" "$TMP/ids" >"$TMP/cmp" <<'PY' || { cat "$TMP/cmp" >&2; fail "edges differ from the raw records"; }
import ipaddress, json, re, sys
import xml.etree.ElementTree as ET

def local_or_bad(a):
    """None: no address; True: the host itself; False: a remote address; 'bad'."""
    if not a or a == "-":
        return None
    a = a.split("%")[0]
    try:
        ip = ipaddress.ip_address(a)
    except ValueError:
        return "bad"
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_link_local or ip.is_unspecified or \
        (ip.version == 4 and ip.packed[0] == 0)

def canon(a):
    ip = ipaddress.ip_address(a.split("%")[0])
    return str(ip.ipv4_mapped) if getattr(ip, "ipv4_mapped", None) else str(ip)

def short(h):
    return (h or "").split(".")[0].lower()

want = set()
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
for block in re.findall(r"<Event .*?</Event>", text, re.S):
    block = re.sub(r' xmlns(:[\w-]+)?="[^"]*"', "", block)
    ev = ET.fromstring(block)
    sysn = ev.find("System")
    eid = int(sysn.findtext("EventID"))
    rec = sysn.findtext("EventRecordID")
    comp = sysn.findtext("Computer")
    chan = sysn.findtext("Channel") or ""
    d = {x.get("Name"): (x.text or "") for x in ev.iter("Data") if x.get("Name")}
    for x in ev.iter():
        if x.tag.startswith("Param"):
            d[x.tag] = x.text or ""
    addr = name = user = None
    if eid in (4624, 4625):
        if d.get("LogonType") in ("0", "4", "5"):
            continue
        addr, name, user = d.get("IpAddress"), d.get("WorkstationName"), d.get("TargetUserName")
    elif eid == 1149 and "RemoteConnectionManager" in chan:
        addr, user = d.get("Param3"), d.get("Param1")
    elif eid in (5140, 5145):
        addr, user = d.get("IpAddress"), d.get("SubjectUserName")
    elif eid == 4648:
        t = (d.get("TargetServerName") or "").lstrip("\\")
        if t in ("", "-", "localhost") or short(t) == short(comp):
            continue
        want.add((comp, rec, None, short(comp), d.get("TargetUserName")))
        continue
    else:
        continue
    lb = local_or_bad(addr)
    if lb is True or lb == "bad":
        continue
    if name in ("", "-"):
        name = None
    if lb is None and (name is None or short(name) == short(comp)):
        continue
    want.add((comp, rec, canon(addr) if lb is False else None,
              name.lower() if name else None, user))

ids = {}
for line in open(sys.argv[3]):
    i, comp, rec = line.rstrip("\n").split("|")
    ids[int(i)] = (comp, rec)
got = set()
for e in json.load(open(sys.argv[2]))["edges"]:
    if e["kind"] in ("service-install", "task"):
        continue
    comp, rec = ids[e["event_id"]]
    user = (e["account"] or "").split("\\")[-1] or None
    got.add((comp, rec, e["from_addr"], (e["from_name"] or "").lower() or None, user))
print("expected", len(want), "got", len(got))
for x in sorted(want - got, key=str):
    print("missing", x)
for x in sorted(got - want, key=str):
    print("extra", x)
sys.exit(0 if want == got and len(want) >= 10 else 1)
PY
test_count=$((test_count + 1))
say "$(head -1 "$TMP/cmp")"

# the samples' lateral movement as the records name it: PC01 (10.0.2.17) to
# PC02 over the network (4624 type 3), RDP to PC01 from 10.0.2.15 as admin01
expect_exit 0 movements --from 10.0.2.17
expect_grep 'logon-network .*PC01 \(10\.0\.2\.17\) \[unresolved\] -> PC02\.example\.corp' "$TMP/out"
expect_grep 'Windows logon 4624 \(logon type 3, network\) on PC02\.example\.corp recorded a logon' "$TMP/out"
expect_exit 0 movements --host pc01
expect_grep 'rdp-auth .*10\.0\.2\.15 \[unresolved\] -> PC01\.example\.corp  example\\admin01' "$TMP/out"
# to or from: PC01's own logon on PC02 is listed, IEWIN7's are not
expect_grep '-> PC02' "$TMP/out"
expect_no_grep 'IEWIN7' "$TMP/out"
# a bad option and an extra argument are usage errors
expect_exit 2 movements --bogus
expect_exit 2 movements extra
done_testing

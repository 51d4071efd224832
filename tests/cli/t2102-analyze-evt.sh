#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Legacy Windows event logs (.evt) against evtexport (libevt-utils): every
# record evtexport prints, live or recovered, is in the timeline with the
# same record number, event identifier, creation and written times, type,
# category, source, computer, SID and strings; each locator's offset holds
# that record. Also: a wrapped log, a dirty one, a gzip'd one, a damaged
# record (recovered), a record without times (rejected, warned by index), a
# truncated copy (warned), a file too short to open, the readable messages,
# and an EVTX file that must stay with the EVTX reader.
. "$(dirname "$0")/lib.sh"
need python3 evtexport
new_case
gen="$SRC/tests/data/make_evt.py"
python3 "$gen" --all "$TMP" || fail "make_evt.py"
cp "$TMP/plain.evt" "$TMP/gz.evt" && gzip -9 "$TMP/gz.evt"
head -c 1000 "$TMP/plain.evt" >"$TMP/cut.evt"
head -c 20 "$TMP/plain.evt" >"$TMP/tiny.evt"
: >"$TMP/items"
for v in plain wrapped dirty damaged notime gz cut tiny; do
	f="$TMP/$v.evt"
	[ "$v" = gz ] && f="$TMP/gz.evt.gz"
	id=$(add_evidence file "$f")
	echo "$id $v $f" >>"$TMP/items"
done
x=$(add_evidence file "$SRC/tests/fuzz/corpus/evtx/cc0_4720_local_user_created.evtx")
expect_exit 4 --json analyze timeline
cp "$TMP/out" "$TMP/timeline.json"

# the oracle: evtexport -m items and -m recovered, field by field
while read -r id v f; do
	[ "$v" = tiny ] && continue
	src=$f
	if [ "$v" = gz ]; then
		gzip -dc "$f" >"$TMP/gz.plain"
		src="$TMP/gz.plain"
	fi
	evtexport -m items "$src" >"$TMP/$v.items" 2>"$TMP/$v.items.err" || fail "evtexport $v"
	evtexport -m recovered "$src" >"$TMP/$v.recovered" 2>/dev/null || fail "evtexport -m recovered $v"
	test_count=$((test_count + 1))
	python3 - "$id" "$v" "$src" "$TMP/$v.items" "$TMP/$v.recovered" case.db <<'PY' || fail "$v differs from evtexport"
import calendar, datetime, json, re, sqlite3, struct, sys

eid_, variant, path, items, recovered, db = sys.argv[1:]

def parse(fn):
    recs, cur = [], None
    for line in open(fn, encoding="utf-8", errors="replace").read().split("\n"):
        m = re.match(r"^([^\t]+)\t+: (.*)$", line)
        if not m:
            continue
        k, val = m.group(1), m.group(2)
        if k == "Event number":
            cur = {"number": int(val), "strings": []}
            recs.append(cur)
        elif cur is None:
            continue
        elif k in ("Creation time", "Written time"):
            if val.startswith("Not set"):
                cur[k] = None
            else:
                d = datetime.datetime.strptime(val, "%b %d, %Y %H:%M:%S UTC")
                cur[k] = calendar.timegm(d.timetuple())
        elif k == "Event type":
            cur[k] = int(re.search(r"\((\d+)\)$", val).group(1))
        elif k == "Event identifier":
            cur[k] = int(val.split()[0], 16)
        elif k == "Event category":
            cur[k] = int(val)
        elif k.startswith("String: "):
            assert int(k[8:]) == len(cur["strings"]) + 1
            cur["strings"].append(val)
        else:
            cur[k] = val
    return recs

want = [(r, False) for r in parse(items)] + [(r, True) for r in parse(recovered)]
con = sqlite3.connect(db)
rows = con.execute("SELECT time_desc, time_ns, event_code, host, user, category, locator, attrs, source, parser, time_rule"
                   " FROM events_full WHERE evidence_id=?", (eid_,)).fetchall()
data = open(path, "rb").read()
got = {}
for desc, ns, code, host, user, cat, loc, attrs, source, parser, rule in rows:
    a = json.loads(attrs)
    assert source == "evt" and parser == "evt", (source, parser)
    assert "POSIX seconds, UTC" in rule, rule
    key = (a["RecordNumber"], bool(a.get("recovered")))
    assert (cat == "recovered") == key[1], (cat, key)
    g = got.setdefault(key, {"times": {}, "attrs": a, "host": host, "code": code, "loc": loc})
    assert desc not in g["times"], ("two events with one time", key, desc)
    g["times"][desc] = ns
    # the locator: record=R;offset=O[;recovered], and the record is there
    m = re.fullmatch(r"record=(\d+)(?:;offset=(\d+))?(;recovered)?", loc)
    assert m and int(m.group(1)) == key[0] and bool(m.group(3)) == key[1], loc
    assert m.group(2), ("no offset", loc)
    off = int(m.group(2))
    assert a["Offset"] == off
    size, sig, num = struct.unpack_from("<I4sI", data, off)
    assert sig == b"LfLe" and num == key[0], ("offset does not hold the record", loc)

rejected_times = 0
for r, rec in want:
    key = (r["number"], rec)
    if r.get("Creation time") is None and r.get("Written time") is None:
        assert key not in got, ("a record without times was stored", key)
        rejected_times += 1
        continue
    g = got.pop(key, None)
    assert g is not None, ("missing record", key)
    a = g["attrs"]
    eid = r["Event identifier"]
    assert g["code"] == eid & 0xFFFF and a["EventIdentifier"] == eid and a["EventID"] == eid & 0xFFFF, key
    assert a["Qualifiers"] == eid >> 16, key
    for desc, k in (("Creation Time", "Creation time"), ("Content Modification Time", "Written time")):
        if r.get(k) is None:
            assert desc not in g["times"], key
        else:
            assert g["times"].get(desc) == r[k] * 10**9, (key, desc, g["times"], r[k])
    assert a["EventType"] == r["Event type"], key
    assert a["EventCategory"] == r["Event category"], key
    assert a.get("SourceName") == r.get("Source name"), key
    assert a.get("ComputerName") == r.get("Computer name") == g["host"], key
    assert a.get("UserSID") == r.get("User security identifier"), key
    strs = [a["String%d" % (i + 1)] for i in range(a["NumberOfStrings"])]
    assert "String%d" % (len(strs) + 1) not in a
    assert strs == r["strings"], (key, strs, r["strings"])
assert not got, ("events evtexport does not know", sorted(got))
n_items = sum(1 for _, rec in want if not rec)
n_rec = sum(1 for _, rec in want if rec)
print("# %s: %d records, %d recovered, %d without times agree with evtexport" % (variant, n_items, n_rec, rejected_times))
if variant == "damaged":
    assert n_rec > 0, "the damaged file should give recovered records"
if variant == "notime":
    assert rejected_times == 1
PY
done <"$TMP/items"

# per-file results: readers, counts, warnings
python3 - "$TMP/timeline.json" "$TMP/items" "$x" >"$TMP/files" <<'PY' || fail "timeline JSON"
import json, sys
d = json.load(open(sys.argv[1]))
names = {l.split()[0]: l.split()[1] for l in open(sys.argv[2])}
names[sys.argv[3]] = "evtx"
for it in d["items"]:
    for f in it["files"]:
        print(names[it["id"]], f["reader"], f["events"], f["rejected"], f["recovered"],
              " | ".join(f["warnings"]))
PY
cat "$TMP/files" | sed 's/^/# /'
expect_grep '^plain evt 22 0 0 $' "$TMP/files"
expect_grep '^gz evt 22 0 0 $' "$TMP/files"
expect_grep '^wrapped evt 22 0 0 .*has wrapped' "$TMP/files"
expect_grep '^dirty evt 22 0 0 .*marked dirty' "$TMP/files"
expect_grep '^damaged evt [0-9]+ 0 [1-9][0-9]* .*recovered record\(s\) found' "$TMP/files"
expect_grep "^notime evt 20 1 0 .*notime.evt' record index 4: record 5 at offset [0-9]+: no creation or written time" "$TMP/files"
expect_grep "^cut evt [0-9]+ 0 0 .*cut.evt': the header puts the end-of-file record at offset [0-9]+, past the end of the file \(1000 bytes\)" "$TMP/files"
expect_grep '^tiny evt 0 0 0 .*not a readable EVT file' "$TMP/files"
expect_grep '^evtx evtx [1-9]' "$TMP/files"

# readable messages and users for the attack-relevant legacy ids
plain=$(awk '$2 == "plain" { print $1 }' "$TMP/items")
sqlite3 -separator ' | ' case.db "SELECT DISTINCT event_code, user, message FROM events WHERE evidence_id='$plain' ORDER BY json_extract(attrs,'\$.RecordNumber')" >"$TMP/msgs"
sed 's/^/# /' "$TMP/msgs"
expect_grep '^517 \| PACS-WS01\\Administrator \| Security audit log cleared by PACS-WS01\\Administrator' "$TMP/msgs"
expect_grep '^529 \| PACS-WS01\\administrator \| Failed logon of PACS-WS01\\administrator \(unknown user name or bad password\), logon type 3 \(Network\), from 198\.51\.100\.7:49152 \(workstation KALI\)' "$TMP/msgs"
expect_grep '^528 \| PACS-WS01\\radtech \| Successful logon of PACS-WS01\\radtech, logon type 10 \(RemoteInteractive\), from 203\.0\.113\.45:3389' "$TMP/msgs"
expect_grep '^592 \| PACS-WS01\\radtech \| Process created: C:\\WINDOWS\\system32\\cmd\.exe' "$TMP/msgs"
expect_grep '^601 \| PACS-WS01\\radtech \| Service installed: PSEXESVC, file %SystemRoot%\\PSEXESVC\.EXE' "$TMP/msgs"
expect_grep '^7035 \| S-1-5-21-[0-9-]+ \| Service PsExec Service was sent a start control$' "$TMP/msgs"
expect_grep '^7036 \|  \| Service PsExec Service entered the running state$' "$TMP/msgs"
expect_grep '^624 \| PACS-WS01\\radtech \| User account created: PACS-WS01\\svc_backup' "$TMP/msgs"
expect_grep '^636 \| PACS-WS01\\radtech \| Member - \(%\{S-1-5-21-1-2-3-1010\}\) added to local group Builtin\\Administrators' "$TMP/msgs"
expect_grep '^7000 \|  \| Service Modality Worklist failed to start' "$TMP/msgs"
done_testing

#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Patient data in clear beside an encrypted harm annex (issue #14 item 11). Hospital harm
# rows (CSV and a FHIR bundle) carry sentinel strings in every free-text column, the
# pseudonyms, reviewer roles and sex; after `analyze timeline` and `analyze correlate`,
# `casefile build --recipient` must leave none of them readable anywhere in the case file
# outside data/harm.tar.p7m (every file, compressed ones opened), while the ids (H-...),
# age band, harm level and times stay in clear. The same sentinels are in the annex and,
# without --recipient, in clear (so the search can find them).
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/../cli/casefile_fixture.sh"
need python3 openssl tar
EX=$SHARED/formats/examples
[ -d "$EX" ] || skip "no $EX"
export LIFELINE_NOW=2025-10-12T09:00:00Z

new_case
casefile_pki "$TMP/pki"
mkdir "$TMP/in"
python3 - "$EX" "$TMP/in" <<'PY'
import csv, io, json, sys
ex, out = sys.argv[1], sys.argv[2]
# CSV: every column that is not an id, a vocabulary code, an age band, a harm level or a time
rows = list(csv.DictReader(open(ex + "/harm_events.csv", newline="")))
fields = list(rows[0].keys())
for i, r in enumerate(rows):
    s = "ABCDEFGH"[i]
    r["patient_pseudonym"] = "P-" + ("5e%d" % i) * 10 + "5e"
    r["pseudonym_kid"] = "SENTINELKID" + s
    r["notes"] = "SENTINELNOTES" + s + " free text about the patient"
    r["reviewer_role"] = "SENTINELROLE" + s + " consultant"
    r["official_report_ref"] = "SENTINELREF" + s
    r["source_system"] = "SENTINELSYSTEM" + s
    r["evidence_refs"] = "SENTINELEXH" + s
    r["source_record_sha256"] = ("5e%d" % i) * 21 + "f"
f = io.StringIO()
w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
w.writeheader()
w.writerows(rows)
open(out + "/harm_events.csv", "w").write(f.getvalue())
# a refused file: lifeline's warning would quote the value (and the file goes in the annex)
rows[0]["causality"] = "SENTINELREFUSED"
rows[0]["event_id"], rows[1]["event_id"] = "H-0801", "H-0802"
f = io.StringIO()
w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
w.writeheader()
w.writerows(rows)
open(out + "/harm_refused.csv", "w").write(f.getvalue())
# FHIR: its own ids, and sentinels in every text
b = open(ex + "/fhir_bundle_example.json").read()
b = b.replace("H-000", "H-090").replace("D-000", "D-090").replace("CASE-2025-0001", "T-1")
b = b.replace("P-5d3c03545432dcdb308c889b41cf399c", "P-5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f")
b = b.replace("P-a1b2c3d4e5f60718293a4b5c6d7e8f90", "P-6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f")
d = json.loads(b)
n = 0
def walk(o):
    global n
    if isinstance(o, dict):
        for k, v in list(o.items()):
            if k == "text" and isinstance(v, str):
                o[k] = "SENTINELFHIR%d %s" % (n, v); n += 1
            else:
                walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(d)
open(out + "/bundle.json", "w").write(json.dumps(d, indent=1))
# the sentinels: pseudonyms, roles, free text; sex and gender as JSON keys/values
S = sorted({r[k] for r in rows for k in ("patient_pseudonym", "pseudonym_kid", "official_report_ref",
            "source_system", "evidence_refs", "source_record_sha256")} |
           {w for r in rows for k in ("notes", "reviewer_role") for w in [r[k].split()[0]]} |
           {"SENTINELFHIR%d" % i for i in range(n)} |
           {"P-5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f", "P-6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f", "SENTINELREFUSED"})
open(out + "/sentinels", "w").write("\n".join(S) + "\n")
PY
for f in "$TMP/in/harm_events.csv" "$EX/service_disruptions.csv" "$EX/systems.csv" \
	"$EX/ops_metrics.csv" "$TMP/in/bundle.json"; do
	add_evidence file "$f" >/dev/null
done
expect_exit 0 analyze timeline
expect_no_grep 'nothing of this file was stored' "$TMP/out"
add_evidence file "$TMP/in/harm_refused.csv" >/dev/null
ll analyze timeline E6 || :
expect_grep "SENTINELREFUSED.*nothing of this file was stored" "$TMP/out"
expect_exit 0 analyze correlate
expect_exit 0 casefile build -o "$TMP/cf" --recipient "$TMP/pki/recipient.pem"
expect_exit 0 casefile build -o "$TMP/plain"

# every file of a case file as text, compressed and archived ones opened
cat >"$TMP/search.py" <<'PY'
import gzip, io, json, os, re, sys, tarfile, zipfile, bz2, lzma
root, sentinels, skip = sys.argv[1], open(sys.argv[2]).read().split(), sys.argv[3:]
# sex and gender: a key or value naming it in structured text
keyed = [re.compile(rb'"sex"'), re.compile(rb'"gender"'), re.compile(rb'"(female|male)"'), re.compile(rb'\bsex\s*[:=]')]
def blobs(name, data, depth=0):
    yield name, data
    if depth > 3:
        return
    for opener in (gzip.decompress, bz2.decompress, lzma.decompress):
        try:
            yield from blobs(name + "|unpacked", opener(data), depth + 1)
        except Exception:
            pass
    try:
        with tarfile.open(fileobj=io.BytesIO(data)) as t:
            for m in t.getmembers():
                if m.isfile():
                    yield from blobs(name + "|" + m.name, t.extractfile(m).read(), depth + 1)
    except Exception:
        pass
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for m in z.namelist():
                yield from blobs(name + "|" + m, z.read(m), depth + 1)
    except Exception:
        pass
found = []
for d, _, files in os.walk(root):
    for f in files:
        p = os.path.join(d, f)
        if os.path.relpath(p, root) in skip:
            continue
        for name, data in blobs(os.path.relpath(p, root), open(p, "rb").read()):
            low = data.lower()
            for s in sentinels:
                if s.lower().encode() in low:
                    found.append("%s: %s" % (name, s))
            for k in keyed:
                if k.search(low):
                    found.append("%s: %s" % (name, k.pattern.decode()))
for line in sorted(set(found)):
    print(line)
PY
python3 "$TMP/search.py" "$TMP/cf" "$TMP/in/sentinels" bag/data/harm.tar.p7m >"$TMP/found"
[ ! -s "$TMP/found" ] || { cat "$TMP/found" >&2; fail "patient data in clear beside the encrypted annex (above)"; }

# the search finds them where they are: in the annex, and in clear without --recipient
openssl cms -decrypt -binary -inform DER -in "$TMP/cf/bag/data/harm.tar.p7m" -recip "$TMP/pki/recipient.pem" \
	-inkey "$TMP/pki/recipient.key" -out "$TMP/annex.tar" || fail "cannot decrypt the annex"
mkdir "$TMP/annex" && cp "$TMP/annex.tar" "$TMP/annex/"
python3 "$TMP/search.py" "$TMP/annex" "$TMP/in/sentinels" >"$TMP/found"
for s in $(cat "$TMP/in/sentinels"); do
	expect_grep ": $s\$" "$TMP/found"
done
python3 "$TMP/search.py" "$TMP/plain" "$TMP/in/sentinels" >"$TMP/found"
expect_grep 'timeline/timeline.jsonl: SENTINELNOTESA' "$TMP/found"
expect_grep 'report.html: P-5e05e05e' "$TMP/found"
expect_grep 'analysis/correlation.json: P-5e05e05e' "$TMP/found"
expect_grep 'analysis/methods.json: SENTINELREFUSED' "$TMP/found"

# what stays in clear: the ids, age band, harm level and times
D=$TMP/cf/bag/data
expect_grep '"attributes":"{\\"event_id\\":\\"H-0001\\",\\"age_band\\":\\"70-79\\",\\"harm_level\\":\\"severe\\"' "$D/timeline/timeline.jsonl"
expect_grep '"message":"H-0001: severe harm \(details in the encrypted harm annex\)"' "$D/timeline/timeline.jsonl"
expect_grep '\\"event_start\\":\\"2025-10-10T03:40:00Z\\"' "$D/timeline/timeline.jsonl"
expect_grep 'H-0001: severe harm \(details in the encrypted harm annex\)' "$D/timeline/timeline.csv"
expect_grep '"harm_event_id": "H-0001"' "$D/analysis/correlation.json"
expect_grep '"age_band": "70-79"' "$D/analysis/correlation.json"
expect_grep 'Chain 1: harm event <bdi>H-0001</bdi>' "$D/report.html"
expect_exit 0 casefile verify "$TMP/cf" --signer-fingerprint "$("$LIFELINE" key show | sed -n 's/^fingerprint *//p')"
done_testing

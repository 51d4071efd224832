#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A triage collection of two NTFS volumes, as KAPE lays it out (issue #19):
# C/$MFT, C/$Extend/$UsnJrnl%3A$J, D/$MFT, D/$Extend/$J, collected as one
# item. Each journal's paths come from its own volume's $MFT: C: and D: hold
# different files at the same MFT entries, so a journal resolved through
# the other volume's MFT would give wrong paths that look right. The
# oracle: usnjls -l of each volume's image (the records) and that volume's
# own fls -r -p (the path of each record's MFT entry); no path may be one
# of the other volume's.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3 mkntfs ntfs-3g ntfscp fls istat icat usnjls

mkdir "$TMP/c" "$TMP/d"
usn_fx=$TMP/c usn_fx_tag= . "$SRC/tests/cli/usn_paths_fixture.sh"
usn_fx=$TMP/d usn_fx_tag=D . "$SRC/tests/cli/usn_paths_fixture.sh"

say "the KAPE-shaped collection, extracted with icat as KAPE would"
# extract VOL J-NAME: $MFT and the journal of $TMP/VOL/n.raw into $TMP/kape/VOL
extract() {
	v=$(echo "$1" | tr cd CD)
	mkdir -p "$TMP/kape/$v/\$Extend"
	icat "$TMP/$1/n.raw" 0 >"$TMP/kape/$v/\$MFT" || fail "icat \$MFT of $1"
	u=$(fls "$TMP/$1/n.raw" 11 | sed -n 's/^r\/r \([0-9-]*\):[[:space:]]*\$UsnJrnl:\$J$/\1/p')
	[ -n "$u" ] || fail "fixture: no \$UsnJrnl:\$J in fls of $1's \$Extend"
	icat "$TMP/$1/n.raw" "$u" >"$TMP/kape/$v/\$Extend/$2" || fail "icat $u of $1"
	TZ=UTC usnjls -l "$TMP/$1/n.raw" "${u%%-*}" >"$TMP/$1/usnjls" || fail "usnjls $1"
}
extract c '$UsnJrnl%3A$J'
extract d '$J'

new_case
K=$(add_evidence file "$TMP/kape")
LIFELINE_NO_WORKERS=1 expect_exit 0 --json analyze timeline "$K"
sqlite3 -json case.db "SELECT path, message, attrs FROM events WHERE evidence_id='$K' AND source='usnjrnl' ORDER BY id" >"$TMP/inproc"
expect_exit 0 --json analyze timeline "$K"
sqlite3 -json case.db "SELECT path, message, attrs FROM events WHERE evidence_id='$K' AND source='usnjrnl' ORDER BY id" >"$TMP/worker"
expect_same "$TMP/inproc" "$TMP/worker" "in-process and worker paths"
# each $MFT is said to be its own volume's journal's path source
expect_grep "kape/C/[$]MFT': a loose [$]MFT, no events of its own; a change journal of its volume \\('[^']*/kape/C/[$]Extend/[$]UsnJrnl%3A[$]J'\\)" "$TMP/out"
expect_grep "kape/D/[$]MFT': a loose [$]MFT, no events of its own; a change journal of its volume \\('[^']*/kape/D/[$]Extend/[$]J'\\)" "$TMP/out"
expect_no_grep "contradicted by|no [$]MFT of its volume|two [$]MFTs" "$TMP/out"

test_count=$((test_count + 1))
python3 - "$TMP/worker" "$TMP/c" "$TMP/d" <<'PY' || fail "a journal's paths are not its own volume's"
import json, sys
ev = json.load(open(sys.argv[1]))
def fls(d):
    out = {}
    for line in open(d + "/fls", encoding="utf-8"):
        head, path = line.rstrip("\n").split("\t", 1)
        out.setdefault(int(head.split()[-1].rstrip(":").split("-")[0]), "/" + path)
    return out
def usnjls(d):
    recs = []
    for b in open(d + "/usnjls", encoding="utf-8").read().split("\n\n"):
        f = dict(l.split(": ", 1) for l in b.split("\n") if ": " in l)
        if f:
            recs.append(f)
    return recs
vols = {"C": (sys.argv[2], "/C/$Extend/$UsnJrnl%3A$J"), "D": (sys.argv[3], "/D/$Extend/$J")}
own = {v: fls(d) for v, (d, _) in vols.items()}
ok = 0
for v, (d, jpath) in vols.items():
    other = set(own["D" if v == "C" else "C"].values())
    mine = sorted((e for e in ev if e["path"].endswith(jpath)),
                  key=lambda e: json.loads(e["attrs"])["usn"])
    ref = usnjls(d)
    assert len(mine) == len(ref) >= 12, (v, len(mine), len(ref))
    for e, r in zip(mine, ref):
        a = json.loads(e["attrs"])
        assert a["file_ref"] == r["Reference Number"] and a["name"] == r["Name"], (v, a, r)
        entry = int(r["Reference Number"].split("-")[0])
        if r["Name"] in ("reused.txt", "nowhere.txt", "in-a-file.txt"):
            assert "file_path" not in a, (v, a)
            continue
        assert a.get("file_path") == own[v][entry], (v, a, own[v][entry])
        assert a["file_path"] not in other, (v, a)
        ok += 1
assert ok >= 20, ok
print("# %d paths of two volumes' journals equal their own volume's fls -r -p" % ok)
PY
done_testing

#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A loose $J's full paths through a loose $MFT of the same item (issue #19):
# a responder collects the files $MFT and $J rather than the disk. The
# oracle: the same journal read inside the image (t2732's, libtsk's walk of
# the MFT) and fls -r -p: every record's file_path and path_note must be the
# in-image one, but for the notes of a loose $MFT, which also say where in it
# (file and offset). The fixture is t2732's: an NTFS image written by
# ntfs-3g (three deep, a renamed file, a deleted directory with its file)
# and a journal whose records point at its real entries, plus references
# that must not resolve (a reused parent, one past the MFT, a file).
. "$(dirname "$0")/lib.sh"
need python3 sqlite3 mkntfs ntfs-3g ntfscp fls istat icat

. "$SRC/tests/cli/usn_paths_fixture.sh"

say "the loose files, extracted with icat as a responder's tool would"
mkdir "$TMP/x"
icat "$TMP/n.raw" 0 >"$TMP/x/\$MFT" || fail "icat \$MFT"
u=$(fls "$TMP/n.raw" 11 | sed -n 's/^r\/r \([0-9-]*\):[[:space:]]*\$UsnJrnl:\$J$/\1/p')
[ -n "$u" ] || fail "fixture: no \$UsnJrnl:\$J in fls of \$Extend"
icat "$TMP/n.raw" "$u" >"$TMP/x/\$J" || fail "icat $u (\$UsnJrnl:\$J)"
cmp -s "$TMP/x/\$J" "$TMP/J" || fail "fixture: icat's \$J is not the journal written"

new_case
I=$(add_evidence image "$TMP/n.raw")
expect_exit 0 --json analyze timeline "$I"
L=$(add_evidence file "$TMP/x/\$MFT" "$TMP/x/\$J")
# in-process first (the $MFT found through the case), then in a worker (handed over, opened
# before the lock-down): the same events
LIFELINE_NO_WORKERS=1 expect_exit 0 --json analyze timeline "$L"
sqlite3 -json case.db "SELECT message, attrs FROM events WHERE evidence_id='$L' AND source='usnjrnl' ORDER BY id" >"$TMP/loose0"
# the $MFT gives no events of its own and is not a lost file: said, not partial (exit 0)
expect_exit 0 --json analyze timeline "$L"
expect_grep "MFT': a loose [$]MFT, no events of its own; a change journal" "$TMP/out"
sqlite3 -json case.db "SELECT attrs FROM events WHERE evidence_id='$I' AND source='usnjrnl' ORDER BY id" >"$TMP/img"
sqlite3 -json case.db "SELECT message, attrs FROM events WHERE evidence_id='$L' AND source='usnjrnl' ORDER BY id" >"$TMP/loose"
expect_same "$TMP/loose0" "$TMP/loose" "in-process and worker paths"
mft=$(sqlite3 case.db "SELECT path FROM evidence_files WHERE evidence_id='$L' AND path LIKE '%MFT'")
rsize=$(python3 -c 'import struct,sys; print(struct.unpack_from("<I", open(sys.argv[1],"rb").read(32), 0x1c)[0])' "$TMP/x/\$MFT")
test_count=$((test_count + 1))
python3 - "$TMP/img" "$TMP/loose" "$TMP/fls" "$TMP/records" "$mft" "$rsize" "$TMP/x/\$MFT" <<'PY' || fail "the loose records' paths differ from the image's"
import json, os, sys
img, loose = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
fls = {}
for line in open(sys.argv[3], encoding="utf-8"):
    head, path = line.rstrip("\n").split("\t", 1)
    fls.setdefault(int(head.split()[-1].rstrip(":").split("-")[0]), "/" + path)
recs = [l.split(" ", 4) for l in open(sys.argv[4]).read().split("\n") if l]
mft, rsize, size = sys.argv[5], int(sys.argv[6]), os.path.getsize(sys.argv[7])
assert len(img) == len(loose) == len(recs) >= 12, (len(img), len(loose), len(recs))
ok = 0
for i, l, r in zip(img, loose, recs):
    a, b = json.loads(i["attrs"]), json.loads(l["attrs"])
    name, parent = r[4], int(r[2])
    at = ", in '%s' at offset %d" % (mft, parent * rsize)
    if name == "reused.txt":
        assert "file_path" not in b and b["path_note"] == a["path_note"] + at, (a, b)
        continue
    if name == "in-a-file.txt":
        assert "file_path" not in b and b["path_note"] == a["path_note"] + at, (a, b)
        continue
    if name == "nowhere.txt":
        assert "file_path" not in b, b
        assert b["path_note"] == a["path_note"] + ": entry 40000 would be at offset %d, " \
            "past the end of '%s' (%d bytes)" % (40000 * rsize, mft, size), (a, b)
        continue
    assert b["file_path"] == a["file_path"] == fls[int(r[0])], (a, b)
    assert "'%s'" % b["file_path"] in l["message"], l["message"]
    assert b.get("path_note") == a.get("path_note"), (a, b)
    ok += 1
assert ok >= 10, ok
print("# %d loose paths equal the image's and fls -r -p's; the unresolved say where" % ok)
PY

say "the \$J alone (another item): names only, no note"
mkdir "$TMP/y" && cp "$TMP/x/\$J" "$TMP/y/\$J"
J=$(add_evidence file "$TMP/y/\$J")
expect_exit 0 --json analyze timeline "$J" --usn-journal
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$J' AND source='usnjrnl'")
k=$(sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id='$J' AND source='usnjrnl'
	AND (json_extract(attrs, '$.file_path') IS NOT NULL OR json_extract(attrs, '$.path_note') IS NOT NULL)")
test_count=$((test_count + 1))
[ "$n" -ge 12 ] && [ "$k" -eq 0 ] || fail "the \$J alone: $k of $n records with a path or note"
done_testing

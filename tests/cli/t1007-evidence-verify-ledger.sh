#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# evidence verify: every run appends a signed 'verify' custody entry (a failed
# one too); the reference is the ledger, so editing a file AND its evidence
# table row is still caught; a tampered ledger is refused.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3 sha256sum md5sum sha1sum

new_case
head -c 2000000 /dev/urandom >"$TMP/src"
echo "export of the PACS audit log" >"$TMP/doc.txt"
expect_exit 0 collect image "$TMP/src" --format raw
expect_exit 0 collect files "$TMP/doc.txt"

last_entry() { sqlite3 case.db "SELECT $1 FROM custody ORDER BY seq DESC LIMIT 1"; }

# A passing run: one entry, printed head = the ledger's head.
before=$(last_entry seq)
expect_exit 0 evidence verify
expect_grep "2 item\(s\) checked, 0 failed" "$TMP/out"
[ "$(last_entry seq)" = $((before + 1)) ] || fail "no custody entry appended"
[ "$(last_entry action)" = verify ] || fail "last entry is not 'verify'"
expect_grep "^head $(last_entry hash)$" "$TMP/out"
expect_grep "custody entry $((before + 1)) \(verify\)" "$TMP/out"
last_entry details >"$TMP/details.json"
[ "$(json_get "$TMP/details.json" 'd["result"]')" = ok ] || fail "details result"
[ "$(json_get "$TMP/details.json" 'len(d["items"])')" = 2 ] || fail "details items"
[ "$(json_get "$TMP/details.json" 'd["items"][0]["media"]["sha256"]')" = \
	"$(sha256sum <"$TMP/src" | cut -d' ' -f1)" ] || fail "details: recomputed media hash"
[ "$(json_get "$TMP/details.json" 'd["items"][1]["files"][0]["sha256"]')" = \
	"$(sha256sum <"$TMP/doc.txt" | cut -d' ' -f1)" ] || fail "details: recomputed file hash"
test_count=$((test_count + 1))
# One named item: the entry names it; --json gives the entry and head.
expect_exit 0 evidence verify E2 --json
[ "$(last_entry evidence_id)" = E2 ] || fail "entry does not name E2"
[ "$(json_get "$TMP/out" 'd["verify_entry"]')" = "$(last_entry seq)" ] || fail "json verify_entry"
[ "$(json_get "$TMP/out" 'd["head"]')" = "$(last_entry hash)" ] || fail "json head"
[ "$(json_get "$TMP/out" 'd["items"][0]["ledger_entry"]')" -gt 0 ] || fail "json ledger_entry"
test_count=$((test_count + 1))
# Another key signs when asked.
HOME="$TMP/other" "$LIFELINE" key new --name "Second Examiner" >/dev/null 2>&1 ||
	fail "second key"
expect_exit 0 evidence verify E1 --key "$TMP/other/.lifeline/examiner.key" \
	--cert "$TMP/other/.lifeline/examiner.crt"
[ "$(last_entry actor)" = "Second Examiner" ] || fail "--key/--cert not used: $(last_entry actor)"
expect_exit 0 custody verify


# The tamperer changes the collected file and makes the case record agree.
flip evidence/E2/files/doc.txt 3
new=$(sha256sum <evidence/E2/files/doc.txt | cut -d' ' -f1)
sqlite3 case.db "UPDATE evidence_files SET sha256 = '$new' WHERE evidence_id = 'E2'"
before=$(last_entry seq)
expect_exit 1 evidence verify E2
expect_grep "E2 +MISMATCH: the case record of 'evidence/E2/files/doc.txt' .* differs from custody entry" "$TMP/out"
expect_grep "evidence/E2/files/doc.txt: SHA-256 $new differs from [0-9a-f]{64} recorded in custody entry" "$TMP/out"
# ... and the failure is on record, signed.
[ "$(last_entry seq)" = $((before + 1)) ] || fail "failed verification not recorded"
[ "$(last_entry action)" = verify ] || fail "failed verification: not a verify entry"
last_entry details >"$TMP/details.json"
[ "$(json_get "$TMP/details.json" 'd["result"]')" = mismatch ] || fail "details: mismatch"
[ "$(json_get "$TMP/details.json" 'd["items"][0]["files"][0]["sha256"]')" = "$new" ] ||
	fail "details: the hash found"
test_count=$((test_count + 1))
expect_exit 0 custody verify

# The same for an image: file, file row and the media hashes of the item row.
flip evidence/E1/E1.raw 1000000
sha=$(sha256sum <evidence/E1/E1.raw | cut -d' ' -f1)
md5=$(md5sum <evidence/E1/E1.raw | cut -d' ' -f1)
sha1=$(sha1sum <evidence/E1/E1.raw | cut -d' ' -f1)
sqlite3 case.db "UPDATE evidence_files SET sha256 = '$sha' WHERE evidence_id = 'E1';
	UPDATE evidence SET sha256 = '$sha', md5 = '$md5', sha1 = '$sha1' WHERE id = 'E1'"
expect_exit 1 evidence verify E1 --json
python3 - "$TMP/out" "$sha" <<'PY' || fail "edited image record not caught"
import json, sys
d = json.load(open(sys.argv[1]))
it = d["items"][0]
assert not d["ok"] and it["result"] == "mismatch", it
assert "custody entry" in it["problem"], it
assert it["media"]["sha256"] == sys.argv[2] and not it["media"]["ok"], it
PY
test_count=$((test_count + 1))
expect_exit 1 evidence verify
expect_grep "2 item\(s\) checked, 2 failed" "$TMP/out"

# Two files collected as one item; the tamperer deletes one of them and its
# row: the case record agrees with the folder, only the ledger remembers.
echo "first export" >"$TMP/a.txt"
echo "second export" >"$TMP/b.txt"
expect_exit 0 collect files "$TMP/a.txt" "$TMP/b.txt"
E3=$(sqlite3 case.db "SELECT id FROM evidence ORDER BY seq DESC LIMIT 1")
[ "$(sqlite3 case.db "SELECT count(*) FROM evidence_files WHERE evidence_id = '$E3'")" = 2 ] ||
	fail "fixture: $E3 does not hold two files"
expect_exit 0 evidence verify "$E3"
gone=$(sqlite3 case.db "SELECT path FROM evidence_files WHERE evidence_id = '$E3' ORDER BY path DESC LIMIT 1")
chmod u+w "$(dirname "$gone")"
rm -f "$gone"
sqlite3 case.db "DELETE FROM evidence_files WHERE evidence_id = '$E3' AND path = '$gone'"
expect_exit 1 evidence verify "$E3"
expect_grep "$E3 +MISMATCH: '$gone' of custody entry [0-9]+ is missing from the case record" "$TMP/out"
# ... and a file row added to the record that the ledger never saw
cp "$TMP/b.txt" "$(dirname "$gone")/extra.txt"
sqlite3 case.db "INSERT INTO evidence_files(evidence_id, path, orig_path, role, size, sha256)
	SELECT evidence_id, '$(dirname "$gone")/extra.txt', orig_path, role, size, sha256
	FROM evidence_files WHERE evidence_id = '$E3'"
expect_exit 1 evidence verify "$E3" --json
python3 - "$TMP/out" "$(dirname "$gone")/extra.txt" <<'PY' || fail "added file row not caught"
import json, sys
d = json.load(open(sys.argv[1]))
it = d["items"][0]
assert not d["ok"] and it["result"] == "mismatch", it
assert "'%s' is in the case record but not in custody entry" % sys.argv[2] in it["problem"], it
PY
test_count=$((test_count + 1))

# A rewritten ledger entry breaks the chain: refused, nothing appended.
sqlite3 case.db "DROP TRIGGER custody_no_update;
	UPDATE custody SET details = replace(details, '\"sha256\":\"', '\"sha256\":\"0') WHERE action = 'collect'"
n=$(last_entry seq)
expect_exit 6 evidence verify
expect_grep "custody ledger does not verify" "$TMP/err"
[ "$(last_entry seq)" = "$n" ] || fail "an entry was appended to a broken ledger"
test_count=$((test_count + 1))
done_testing

#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# evidence verify: changing one byte of a stored evidence file is caught
# (raw, E01 container and media, collected files).
. "$(dirname "$0")/lib.sh"
need python3 sqlite3

new_case
head -c 3000000 /dev/urandom >"$TMP/src"
yes "log line" | head -c 1000000 >>"$TMP/src"
echo "export" >"$TMP/doc.txt"
expect_exit 0 collect image "$TMP/src" --format raw
expect_exit 0 collect image "$TMP/src"
expect_exit 0 collect files "$TMP/doc.txt"
expect_exit 0 evidence verify
expect_grep "3 item\(s\) checked, 0 failed" "$TMP/out"


rec() { sqlite3 case.db "SELECT $1 FROM evidence_files WHERE path = '$2'"; }
flip evidence/E1/E1.raw 2000000
expect_exit 1 evidence verify E1
expect_grep "E1 +MISMATCH" "$TMP/out"
# the file is compared with its own record first: the report names both hashes
expect_grep "evidence/E1/E1.raw: SHA-256 $(sha256sum <evidence/E1/E1.raw | cut -d' ' -f1) differs from the recorded $(rec sha256 evidence/E1/E1.raw)" "$TMP/out"

# one byte inside the compressed media of the E01: container and media fail
flip evidence/E2/E2.E01 2000000
expect_exit 1 evidence verify E2 --json
python3 - "$TMP/out" <<'PY' || fail "E01 tamper not reported"
import json, sys
d = json.load(open(sys.argv[1]))
it = d["items"][0]
assert not d["ok"] and it["result"] == "mismatch", it
assert "E2.E01" in it["problem"], it
PY
test_count=$((test_count + 1))

flip evidence/E3/files/doc.txt 0
expect_exit 1 evidence verify E3
expect_grep "evidence/E3/files/doc.txt: SHA-256 $(sha256sum <evidence/E3/files/doc.txt | cut -d' ' -f1) differs from the recorded $(rec sha256 evidence/E3/files/doc.txt)" "$TMP/out"
# a file that grew: its size is reported against the record
chmod u+w evidence/E3/files/doc.txt
echo "appended" >>evidence/E3/files/doc.txt
expect_exit 1 evidence verify E3
expect_grep "evidence/E3/files/doc.txt: size $(stat -c %s evidence/E3/files/doc.txt) differs from the recorded $(rec size evidence/E3/files/doc.txt)" "$TMP/out"
# all three are reported when verifying everything
expect_exit 1 evidence verify
expect_grep "3 item\(s\) checked, 3 failed" "$TMP/out"
expect_exit 3 evidence verify E99
done_testing

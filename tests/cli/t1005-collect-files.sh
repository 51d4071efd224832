#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# collect files: copies with hashes, original path, owner, mode and times;
# one custody entry; compressed logs stay as they are; read-only copies.
. "$(dirname "$0")/lib.sh"
need gzip sha256sum md5sum python3

new_case
mkdir -p "$TMP/var/log/his" "$TMP/exports"
printf 'Jun  3 14:02:11 his01 sshd[1]: Accepted\n' >"$TMP/var/log/his/auth.log"
printf 'older\n' | gzip -c >"$TMP/var/log/his/auth.log.1.gz"
printf 'id;ward\n1;ICU\n' >"$TMP/exports/beds.csv"
touch -d "2024-06-03 12:00:00 UTC" "$TMP/exports/beds.csv"
ln -s /etc/passwd "$TMP/var/log/his/link"

expect_exit 0 collect files "$TMP/var/log" "$TMP/exports/beds.csv" \
	--exhibit LOGS-1 --description "HIS logs and bed export" --json
cp "$TMP/out" "$TMP/files.json"
[ "$(json_get "$TMP/files.json" 'len(d["files"])')" = 3 ] || fail "expected 3 files"
[ "$(json_get "$TMP/files.json" 'd["skipped"]')" = "['$TMP/var/log/his/link']" ] || fail "symlink not skipped"
gz=evidence/LOGS-1/files/log/his/auth.log.1.gz
test_count=$((test_count + 1))
cmp "$TMP/var/log/his/auth.log.1.gz" "$gz" || fail "compressed log changed"
[ "$(stat -c %a "$gz")" = 444 ] || fail "copy is not read-only"
python3 - "$TMP/files.json" "$TMP" <<'PY' || fail "hashes or paths"
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
for f in d["files"]:
    data = open(f["orig_path"], "rb").read()
    assert f["sha256"] == hashlib.sha256(data).hexdigest(), f
    assert f["md5"] == hashlib.md5(data).hexdigest(), f
    assert f["sha1"] == hashlib.sha1(data).hexdigest(), f
    assert f["size"] == len(data)
    assert f["orig_path"].startswith(sys.argv[2]), f
assert sorted(f["path"] for f in d["files"]) == [
    "evidence/LOGS-1/files/beds.csv",
    "evidence/LOGS-1/files/log/his/auth.log",
    "evidence/LOGS-1/files/log/his/auth.log.1.gz"]
PY
test_count=$((test_count + 1))
# metadata: owner and MAC times in the case database
need sqlite3
sqlite3 case.db "SELECT meta FROM evidence_files WHERE path LIKE '%beds.csv'" >"$TMP/meta"
expect_grep '"mtime":"2024-06-03T12:00:00.000000000Z"' "$TMP/meta"
expect_grep '"owner":' "$TMP/meta"
expect_grep '"mode":"0644"' "$TMP/meta"
# one collect entry with every file's hashes
expect_exit 0 custody log --json
python3 - "$TMP/out" <<'PY' || fail "collect entry"
import json, sys
d = json.load(open(sys.argv[1]))
assert [e["action"] for e in d["entries"]] == ["collect"]
assert len(d["entries"][0]["details"]["files"]) == 3
PY
test_count=$((test_count + 1))
expect_exit 0 evidence list
expect_grep "LOGS-1 +registered +file/file" "$TMP/out"
expect_exit 0 evidence verify LOGS-1
expect_exit 0 custody verify
# same name twice: kept apart
expect_exit 0 collect files "$TMP/exports/beds.csv" "$TMP/exports/beds.csv"
expect_grep "evidence/E1/files/beds.csv~2" "$TMP/out"
expect_exit 3 collect files "$TMP/nothing"
expect_exit 5 collect files "$TMP/exports" --exhibit LOGS-1
done_testing

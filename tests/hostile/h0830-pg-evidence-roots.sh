#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Evidence roots of an attached workspace, hostile (issue #20 item 1): under
# a root, a file of the recorded name with other bytes is refused naming both
# SHA-256 (nothing linked in, nothing analysed, the server's case unchanged);
# a symbolic link that loops is refused naming it; a root that is a file is
# refused by `case attach --evidence-dir` (exit 2, no workspace made) and,
# written into store.json by hand, by the next command (exit 4); a root that
# is a symbolic link to the right directory is followed.
. "$LL_SRC_DIR/tests/cli/lib.sh"
need python3 sqlite3
. "$LL_SRC_DIR/tests/cli/pg_lib.sh"
SYSLOG=$SHARED/testdata/logs/plaso_syslog_ssh.log
[ -f "$SYSLOG" ] || skip "no $SYSLOG"
pg_start_workspaces
expect_exit 0 key new --name "Analyst One" --org "Lab"

mkdir -p "$TMP/src"
cp "$SYSLOG" "$TMP/src/auth.log"
expect_exit 0 case init "$TMP/w1" --case-id HR-1 --title "roots" --store "$URL"
expect_exit 0 -C "$TMP/w1" collect files "$TMP/src/auth.log"
rm -rf "$TMP/src"
rel=$(sqlite3 "$TMP/w1/case.db" "SELECT path FROM evidence_files WHERE evidence_id = 'E1'")
sha_want=$(sha256sum "$TMP/w1/$rel" | cut -d' ' -f1)
server_rows() { pg_sql "SELECT count(*) FROM lifeline_case_$(pg_sql "SELECT case_key FROM lifeline_cases WHERE case_id = 'HR-1'").events"; }

# a swapped file of the same name: refused, both hashes named, nothing linked
mkdir -p "$(dirname "$TMP/swap/$rel")"
cp "$TMP/w1/$rel" "$TMP/swap/$rel"
chmod u+w "$TMP/swap/$rel"
echo "Jan  1 00:00:00 host sshd[1]: planted line" >>"$TMP/swap/$rel"
sha_got=$(sha256sum "$TMP/swap/$rel" | cut -d' ' -f1)
expect_exit 0 case attach "$TMP/w2" --store "$URL" --case-id HR-1 --evidence-dir "$TMP/swap"
for cmd in "evidence verify" "analyze timeline E1"; do
	# shellcheck disable=SC2086
	expect_exit 1 -C "$TMP/w2" $cmd
	expect_grep "'$TMP/swap/$rel' has SHA-256 $sha_got .*not the recorded $sha_want" "$TMP/err"
	[ ! -e "$TMP/w2/$rel" ] && [ ! -L "$TMP/w2/$rel" ] || fail "$cmd: the swapped file was linked in"
done
[ "$(server_rows)" = 0 ] || fail "events reached the server from a swapped file"
[ "$(sqlite3 "$TMP/w2/case.db" "SELECT count(*) FROM events")" = 0 ] || fail "W2 has events of a swapped file"

# a second root with the right file: found after the swapped one is passed over
mkdir -p "$TMP/good"
cp -a "$TMP/w1/evidence/E1" "$TMP/good/E1"
python3 - "$TMP/w2/store.json" "$TMP/good" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["evidence_dirs"].append(sys.argv[2])
json.dump(d, open(sys.argv[1], "w"))
PY
expect_exit 0 -C "$TMP/w2" evidence verify
[ "$(readlink "$TMP/w2/$rel")" = "$TMP/good/${rel#evidence/}" ] || fail "W2's file is not the good root's"

# a symbolic link that loops, where the file should be: refused, named
mkdir -p "$(dirname "$TMP/loop/$rel")"
ln -s "$TMP/loop/$rel" "$TMP/loop/$rel"
expect_exit 0 case attach "$TMP/w3" --store "$URL" --case-id HR-1 --evidence-dir "$TMP/loop"
expect_exit 4 -C "$TMP/w3" evidence verify
expect_grep "'$TMP/loop/$rel': a loop of symbolic links" "$TMP/err"
[ ! -L "$TMP/w3/$rel" ] || fail "a loop was linked in"

# a root that is a file: refused by attach (no workspace) and in store.json
: >"$TMP/afile"
expect_exit 2 case attach "$TMP/w4" --store "$URL" --case-id HR-1 --evidence-dir "$TMP/afile"
expect_grep "evidence-dir '$TMP/afile': not a directory" "$TMP/err"
[ ! -e "$TMP/w4" ] || fail "attach made a workspace with a root that is a file"
python3 - "$TMP/w3/store.json" "$TMP/afile" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["evidence_dirs"] = [sys.argv[2]]
json.dump(d, open(sys.argv[1], "w"))
PY
expect_exit 4 -C "$TMP/w3" evidence verify
expect_grep "evidence root '$TMP/afile' \(store.json\) is not a directory" "$TMP/err"
# a relative root in store.json: refused, naming the field
python3 - "$TMP/w3/store.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["evidence_dirs"] = ["relative/root"]
json.dump(d, open(sys.argv[1], "w"))
PY
expect_exit 4 -C "$TMP/w3" evidence verify
expect_grep 'field "evidence_dirs"\[0\]: not an absolute path' "$TMP/err"

# a root that is a symbolic link to the right directory: followed
ln -s "$TMP/good" "$TMP/goodlink"
expect_exit 0 case attach "$TMP/w5" --store "$URL" --case-id HR-1 --evidence-dir "$TMP/goodlink"
expect_exit 0 -C "$TMP/w5" evidence verify
done_testing

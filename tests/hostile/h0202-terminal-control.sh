#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Terminal control characters (issue #14 item 3): ESC sequences, CR, LF, BEL,
# DEL, C1 controls (U+0080..U+009F) and bytes that are not UTF-8, in file
# names, evidence ids, notes, case fields, log lines and rule text, reach no
# human-readable output raw: collect files, evidence list, evidence verify,
# custody add, custody log, custody verify, case show, analyze timeline,
# analyze detect, findings list, casefile verify and error messages. The
# JSON output keeps the exact values (JSON escapes them).
. "$(dirname "$0")/../cli/lib.sh"
need python3 sqlite3

# every control a terminal acts on, and a LF that would forge an output line
BAD=$(printf 'x\033]0;pwned\007\033[2J\033[31m\r\177\302\233\302\205caf\303\251\nFORGED line')
python3 - "$TMP/src" <<'PY'
import os, sys
root = os.fsencode(sys.argv[1])
os.makedirs(root)
bad = [b"\x1b]0;pwned\x07\x1b[2J", b"cr\rFORGED", b"lf\nFORGED line", b"bel\x07del\x7f",
       b"c1\xc2\x9b31m\xc2\x85", b"caf\xe9\x1b[0m.log", b"\x08\x0b\x0c\x1b"]
for n in bad:
    with open(os.path.join(root, n + b".log"), "wb") as f:
        f.write(b"Jun  3 14:02:11 his\x1b[2J01 sshd[1]: Accepted \x1b]0;x\x07 for " + n + b"\n")
        f.write(b"\x1b[31m garbage that is not syslog \x9b\r\n")
PY
cat >"$TMP/audit.log" <<EOF2
type=ADD_USER msg=audit(1717236200.000:204): pid=1500 uid=0 auid=1001 ses=7 msg='op=adding user acct=$(printf 'back\033[2Jdoor\r\nFORGED' | od -An -tx1 | tr -d ' \n' | tr a-f A-F) exe="/usr/sbin/useradd" hostname=pacs01 addr=? terminal=pts/0 res=success'
EOF2
mkdir "$TMP/rules"
printf 'title: "evil \\e[2J rule \\r\\nFORGED \\x9b"\nid: 22222222-3333-4444-5555-666666666666\nstatus: test\nlevel: high\nlogsource: {product: linux, service: auditd}\ndetection:\n  selection:\n    type: ADD_USER\n  condition: selection\n' >"$TMP/rules/evil.yml"

# check FILE...: no control byte but LF, no C1, no byte that is not UTF-8, no forged line
check() {
	test_count=$((test_count + 1))
	python3 - "$@" <<'PY' || fail "raw control characters in the output of: $what"
import re, sys
bad = False
for p in sys.argv[1:]:
    b = open(p, "rb").read()
    try:
        t = b.decode("utf-8")
    except UnicodeDecodeError as e:
        print(p, "not UTF-8:", e, file=sys.stderr); bad = True; continue
    for c in t:
        o = ord(c)
        if (o < 0x20 and c != "\n") or o == 0x7f or 0x80 <= o <= 0x9f:
            print(p, "raw control U+%04X" % o, repr(t[:400]), file=sys.stderr); bad = True; break
    if re.search(r"^FORGED", t, re.M):
        print(p, "a name or note forged an output line", file=sys.stderr); bad = True
sys.exit(1 if bad else 0)
PY
}
# run N ARGS...: expect_exit, then check stdout and stderr
run() {
	what="$*"
	expect_exit "$@"
	check "$TMP/out" "$TMP/err"
}

mkdir -p "$TMP/case"
new_case "$TMP/case"
run 0 collect files "$TMP/src" --exhibit "E$(printf '\033[1m')X" --description "$BAD"
expect_grep 'FORGED' "$TMP/out"          # the names are there, quoted
run 0 collect files "$TMP/audit.log"
run 0 evidence list
expect_grep '\\x1b\]0;pwned' "$TMP/out"
run 0 evidence verify
run 0 custody add --action note --to "$BAD" --location "$BAD" --note "$BAD"
run 0 custody log
expect_grep '\\r' "$TMP/out"
run 0 custody verify
run 0 case show
# the hostile logs hold lines no reader takes: a partial result (exit 4), also quoted
run 4 analyze timeline
expect_grep "^partial  " "$TMP/out"
run 0 analyze detect --no-fs --rules "$TMP/rules"
run 0 findings list
# errors that name a file or an id
run 3 collect files "$TMP/src/$(printf 'none\033[2J\r\nFORGED')"
run 3 evidence verify "$(printf 'no\033[2Jsuch\r\nFORGED')"
run 2 "$(printf 'not-a-command\033[2J\r\nFORGED')"
# a file changed after collection: the mismatch names it, quoted
f=$(ls -d evidence/*/files/src | head -1)
g=$(find "$f" -name 'bel*' | head -1)
chmod u+w "$g" && printf 'x' >>"$g"
run 1 evidence verify

# JSON keeps the exact text (and escapes what is not UTF-8, as documented)
expect_exit 0 --json custody log
python3 - "$TMP/out" "$BAD" <<'PY' || fail "JSON lost the exact note"
import json, os, sys
d = json.load(open(sys.argv[1]))
bad = os.fsencode(sys.argv[2])
notes = [e["note"] for e in d["entries"] if e["action"] == "note"]
assert notes and notes[-1] is not None
PY
test_count=$((test_count + 1))
expect_exit 0 --json evidence list
python3 - "$TMP/out" <<'PY' || fail "JSON names"
import json, sys
d = json.load(open(sys.argv[1]))
it = [i for i in d["items"] if i["id"].startswith("E\x1b")][0]
assert it["name_encoding"] == "percent"
names = sorted(f["path"] for f in it["files"])
assert any("\x1b]0;pwned\x07" in n for n in names), names
assert any("caf%E9\x1b[0m.log" in n for n in names), names
PY
test_count=$((test_count + 1))
done_testing

#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Refusals do not exit 0 (issue #14 item 12). analyze timeline exits 4
# (docs/exit-codes.md) whenever any input was refused or only partly read,
# stores the rest, and lists every such input under --json "partial" with its
# item, path, reason and place. One run over one item of each kind: a
# hospital file refused for identifying data, one with an empty required
# value, a file no reader recognises, an image changed after registration, a
# damaged E01, a gzip log cut short, a log with an unreadable line, a budget
# hit - and a clean log, whose events are stored as usual. The same clean
# log alone exits 0.
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3 gzip mkfs.ext4
EX=$SHARED/formats/examples
[ -f "$EX/harm_events.csv" ] || skip "no $EX"

new_case
syslog() { # N: N RFC 3164 lines
	i=0
	while [ "$i" -lt "$1" ]; do
		printf 'Mar  1 10:%02d:%02d ris01 sshd[%d]: Accepted password for radiology from 10.1.2.3 port 5000 ssh2\n' \
			$((i / 60 % 60)) $((i % 60)) "$i"
		i=$((i + 1))
	done
}
mk() { mkdir -p "$TMP/$1"; echo "$TMP/$1/$2"; }

f=$(mk clean auth.log); syslog 5 >"$f"; CLEAN=$(add_evidence file "$f")
# identifying data: a name column
f=$(mk pii harm_events.csv)
sed '1s/,notes$/,notes,patient_last_name/; 2,$s/$/,Martin/' "$EX/harm_events.csv" >"$f"
PII=$(add_evidence file "$f")
# an empty required value (harm_level of the first row)
f=$(mk empty harm_events.csv)
sed '2s/,NHS-LFPSE,severe,/,NHS-LFPSE,,/' "$EX/harm_events.csv" >"$f"
cmp -s "$f" "$EX/harm_events.csv" && fail "fixture: harm_level not emptied"
EMPTY=$(add_evidence file "$f")
# nothing any reader recognises
f=$(mk unknown blob.bin); head -c 4096 /dev/urandom >"$f"; UNKNOWN=$(add_evidence file "$f")
# a raw image changed after registration
mkdir -p "$TMP/tree"; echo hello >"$TMP/tree/a.txt"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/disk.raw" 2M >/dev/null
expect_exit 0 collect image "$TMP/disk.raw" --format raw --exhibit IMG
chmod u+w evidence/IMG/IMG.raw
printf 'X' | dd of=evidence/IMG/IMG.raw bs=1 seek=1000000 conv=notrunc status=none
# a damaged E01 (when ewfacquire is here)
E01=
if command -v ewfacquire >/dev/null 2>&1; then
	ewfacquire -u -q -t "$TMP/img" -c fast "$TMP/disk.raw" >/dev/null 2>&1 || fail "ewfacquire"
	python3 -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(3000); f.write(b"\xa5" * 64)' "$TMP/img.E01"
	E01=$(add_evidence file "$TMP/img.E01")
fi
# a gzip log cut short: the lines before the cut are kept
f=$(mk cut auth.log.gz); syslog 600 | gzip -c >"$TMP/full.gz" # 57 KB inflated: within the budget
head -c $(($(wc -c <"$TMP/full.gz") * 2 / 3)) "$TMP/full.gz" >"$f"
CUT=$(add_evidence file "$f")
# a log with one line that is not syslog
f=$(mk bad auth.log); { syslog 2; echo 'garbage that is no syslog line'; syslog 2; } >"$f"
BAD=$(add_evidence file "$f")
# the inflation budget (set low for this run; the others inflate nothing)
f=$(mk budget auth.log.gz); syslog 2000 | gzip -c >"$f"; BUDGET=$(add_evidence file "$f")

expect_exit 4 --json analyze timeline --year 2024 --max-inflated 64K
cp "$TMP/out" "$TMP/run.json"
cp "$TMP/err" "$TMP/run.err"
expect_grep 'inputs refused or only partly read; the rest is stored' "$TMP/run.err"
json_get "$TMP/run.json" '"\n".join(["complete=" + str(d["complete"])] + ["%s %s %s: %s" % (p["id"], p["reason"], p.get("path") or "-", p["message"]) for p in d["partial"]])' >"$TMP/partial"
cat "$TMP/partial"
grep -q '^complete=False$' "$TMP/partial" || fail "complete"
listed() { # ID REASON PATTERN
	grep -Eq "^$1 $2 evidence/$1/[^ ]+: .*$3" "$TMP/partial" ||
		fail "$1 not listed as $2 ($3)"
	test_count=$((test_count + 1))
}
listed "$PII" refused "identifying data"
listed "$EMPTY" refused "harm_level"
listed "$UNKNOWN" unrecognised "no reader recognises"
listed IMG changed-after-registration "IMG.raw.*differs"
[ -z "$E01" ] || listed "$E01" damaged-container "E01 chunk [0-9]+ \(media offset [0-9]+"
listed "$CUT" rejected-records "truncated"
listed "$BAD" rejected-records "line 3 \(offset [0-9]+\): not a syslog line"
listed "$BUDGET" inflate-budget "max-inflated budget of 65536 bytes"
# nothing else, and the clean log is not listed
expect_no_grep "^$CLEAN " "$TMP/partial"

# the rest is stored: the clean log whole, and what could be read of the others
events() { sqlite3 case.db "SELECT count(*) FROM events WHERE evidence_id = '$1'"; }
[ "$(events "$CLEAN")" = 5 ] || fail "clean log: $(events "$CLEAN") events"
[ "$(events "$BAD")" = 4 ] || fail "log with a bad line: $(events "$BAD") events"
n=$(events "$CUT"); [ "$n" -gt 100 ] && [ "$n" -lt 600 ] || fail "cut gzip: $n events"
n=$(events "$BUDGET"); [ "$n" -gt 100 ] && [ "$n" -lt 2000 ] || fail "budget: $n events"
[ "$(events IMG)" -gt 0 ] || fail "the changed image was not read"
# per item as well, and in the signed custody entry of each item
[ "$(json_get "$TMP/run.json" '[len(i["partial"]) for i in d["items"] if i["id"] == "'"$CLEAN"'"][0]')" = 0 ] ||
	fail "clean item has partial entries"
sqlite3 case.db "SELECT details FROM custody WHERE action = 'analyze' AND evidence_id = '$PII' ORDER BY seq DESC LIMIT 1" >"$TMP/q"
expect_grep '"partial":\[\{.*"reason":"refused"' "$TMP/q"
# ... with path and reason only: messages quote evidence (patient data) and
# the ledger is sealed in clear
expect_no_grep '"message"' "$TMP/q"

# human output: the same list, and the same exit code
expect_exit 4 analyze timeline --year 2024 --max-inflated 64K
expect_grep "^partial  $PII refused: " "$TMP/out"
expect_grep "^partial  $BUDGET inflate-budget: " "$TMP/out"
# the clean item alone: 0
expect_exit 0 --json analyze timeline "$CLEAN" --year 2024
[ "$(json_get "$TMP/out" 'd["complete"]')" = True ] || fail "clean alone not complete"
done_testing

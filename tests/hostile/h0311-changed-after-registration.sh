#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Evidence changed after registration is never analysed silently (issue #14
# item 6). Evidence files are 0444, but root can write: before reading an
# item, analyze timeline re-hashes its files against the SHA-256 recorded at
# registration (and in the custody ledger), and an image's media through its
# container. Every kind of item - a raw image, an E01 made by collect image,
# a log file, a file collected into a multi-file item - changed by one byte,
# grown or shrunk, is said before the analysis, listed under "partial" as
# changed-after-registration naming the file, and exits 4. Intact items exit
# 0; --no-verify skips the check (the analyst's explicit choice). An edited digest in the case
# database stops casefile build.
. "$(dirname "$0")/../cli/lib.sh"
need mkfs.ext4 python3

mkdir -p "$TMP/tree/d"
for i in $(seq 1 40); do echo "record $i" >"$TMP/tree/d/r$i.txt"; done
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/disk.raw" 4M >/dev/null
printf '%s\n' \
	'Mar  1 10:00:00 ris01 sshd[10]: Accepted password for radiology from 10.1.2.3 port 5000 ssh2' \
	'Mar  1 10:00:05 ris01 sudo:  radiology : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/sh' \
	'Mar  1 10:00:09 ris01 cron[7]: job done' >"$TMP/auth.log"
cp "$TMP/auth.log" "$TMP/second.log"
cp "$TMP/auth.log" "$TMP/third.log"

new_case
expect_exit 0 collect image "$TMP/disk.raw" --format raw --exhibit RAW
expect_exit 0 collect image "$TMP/disk.raw" --format e01 --exhibit EWF
LOG=$(add_evidence file "$TMP/auth.log")
TWO=$(add_evidence file "$TMP/second.log" "$TMP/third.log")
expect_exit 0 --json analyze timeline --year 2024
[ "$(json_get "$TMP/out" 'd["complete"]')" = True ] || fail "intact items not complete"

# change FILE HOW: one byte flipped in the middle, a byte appended, or the last cut
change() {
	chmod u+w "$1"
	case $2 in
	flip) python3 -c 'import os, sys; f = open(sys.argv[1], "r+b"); n = os.path.getsize(sys.argv[1]) // 2; f.seek(n); b = f.read(1); f.seek(n); f.write(bytes([b[0] ^ 1]))' "$1" ;;
	grow) printf 'x' >>"$1" ;;
	cut) truncate -s -1 "$1" ;;
	esac
	chmod a-w "$1"
}
# check ID FILE: the item is listed as changed (file named), said before reading, exit 4
check() {
	expect_exit 4 --json analyze timeline "$1" --year 2024
	cp "$TMP/out" "$TMP/$1.json"
	json_get "$TMP/$1.json" '"\n".join(["complete=" + str(d["complete"])] + [p["id"] + " " + p["reason"] + " " + (p.get("path") or "-") + ": " + p["message"] for p in d["partial"]])' >"$TMP/$1.partial"
	grep -q '^complete=False$' "$TMP/$1.partial" || fail "$1: complete"
	grep -q "^$1 changed-after-registration .*$2" "$TMP/$1.partial" ||
		{ cat "$TMP/$1.partial" >&2; fail "$1: $2 not listed as changed after registration"; }
	grep -q "$1: .*$2.*marked partial" "$TMP/err" || fail "$1: not said on stderr"
	test_count=$((test_count + 3))
}

for how in flip grow cut; do
	rm -rf "$TMP/c-$how"
	expect_exit 0 case init "$TMP/c-$how" --case-id "T-$how" --title "$how"
	cd "$TMP/c-$how"
	expect_exit 0 collect image "$TMP/disk.raw" --format raw --exhibit RAW
	expect_exit 0 collect image "$TMP/disk.raw" --format e01 --exhibit EWF
	LOG=$(add_evidence file "$TMP/auth.log")
	TWO=$(add_evidence file "$TMP/second.log" "$TMP/third.log")
	change evidence/RAW/RAW.raw "$how"
	change evidence/EWF/EWF.E01 "$how"
	change "evidence/$LOG/files/auth.log" "$how"
	change "evidence/$TWO/files/third.log" "$how"
	check RAW RAW.raw
	check EWF EWF.E01
	check "$LOG" auth.log
	check "$TWO" third.log
	# what could be read is still stored: the log's three lines (a flip keeps the lines)
	if [ "$how" = grow ]; then
		[ "$(json_get "$TMP/$LOG.json" 'd["items"][0]["events"]')" -ge 3 ] || fail "$how: the log's events not stored"
	fi
	# --no-verify: the analyst chose not to check; nothing is listed for it
	# (the changed bytes may still make a line unreadable: that is the reader's)
	set +e
	ll --json analyze timeline "$TWO" --year 2024 --no-verify
	set -e
	expect_no_grep 'changed-after-registration' "$TMP/out"
	expect_no_grep 'marked partial' "$TMP/err"
done

# an E01 changed in its chunk data: read back through its container, the
# damaged chunk is named with its media offset, beside the changed file
rm -rf "$TMP/c-chunk"
expect_exit 0 case init "$TMP/c-chunk" --case-id T-chunk --title chunk
cd "$TMP/c-chunk"
expect_exit 0 collect image "$TMP/disk.raw" --format e01 --exhibit EWF
chmod u+w evidence/EWF/EWF.E01
python3 - evidence/EWF/EWF.E01 <<'PY' || fail "fixture: no chunk data in the E01"
import struct, sys
f = open(sys.argv[1], "r+b")
d = f.read()
off = 13
while off + 76 <= len(d):
    kind = d[off:off + 16].rstrip(b"\0")
    nxt = struct.unpack_from("<Q", d, off + 16)[0]
    if kind == b"sectors":
        at = off + 76 + 40
        f.seek(at)
        f.write(bytes([d[at] ^ 0x5a]))
        sys.exit(0)
    if nxt <= off:
        break
    off = nxt
sys.exit(1)
PY
chmod a-w evidence/EWF/EWF.E01
check EWF EWF.E01
grep -Eq "^EWF damaged-container .*E01 chunk [0-9]+ \(media offset [0-9]+" "$TMP/EWF.partial" ||
	{ cat "$TMP/EWF.partial" >&2; fail "the E01's damaged chunk is not named"; }
test_count=$((test_count + 1))
# a case database whose recorded digest was edited (not 64 hex digits): casefile build names the
# file and the value and leaves no half-built folder (it copied 64 bytes from the shorter string
# into evidence-sha256.txt before)
need sqlite3
new_case "$TMP/case-db"
printf 'log line\n' >"$TMP/one.log"
expect_exit 0 collect files "$TMP/one.log"
for bad in abcd ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789 ''; do
	sqlite3 case.db "UPDATE evidence_files SET sha256='$bad'" ||
		fail "could not edit the case database"
	expect_exit 4 casefile build -o "$TMP/cf-db"
	expect_grep "'evidence/E1/files/one.log': recorded SHA-256 '$bad' is not 64 lowercase hex digits" "$TMP/err"
	[ ! -e "$TMP/cf-db" ] || fail "a failed build left $TMP/cf-db"
done
done_testing

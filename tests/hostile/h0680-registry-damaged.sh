#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Damaged registry hives lose nothing that is still there (issue 19): each
# damage is a warning naming the file and the offset, the item is partial
# (exit 4), and the keys libregf cannot reach are found by scanning the
# hive's cells (locator ;salvaged), each checked against the intact hive:
# - plaso's corrupt_sub_key_list.hiv (two bytes off 100_sub_keys.hiv: the
#   root's sub key 8 points at no cell; regfexport stops there): all 101
#   keys of the intact hive, paths per regfexport, times per hivexml;
# - NTUSER-RunTests.DAT cut at 64 KiB and at 5000 bytes (libregf refuses to
#   open either): exactly the keys whose cells lie in the part kept
#   (hivexml's byte runs of the whole hive), with their times;
# - a hive with a deleted key (hivexsh: added, then deleted; its named-key
#   cell left free) cut short: the free cell is not taken for a key;
# - keys nested 520 deep (hivexsh): the walk stops at 512 levels, said with
#   the key and its offset (partial "limit"), the keys above kept.
. "$(dirname "$0")/../cli/lib.sh"
need python3 sqlite3 regfexport hivexml hivexsh
C=$SRC/tests/fuzz/corpus/regf
O="python3 $SRC/tests/cli/regf_oracle.py"
head -c 65536 "$C/NTUSER-RunTests.DAT" >"$TMP/cut64k.DAT"
head -c 5000 "$C/NTUSER-RunTests.DAT" >"$TMP/cut5000.DAT"
cp "$C/corrupt_sub_key_list.hiv" "$TMP/corrupt.hiv"
cp "$C/100_sub_keys.hiv" "$TMP/deep.hiv"
chmod u+w "$TMP/deep.hiv"
{
	i=0
	while [ $i -lt 520 ]; do
		echo "add k$i"
		echo "cd k$i"
		i=$((i + 1))
	done
	echo commit
} | hivexsh -w "$TMP/deep.hiv" >"$TMP/hivexsh.log" 2>&1 || { cat "$TMP/hivexsh.log" >&2; fail "fixture: hivexsh"; }
cp "$C/100_sub_keys.hiv" "$TMP/deleted.hiv"
chmod u+w "$TMP/deleted.hiv"
printf 'add gone-key\ncd gone-key\ndel\ncommit\n' | hivexsh -w "$TMP/deleted.hiv" >"$TMP/hivexsh.log" 2>&1 ||
	{ cat "$TMP/hivexsh.log" >&2; fail "fixture: hivexsh del"; }
grep -q gone-key "$TMP/deleted.hiv" || fail "fixture: the deleted key's cell is not in the hive"
dcut=$(($(wc -c <"$TMP/deleted.hiv") - 512))
head -c $dcut "$TMP/deleted.hiv" >"$TMP/deleted-cut.hiv"
new_case
D=$(add_evidence file "$TMP/corrupt.hiv")
X=$(add_evidence file "$TMP/deleted-cut.hiv")
A=$(add_evidence file "$TMP/cut64k.DAT")
B=$(add_evidence file "$TMP/cut5000.DAT")
N=$(add_evidence file "$TMP/deep.hiv")
expect_exit 4 --json analyze timeline
cp "$TMP/out" "$TMP/run.json"
q() { sqlite3 case.db "$1"; }
# keys ID: "path<TAB>seconds" of the item's key events, sorted
keys() {
	q "SELECT message || char(9) || (time_ns / 1000000000) FROM events WHERE evidence_id='$1'" |
		LC_ALL=C sort
}
# warned ID REGEX: the item's warnings in the --json output match
warned() {
	json_get "$TMP/run.json" "'\n'.join(w for i in d['items'] if i['id'] == '$1' for f in i['files'] for w in f.get('warnings', []))" >"$TMP/w.$1" ||
		fail "no warnings of $1 in the --json output"
	expect_grep "$2" "$TMP/w.$1"
}
partial_of() {
	json_get "$TMP/run.json" "' '.join(p['reason'] for i in d['items'] if i['id'] == '$1' for p in i['partial'])"
}

say "a damaged sub key list: the key below it found in the cells, all 101 kept"
warned "$D" "corrupt\.hiv': key 'TestKey' \(offset 4132\): sub key 8 unreadable: .*offset: 17536"
warned "$D" "corrupt\.hiv': 1 more keys found by scanning"
$O times "$C/100_sub_keys.hiv" | LC_ALL=C sort >"$TMP/want"
keys "$D" >"$TMP/got"
expect_same "$TMP/want" "$TMP/got" "keys of the damaged hive differ from the intact one's"
test_count=$((test_count + 1))
[ "$(q "SELECT locator FROM events WHERE evidence_id='$D' AND locator LIKE '%;salvaged'")" = \
  "hive=evidence/$D/files/corrupt.hiv;key=TestKey\\16;offset=5732;salvaged" ] || fail "salvaged key's locator"
test_count=$((test_count + 1))
[ "$(partial_of "$D")" = rejected-records ] || fail "$D not partial"

for pair in "$A:cut64k.DAT:65536" "$B:cut5000.DAT:5000"; do
	id=${pair%%:*}
	rest=${pair#*:}
	f=${rest%%:*}
	cut=${rest#*:}
	say "$f: libregf refuses it; the keys whose cells are there are kept"
	warned "$id" "$f': not a readable registry hive: .*offset"
	warned "$id" "$f': hive cut short: .* \(missing from offset $cut\)"
	$O cut "$C/NTUSER-RunTests.DAT" "$cut" | LC_ALL=C sort >"$TMP/want"
	[ -s "$TMP/want" ] || fail "oracle: no keys before $cut"
	keys "$id" >"$TMP/got"
	expect_same "$TMP/want" "$TMP/got" "$f: salvaged keys differ from hivexml's keys in the first $cut bytes"
	test_count=$((test_count + 1))
	[ "$(partial_of "$id")" = rejected-records ] || fail "$id not partial"
done

say "a deleted key's free cell in a hive cut short: not a key"
$O cut "$TMP/deleted.hiv" "$dcut" | LC_ALL=C sort >"$TMP/want"
keys "$X" >"$TMP/got"
expect_same "$TMP/want" "$TMP/got" "deleted-cut.hiv: keys differ from hivexml's live keys"
expect_no_grep 'gone-key' "$TMP/got"

say "520 levels: 512 read, the limit said with the key"
warned "$N" "deep\.hiv': key '…\\\\k[0-9]+\\\\.*\\\\k510' \(offset [0-9]+\) is 512 levels deep: its 1 sub keys not read"
# a path longer than a locator holds: its last components and the key's offset
loc=$(q "SELECT locator FROM events WHERE evidence_id='$N' AND message LIKE '%\\k510'")
case $loc in
"hive=evidence/$N/files/deep.hiv;key=…\\k"*"\\k509\\k510;offset="[0-9]*) ;;
*) fail "locator of the deepest key: '$loc'" ;;
esac
test_count=$((test_count + 1))
test_count=$((test_count + 1))
[ "$(partial_of "$N")" = limit ] || fail "$N: partial '$(partial_of "$N")', expected limit"
# the root, 100 keys of the base hive and k0..k510
n=$(q "SELECT count(*) FROM events WHERE evidence_id='$N'")
test_count=$((test_count + 1))
[ "$n" -eq $((1 + 100 + 511)) ] || fail "$n keys of the deep hive, expected 612"
expect_exit 0 custody verify
done_testing

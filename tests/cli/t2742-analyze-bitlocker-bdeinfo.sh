#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# BitLocker volumes (issue #19 item 3), on cryptsetup's BitLocker To Go
# test image (AES-XTS 128-bit, a password and a recovery password):
# - without a key: identified and reported (an event with the method and
#   the key protectors bdeinfo prints; a warning naming the file and the
#   offset: "encrypted volume, not walked"), exit 4;
# - a wrong password: the same, the warning says the key does not unlock it;
# - --bde-password-file, --bde-recovery-key: unlocked read-only and walked,
#   fs_entries as `fls -r -m /` on bdemount's view (when FUSE is usable
#   here) and always the file system fsstat finds there (FAT16, 4 entries);
# - a malformed recovery key is refused by name, not echoed;
# - the secrets are in no file of the case, no output: the analysis records
#   only that a key was given and its kind.
. "$(dirname "$0")/lib.sh"
need sqlite3 python3 bdeinfo tar xz sfdisk
T=$SHARED/testdata/bitlocker/cryptsetup_bitlk-images.tar.xz
[ -f "$T" ] || skip "no $T (../shared, the project's shared test data)"
tar -xJf "$T" -C "$TMP" bitlk-images/bitlk-togo-aes-xts-128.img || fail "tar"
IMG=$TMP/bitlk-images/bitlk-togo-aes-xts-128.img
PW=anaconda
RK=243067-548680-059818-148852-287771-550088-628265-631653
# bdeinfo exits 1 on a locked volume (it could not unlock it) after printing its values
bdeinfo "$IMG" >"$TMP/bdeinfo" 2>&1 || true
grep -q "Encryption method" "$TMP/bdeinfo" || fail "bdeinfo printed no values"
printf '%s\n' "$PW" >"$TMP/pw"
printf 'not-the-password\n' >"$TMP/wrong"

new_case
I=$(add_evidence image "$IMG")

# CHECK_EVENT UNLOCKED KIND: the item's bde event against bdeinfo
check_event() {
	sqlite3 -json case.db "SELECT time_ns, locator, message, attrs FROM events WHERE evidence_id='$I' AND source='bde'" >"$TMP/bde.json"
	test_count=$((test_count + 1))
	python3 - "$TMP/bdeinfo" "$TMP/bde.json" "$1" "$2" <<'PY' || fail "the BitLocker event differs from bdeinfo's"
import calendar, json, re, sys, time
ref = open(sys.argv[1]).read()
got = json.load(open(sys.argv[2]))
unlocked, kind = sys.argv[3] == "1", sys.argv[4]
assert len(got) == 1, got
e = got[0]
a = json.loads(e["attrs"])
f = lambda k: re.search(r"^\t%s\s*: (.*)$" % k, ref, re.M).group(1).strip()
m = re.match(r"(\w+) (\d+), (\d+) (\d+):(\d+):(\d+)\.(\d{9}) UTC", f("Creation time"))
ns = calendar.timegm((int(m.group(3)), time.strptime(m.group(1), "%b").tm_mon, int(m.group(2)),
                      int(m.group(4)), int(m.group(5)), int(m.group(6)))) * 10**9 + int(m.group(7))
assert e["time_ns"] == ns and e["locator"] == "part_offset=0;bde=1", e
assert a["method"] == f("Encryption method") and a["volume_id"] == f("Volume identifier"), a
prot = re.findall(r"^Key protector \d+:\n\tIdentifier\s*: (\S+)\n\tType\s*: (.*)$", ref, re.M)
assert a["key_protectors"] == int(f("Number of key protectors")) == len(prot), (a, prot)
assert a["protectors"] == ", ".join("%s {%s}" % (t.strip(), i) for i, t in prot), (a, prot)
assert a["unlocked"] is unlocked, a
assert a["key_given"] is (kind != "none") and a.get("key_kind") == (None if kind == "none" else kind), a
PY
}
warnings() {
	json_get "$TMP/out" '"\n".join(w for i in d["items"] for f in i["files"] for w in f.get("warnings", []))' >"$TMP/warnings"
}
# no secret anywhere in the case or the command's output
no_secret() {
	for s in "$PW" "$RK" not-the-password; do
		test_count=$((test_count + 1))
		if grep -r -a -F -l -- "$s" . "$TMP/out" "$TMP/err"; then fail "a secret is written in the files above"; fi
	done
}

say "no key: reported, not walked"
expect_exit 4 --json analyze timeline
warnings
expect_grep "bitlk-togo-aes-xts-128\.img': image at offset 0 \(sector 0, BitLocker\): BitLocker volume \(AES-XTS 128-bit\): encrypted volume, not walked \(no key given" "$TMP/warnings"
check_event 0 none

say "a wrong password: said, nothing lost"
expect_exit 4 --json analyze timeline --bde-password-file "$TMP/wrong"
warnings
expect_grep "image at offset 0 \(sector 0, BitLocker\): BitLocker volume \(AES-XTS 128-bit\): the password given does not unlock it; encrypted volume, not walked" "$TMP/warnings"
check_event 0 password
no_secret

# WALKED: the unlocked volume's rows, against fsstat/fls on bdemount's view when usable
walked() {
	[ "$(sqlite3 case.db "SELECT fs_type || '|' || part_desc || '|' || entries FROM fs_volumes WHERE evidence_id='$I'")" = "fat16|BitLocker|4" ] ||
		fail "the unlocked volume is not the FAT16 file system of 4 entries bdemount shows"
	test_count=$((test_count + 1))
	sqlite3 case.db "SELECT path || ' ' || inode FROM fs_entries WHERE evidence_id='$I' ORDER BY id" >"$TMP/got.list"
	if [ -n "${FLS_LIST:-}" ]; then
		cmp -s "$FLS_LIST" "$TMP/got.list" || { diff "$FLS_LIST" "$TMP/got.list" >&2; fail "fs_entries differ from fls on bdemount"; }
	else
		printf '/$MBR 3270275\n/$FAT1 3270276\n/$FAT2 3270277\n/$OrphanFiles 3270278\n' | cmp -s - "$TMP/got.list" ||
			fail "fs_entries differ from the volume's known listing"
	fi
	test_count=$((test_count + 1))
}
FLS_LIST=
if command -v bdemount >/dev/null 2>&1 && command -v fls >/dev/null 2>&1 && mkdir -p "$TMP/mnt" &&
	bdemount -p "$PW" "$IMG" "$TMP/mnt" >/dev/null 2>&1 && [ -e "$TMP/mnt/bde1" ]; then
	TZ=UTC fls -r -m / "$TMP/mnt/bde1" | awk -F'|' '{ print $2 " " $3 }' >"$TMP/fls.list"
	fusermount -u "$TMP/mnt" 2>/dev/null || umount "$TMP/mnt" 2>/dev/null || true
	FLS_LIST=$TMP/fls.list
else
	say "bdemount (FUSE) not usable here: the volume checked against its known listing"
fi

say "the password: unlocked read-only and walked"
expect_exit 0 --json analyze timeline --bde-password-file "$TMP/pw"
walked
check_event 1 password
n=$(sqlite3 case.db "SELECT count(*) FROM analyses WHERE json_extract(options, '\$.bde_key') = 'password file'" 2>/dev/null || echo 0)
[ "$n" -ge 1 ] || fail "the analysis does not record that a password file was given"
test_count=$((test_count + 1))
no_secret

say "the recovery key: the same"
expect_exit 0 --json analyze timeline --bde-recovery-key "$RK"
walked
check_event 1 "recovery key"
no_secret

say "the key's other spellings (getopt's prefix, --opt=VALUE): not recorded either"
expect_exit 0 --json analyze timeline --bde-r "$RK"
no_secret
expect_exit 0 --json analyze timeline "--bde-recovery-key=$RK"
no_secret
n=$(sqlite3 case.db "SELECT count(*) FROM analyses WHERE evidence_id='$I' AND command LIKE '%--bde-recovery-key=(secret, not recorded)%'")
[ "$n" -eq 1 ] || fail "the analysis's command line does not say the key was withheld"
test_count=$((test_count + 1))

say "a malformed recovery key: refused by name, not echoed"
expect_exit 4 --json analyze timeline --bde-recovery-key 12345-bad
warnings
expect_grep "the recovery key given is not one .*not walked" "$TMP/warnings"
expect_no_grep "12345-bad" "$TMP/warnings"

say "inside a partition (DOS table, sector 2048): the warnings and rows name its offset"
truncate -s $((2048 * 512 + 104857600)) "$TMP/part.img"
printf 'label: dos\nstart=2048, size=204800, type=7\n' | sfdisk -q "$TMP/part.img" || fail "sfdisk"
dd if="$IMG" of="$TMP/part.img" bs=512 seek=2048 conv=notrunc,sparse status=none || fail "dd"
P=$(add_evidence image "$TMP/part.img")
expect_exit 4 --json analyze timeline "$P" --bde-password-file "$TMP/wrong"
warnings
expect_grep "part\.img': partition at offset 1048576 \(sector 2048, .*BitLocker\): BitLocker volume \(AES-XTS 128-bit\): the password given does not unlock it" "$TMP/warnings"
[ "$(sqlite3 case.db "SELECT locator FROM events WHERE evidence_id='$P' AND source='bde'")" = "part_offset=1048576;bde=1" ] ||
	fail "the partition's BitLocker event does not name its offset"
test_count=$((test_count + 1))
expect_exit 0 --json analyze timeline "$P" --bde-password-file "$TMP/pw"
[ "$(sqlite3 case.db "SELECT part_offset || '|' || fs_type || '|' || entries FROM fs_volumes WHERE evidence_id='$P'")" = "1048576|fat16|4" ] ||
	fail "the partition's BitLocker volume was not unlocked and walked"
test_count=$((test_count + 1))
done_testing

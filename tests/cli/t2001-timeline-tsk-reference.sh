#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every disk image in $SHARED/testdata/disk, every partition: our bodyfile and
# mactime exports equal the fls/mactime references beside the image, byte
# for byte (no normalisation is needed for these images).
. "$(dirname "$0")/lib.sh"

DISK=$SHARED/testdata/disk
[ -d "$DISK" ] || skip "no shared disk images in $DISK"
new_case

images=$(cd "$DISK" && ls | grep -Ev '\.(txt|body|csv|json|xml)$')
[ -n "$images" ] || skip "no images"
compared=0
for img in $images; do
	id=$(add_evidence image "$DISK/$img")
	# 0 when a file system was read, 4 (partial) when none was (checked below)
	set +e
	ll analyze timeline "$id"
	first_rc=$?
	set -e
	# the references: NAME.body (no volume system) or NAME.oSECTOR.body
	had_ref=0
	for ref in "$DISK/$img".body "$DISK/$img".o*.body; do
		[ -f "$ref" ] || continue
		base=${ref%.body}
		part=
		case $base in
		*.o[0-9]*) sec=${base##*.o}; part="--partition $((sec * 512))" ;;
		esac
		# shellcheck disable=SC2086
		expect_exit 0 timeline export --format bodyfile --evidence "$id" $part -o "$TMP/$id.body"
		expect_same "$TMP/$id.body" "$ref" "$img $part: bodyfile differs from $(basename "$ref")"
		# shellcheck disable=SC2086
		expect_exit 0 timeline export --format mactime --evidence "$id" $part -o "$TMP/$id.csv"
		expect_same "$TMP/$id.csv" "$base.mactime.csv" "$img $part: mactime differs"
		rm -f "$TMP/$id.body" "$TMP/$id.csv"
		compared=$((compared + 1))
		had_ref=1
	done
	# images without a file system are read as far as they go, with a warning
	# that names the offset, and listed as not analysed (exit 4)
	if [ "$had_ref" -eq 0 ]; then
		[ "$first_rc" -eq 4 ] || fail "$img: no file system read, exit $first_rc, expected 4"
		expect_exit 4 --json analyze timeline "$id"
		expect_grep 'no file system' "$TMP/out"
		expect_grep 'offset [0-9]+' "$TMP/out"
		[ "$(json_get "$TMP/out" 'd["partial"][0]["reason"]')" = unrecognised ] ||
			fail "$img: not listed as unrecognised"
	else
		[ "$first_rc" -eq 0 ] || fail "$img: exit $first_rc with a file system read, expected 0"
	fi
done
[ "$compared" -ge 8 ] || fail "only $compared references compared"
say "$compared body/mactime references equal"

# The event rows carry the contract fields.
need sqlite3
n=$(sqlite3 case.db "SELECT count(*) FROM events WHERE source='fs' AND parser='tsk' AND json_extract(attrs,'$.macb') IN ('m','a','c','b') AND locator LIKE 'part_offset=%;inode=%'")
total=$(sqlite3 case.db "SELECT count(*) FROM events")
[ "$n" -gt 0 ] && [ "$n" -eq "$total" ] || fail "events lack contract fields ($n of $total)"
# one event per non-zero time of each entry
expected=$(sqlite3 case.db "SELECT sum((atime_ns IS NOT NULL)+(mtime_ns IS NOT NULL)+(ctime_ns IS NOT NULL)+(crtime_ns IS NOT NULL)) FROM fs_entries")
[ "$expected" -eq "$total" ] || fail "$total events for $expected non-zero times"
# NTFS $FILE_NAME rows exist and carry their own events
fn=$(sqlite3 case.db "SELECT count(*) FROM events WHERE json_extract(attrs,'$.name_kind')='FILE_NAME'")
[ "$fn" -gt 0 ] || fail "no \$FILE_NAME events"
# nanoseconds are kept (NTFS times have 100 ns fractions)
frac=$(sqlite3 case.db "SELECT count(*) FROM events WHERE time_ns % 1000000000 != 0")
[ "$frac" -gt 0 ] || fail "no sub-second times kept"
done_testing

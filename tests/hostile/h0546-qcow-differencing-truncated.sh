#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# QCOW2 images that cannot be read whole (class: inputs that hide loss): an
# image cut short is not read as if whole (a differencing image is now
# collected with its backing chain: t2770, h0780): `collect files` records no media hashes and warns; `analyze
# timeline` marks it partial (exit 4), naming the file, and for the cut
# image the virtual offset of the first sector it cannot read.
. "$LL_SRC_DIR/tests/cli/lib.sh"
need qemu-img mkfs.ext4 python3 sqlite3
new_case

mkdir -p "$TMP/tree" "$TMP/q"
head -c 1000000 /dev/urandom >"$TMP/tree/big.bin"
mkfs.ext4 -q -F -d "$TMP/tree" "$TMP/disk.raw" 6M
qemu-img convert -f raw -O qcow2 "$TMP/disk.raw" "$TMP/q/base.qcow2" || fail "qemu-img qcow2"
cp "$TMP/q/base.qcow2" "$TMP/q/cut.qcow2"
truncate -s $(($(wc -c <"$TMP/q/base.qcow2") / 2)) "$TMP/q/cut.qcow2"

# check NAME REASON WHAT FILE: no media hashes; partial with REASON, naming NAME and WHAT
check() {
	name=$1 reason=$2 what=$3
	shift 3
	expect_exit 0 --json collect files "$@"
	id=$(json_get "$TMP/out" 'd["id"]')
	[ "$(json_get "$TMP/out" '"media" in d')" = False ] || fail "$name: media hashes recorded"
	[ -z "$(sqlite3 case.db "SELECT md5 FROM evidence WHERE id='$id'")" ] || fail "$name: a media hash on the row"
	w=$(json_get "$TMP/out" '" ".join(d.get("warnings", []))')
	case $w in *"$name"*$what*) ;; *) fail "$name: collect's warning lacks '$name' and '$what': $w" ;; esac
	expect_exit 4 --json analyze timeline "$id"
	p=$(json_get "$TMP/out" '" ".join(p["reason"] + ": " + p["message"] for p in d["partial"])')
	case $p in *"$reason: "*"$name"*$what*) ;; *) fail "$name: no $reason entry naming '$name' and '$what': $p" ;; esac
}

check cut.qcow2 damaged-container 'virtual offset [0-9]' "$TMP/q/cut.qcow2"

done_testing

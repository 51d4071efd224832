#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Differencing QCOW2 chains made to mislead (class: inputs that hide loss;
# what evidence says of itself): each is a clear error naming the file and
# the place (the name recorded, where it was looked for, the offset), and
# nothing is registered or read as if whole:
#   a missing parent; a loop (a parent naming its child); a chain deeper
#   than 16 layers; a backing name that is an absolute path elsewhere on
#   the examiner's machine (never opened: looked for next to the child);
#   a parent of another size; a truncated parent; a QCOW2 v3 child whose
#   clusters marked zero libqcow would read as the file's header.
. "$LL_SRC_DIR/tests/cli/lib.sh"
need qemu-img mkfs.ext4 python3 sqlite3 sha256sum
new_case

. "$LL_SRC_DIR/tests/cli/vdisk_chain_hostile_fixture.sh"
mkdir -p "$TMP/loop" "$TMP/deep" "$TMP/abs" "$TMP/outside" "$TMP/size" "$TMP/cut" "$TMP/zero"

# 1. a missing parent: exit 3, the child, the name it asks for and where it was looked for
vdisk_missing_parent qcow2 qcow "its backing file name"

# 2. a loop: a names b, b names a
(cd "$TMP/loop" && qemu-img convert -q -f raw -O qcow2 ../A.raw b.qcow2 &&
 qemu-img create -q -f qcow2 -b b.qcow2 -F qcow2 a.qcow2 &&
 qemu-img rebase -q -u -f qcow2 -b a.qcow2 -F qcow2 b.qcow2) || fail "fixture loop"
expect_exit 4 collect files "$TMP/loop/a.qcow2"
expect_grep "qcow image '$TMP/loop/b.qcow2': its parent 'a.qcow2' \(found as '$TMP/loop/a.qcow2'\) is the chain's own layer '$TMP/loop/a.qcow2': a loop" "$TMP/err"
nothing_registered "loop"

# 3. deeper than 16 layers
(cd "$TMP/deep" && qemu-img convert -q -f raw -O qcow2 ../A.raw l0.qcow2 &&
 for i in $(seq 1 17); do qemu-img create -q -f qcow2 -b l$((i - 1)).qcow2 -F qcow2 l$i.qcow2 || exit 1; done) ||
	fail "fixture deep"
expect_exit 4 collect files "$TMP/deep/l17.qcow2"
expect_grep "a chain deeper than 16 layers from '$TMP/deep/l17.qcow2' is not read" "$TMP/err"
nothing_registered "deep"
# 16 layers (l16 -> l0: 17 files) is the bound: l15 is read
expect_exit 0 --json collect files "$TMP/deep/l15.qcow2"
ITEMS=$((ITEMS + 1))
[ "$(json_get "$TMP/out" 'len(d["files"])')" = 16 ] || fail "deep: l15's chain is not 16 files"

# 4. an absolute backing name elsewhere is never opened: looked for next to the child
(cd "$TMP/outside" && qemu-img convert -q -f raw -O qcow2 ../B.raw base.qcow2) || fail "fixture outside"
(cd "$TMP/abs" && qemu-img create -q -f qcow2 -b "$TMP/outside/base.qcow2" -F qcow2 child.qcow2) || fail "fixture abs"
expect_exit 3 collect files "$TMP/abs/child.qcow2"
expect_grep "its parent '$TMP/outside/base.qcow2' .* is not found; looked for '$TMP/abs/base.qcow2'" "$TMP/err"
nothing_registered "absolute"
qemu-img convert -q -f raw -O qcow2 "$TMP/A.raw" "$TMP/abs/base.qcow2" || fail "fixture abs base"
expect_exit 0 --json collect files "$TMP/abs/child.qcow2"
ITEMS=$((ITEMS + 1))
got=$(json_get "$TMP/out" 'd["files"][1]["sha256"]')
[ "$got" = "$(sha256sum <"$TMP/abs/base.qcow2" | cut -d' ' -f1)" ] ||
	fail "absolute: the parent collected is not the one next to the child"

# 5. a parent of another size: collected, its media refused naming both sizes; not walked
(cd "$TMP/size" && qemu-img convert -q -f raw -O qcow2 ../A.raw base.qcow2 &&
 qemu-img create -q -f qcow2 -b base.qcow2 -F qcow2 child.qcow2 8M) || fail "fixture size"
expect_exit 0 --json collect files "$TMP/size/child.qcow2"
ITEMS=$((ITEMS + 1))
id=$(json_get "$TMP/out" 'd["id"]')
[ "$(json_get "$TMP/out" '"media" in d')" = False ] || fail "size: media hashes recorded"
w=$(json_get "$TMP/out" '" ".join(d.get("warnings", []))')
case $w in *"child.qcow2': its backing file 'base.qcow2' "*"holds 6291456 bytes, the disk 8388608"*) ;;
*) fail "size: the warning does not name both sizes: $w" ;; esac
expect_exit 4 --json analyze timeline "$id"
p=$(json_get "$TMP/out" '" ".join(p["message"] for p in d["partial"])')
case $p in *"holds 6291456 bytes, the disk 8388608"*) ;; *) fail "size: analysis: $p" ;; esac

# 6. a truncated parent: the virtual offset that cannot be read
(cd "$TMP/cut" && qemu-img convert -q -f raw -O qcow2 ../A.raw base.qcow2 &&
 qemu-img create -q -f qcow2 -b base.qcow2 -F qcow2 child.qcow2 &&
 truncate -s $(($(wc -c <base.qcow2) / 2)) base.qcow2) || fail "fixture cut"
expect_exit 0 --json collect files "$TMP/cut/child.qcow2"
ITEMS=$((ITEMS + 1))
[ "$(json_get "$TMP/out" '"media" in d')" = False ] || fail "cut: media hashes recorded"
w=$(json_get "$TMP/out" '" ".join(d.get("warnings", []))')
case $w in *"child.qcow2"*"virtual offset "[0-9]*) ;; *) fail "cut: the warning names no offset: $w" ;; esac

# 7. a v3 child with clusters marked zero (qemu-img convert -B writes them): refused, not misread
(cd "$TMP/zero" && qemu-img convert -q -f raw -O qcow2 ../A.raw base.qcow2 &&
 qemu-img convert -q -f raw -O qcow2 -B base.qcow2 -F qcow2 ../B.raw child.qcow2) || fail "fixture zero"
qemu-img map --output=json "$TMP/zero/child.qcow2" | grep -q '"zero": true, "data": false' ||
	fail "fixture zero: qemu-img map shows no zero cluster"
expect_exit 0 --json collect files "$TMP/zero/child.qcow2"
ITEMS=$((ITEMS + 1))
[ "$(json_get "$TMP/out" '"media" in d')" = False ] || fail "zero: media hashes recorded"
w=$(json_get "$TMP/out" '" ".join(d.get("warnings", []))')
case $w in *"child.qcow2': the cluster at virtual offset "[0-9]*" is marked all-zero"*"L2 entry at offset "[0-9]*) ;;
*) fail "zero: the warning does not name the cluster and its L2 entry: $w" ;; esac

done_testing

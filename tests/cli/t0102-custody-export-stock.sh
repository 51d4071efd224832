#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The ledger export is checked by the exact commands of docs/formats/custody.md,
# which pass on a good export and fail on tampered ones.
. "$(dirname "$0")/lib.sh"
need openssl sha256sum awk

new_case
expect_exit 0 custody add --action note --note "tab	and \\ backslash"
expect_exit 0 custody add --action transfer --to "DC Bob" --location "Room 4" --note "handover
on two lines"
expect_exit 0 key new --name "Second Examiner" --out "$TMP/k2"
expect_exit 0 custody add --action receive --note "received" \
	--key "$TMP/k2/examiner.key" --cert "$TMP/k2/examiner.crt"
head=$(sed -n 's/^head //p' "$TMP/out")
expect_exit 5 custody export "$TMP/case/exports"
expect_exit 0 custody export "$TMP/exp"

# the script block of the doc, with DIR replaced
awk '/<!-- verify-script -->/ { on = 1; next } on && /^```sh/ { inb = 1; next }
     inb && /^```/ { exit } inb { print }' "$SRC/docs/formats/custody.md" >"$TMP/verify.sh"
[ -s "$TMP/verify.sh" ] || fail "no verify script in docs/formats/custody.md"
run_doc() {
	sed "s|^cd DIR|cd '$1'|" "$TMP/verify.sh" >"$TMP/v.sh"
	sh "$TMP/v.sh" >"$TMP/vout" 2>&1
}
run_doc "$TMP/exp" || { cat "$TMP/vout"; fail "doc commands fail on a good export"; }
expect_grep "OK: 3 entries, head $head" "$TMP/vout"
[ "$(ls "$TMP/exp/certs" | wc -l)" = 2 ] || fail "expected two certificates"

# tampered copies fail
cp -r "$TMP/exp" "$TMP/e1"
sed -i '2s/Room 4/Room 5/' "$TMP/e1/chain.tsv"
run_doc "$TMP/e1" && fail "edited line passed"
expect_grep 'FAIL: entry (2|3)' "$TMP/vout"
cp -r "$TMP/exp" "$TMP/e2"
cp "$TMP/e2/sig/1.der" "$TMP/e2/sig/2.der"
run_doc "$TMP/e2" && fail "swapped signature passed"
expect_grep 'FAIL: entry 2: bad signature' "$TMP/vout"
cp -r "$TMP/exp" "$TMP/e3"
sed -i '2d' "$TMP/e3/chain.tsv"
run_doc "$TMP/e3" && fail "deleted line passed"
expect_grep 'FAIL: entry 2 does not link' "$TMP/vout"
done_testing

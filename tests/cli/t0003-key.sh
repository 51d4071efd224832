#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Examiner keys: files, modes, passphrase, CSR, refusal to overwrite, selection.
. "$(dirname "$0")/lib.sh"
need openssl

expect_exit 2 key new
expect_exit 0 key new --name "Alice Responder" --org "Hospital CERT" --csr
k="$HOME/.lifeline/examiner.key"
c="$HOME/.lifeline/examiner.crt"
[ "$(stat -c %a "$k")" = 600 ] || fail "key is not 0600"
openssl x509 -in "$c" -noout -subject >"$TMP/subj"
expect_grep 'CN *= *Alice Responder' "$TMP/subj"
expect_grep 'O *= *Hospital CERT' "$TMP/subj"
openssl ec -in "$k" -noout -text 2>/dev/null | grep -q 'prime256v1' || fail "not P-256"
openssl req -in "$HOME/.lifeline/examiner.csr" -noout -verify 2>&1 | grep -q 'verify OK' ||
	fail "CSR does not verify"
# the printed fingerprint is the SHA-256 of the DER certificate
fpr=$(openssl x509 -in "$c" -outform DER | sha256sum | cut -d' ' -f1)
expect_exit 0 key show
expect_grep "$fpr" "$TMP/out"
# never overwrites
expect_exit 5 key new --name "Mallory"
expect_grep 'already holds an examiner key' "$TMP/err"

# passphrase-protected key in another directory, chosen by variables
LIFELINE_KEY_PASSPHRASE="long enough pass" expect_exit 0 key new --name "Bob Analyst" --out "$TMP/bob" --encrypt
grep -q 'ENCRYPTED' "$TMP/bob/examiner.key" || fail "key not encrypted"
export LIFELINE_KEY="$TMP/bob/examiner.key" LIFELINE_CERT="$TMP/bob/examiner.crt"
LIFELINE_KEY_PASSPHRASE="long enough pass" expect_exit 0 key show
expect_grep 'Bob Analyst' "$TMP/out"
LIFELINE_KEY_PASSPHRASE="wrong passphrase" expect_exit 4 key show </dev/null
expect_grep 'wrong passphrase' "$TMP/err"
# --key/--cert win over the variables; a mismatched pair is refused
expect_exit 0 key show --key "$k" --cert "$c"
expect_grep 'Alice Responder' "$TMP/out"
LIFELINE_KEY_PASSPHRASE="long enough pass" expect_exit 1 key show --key "$TMP/bob/examiner.key" --cert "$c"
expect_grep 'does not match' "$TMP/err"
LIFELINE_KEY_PASSPHRASE="short" expect_exit 2 key new --name X --out "$TMP/x" --encrypt
done_testing

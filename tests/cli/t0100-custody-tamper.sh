#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every way of tampering with the ledger through the real sqlite3 client is
# caught by `custody verify`, naming the right entry.
. "$(dirname "$0")/lib.sh"
need sqlite3 openssl xxd

new_case "$TMP/good"
for i in 1 2 3 4 5; do
	expect_exit 0 custody add --action note --note "note $i"
	expect_grep '^head [0-9a-f]{64}$' "$TMP/out"
done
head3=$(sqlite3 case.db "SELECT hash FROM custody WHERE seq = 3")
expect_exit 0 custody verify
expect_grep '5 entries' "$TMP/out"
expect_exit 0 custody log
expect_grep 'note 5' "$TMP/out"
expect_exit 0 --json custody log
expect_grep '"actor": "Test Examiner"' "$TMP/out"
cd "$TMP"

# fresh copy of the good case; a tamperer first drops the append-only triggers
tamper() {
	rm -rf "$TMP/t"
	cp -r "$TMP/good" "$TMP/t"
	sqlite3 "$TMP/t/case.db" "DROP TRIGGER custody_no_update; DROP TRIGGER custody_no_delete; $1" ||
		fail "sqlite3 refused: $1"
}

# expect_caught ENTRY WORD: verify fails (exit 1) naming entry ENTRY
expect_caught() {
	expect_exit 1 -C "$TMP/t" custody verify
	expect_grep "entry $1: .*$2" "$TMP/err"
	expect_exit 1 -C "$TMP/t" --json custody verify
	expect_grep "\"bad_entry\": $1," "$TMP/out"
}

# the triggers themselves refuse plain SQL edits
sqlite3 "$TMP/good/case.db" "UPDATE custody SET note = 'x' WHERE seq = 2" 2>/dev/null &&
	fail "update was not refused by the trigger"
sqlite3 "$TMP/good/case.db" "DELETE FROM custody WHERE seq = 5" 2>/dev/null &&
	fail "delete was not refused by the trigger"

say "edit a field"
tamper "UPDATE custody SET note = 'note TWO' WHERE seq = 2"
expect_caught 2 edited
tamper "UPDATE custody SET time_ns = time_ns - 3600000000000 WHERE seq = 4"
expect_caught 4 edited
tamper "UPDATE custody SET details = '{\"x\":1}' WHERE seq = 1"
expect_caught 1 edited

say "delete an entry"
tamper "DELETE FROM custody WHERE seq = 3"
expect_caught 3 missing
tamper "DELETE FROM custody WHERE seq = 3; UPDATE custody SET seq = seq - 1 WHERE seq > 3"
expect_caught 3 'inserted, removed or reordered'

say "swap two entries"
tamper "UPDATE custody SET seq = 100 WHERE seq = 2; UPDATE custody SET seq = 2 WHERE seq = 3;
	UPDATE custody SET seq = 3 WHERE seq = 100"
expect_caught 2 'inserted, removed or reordered'

say "insert a forged entry"
tamper "UPDATE custody SET seq = seq + 10 WHERE seq >= 3; UPDATE custody SET seq = seq - 9 WHERE seq >= 13;
	INSERT INTO custody SELECT 3, time_ns, actor, actor_fpr, action, evidence_id, host, tool,
	location, to_name, 'forged', details, hash, hash, signature FROM custody WHERE seq = 2"
expect_caught 3 'edited'

say "re-sign an edited entry with another key"
expect_exit 0 key new --name "Mallory" --out "$TMP/mallory"
mfpr=$(openssl x509 -in "$TMP/mallory/examiner.crt" -outform DER | sha256sum | cut -d' ' -f1)
expect_exit 0 -C "$TMP/good" custody export "$TMP/exp"
# entry 3's canonical line with Mallory as actor and a new note
line=$(sed -n 3p "$TMP/exp/chain.tsv" | awk -F'\t' -v OFS='\t' -v f="$mfpr" \
	'{ $4 = "Mallory"; $5 = f; $12 = "rewritten"; print }')
printf '%s' "$line" >"$TMP/line3"
h=$(sha256sum <"$TMP/line3" | cut -d' ' -f1)
sig=$(openssl dgst -sha256 -sign "$TMP/mallory/examiner.key" "$TMP/line3" | xxd -p | tr -d '\n')
pem=$(cat "$TMP/mallory/examiner.crt")
tamper "INSERT INTO certificates VALUES ('$mfpr', '$pem');
	UPDATE custody SET actor = 'Mallory', actor_fpr = '$mfpr', note = 'rewritten',
	hash = '$h', signature = X'$sig' WHERE seq = 3"
expect_exit 0 -C "$TMP/t" custody log
expect_caught 3 'rewritten and re-signed'

say "the last entry re-signed with another key, still naming the examiner"
# entry 5 has no successor whose link could break: only the actor/certificate
# check stands between this forgery and a verifying ledger
for who in "Test Examiner" "Mallory"; do
	fpr=$mfpr
	[ "$who" = Mallory ] && fpr=$(sed -n 5p "$TMP/exp/chain.tsv" | cut -f5)
	line=$(sed -n 5p "$TMP/exp/chain.tsv" | awk -F'\t' -v OFS='\t' -v f="$fpr" -v a="$who" \
		'{ $4 = a; $5 = f; $12 = "forged"; print }')
	printf '%s' "$line" >"$TMP/line5"
	h=$(sha256sum <"$TMP/line5" | cut -d' ' -f1)
	sig=$(openssl dgst -sha256 -sign "$TMP/mallory/examiner.key" "$TMP/line5" | xxd -p | tr -d '\n')
	tamper "INSERT OR IGNORE INTO certificates VALUES ('$mfpr', '$pem');
		UPDATE custody SET actor = '$who', actor_fpr = '$fpr', note = 'forged',
		hash = '$h', signature = X'$sig' WHERE seq = 5"
	if [ "$who" = Mallory ]; then
		# the examiner's certificate with Mallory's name on the entry: the
		# signature is Mallory's, so it cannot verify with that certificate
		expect_caught 5 "not the subject of the signing certificate|signature does not verify"
	else
		expect_caught 5 "actor 'Test Examiner' is not the subject of the signing certificate"
	fi
done

say "a signature by another key over the unchanged entry"
tamper "UPDATE custody SET signature = (SELECT signature FROM custody WHERE seq = 1) WHERE seq = 2"
expect_caught 2 signature

say "replace a certificate"
tamper "UPDATE certificates SET pem = '$pem'"
expect_caught 1 'certificate replaced'
tamper "DELETE FROM certificates"
expect_caught 1 'not in the case'

say "delete the last entries: a valid shorter chain, caught by --head"
tamper "DELETE FROM custody WHERE seq > 3"
expect_exit 0 -C "$TMP/t" custody verify
expect_exit 0 -C "$TMP/t" custody verify --head "$head3"
expect_exit 0 -C "$TMP/good" custody verify --head "$head3"
goodhead=$(sqlite3 "$TMP/good/case.db" "SELECT hash FROM custody WHERE seq = 5")
expect_exit 1 -C "$TMP/t" custody verify --head "$goodhead"
expect_grep 'entries were removed' "$TMP/err"
expect_exit 0 -C "$TMP/good" custody verify --head "$(echo "$goodhead" | cut -c1-12)"
expect_exit 2 -C "$TMP/good" custody verify --head abc
done_testing

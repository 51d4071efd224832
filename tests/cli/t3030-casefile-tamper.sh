#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Tampering: one byte of each kind of file, an added file, a removed file, a replaced
# signature, a signature by a key the CA does not trust, an altered timestamp token, a
# re-sealed custody edit. `casefile verify` and the stock commands must each fail at the
# right step.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/casefile_fixture.sh"
. "$(dirname "$0")/casefile_stock.sh"
stock_fixture
# shellcheck disable=SC2086
expect_exit 0 casefile build -o "$TMP/good" --include-evidence $K
openssl ts -reply -config "$P/tsa.cnf" -queryfile "$TMP/good/seal/tagmanifest-sha256.txt.p7s.tsq" \
	-out "$TMP/reply.tsr" 2>/dev/null
# shellcheck disable=SC2086
expect_exit 0 casefile build -o "$TMP/good" --tsa-reply "$TMP/reply.tsr" $K
expect_exit 0 casefile verify "$TMP/good" --ca "$P/ca.pem"
stock_verify "$TMP/good" "$P/ca.pem" || { cat "$TMP/stock.out" >&2; fail "good case file fails the stock check"; }


n=0
# tamper NAME LIFELINE_STEP STOCK_STEP COMMAND...: runs COMMAND in a fresh copy ($C)
tamper() {
	name=$1 lstep=$2 sstep=$3
	shift 3
	n=$((n + 1))
	C=$TMP/t$n
	cp -a "$TMP/good" "$C"
	(cd "$C" && eval "$*") || fail "$name: could not tamper"
	test_count=$((test_count + 1))
	set +e
	"$LIFELINE" casefile verify "$C" --ca "$P/ca.pem" >"$TMP/out" 2>"$TMP/err"
	st=$?
	set -e
	cat "$TMP/out" "$TMP/err" >"$TMP/all"
	[ "$st" -eq 1 ] || { cat "$TMP/out" "$TMP/err" >&2; fail "$name: casefile verify exited $st, expected 1"; }
	grep -q "casefile verify: $lstep failed" "$TMP/err" ||
		{ cat "$TMP/out" "$TMP/err" >&2; fail "$name: casefile verify did not name step '$lstep'"; }
	test_count=$((test_count + 1))
	if stock_verify "$C" "$P/ca.pem"; then
		cat "$TMP/stock.out" >&2
		fail "$name: the stock commands passed"
	fi
	got=$(stock_last_step)
	[ "$got" = "$sstep" ] || { cat "$TMP/stock.out" >&2; fail "$name: stock commands failed at '$got', expected '$sstep'"; }
	say "$name: verify -> $lstep, stock -> $sstep"
}

tamper "report byte" payload payload 'flip bag/data/report.html'
tamper "case graph byte" payload payload 'flip bag/data/case.jsonld'
tamper "timeline byte" payload payload 'flip bag/data/timeline/timeline.csv'
tamper "findings byte" payload payload 'flip bag/data/analysis/findings.json'
tamper "custody ledger byte" payload payload 'flip bag/data/custody/chain.tsv'
tamper "custody signature byte" payload payload 'flip bag/data/custody/sig/2.der -3'
tamper "evidence byte" payload payload 'flip bag/data/evidence/E1/srv-ehr01.raw 1000'
tamper "harm file byte" payload payload 'flip bag/data/harm/E3/harm_events.csv'
tamper "evidence list byte" payload payload 'flip bag/data/evidence-sha256.txt 3'
tamper "bag-info byte" tag-manifest tag-manifest 'flip bag/bag-info.txt'
tamper "bagit.txt byte" layout tag-manifest 'flip bag/bagit.txt 3'
tamper "payload manifest byte" tag-manifest tag-manifest 'flip bag/manifest-sha256.txt 5'
tamper "tag manifest byte" signature fingerprint 'flip bag/tagmanifest-sha256.txt 5'
# the file itself is named (Payload-Oxum alone would fail the step too)
tamper "added payload file" payload payload 'echo extra > bag/data/extra.txt'
expect_grep "data/extra.txt: not listed in manifest-sha256.txt" "$TMP/all"
tamper "added tag file" tag-manifest tag-manifest 'echo extra > bag/notes.txt'
tamper "removed payload file" payload payload 'rm bag/data/analysis/findings.json'
expect_grep "data/analysis/findings.json: missing" "$TMP/all"
tamper "removed evidence copy" payload payload 'rm bag/data/evidence/E2/auth.log'
expect_grep "data/evidence/E2/auth.log: missing" "$TMP/all"
tamper "removed timestamp request" timestamp timestamp 'rm seal/tagmanifest-sha256.txt.p7s.tsq && openssl ts -query -data seal/tagmanifest-sha256.txt.p7s -sha256 -cert -out seal/tagmanifest-sha256.txt.p7s.tsq 2>/dev/null'
tamper "cover sheet fingerprint" cover fingerprint 'sed -i "s/data-fingerprint=\"./data-fingerprint=\"x/" seal/cover.html'
tamper "signature byte" signature signature 'flip seal/tagmanifest-sha256.txt.p7s -10'
# a valid signature of another content by the same examiner
tamper "replaced signature" signature signature \
	'printf other > "$TMP/other.txt" && openssl cms -sign -binary -in "$TMP/other.txt" -signer "$P/examiner.pem" -inkey "$P/examiner.key" -outform DER -out seal/tagmanifest-sha256.txt.p7s'
# a valid signature of this tag manifest by a key the CA does not trust
tamper "untrusted signer" signature signature \
	'openssl cms -sign -binary -in bag/tagmanifest-sha256.txt -signer "$P/rogue-examiner.pem" -inkey "$P/rogue-examiner.key" -outform DER -out seal/tagmanifest-sha256.txt.p7s'
tamper "timestamp token byte" timestamp timestamp 'flip seal/tagmanifest-sha256.txt.p7s.tsr -20'
tamper "timestamp of other data" timestamp timestamp \
	'openssl ts -query -data bag/bagit.txt -sha256 -cert -out "$TMP/x.tsq" 2>/dev/null && openssl ts -reply -config "$P/tsa.cnf" -queryfile "$TMP/x.tsq" -out seal/tagmanifest-sha256.txt.p7s.tsr 2>/dev/null'

# a custody line edited and the whole bag re-sealed by the examiner: only the chain shows it
reseal='sed -i "2s/sealed bag SB-778812/sealed bag SB-000000/" bag/data/custody/chain.tsv &&
	cd bag && find data -type f | LC_ALL=C sort | xargs -d "\n" sha256sum > manifest-sha256.txt &&
	sha256sum bag-info.txt bagit.txt manifest-sha256.txt > tagmanifest-sha256.txt && cd .. &&
	openssl cms -sign -binary -in bag/tagmanifest-sha256.txt -signer "$P/examiner.pem" -inkey "$P/examiner.key" -outform DER -out seal/tagmanifest-sha256.txt.p7s &&
	f=$(sha256sum bag/tagmanifest-sha256.txt | cut -c1-64) && sed -i "s/data-fingerprint=\"[0-9a-f]*\"/data-fingerprint=\"$f\"/" seal/cover.html &&
	rm seal/*.tsq seal/*.tsr && openssl ts -query -data seal/tagmanifest-sha256.txt.p7s -sha256 -cert -out seal/tagmanifest-sha256.txt.p7s.tsq 2>/dev/null &&
	openssl ts -reply -config "$P/tsa.cnf" -queryfile seal/tagmanifest-sha256.txt.p7s.tsq -out seal/tagmanifest-sha256.txt.p7s.tsr 2>/dev/null'
tamper "custody edit, re-sealed" custody custody "$reseal"
grep -q 'chain.tsv line 2: signature' "$TMP/err" || fail "custody failure does not name the line"
# a file slipped into seal/ (outside what the signature covers): refused by
# casefile verify, which knows the seal's four files
cp -a "$TMP/good" "$TMP/sealx"
echo "signed by the chief of police" >"$TMP/sealx/seal/approval.txt"
expect_exit 1 casefile verify "$TMP/sealx" --ca "$P/ca.pem"
cat "$TMP/out" "$TMP/err" >"$TMP/all"
expect_grep "unexpected file seal/approval.txt" "$TMP/all"
# an included evidence copy swapped and the bag re-sealed: only the list of
# registered evidence hashes (data/evidence-sha256.txt) still shows it
swap='chmod u+w bag/data/evidence/E2/auth.log && echo "a line added later" >> bag/data/evidence/E2/auth.log && '${reseal#*&&}
tamper "evidence copy swapped, re-sealed" evidence evidence "$swap"
expect_grep "data/evidence/E2/auth.log is not the registered evidence file" "$TMP/all"
done_testing

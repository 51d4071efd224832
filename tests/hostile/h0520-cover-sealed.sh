#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The cover sheet is sealed (issue #14 item 13): seal/cover.html sits beside the bag, outside
# the signed tag manifest, yet a reader trusts what it states. `casefile verify` rebuilds it
# from the signed content alone and compares it byte for byte, so every statement on it is
# checked: the case id, the title, the authority, the examiner's name and certificate
# fingerprint, the seal fingerprint, the timestamp, and anything added. A timestamp the case
# file claims (on the cover, or a TSA named in data/analysis/methods.json) but lacks fails.
. "$(dirname "$0")/../cli/lib.sh"
. "$SRC/tests/cli/casefile_fixture.sh"
. "$SRC/tests/cli/casefile_stock.sh"
stock_fixture
# shellcheck disable=SC2086
expect_exit 0 casefile build -o "$TMP/good" $K
openssl ts -reply -config "$P/tsa.cnf" -queryfile "$TMP/good/seal/tagmanifest-sha256.txt.p7s.tsq" \
	-out "$TMP/reply.tsr" 2>/dev/null
# shellcheck disable=SC2086
expect_exit 0 casefile build -o "$TMP/good" --tsa-reply "$TMP/reply.tsr" $K
expect_exit 0 casefile verify "$TMP/good" --ca "$P/ca.pem"
expect_grep '^ok +cover +every statement of the cover sheet .* byte for byte' "$TMP/out"
C=$TMP/good/seal/cover.html
# the statements are there to be forged
expect_grep 'PJ-2025-0042' "$C"
expect_grep 'Ransomware attack on Example Hospital' "$C"
expect_grep 'Requisition art. 60 CPP no. 2025/118' "$C"
expect_grep 'Examiner</dt><dd>(<bdi>)?Test Examiner' "$C"
expect_grep '<dd>(<bdi>)?20[0-9-]+T[0-9:]+Z(</bdi>)?</dd>' "$C"

n=0
# forged NAME STEP SED-OR-COMMAND: in a fresh copy ($F), verify must exit 1 naming STEP
forged() {
	name=$1 lstep=$2
	shift 2
	n=$((n + 1))
	F=$TMP/f$n
	cp -a "$TMP/good" "$F"
	(cd "$F" && eval "$*") || fail "$name: could not forge"
	cmp -s "$TMP/good/seal/cover.html" "$F/seal/cover.html" &&
		[ -f "$F/seal/tagmanifest-sha256.txt.p7s.tsr" ] && fail "$name: the forgery changed nothing"
	test_count=$((test_count + 1))
	set +e
	"$LIFELINE" casefile verify "$F" --ca "$P/ca.pem" >"$TMP/out" 2>"$TMP/err"
	st=$?
	set -e
	[ "$st" -eq 1 ] || { cat "$TMP/out" "$TMP/err" >&2; fail "$name: casefile verify exited $st, expected 1"; }
	grep -q "casefile verify: $lstep failed" "$TMP/err" ||
		{ cat "$TMP/out" "$TMP/err" >&2; fail "$name: casefile verify did not fail step '$lstep'"; }
	expect_no_grep '^case file OK' "$TMP/out"
	say "$name: $lstep failed"
}

forged "examiner name" cover 'sed -i "s/Test Examiner/Dr. Jane Trustworthy/" seal/cover.html'
forged "examiner fingerprint" cover 'sed -i -E "s/(SHA-256 <code>)0/\\11/; t; s/(SHA-256 <code>)./\\10/" seal/cover.html'
forged "displayed time" cover 'sed -i -E "s/>20[0-9-]+T[0-9:]+Z</>2025-10-01T08:00:00Z</" seal/cover.html'
forged "case id" cover 'sed -i "s/PJ-2025-0042/PJ-2025-0043/" seal/cover.html'
forged "title" cover 'sed -i "s/Ransomware attack/Accidental outage/" seal/cover.html'
forged "authority" cover 'sed -i "s/Requisition art. 60 CPP no. 2025\/118/Court order 2025-999/" seal/cover.html'
forged "authority removed" cover 'sed -i "s/Requisition art. 60 CPP no. 2025\/118/not recorded/" seal/cover.html'
forged "added statement" cover 'sed -i "s|</dl>|<dt>Certified by</dt><dd>National Forensic Institute</dd>\n</dl>|" seal/cover.html'
forged "changed instructions" cover 'sed -i "s/must equal the output of/need not equal/" seal/cover.html'
forged "markup only" cover 'sed -i "s/<h1>Sealed case file<\/h1>/<h1 style=\"display:none\">Sealed case file<\/h1>/" seal/cover.html'
forged "trailing bytes" cover 'printf "<!-- -->\n" >> seal/cover.html'
# the timestamp token removed while the cover still shows a time
forged "timestamp token removed" timestamp 'rm seal/tagmanifest-sha256.txt.p7s.tsr'
expect_grep 'cover sheet shows a timestamp, but the timestamp token .* is missing' "$TMP/err"
expect_grep 'cover failed' "$TMP/err"
# the cover rebuilt without the timestamp by someone without the key: still the cover's examiner
# and fingerprint must match; with the cover restored to the untimestamped text it is consistent
# (the case file then claims no time, and the missing token is only a warning)
cp -a "$TMP/good" "$TMP/untimed"
rm "$TMP/untimed/seal/tagmanifest-sha256.txt.p7s.tsr"
sed -i -E 's|<dd>(<bdi>)?20[0-9-]+T[0-9:]+Z(</bdi>)?</dd>|<dd>none yet: send seal/tagmanifest-sha256.txt.p7s.tsq to a timestamp authority</dd>|' \
	"$TMP/untimed/seal/cover.html"
expect_exit 0 casefile verify "$TMP/untimed" --ca "$P/ca.pem"
expect_grep '^WARNING +timestamp +no timestamp' "$TMP/out"

# a TSA-timestamped case file (methods.json names the TSA) whose token is removed and whose
# cover is rewritten to claim no time: the case file still claims a timestamp
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null || :; done; cleanup' EXIT
rm -f "$TMP/port"
python3 "$SRC/tests/cli/tsa_server.py" "$P/tsa.cnf" "$TMP/port" ok &
pids="$!"
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$TMP/port" ] || fail "TSA server did not start"
cd "$TMP/case"
# shellcheck disable=SC2086
expect_exit 0 casefile build -o "$TMP/tsa" --tsa-url "http://127.0.0.1:$(cat "$TMP/port")/tsa" $K
expect_exit 0 casefile verify "$TMP/tsa" --ca "$P/ca.pem"
forged_dir=$TMP/tsa-forged
cp -a "$TMP/tsa" "$forged_dir"
rm "$forged_dir/seal/tagmanifest-sha256.txt.p7s.tsr"
sed -i -E 's|<dd>(<bdi>)?20[0-9-]+T[0-9:]+Z(</bdi>)?</dd>|<dd>none yet: send seal/tagmanifest-sha256.txt.p7s.tsq to a timestamp authority</dd>|' \
	"$forged_dir/seal/cover.html"
expect_grep 'none yet' "$forged_dir/seal/cover.html"
expect_exit 1 casefile verify "$forged_dir" --ca "$P/ca.pem"
expect_grep 'timestamp failed: data/analysis/methods.json says the timestamp came from a TSA, but the timestamp token' "$TMP/err"

# statements holding bidi controls, markup and quotes (examiner name, title, authority) are
# rebuilt through the same escaping and isolation: the untouched case file verifies, and
# moving the override verifies no more
RLO=$(printf '\342\200\256')
expect_exit 0 key new --out "$TMP/bidi-key" --name "Eve ${RLO}rellup<b>&\"'" --org "Test Lab"
sqlite3 "$TMP/case/case.db" "UPDATE case_info SET title = 'Attack ${RLO}lanigiro</dd>', authority = 'Order <i>7</i> ${RLO}x'"
expect_exit 0 casefile build -o "$TMP/bidi" --key "$TMP/bidi-key/examiner.key" --cert "$TMP/bidi-key/examiner.crt"
expect_no_grep "$RLO" "$TMP/bidi/seal/cover.html"
BFPR=$("$LIFELINE" key show --key "$TMP/bidi-key/examiner.key" --cert "$TMP/bidi-key/examiner.crt" | sed -n 's/^fingerprint *//p')
expect_exit 0 casefile verify "$TMP/bidi" --signer-fingerprint "$BFPR"
expect_grep '^ok +cover +every statement' "$TMP/out"
sed -i 's/Eve /Eve \&lt;/' "$TMP/bidi/seal/cover.html"
expect_exit 1 casefile verify "$TMP/bidi" --signer-fingerprint "$BFPR"
expect_grep 'cover failed' "$TMP/err"
done_testing

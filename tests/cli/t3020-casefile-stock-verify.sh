#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The stock-tool commands of docs/verify-without-lifeline.md pass on a case file sealed
# with a CA-issued examiner certificate and timestamped by a local TSA (openssl ts -reply).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/casefile_fixture.sh"
. "$(dirname "$0")/casefile_stock.sh"
stock_fixture
# shellcheck disable=SC2086
expect_exit 0 casefile build -o "$TMP/cf" --include-evidence $K
expect_grep 'timestamp none' "$TMP/out"
# the user sends the request to the TSA ...
openssl ts -reply -config "$P/tsa.cnf" -queryfile "$TMP/cf/seal/tagmanifest-sha256.txt.p7s.tsq" \
	-out "$TMP/reply.tsr" 2>"$TMP/ts.err" || { cat "$TMP/ts.err" >&2; fail "local TSA failed"; }
# ... and a reply to another request is refused
openssl ts -query -data "$TMP/case/case.db" -sha256 -cert -out "$TMP/other.tsq" 2>/dev/null
openssl ts -reply -config "$P/tsa.cnf" -queryfile "$TMP/other.tsq" -out "$TMP/other.tsr" 2>/dev/null
# shellcheck disable=SC2086
expect_exit 6 casefile build -o "$TMP/cf" --tsa-reply "$TMP/other.tsr" $K
expect_grep "does not answer the request" "$TMP/err"
[ ! -f "$TMP/cf/seal/tagmanifest-sha256.txt.p7s.tsr" ] || fail "a wrong reply was kept"
# shellcheck disable=SC2086
expect_exit 0 casefile build -o "$TMP/cf" --tsa-reply "$TMP/reply.tsr" $K
expect_grep '^  timestamp 20[0-9-]+T' "$TMP/out"
# shellcheck disable=SC2086
expect_exit 5 casefile build -o "$TMP/cf" --tsa-reply "$TMP/reply.tsr" $K

expect_exit 0 casefile verify "$TMP/cf" --ca "$P/ca.pem"
expect_grep '^ok +signature .*chain to the CA verified' "$TMP/out"
expect_grep '^ok +timestamp +signature timestamped' "$TMP/out"
expect_grep '^ok +custody' "$TMP/out"
expect_grep '^case file OK' "$TMP/out"
expect_exit 0 --json casefile verify "$TMP/cf" --ca "$P/ca.pem"
[ "$(json_get "$TMP/out" 'd["ok"]')" = True ] || fail "json ok"

# the documented stock-tool script passes
stock_verify "$TMP/cf" "$P/ca.pem" || { cat "$TMP/stock.out" >&2; fail "stock verification failed"; }
expect_grep '^ALL CHECKS PASSED' "$TMP/stock.out"
expect_grep '^Verification: OK' "$TMP/stock.out"
expect_grep 'CMS Verification successful' "$TMP/stock.out"

# the default self-signed key: without --ca or a pinned fingerprint the integrity holds but
# the identity is not established (exit 1); pinned, it verifies
cp -a "$TMP/case" "$TMP/case-ss"
cd "$TMP/case-ss"
expect_exit 0 casefile build -o "$TMP/cf-ss"
expect_exit 1 casefile verify "$TMP/cf-ss"
expect_grep '^FAILED +identity +NOT established.*self-signed' "$TMP/out"
expect_grep 'integrity holds' "$TMP/out"
expect_exit 0 casefile verify "$TMP/cf-ss" --signer-fingerprint "$("$LIFELINE" key show | sed -n 's/^fingerprint *//p')"
# with a CA that did not issue it, the chain fails
expect_exit 1 casefile verify "$TMP/cf-ss" --ca "$P/ca.pem"
expect_grep 'signature failed' "$TMP/err"
done_testing

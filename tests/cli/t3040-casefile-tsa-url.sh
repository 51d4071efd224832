#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# --tsa-url against an RFC 3161 TSA served on loopback by the test (openssl ts -reply behind
# python3 http.server), and the failures of a TSA that errs or answers garbage.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/casefile_fixture.sh"
. "$(dirname "$0")/casefile_stock.sh"
stock_fixture
pids=""
serve() { # MODE -> $URL
	rm -f "$TMP/port"
	python3 "$SRC/tests/cli/tsa_server.py" "$P/tsa.cnf" "$TMP/port" "$1" &
	pids="$pids $!"
	i=0
	while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$TMP/port" ] || fail "TSA server did not start"
	URL="http://127.0.0.1:$(cat "$TMP/port")/tsa"
}
stop() { for p in $pids; do kill "$p" 2>/dev/null || :; done; }
trap 'stop; cleanup' EXIT

serve ok
# shellcheck disable=SC2086
expect_exit 0 casefile build -o "$TMP/cf" --tsa-url "$URL" $K
expect_grep '^  timestamp 20[0-9-]+T[0-9:]+Z' "$TMP/out"
[ -f "$TMP/cf/seal/tagmanifest-sha256.txt.p7s.tsr" ] || fail "no .tsr written"
expect_exit 0 casefile verify "$TMP/cf" --ca "$P/ca.pem"
expect_grep '^ok +timestamp +signature timestamped .* by /CN=Test TSA' "$TMP/out"
stock_verify "$TMP/cf" "$P/ca.pem" || { cat "$TMP/stock.out" >&2; fail "stock verification failed"; }
# the custody entry records the timestamp
expect_exit 0 --json custody log
expect_grep '"timestamped": true' "$TMP/out"

cd "$TMP/case"
serve http500
# shellcheck disable=SC2086
expect_exit 5 casefile build -o "$TMP/cf-500" --tsa-url "$URL" $K
expect_grep 'HTTP 500' "$TMP/err"
# a failed build leaves no half-sealed folder behind
[ ! -e "$TMP/cf-500" ] || fail "the failed build left $TMP/cf-500"
serve garbage
# shellcheck disable=SC2086
expect_exit 4 casefile build -o "$TMP/cf-garbage" --tsa-url "$URL" $K
expect_grep 'not a DER TimeStampResp' "$TMP/err"
[ ! -e "$TMP/cf-garbage" ] || fail "the failed build left $TMP/cf-garbage"
# nothing listens there any more
stop
pids=""
# shellcheck disable=SC2086
expect_exit 5 casefile build -o "$TMP/cf-down" --tsa-url "http://127.0.0.1:9/tsa" $K
done_testing

# SPDX-License-Identifier: Apache-2.0
# Sourced by t3* tests: runs the script of docs/verify-without-lifeline.md.
#   stock_verify FOLDER CA   exit status of the script; its output in $TMP/stock.out
#   stock_last_step          the last "== step" the script printed
#   stock_fixture            case, PKI ($P), examiner options ($K), fixed clock
stock_script() {
	awk '/<!-- test: stock-verify -->/ {on=1; next} on && /^```sh/ {inblk=1; next} inblk && /^```/ {exit} inblk {print}' \
		"$SRC/docs/verify-without-lifeline.md" > "$TMP/stock-verify.sh"
	[ -s "$TMP/stock-verify.sh" ] || fail "no stock-verify script in docs/verify-without-lifeline.md"
}

stock_verify() {
	[ -f "$TMP/stock-verify.sh" ] || stock_script
	set +e
	(CASEFILE=$1 CA=$2 sh "$TMP/stock-verify.sh") >"$TMP/stock.out" 2>&1
	st=$?
	set -e
	return $st
}

stock_last_step() {
	grep '^== ' "$TMP/stock.out" | tail -1 | cut -c4-
}

# stock_fixture: the common start of the stock-tool tests: a case in $TMP/case
# (the current directory), a test PKI in $P, examiner options in $K, a fixed clock.
stock_fixture() {
	need sqlite3 python3 openssl sha256sum awk
	export LIFELINE_NOW=2025-10-12T09:00:00Z
	casefile_case "$TMP/case"
	casefile_pki "$TMP/pki"
	P=$TMP/pki
	K="--key $P/examiner.key --cert $P/examiner.pem"
}

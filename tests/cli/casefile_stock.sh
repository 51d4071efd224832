# SPDX-License-Identifier: Apache-2.0
# Sourced by t3* tests: runs the script of docs/verify-without-lifeline.md.
#   stock_verify FOLDER CA   exit status of the script; its output in $TMP/stock.out
#   stock_last_step          the last "== step" the script printed
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

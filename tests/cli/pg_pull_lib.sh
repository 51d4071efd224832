# SPDX-License-Identifier: Apache-2.0
# Helpers of the incremental pull tests (t4050, t4052, h0841), sourced after
# lib.sh and pg_lib.sh; $URL the store's URL, $PULL_CASE the case id.

# same_as_export W WHEN: W's case.db is, table by table, a fresh full export of the server's case
same_as_export() {
	pg_same_as_export "$PULL_CASE" "$TMP/$1" "$1 ($2)"
}

# sync_json W KEYS: case sync --json in W; $full, $why, $items, $entries of its pull
sync_json() {
	w=$1
	shift
	# shellcheck disable=SC2068
	expect_exit 0 -C "$TMP/$w" --json case sync $@
	cp "$TMP/out" "$TMP/sync.json"
	full=$(json_get "$TMP/sync.json" 'str(d["pull"]["full"]).lower()')
	why=$(json_get "$TMP/sync.json" 'd["pull"].get("why") or ""')
	items=$(json_get "$TMP/sync.json" 'd["pull"]["items"]')
	entries=$(json_get "$TMP/sync.json" 'd["pull"]["entries"]')
	say "$w: full=$full items=$items entries=$entries $why"
}

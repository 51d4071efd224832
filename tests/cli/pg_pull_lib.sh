# SPDX-License-Identifier: Apache-2.0
# Helpers of the incremental pull tests (t4050, t4052, h0841), sourced after
# lib.sh and pg_lib.sh; $URL the store's URL, $PULL_CASE the case id.

# same_as_export W WHEN: W's case.db is, table by table, a fresh full export of the server's case
n_export=0
same_as_export() {
	n_export=$((n_export + 1))
	expect_exit 0 case export --store "$URL" --case-id "$PULL_CASE" "$TMP/fresh$n_export"
	for t in $(sqlite3 "$TMP/fresh$n_export/case.db" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
		sqlite3 "$TMP/fresh$n_export/case.db" "SELECT rowid, * FROM \"$t\" ORDER BY rowid" >"$TMP/full.rows"
		sqlite3 "$TMP/$1/case.db" "SELECT rowid, * FROM \"$t\" ORDER BY rowid" >"$TMP/inc.rows"
		expect_same "$TMP/full.rows" "$TMP/inc.rows" "$1 ($2): table $t differs from a full pull"
	done
	sqlite3 "$TMP/fresh$n_export/case.db" "SELECT name, sql FROM sqlite_master ORDER BY name" >"$TMP/full.schema"
	sqlite3 "$TMP/$1/case.db" "SELECT name, sql FROM sqlite_master ORDER BY name" >"$TMP/inc.schema"
	expect_same "$TMP/full.schema" "$TMP/inc.schema" "$1 ($2): the schema differs from a full pull"
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

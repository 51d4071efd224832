#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# An incremental pull (core/pg/ws_pull.c) facing a hostile server or an
# edited store.json: never a silently wrong case.
#   - an entry of the server's chain below the workspace's kept head
#     rewritten, its recorded hash kept: the whole chain is verified on every
#     pull, so the sync is refused (exit 6) and case.db is left as it was;
#   - the same entry rewritten with a new hash: the server's chain no longer
#     holds the kept head, the full pull that follows verifies the chain and
#     is refused (exit 6), case.db left as it was;
#   - store.json's head edited (another hash, another seq): a full pull,
#     saying why, whose case is a fresh `case export` of the server's, table
#     for table; a head_seq that is no number is refused naming the field.
. "$LL_SRC_DIR/tests/cli/lib.sh"
need python3 sqlite3
. "$LL_SRC_DIR/tests/cli/pg_lib.sh"
pg_start_workspaces
expect_exit 0 key new --name "Analyst One" --org "Lab"
expect_exit 0 case init "$TMP/w" --case-id HEAD-1 --title "kept head" --store "$URL"
for i in 1 2 3; do
	expect_exit 0 -C "$TMP/w" custody add --action note --note "entry $i"
done
expect_exit 0 -C "$TMP/w" --json case sync
[ "$(json_get "$TMP/out" 'd["pull"]["full"]')" = False ] || fail "the first sync was not incremental"
key=$(json_get "$TMP/w/store.json" 'd["case_key"]')
S=lifeline_case_$key
seq=$(json_get "$TMP/w/store.json" 'd["head_seq"]')
[ "$seq" -ge 4 ] || fail "kept head seq $seq"
dump() { sqlite3 "$TMP/w/case.db" .dump | sha256sum | cut -d' ' -f1; }
before=$(dump)
cp "$TMP/w/store.json" "$TMP/store.json.kept"

# below the kept head, its hash kept: the chain's verification catches it
pg_sql "ALTER TABLE $S.custody DISABLE TRIGGER custody_no_change;
	UPDATE $S.custody SET note = 'forged' WHERE seq = 2" >/dev/null
expect_exit 6 -C "$TMP/w" case sync
expect_grep 'does not verify: entry 2' "$TMP/err"
[ "$(dump)" = "$before" ] || fail "case.db changed under a rewritten server chain"
expect_same "$TMP/store.json.kept" "$TMP/w/store.json" "store.json changed under a refused pull"
# a writing command refuses too, before it works
expect_exit 1 -C "$TMP/w" custody add --action note --note "on a forged chain"
expect_grep "does not verify: entry 2" "$TMP/err"
[ "$(dump)" = "$before" ] || fail "case.db changed under a refused command"

# with a new hash too: no longer the kept head; the full pull verifies and refuses
hash=$(pg_sql "SELECT hash FROM $S.custody WHERE seq = 2")
pg_sql "UPDATE $S.custody SET hash = repeat('ab', 32) WHERE seq = 2" >/dev/null
expect_exit 6 -C "$TMP/w" case sync
expect_grep 'does not verify' "$TMP/err"
[ "$(dump)" = "$before" ] || fail "case.db changed under a rewritten server chain (new hash)"
pg_sql "UPDATE $S.custody SET hash = '$hash', note = 'entry 1' WHERE seq = 2;
	ALTER TABLE $S.custody ENABLE TRIGGER custody_no_change" >/dev/null
expect_exit 0 -C "$TMP/w" custody verify --store "$URL" --case-id HEAD-1
expect_exit 0 -C "$TMP/w" --json case sync
[ "$(json_get "$TMP/out" 'd["pull"]["full"]')" = False ] || fail "the sync after the repair was not incremental"

edit() { # edit PYTHON-EXPR: store.json changed (d is its JSON)
	python3 - "$TMP/w/store.json" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[2])
json.dump(d, open(sys.argv[1], "w"))
PY
}
# same_as_export WHAT: the workspace's case.db is a fresh full export of the server's case
same_as_export() {
	pg_same_as_export HEAD-1 "$TMP/w" "$1"
}
# another hash at the kept seq: a full pull, said
edit "d['head'] = 'ab' * 32"
expect_exit 0 -C "$TMP/w" --json case sync
[ "$(json_get "$TMP/out" 'd["pull"]["full"]')" = True ] || fail "an edited head was pulled incrementally"
expect_grep 'store.json edited' "$TMP/out"
same_as_export "an edited head"
# another seq: a full pull, said
edit "d['head_seq'] = 2"
expect_exit 0 -C "$TMP/w" case sync
expect_grep 'pulled the whole case .*store.json edited' "$TMP/out"
same_as_export "an edited head seq"
edit "d['head_seq'] = 99999"
expect_exit 0 -C "$TMP/w" case sync
expect_grep 'pulled the whole case' "$TMP/out"
# no number: refused, naming the field
edit "d['head_seq'] = 'four'"
expect_exit 4 -C "$TMP/w" case sync
expect_grep 'store.json: field "head_seq": not a sequence number' "$TMP/err"
edit "d['head_seq'] = 4; d['pull_gen'] = 'x'"
expect_exit 4 -C "$TMP/w" custody add --action note --note "refused"
expect_grep 'field "pull_gen"' "$TMP/err"
done_testing

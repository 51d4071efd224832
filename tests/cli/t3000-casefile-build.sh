#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# casefile build: layout, fingerprint, custody entry, empty case, determinism, refusals.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/casefile_fixture.sh"
need sqlite3 python3 sha256sum
export LIFELINE_NOW=2025-10-12T09:00:00Z

expect_exit 0 casefile build --help
expect_grep '^usage: lifeline casefile build ' "$TMP/out"
expect_exit 0 casefile verify --help
expect_grep '^usage: lifeline casefile verify DIR' "$TMP/out"
expect_exit 2 casefile build --tsa-url http://x --tsa-reply y
expect_exit 2 casefile verify

# an empty case: the report says so rather than failing
expect_exit 0 key new --name "Test Examiner" --org "Test Lab"
expect_exit 0 case init "$TMP/empty" --case-id E-1 --title "empty case"
(cd "$TMP/empty" && "$LIFELINE" casefile build -o "$TMP/empty-out" >"$TMP/out" 2>"$TMP/err") ||
	fail "build of an empty case failed: $(cat "$TMP/err")"
R=$TMP/empty-out/bag/data/report.html
expect_grep 'No findings' "$R"
expect_grep 'No correlation run' "$R"
expect_grep 'No evidence items' "$R"
# no CA here: the identity is pinned with the examiner's certificate fingerprint
EXAMINER_FPR=$("$LIFELINE" key show | sed -n 's/^fingerprint *//p')
expect_exit 0 casefile verify "$TMP/empty-out" --signer-fingerprint "$EXAMINER_FPR"

casefile_case "$TMP/case"
cp -a "$TMP/case" "$TMP/case2"
# in the store matrix the copy is detached (a SQLite case of the same state):
# a second workspace of the case would pull the first build's seal entry
rm -f "$TMP/case2/store.json"
expect_exit 0 --json casefile build -o "$TMP/cf" --include-evidence
B=$TMP/cf/bag
FPR=$(json_get "$TMP/out" 'd["fingerprint"]')
[ "$FPR" = "$(sha256sum "$B/tagmanifest-sha256.txt" | cut -c1-64)" ] || fail "fingerprint is not sha256(tagmanifest)"
for f in bagit.txt bag-info.txt manifest-sha256.txt tagmanifest-sha256.txt data/report.html \
	data/case.jsonld data/timeline/timeline.csv data/timeline/timeline.jsonl \
	data/analysis/findings.json data/analysis/correlation.json data/analysis/methods.json \
	data/custody/chain.tsv data/evidence-sha256.txt data/evidence/E1/srv-ehr01.raw \
	data/harm/E3/harm_events.csv data/harm/E4/bundle.json; do
	[ -f "$B/$f" ] || fail "missing $f"
done
[ -f "$TMP/cf/seal/tagmanifest-sha256.txt.p7s" ] || fail "no signature"
[ -f "$TMP/cf/seal/tagmanifest-sha256.txt.p7s.tsq" ] || fail "no timestamp request"
expect_grep "data-fingerprint=\"$FPR\"" "$TMP/cf/seal/cover.html"
expect_grep '^Payload-Oxum: [0-9]+\.[0-9]+$' "$B/bag-info.txt"
expect_grep '^Bagging-Date: 2025-10-12$' "$B/bag-info.txt"
expect_grep '^External-Identifier: PJ-2025-0042$' "$B/bag-info.txt"
# sha256sum reads the manifests as they are
(cd "$B" && sha256sum --strict --quiet -c manifest-sha256.txt && sha256sum --strict --quiet -c tagmanifest-sha256.txt) ||
	fail "sha256sum rejects the manifests"
# the timeline export lists every event (header + 6)
[ "$(wc -l < "$B/data/timeline/timeline.csv")" -eq 7 ] || fail "timeline.csv rows"
[ "$(wc -l < "$B/data/timeline/timeline.jsonl")" -eq 6 ] || fail "timeline.jsonl rows"
# the custody entry 'seal' carries the fingerprint, and is not inside the bag
expect_exit 0 --json custody log
expect_grep "\"fingerprint\": \"$FPR\"" "$TMP/out"
expect_no_grep '	seal	' "$B/data/custody/chain.tsv"
expect_exit 0 custody verify
# the report links claims to events (their rows are annex A) and exhibits
expect_grep 'href="annex-events.html#ev-4"' "$B/data/report.html"
expect_grep 'id="ev-4"' "$B/data/annex-events.html"
expect_grep 'href="#ex-E1"' "$B/data/report.html"
expect_grep 'id="f-2"' "$B/data/report.html"
expect_grep '<svg ' "$B/data/report.html"
expect_no_grep '(src|href)="https?:' "$B/data/report.html"

# refuses to overwrite
expect_exit 5 casefile build -o "$TMP/cf"

# determinism: the same case state gives the same data/
cd "$TMP/case2"
expect_exit 0 casefile build -o "$TMP/cf2" --include-evidence
diff -r "$TMP/cf/bag/data" "$TMP/cf2/bag/data" >"$TMP/diff" || { cat "$TMP/diff" >&2; fail "data/ differs between two builds"; }
expect_same "$TMP/cf/bag/manifest-sha256.txt" "$TMP/cf2/bag/manifest-sha256.txt" "manifest differs"

# a registered evidence file that changed is not sealed (exit 6)
printf 'x' >> evidence/E2/auth.log
expect_exit 6 casefile build -o "$TMP/cf3" --include-evidence
expect_grep 'changed since collection' "$TMP/err"
# without copies it is only referenced, and verify can check it against the case folder
expect_exit 0 casefile build -o "$TMP/cf4"
expect_exit 1 casefile verify "$TMP/cf4" --signer-fingerprint "$EXAMINER_FPR" --evidence "$TMP/case2"
expect_grep 'evidence.*auth.log: FAILED' "$TMP/err"
expect_exit 0 casefile verify "$TMP/cf4" --signer-fingerprint "$EXAMINER_FPR" --evidence "$TMP/case"
done_testing

#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The report's exact methods: each analysis's command line as it was run
# (stored in analyses.command; shown shell-quoted, so that a shell splits it
# back into the same arguments, quotes and spaces included), the building
# binary's SHA-256 (as sha256sum computes it here), and the rule set's
# SHA-256 as `analyze detect` reported it. A run recorded without a command
# line says "not recorded" rather than inventing one.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3 sha256sum
new_case
cp "$SRC/validation/evtx/cc0_4720_local_user_created.evtx" "$TMP/it's a log.evtx"
E=$(add_evidence file "$TMP/it's a log.evtx")
expect_exit 0 analyze timeline "$E" --tz 'Europe/Paris'
expect_exit 0 --json analyze detect
sha_rules=$(json_get "$TMP/out" 'd["ruleset_sha256"]')
[ "$(sqlite3 case.db "SELECT command FROM analyses WHERE evidence_id='$E' AND kind='timeline'")" = \
	"[\"lifeline\",\"analyze\",\"timeline\",\"$E\",\"--tz\",\"Europe/Paris\"]" ] ||
	fail "analyses.command is not the command line run"
# a run recorded by an older lifeline (no command line)
sqlite3 case.db "INSERT INTO analyses(evidence_id, kind, time_ns) VALUES ('$E', 'older', 0)"
expect_exit 0 casefile build -o "$TMP/cf" --no-pdf
python3 - "$TMP/cf/bag/data/report.html" "$(sha256sum "$LIFELINE" | cut -d' ' -f1)" "$sha_rules" "$E" <<'PY' || fail "exact methods wrong (above)"
import html, re, shlex, sys
page, binsha, rules, e = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2], sys.argv[3], sys.argv[4]
sec = page[page.index('<section id="methods-exact">'):]
sec = sec[:sec.index("</section>")]
bad = []
if '<span class="hash" id="binary-sha256">%s</span>' % binsha not in sec: bad.append("binary sha256")
cmds = [html.unescape(re.sub(r"</?bdi>", "", m)) for m in re.findall(r"<td><code>(.*?)</code></td>", sec)]
if shlex.split(cmds[0]) != ["lifeline", "analyze", "timeline", e, "--tz", "Europe/Paris"] if cmds else True:
    bad.append("timeline command %r" % cmds)
if "not recorded" not in sec: bad.append("the older run is not said to be unrecorded")
if rules not in sec: bad.append("rule set sha256 %s" % rules)
for b in bad: print("  " + b)
sys.exit(1 if bad else 0)
PY
test_count=$((test_count + 1))
# the quoting, on arguments that need it (collect files records no analysis: use a path)
cd "$TMP"
mkdir -p "q'uo te"
expect_exit 0 case init "$TMP/q'uo te/c" --case-id Q --title q
expect_exit 0 -C "$TMP/q'uo te/c" collect files "$SRC/validation/evtx/cc0_4720_local_user_created.evtx"
expect_exit 0 -C "$TMP/q'uo te/c" analyze timeline
expect_exit 0 -C "$TMP/q'uo te/c" casefile build -o "$TMP/cf2" --no-pdf
python3 - "$TMP/cf2/bag/data/report.html" "$TMP/q'uo te/c" <<'PY' || fail "a quoted argument is not shown so that a shell gives it back"
import html, re, shlex, sys
page = open(sys.argv[1], encoding="utf-8").read()
sec = page[page.index('<section id="methods-exact">'):]
m = re.search(r"<td><code>(.*?)</code></td>", sec)
got = shlex.split(html.unescape(re.sub(r"</?bdi>", "", m.group(1)))) if m else None
want = ["lifeline", "-C", sys.argv[2], "analyze", "timeline"]
if got != want:
    print("  got %r, want %r" % (got, want)); sys.exit(1)
PY
test_count=$((test_count + 1))
done_testing

#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The report rendered by headless Chromium: every section is in the rendered DOM, no
# network request is needed, a screenshot has real content (not a blank page), and the
# page is no wider than the window.
# The screenshot is kept as $LL_BUILD_DIR/casefile-report.png for a human to look at.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/casefile_fixture.sh"
need sqlite3 python3
CHROMIUM=$(command -v chromium || command -v chromium-browser || :)
[ -n "$CHROMIUM" ] || skip "needs chromium"
export LIFELINE_NOW=2025-10-12T09:00:00Z

casefile_case "$TMP/case"
# a description that is one long unbroken token, as base64 service names and
# command lines in event messages are: the page must still fit its width
long=$(printf 'QmFja3Vwcw%.0s' $(seq 1 30))
printf 'note\n' >"$TMP/note.txt"
expect_exit 0 collect files "$TMP/note.txt" --description "$long"
expect_exit 0 casefile build -o "$TMP/cf"
R=$TMP/cf/bag/data/report.html
chrome() {
	"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d "$TMP/chrome.XXXXXX")" "$@" 2>>"$TMP/chrome.err"
}
chrome --dump-dom "file://$R" > "$TMP/dom.html" || { cat "$TMP/chrome.err" >&2; fail "chromium --dump-dom failed"; }
for id in cover summary questions evidence custody methods timeline findings chains \
	endangerment statistics events limitations declaration annexes glossary; do
	expect_grep "<section id=\"$id\"" "$TMP/dom.html"
done
expect_grep '<svg [^>]*class="timeline"' "$TMP/dom.html"
expect_grep 'Attacker actions' "$TMP/dom.html"

PNG=$TMP/report.png
chrome --screenshot="$PNG" --window-size=1280,4000 "file://$R" >/dev/null || { cat "$TMP/chrome.err" >&2; fail "chromium --screenshot failed"; }
[ -s "$PNG" ] || fail "no screenshot"
# ink: at least 2% of the pixels clearly darker than the background, more than 8 colours
python3 "$SRC/tests/cli/png_ink.py" "$PNG" 0.02 8 || fail "the screenshot looks blank"
[ -n "${LL_BUILD_DIR:-}" ] && cp "$PNG" "$LL_BUILD_DIR/casefile-report.png"
# The report fits the page: no column is stretched past the window by a long
# unbroken token (base64 service names, command lines, paths). Measured in a
# copy without the report's CSP, which forbids the measuring script.
sed 's/<meta http-equiv="Content-Security-Policy"[^>]*>//' "$R" >"$TMP/probe.html"
cat >>"$TMP/probe.html" <<'EOF'
<script>
var d = document.documentElement, p = document.createElement('pre');
p.id = 'width-probe';
p.textContent = 'scroll=' + d.scrollWidth + ' client=' + d.clientWidth;
document.body.appendChild(p);
</script>
EOF
chrome --window-size=1280,2000 --dump-dom "file://$TMP/probe.html" >"$TMP/probe.dom" ||
	fail "chromium --dump-dom of the width probe failed"
widths=$(sed -n 's/.*<pre id="width-probe">scroll=\([0-9]*\) client=\([0-9]*\)<.*/\1 \2/p' "$TMP/probe.dom")
[ -n "$widths" ] || fail "the width probe did not run"
# shellcheck disable=SC2086
set -- $widths
[ "$1" -le "$2" ] || fail "the report is $1 px wide in a $2 px window (a column does not wrap)"
say "the report fits a $2 px window"
done_testing

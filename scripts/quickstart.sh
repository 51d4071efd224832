#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The quick start: installs what is missing, builds lifeline,
# generates the sample incident (docs/example/README.md) and runs the whole
# pipeline on it, then prints where the sealed case file and its report are,
# and the case file's fingerprint. A second run starts afresh.
#
# Usage: scripts/quickstart.sh [--out DIR]   (default: ./quickstart-out)
set -eu
cd "$(dirname "$0")/.."
out=quickstart-out
while [ $# -gt 0 ]; do
	case $1 in
	--out) [ $# -ge 2 ] || { echo "quickstart: --out needs a directory" >&2; exit 2; }
		out=$2; shift 2 ;;
	-h|--help) sed -n '3,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "usage: scripts/quickstart.sh [--out DIR]" >&2; exit 2 ;;
	esac
done
marker=.lifeline-quickstart
start=$(date +%s)
elapsed() { echo "$(( $(date +%s) - start )) s"; }

echo "== 1/4 installing what is missing (scripts/deps.sh)"
scripts/deps.sh

echo "== 2/4 building (build/lifeline)          [$(elapsed)]"
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs" >build/quickstart-build.log 2>&1 || {
	tail -n 30 build/quickstart-build.log >&2
	echo "quickstart: the build failed (full log: build/quickstart-build.log)" >&2
	exit 1
}

echo "== 3/4 generating the sample incident     [$(elapsed)]"
# Start afresh, but only delete a folder an earlier quick start made.
if [ -e "$out" ]; then
	if [ -f "$out/$marker" ]; then
		chmod -R u+w "$out"   # evidence is read-only once registered
		rm -rf "$out"
	elif [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
		echo "quickstart: '$out' exists and was not made by the quick start; give --out DIR" >&2
		exit 5
	fi
fi
mkdir -p "$out"
: >"$out/$marker"
docs/example/make-incident.sh "$out/incident"

echo "== 4/4 running the pipeline               [$(elapsed)]"
LIFELINE=$PWD/build/lifeline docs/example/run-pipeline.sh "$out/incident" "$out/work"

cat <<EOF

Next: read the story and what each step found in docs/example/README.md, open the
report in a browser, and try for yourself, for example:
  build/lifeline -C $out/work/case findings list
  build/lifeline -C $out/work/case custody log
  build/lifeline casefile verify $out/work/casefile --ca $out/work/trust.pem
Guides for your part on a real case: docs/guides/ (responder, analyst, prosecutor).
EOF

# SPDX-License-Identifier: Apache-2.0
# Helpers for CLI tests (git's t/test-lib.sh, much smaller). Source it first:
#   . "$(dirname "$0")/lib.sh"
# Gives: $LIFELINE, $SHARED, $SRC, a fresh $TMP (removed on success), a HOME
# inside it, and helpers. Exit 77 means "skipped".
set -u

: "${LIFELINE:?set by ctest}"
SRC=${LL_SRC_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
SHARED=${LL_SHARED_DIR:-$SRC/../shared}
TEST_NAME=$(basename "$0" .sh)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ll-$TEST_NAME.XXXXXX")
export HOME="$TMP/home"
mkdir -p "$HOME"
unset LIFELINE_KEY LIFELINE_CERT LIFELINE_HOME LIFELINE_KEY_PASSPHRASE
export LIFELINE_NO_PROGRESS=1
export LC_ALL=C TZ=UTC
test_failed=0
test_count=0

cleanup() {
	if [ "$test_failed" -eq 0 ]; then
		chmod -R u+w "$TMP" 2>/dev/null
		rm -rf "$TMP"
	else
		echo "# kept $TMP for inspection" >&2
	fi
}
trap cleanup EXIT

say() { echo "# $*"; }

fail() {
	echo "FAIL: $TEST_NAME: $*" >&2
	test_failed=1
	exit 1
}

skip() {
	echo "SKIP: $TEST_NAME: $*"
	exit 77
}

need() {
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || skip "needs $t"
	done
}

# ll ARGS...: runs lifeline, output in $TMP/out, $TMP/err; returns its code.
ll() {
	"$LIFELINE" "$@" >"$TMP/out" 2>"$TMP/err"
}

# expect_exit N ARGS...: runs lifeline and checks the exit code.
expect_exit() {
	want=$1
	shift
	test_count=$((test_count + 1))
	set +e
	"$LIFELINE" "$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	set -e
	if [ "$got" -ne "$want" ]; then
		echo "--- stdout" >&2; cat "$TMP/out" >&2
		echo "--- stderr" >&2; cat "$TMP/err" >&2
		fail "lifeline $* exited $got, expected $want"
	fi
}

# expect_grep PATTERN FILE: FILE must match PATTERN (grep -E).
expect_grep() {
	test_count=$((test_count + 1))
	grep -Eq -- "$1" "$2" || { echo "--- $2" >&2; cat "$2" >&2; fail "no '$1' in $2"; }
}

expect_no_grep() {
	test_count=$((test_count + 1))
	if grep -Eq -- "$1" "$2"; then
		echo "--- $2" >&2; cat "$2" >&2; fail "unexpected '$1' in $2"
	fi
}

# new_case [DIR]: a key for "Test Examiner" and a case in $TMP/case (cd there).
new_case() {
	dir=${1:-$TMP/case}
	[ -f "$HOME/.lifeline/examiner.key" ] ||
		expect_exit 0 key new --name "Test Examiner" --org "Test Lab"
	expect_exit 0 case init "$dir" --case-id "T-1" --title "test case"
	cd "$dir"
}

# json_get FILE EXPR: a value from a JSON file (python3 if present, else jq).
json_get() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"d": d}))' "$1" "$2"
}

done_testing() {
	echo "ok: $TEST_NAME ($test_count checks)"
	exit 0
}

set -e

# add_evidence KIND FILE... : registers files as one evidence item and
# prints its id. KIND is "file" (logs, exports) or "image" (disk image
# segments). Uses `collect files`/`collect image` when this build has them;
# before collection existed, tests registered rows directly with sqlite3, and
# that fallback remains for the image-as-files case of older fixtures.
add_evidence() {
	kind=$1
	shift
	if [ "$kind" = file ] && "$LIFELINE" collect files --help >/dev/null 2>&1; then
		"$LIFELINE" --json collect files "$@" >"$TMP/add.json" 2>"$TMP/add.err" ||
			{ cat "$TMP/add.err" >&2; fail "collect files $*"; }
		json_get "$TMP/add.json" 'd["id"]'
		return
	fi
	need sqlite3
	n=$(sqlite3 case.db "SELECT COALESCE(MAX(seq),0)+1 FROM evidence")
	id="E$n"
	mkdir -p "evidence/$id"
	sqlite3 case.db "INSERT INTO evidence(id, seq, kind, state, format, started_ns, registered_ns) VALUES ('$id', $n, '$kind', 'registered', '$( [ "$kind" = image ] && echo raw || echo file)', 0, 0)"
	for f in "$@"; do
		b=$(basename "$f")
		cp "$f" "evidence/$id/$b"
		chmod 0444 "evidence/$id/$b"
		sz=$(stat -c %s "$f")
		h=$(sha256sum "$f" | cut -d' ' -f1)
		sqlite3 case.db "INSERT INTO evidence_files(evidence_id, path, orig_path, role, size, sha256) VALUES ('$id', 'evidence/$id/$b', '$f', '$( [ "$kind" = image ] && echo segment || echo file)', $sz, '$h')"
	done
	echo "$id"
}

# flip FILE [OFFSET]: flips the low bit of one byte in place (the middle one
# by default; a negative OFFSET counts from the end). Evidence files are 0444.
flip() {
	chmod u+w "$1"
	python3 -c 'import sys
p = sys.argv[1]
with open(p, "r+b") as f:
    n = f.seek(0, 2)
    i = int(sys.argv[2]) if len(sys.argv) > 2 else n // 2
    if i < 0: i += n
    f.seek(i); b = f.read(1); f.seek(i); f.write(bytes([b[0] ^ 1]))' "$@"
}

# interrupt_stream BYTES SIGNAL ARGS...: runs `collect image - ARGS` reading
# $TMP/fifo, feeds it BYTES random bytes, waits a second and sends SIGNAL.
# Exit status in $rc, output in $TMP/int.out and $TMP/int.err.
interrupt_stream() {
	bytes=$1 sig=$2
	shift 2
	[ -p "$TMP/fifo" ] || mkfifo "$TMP/fifo"
	"$LIFELINE" collect image - "$@" <"$TMP/fifo" >"$TMP/int.out" 2>"$TMP/int.err" &
	pid=$!
	exec 3>"$TMP/fifo"
	head -c "$bytes" /dev/urandom >&3
	sleep 1
	kill "-$sig" "$pid"
	set +e
	wait "$pid"
	rc=$?
	set -e
	exec 3>&-
}

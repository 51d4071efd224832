# SPDX-License-Identifier: Apache-2.0
# Helpers for CLI tests (git's t/test-lib.sh, much smaller). Source it first:
#   . "$(dirname "$0")/lib.sh"
# Gives: $LIFELINE, $SHARED, $SRC, a fresh $TMP (removed on success), a HOME
# inside it, and helpers. Exit 77 means "skipped" (scripts/test.sh fails a
# CI run on any skip not listed in tests/skip-allowlist).
set -u

# Debian keeps mkfs.ext4, debugfs, sfdisk, mkapfs in /usr/sbin and /sbin,
# which a normal user's PATH lacks: tests find them there, not skip.
for d in /usr/local/sbin /usr/sbin /sbin; do
	case ":$PATH:" in
	*":$d:"*) ;;
	*) [ -d "$d" ] && PATH="$PATH:$d" ;;
	esac
done
export PATH

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

# On exit: $TMP goes only when the test passed or skipped. A script ended
# by `set -e` (a command failed outside the helpers) still gets a FAIL line.
cleanup() {
	rc=$?
	if [ "$test_failed" -eq 0 ] && [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
		echo "FAIL: $TEST_NAME: exited $rc (a command failed outside the checks)" >&2
		test_failed=1
	fi
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

# expect_no_grep PATTERN FILE: FILE must exist and not match PATTERN; a
# missing file or a bad pattern (grep's exit 2) is a failure, not a pass.
expect_no_grep() {
	test_count=$((test_count + 1))
	[ -f "$2" ] || fail "expect_no_grep: no file $2"
	set +e
	grep -Eq -- "$1" "$2"
	g=$?
	set -e
	case $g in
	0) echo "--- $2" >&2; cat "$2" >&2; fail "unexpected '$1' in $2" ;;
	1) ;;
	*) fail "expect_no_grep: grep -E '$1' $2 exited $g" ;;
	esac
}

# expect_same WANT GOT WHAT: the two files are identical; otherwise the
# difference goes to stderr and the test fails (FAIL line, $TMP kept). Use
# it instead of `cmp || { diff; fail; }`, whose diff ends a `set -e` script
# before fail can report.
expect_same() {
	test_count=$((test_count + 1))
	[ -f "$1" ] || fail "${3:-comparison}: no file $1"
	[ -f "$2" ] || fail "${3:-comparison}: no file $2"
	if ! cmp -s "$1" "$2"; then
		echo "--- diff -u $1 $2" >&2
		diff -u "$1" "$2" >&2 || :
		fail "${3:-$1 and $2 differ}"
	fi
}

# new_case [DIR]: a key for "Test Examiner" and a case in $TMP/case (cd there).
new_case() {
	dir=${1:-$TMP/case}
	[ -f "$HOME/.lifeline/examiner.key" ] ||
		expect_exit 0 key new --name "Test Examiner" --org "Test Lab"
	case_init "$dir" --case-id "T-1" --title "test case"
	cd "$dir"
}

# case_init DIR ARGS...: `case init DIR ARGS`. In the store matrix
# (LL_TEST_STORE=postgresql, tests/store-matrix) the case is made in a
# database of its own on the run's cluster and DIR is an attached workspace
# (store_lib.sh): every command that writes then locks, pulls and pushes.
case_init() {
	if [ "$LL_TEST_STORE" = postgresql ]; then
		store_case_init "$@"
	else
		expect_exit 0 case init "$@"
	fi
}

# store_adopt DIR: a case a fixture built with sqlite3 becomes, in the store
# matrix, a workspace of the same case pushed to the server; nothing otherwise.
store_adopt() {
	[ "$LL_TEST_STORE" != postgresql ] || store_push_attach "$1"
}

# json_get FILE EXPR: a value from a JSON file (python3's json; EXPR uses d).
json_get() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"d": d}))' "$1" "$2"
}

# partial REASON: some checks of this test could not run (an oracle tool or
# a timing window missing); the checks that did run still count, but the
# test ends as skipped (77), so ctest and the CI skip gate see it.
partial_reasons=
partial() {
	say "checks dropped: $*"
	partial_reasons="${partial_reasons:+$partial_reasons; }$*"
}

done_testing() {
	if [ -n "$partial_reasons" ]; then
		echo "SKIP: $TEST_NAME: $test_count checks passed, some dropped: $partial_reasons"
		exit 77
	fi
	echo "ok: $TEST_NAME ($test_count checks)"
	exit 0
}

set -e

# the store matrix: sqlite (the default) or postgresql (store_lib.sh)
LL_TEST_STORE=${LL_TEST_STORE:-sqlite}
case $LL_TEST_STORE in
sqlite) ;;
postgresql) . "$SRC/tests/cli/store_lib.sh" ;;
*) fail "LL_TEST_STORE=$LL_TEST_STORE: neither sqlite nor postgresql" ;;
esac

# add_evidence KIND FILE... : registers files as one evidence item and
# prints its id. KIND "file" (logs, exports) goes through `collect files`,
# and a failure of it fails the test. KIND "image" (an existing disk image
# read in place by the timeline tests) is registered as raw image segments
# by inserting the rows with sqlite3, as the fixtures always have: `collect
# image` would re-acquire it, which the image tests do not test.
add_evidence() {
	kind=$1
	shift
	case $kind in
	file)
		"$LIFELINE" --json collect files "$@" >"$TMP/add.json" 2>"$TMP/add.err" ||
			{ cat "$TMP/add.err" >&2; fail "add_evidence: collect files $* failed"; }
		json_get "$TMP/add.json" 'd["id"]' ||
			{ cat "$TMP/add.json" >&2; fail "add_evidence: no id from collect files $*"; }
		return
		;;
	image) ;;
	*) fail "add_evidence: kind '$kind' is neither file nor image" ;;
	esac
	need sqlite3
	[ -f case.db ] || fail "add_evidence: no case.db in $(pwd)"
	# rows written beside the commands: a workspace's next pull replaces them
	[ ! -f store.json ] || fail "add_evidence image: not in an attached workspace (tests/README.md, the store matrix)"
	n=$(sqlite3 case.db "SELECT COALESCE(MAX(seq),0)+1 FROM evidence") ||
		fail "add_evidence: reading case.db"
	id="E$n"
	mkdir -p "evidence/$id"
	sqlite3 case.db "INSERT INTO evidence(id, seq, kind, state, format, started_ns, registered_ns) VALUES ('$id', $n, 'image', 'registered', 'raw', 0, 0)" ||
		fail "add_evidence: inserting evidence $id"
	for f in "$@"; do
		[ -f "$f" ] || fail "add_evidence: no file $f"
		b=$(basename "$f")
		cp "$f" "evidence/$id/$b"
		chmod 0444 "evidence/$id/$b"
		sz=$(stat -c %s "$f")
		h=$(sha256sum "$f" | cut -d' ' -f1)
		sqlite3 case.db "INSERT INTO evidence_files(evidence_id, path, orig_path, role, size, sha256) VALUES ('$id', 'evidence/$id/$b', '$f', 'segment', $sz, '$h')" ||
			fail "add_evidence: inserting $f"
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

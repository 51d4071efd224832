# SPDX-License-Identifier: Apache-2.0
# Sourced by the PostgreSQL benches (pg_push.sh, pg_pull.sh, pg_window.sh,
# scale.sh) after they set SRC: the binary (LIFELINE, default build/lifeline),
# the bench's scratch folder TMP (named after the bench, removed on exit), the
# home and locale every bench runs in, the few functions tests/cli/pg_lib.sh
# expects of tests/cli/lib.sh, and that file's pg_start* (which stop the
# server and remove it on exit).
LIFELINE=${LIFELINE:-$SRC/build/lifeline}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ll-bench-$(basename "$0" .sh).XXXXXX")
export HOME="$TMP/home" LIFELINE_NO_PROGRESS=1 LC_ALL=C TZ=UTC
mkdir -p "$HOME"
skip() { echo "skipped: $*"; exit 0; }
fail() { echo "bench failed: $*" >&2; exit 1; }
say() { echo "# $*"; }
cleanup() { rm -rf "$TMP"; }
expect_exit() {
	want=$1
	shift
	"$LIFELINE" "$@" >"$TMP/out" 2>"$TMP/err" && got=0 || got=$?
	[ "$got" -eq "$want" ] || { cat "$TMP/err" >&2; fail "lifeline $* exited $got"; }
}
. "$SRC/tests/cli/pg_lib.sh"

# SPDX-License-Identifier: Apache-2.0
# Sourced by the PostgreSQL benches (pg_push.sh, pg_window.sh, scale.sh) after
# they set SRC, LIFELINE and TMP: the home and locale every bench runs in, the
# few functions tests/cli/pg_lib.sh expects of tests/cli/lib.sh, and the
# server started (pg_lib.sh stops it and removes it on exit).
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

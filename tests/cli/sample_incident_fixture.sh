# SPDX-License-Identifier: Apache-2.0
# Sourced after lib.sh by the tests that run on the sample incident
# (docs/example/make-incident.sh, then run-pipeline.sh, casefile included).
#   sample_incident INC WORK   makes the incident in INC and runs the
#                              pipeline into WORK; a step that fails is a
#                              failure naming it, with the end of its output
#                              ($TMP/make.out, $TMP/run.out). Sets W=WORK
#                              and exports the pipeline's LIFELINE_HOME,
#                              LIFELINE_KEY and LIFELINE_CERT (its examiner).

sample_incident() {
	sh "$SRC/docs/example/make-incident.sh" "$1" >"$TMP/make.out" 2>&1 ||
		{ cat "$TMP/make.out" >&2; fail "make-incident.sh failed"; }
	LIFELINE="$LIFELINE" sh "$SRC/docs/example/run-pipeline.sh" "$1" "$2" \
		>"$TMP/run.out" 2>&1 || { tail -20 "$TMP/run.out" >&2; fail "run-pipeline.sh failed"; }
	W=$2
	export LIFELINE_HOME="$W/home" LIFELINE_KEY="$W/keys/analyst/examiner.key" \
		LIFELINE_CERT="$W/keys/analyst/examiner.crt"
}

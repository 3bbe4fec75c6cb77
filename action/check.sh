#!/usr/bin/env bash
# The "hubcompat check" step of action.yml: runs the checker on the paths and decides what the
# job's outcome is. It always exits 0 after setting its outputs, so that the SARIF log can be
# uploaded before the last step (fail.sh) fails the job:
#   exit-code      hubcompat check's status (pylint's bits: 1 fatal, 2 error, 4 warning,
#                  8 refactor, 16 convention, 32 usage error); 32 too when an input is invalid
#   sarif-written  true when the SARIF log exists and is not empty
#   upload         true when the log is to be uploaded to code scanning
#   fail           true when the job must fail; reason: why, or why it does not
#
# Whatever fail-on-findings says, the job fails on a usage error (bit 32: a bad option, a
# path that does not exist, no paths), on a fatal error (bit 1: pylint could not lint a file,
# or the checker crashed), on a status pylint never gives (a signal, a missing program) and
# when there is no SARIF log: none of them is a finding that a team may choose to accept, and
# each means the results are not there. Findings (bits 2, 4, 8, 16) fail the job only with
# fail-on-findings: true. A log is uploaded only after a complete run: the partial log of a
# failed run would make code scanning close the alerts of the files it did not lint.
#
# Environment: HUBCOMPAT_VENV, PATHS, EXTRA_ARGS, SARIF_FILE, BASELINE, FAIL_ON_FINDINGS,
# UPLOAD_SARIF (the inputs, see action.yml), GITHUB_OUTPUT, RUNNER_TEMP.
set -uo pipefail
# shellcheck source=action/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# finish STATUS SARIF_WRITTEN UPLOAD FAIL REASON: sets the outputs, shows the reason, ends the step.
finish() {
  output exit-code "$1"
  output sarif-written "$2"
  output upload "$3"
  output fail "$4"
  output reason "$5"
  if [ "$4" = true ]; then
    annotate error "$5"
  elif [ -n "$5" ]; then
    annotate notice "$5"
  fi
  exit 0
}

# An input the action cannot use fails the job as hubcompat check's own usage errors do.
input_error() {
  finish 32 false false true "$1"
}

sarif=${SARIF_FILE:-}
case $sarif in
  '') input_error "the sarif-file input is empty" ;;
  *,*) input_error "the sarif-file input \"$sarif\" holds a comma, which pylint's --output-format reads as a separator" ;;
esac
fail_on_findings=$(boolean fail-on-findings "${FAIL_ON_FINDINGS:-true}" 2>&1) || input_error "$fail_on_findings"
upload_sarif=$(boolean upload-sarif "${UPLOAD_SARIF:-true}" 2>&1) || input_error "$upload_sarif"

venv=${HUBCOMPAT_VENV:-${RUNNER_TEMP:-.}/hubcompat-venv}
hubcompat=$(venv_exe "$venv" hubcompat) || input_error "no hubcompat program in $venv (bin/ or Scripts/): the install step did not run"
python=$(venv_exe "$venv" python) || input_error "no python in $venv (bin/ or Scripts/): the install step did not run"

split_input "$python" paths PATHS || input_error "the paths input cannot be split: see the message above"
paths=(${SPLIT[@]+"${SPLIT[@]}"})
split_input "$python" args EXTRA_ARGS || input_error "the extra-args input cannot be split: see the message above"
extra=(${SPLIT[@]+"${SPLIT[@]}"})

# A log left by an earlier step must not pass for this run's.
rm -f -- "$sarif"
case $sarif in
  */*) mkdir -p -- "${sarif%/*}" ;;
esac

arguments=(check ${paths[@]+"${paths[@]}"} "--output-format=hubcompat-sarif:$sarif,github")
if [ -n "${BASELINE:-}" ]; then
  arguments+=(--baseline "$BASELINE")
fi
arguments+=(${extra[@]+"${extra[@]}"})
printf 'hubcompat'
printf ' %q' "${arguments[@]}"
printf '\n'
"$hubcompat" "${arguments[@]}"
status=$?

written=false
if [ -s "$sarif" ]; then
  written=true
fi
complete=false
if [ "$status" -le 63 ] && [ $((status & 33)) -eq 0 ]; then
  complete=true
fi
upload=false
if [ "$written" = true ] && [ "$complete" = true ] && [ "$upload_sarif" = true ]; then
  upload=true
fi

if [ "$status" -gt 63 ]; then
  finish "$status" "$written" false true "hubcompat check did not finish (exit status $status)"
elif [ $((status & 32)) -ne 0 ]; then
  finish "$status" "$written" false true "usage error (exit status $status): hubcompat check refused its arguments, see its message above"
elif [ $((status & 1)) -ne 0 ]; then
  finish "$status" "$written" false true "fatal error (exit status $status): a file could not be linted, see the F message above"
elif [ "$written" = false ]; then
  finish "$status" false false true "hubcompat check wrote no SARIF log at $sarif (exit status $status); do not set --output-format in extra-args"
elif [ $((status & 30)) -ne 0 ] && [ "$fail_on_findings" = true ]; then
  finish "$status" true "$upload" true "findings (exit status $status); set fail-on-findings: false to only report them"
elif [ $((status & 30)) -ne 0 ]; then
  finish "$status" true "$upload" false "findings (exit status $status), reported only: fail-on-findings is false"
fi
finish "$status" true "$upload" false ""

#!/usr/bin/env bash
# The "hubcompat plan" step of action.yml (with plan-summary: true): writes the upgrade plan,
# a Markdown table of the findings at each TensorFlow release line and the changes that clear
# the last one, to the job summary ($GITHUB_STEP_SUMMARY).
#
# The plan informs: something left for a person (exit status 1) does not fail the step. A
# usage error (32: a plan-to that names no TensorFlow release, a path that does not exist)
# or any other status does, since then there is no plan to read.
#
# Environment: HUBCOMPAT_VENV, PATHS, PLAN_TO (the inputs, see action.yml), GITHUB_STEP_SUMMARY,
# RUNNER_TEMP.
set -uo pipefail
# shellcheck source=action/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

summary=${GITHUB_STEP_SUMMARY:?GITHUB_STEP_SUMMARY is not set: run this as a step of action.yml}
venv=${HUBCOMPAT_VENV:-${RUNNER_TEMP:-.}/hubcompat-venv}
if ! hubcompat=$(venv_exe "$venv" hubcompat) || ! python=$(venv_exe "$venv" python); then
  annotate error "no hubcompat program in $venv (bin/ or Scripts/): the install step did not run"
  exit 1
fi
if ! split_input "$python" paths PATHS; then
  annotate error "the paths input cannot be split: see the message above"
  exit 1
fi
paths=(${SPLIT[@]+"${SPLIT[@]}"})

arguments=(plan ${paths[@]+"${paths[@]}"} --format=markdown)
if [ -n "${PLAN_TO:-}" ]; then
  arguments+=(--to "$PLAN_TO")
fi
printf 'hubcompat'
printf ' %q' "${arguments[@]}"
printf '\n'
plan=$(mktemp) || exit 1
"$hubcompat" "${arguments[@]}" > "$plan"
status=$?
if [ "$status" -le 1 ]; then
  cat -- "$plan" >> "$summary"
  cat -- "$plan"
  rm -f -- "$plan"
  exit 0
fi
rm -f -- "$plan"
annotate error "hubcompat plan failed (exit status $status), see its message above"
exit "$status"

# shellcheck shell=bash
# Functions shared by the action's scripts; sourced, not run. Written for bash 3.2 and newer
# (macOS runners' /bin/bash), Git Bash on Windows runners included: no mapfile, no namerefs.

# The folder of these scripts (and of inputs.py).
ACTION_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# venv_exe VENV NAME: prints the path of program NAME in the virtual environment VENV:
# bin/NAME on Linux and macOS, Scripts/NAME.exe on Windows (where python -m venv makes
# Scripts/, not bin/). Fails when the environment has no such program.
venv_exe() {
  local candidate
  for candidate in "$1/bin/$2" "$1/Scripts/$2.exe" "$1/Scripts/$2"; do
    if [ -f "$candidate" ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

# split_input PYTHON MODE VARIABLE: sets the array SPLIT to the arguments in the environment
# variable VARIABLE, split by inputs.py (MODE: paths or args), never by bash word splitting or
# globbing. Fails (inputs.py's message on stderr) when the value cannot be split.
split_input() {
  local listing item status=0
  listing=$(mktemp) || return 1
  "$1" "$ACTION_DIR/inputs.py" split "$2" "$3" > "$listing" || status=$?
  SPLIT=()
  if [ "$status" -eq 0 ]; then
    while IFS= read -r -d '' item; do
      SPLIT+=("$item")
    done < "$listing"
  fi
  rm -f -- "$listing"
  return "$status"
}

# boolean NAME VALUE: prints true or false for VALUE (the input NAME, in any case); for any
# other value, says so on stderr and fails.
boolean() {
  local value
  value=$(printf '%s' "$2" | tr '[:upper:]' '[:lower:]')
  case $value in
    true | false) printf '%s\n' "$value" ;;
    *)
      printf 'the %s input must be true or false, not "%s"\n' "$1" "$2" >&2
      return 1
      ;;
  esac
}

# output NAME VALUE: sets the step output NAME through $GITHUB_OUTPUT, on one line (a line
# break in VALUE becomes a space: the file has one output per line).
output() {
  local value=${2//$'\n'/ }
  printf '%s=%s\n' "$1" "${value//$'\r'/ }" >> "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set: run this as a step of action.yml}"
}

# annotate LEVEL MESSAGE: a workflow command (error, warning, notice) that GitHub shows on the
# run's summary; the message is escaped as workflow commands require (%, CR, LF).
annotate() {
  local message=$2
  message=${message//'%'/%25}
  message=${message//$'\r'/%0D}
  message=${message//$'\n'/%0A}
  printf '::%s title=hubcompat::%s\n' "$1" "$message"
}

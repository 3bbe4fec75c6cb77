#!/usr/bin/env bash
# The last step of action.yml: fails the job when check.sh decided it must (its fail output),
# with hubcompat check's exit status (REASON, STATUS: check.sh's reason and exit-code outputs).
# It runs after the upload, so that a job failed on findings still shows them in code scanning.
status=${STATUS:-}
case $status in
  '' | *[!0-9]* | 0) status=1 ;;
esac
if [ "$status" -gt 255 ]; then
  status=1
fi
printf 'hubcompat: %s\n' "${REASON:-the check step failed}" >&2
exit "$status"

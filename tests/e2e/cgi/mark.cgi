#!/bin/sh
# Leaves a marker file, so a test can tell whether the script ran at all.
name=${SCRIPT_FILENAME##*/}
: >"/srv/secgi/data/public/ran-$name-${REMOTE_USER:-anonymous}"
printf 'Content-Type: text/plain\r\n\r\n'
printf 'context=%s\n' "$(tr -d '\0' </proc/self/attr/current)"

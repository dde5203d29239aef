#!/bin/sh
# Prints the context the kernel reports for this process. id -Z would need
# selinuxfs, which a confined script domain may not read.
printf 'Content-Type: text/plain\r\n\r\n'
printf 'context=%s\n' "$(tr -d '\0' </proc/self/attr/current)"
printf 'remote_user=%s\n' "${REMOTE_USER:-}"
printf 'script_name=%s\n' "${SCRIPT_NAME:-}"
printf 'path_info=%s\n' "${PATH_INFO:-}"

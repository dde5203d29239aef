# The hostile cases, sourced by hostile.sh. Exit statuses are those of
# secgi-wrap(8): 10 configuration, 11 SELinux state, 12 caller, 13 request,
# 14 identity, 15 mapping, 16 script, 17 policy.

path_cases() {
  refused "traversal in PATH_TRANSLATED" 16 "contains '..'" -- \
    "PATH_TRANSLATED=$CGI/../../../usr/bin/id"
  refused "traversal after the script" 16 "contains '..'" -- \
    "PATH_TRANSLATED=$CGI/mark.cgi/../../x"
  refused "traversal in PATH_INFO only" 16 "PATH_TRANSLATED unset" -- \
    -PATH_TRANSLATED "PATH_INFO=/../../../usr/bin/id"
  refused "relative script path" 16 "is not absolute" -- \
    "PATH_TRANSLATED=srv/secgi/cgi-bin/mark.cgi"
  refused "script outside every root" 16 "not under any script_root" -- \
    "PATH_TRANSLATED=/usr/bin/id"
  refused "sibling with the root as prefix" 16 "not under any script_root" \
    -- "PATH_TRANSLATED=${CGI}x/mark.cgi"
  refused "control character in path" 16 "control character" -- \
    "PATH_TRANSLATED=$CGI/mark.cgi"$'\t'
  refused "missing script" 16 "No such file" -- \
    "PATH_TRANSLATED=$CGI/none.cgi"
  refused "directory as script" 16 "not a regular file" -- \
    "PATH_TRANSLATED=$CGI/subdir"
  # The policy gives the wrapper no getattr on a fifo of the script type.
  refused "fifo as script" 16 "Permission denied" -- \
    "PATH_TRANSLATED=$CGI/fifo.cgi"
}

link_cases() {
  refused "symbolic link leaving the root" 16 "escapes" -- \
    "PATH_TRANSLATED=$CGI/escape.cgi"
  refused "symbolic link to a directory outside" 16 "escapes" -- \
    "PATH_TRANSLATED=$CGI/outside/id"
  refused "hard link to a script" 16 "hard links" -- \
    "PATH_TRANSLATED=$CGI/hard.cgi"
}

mode_cases() {
  refused "world-writable script" 16 "writable by group or others" -- \
    "PATH_TRANSLATED=$CGI/world.cgi"
  refused "group-writable script" 16 "writable by group or others" -- \
    "PATH_TRANSLATED=$CGI/group.cgi"
  refused "world-writable directory" 16 "writable by group or others" -- \
    "PATH_TRANSLATED=$CGI/open/mark.cgi"
  refused "directory owned by the server" 16 "owned by the server user" -- \
    "PATH_TRANSLATED=$CGI/served/mark.cgi"
  refused "script owned by the server" 16 "owned by the server user" -- \
    "PATH_TRANSLATED=$CGI/writable.cgi"
  refused "setuid script" 16 "setuid or setgid" -- \
    "PATH_TRANSLATED=$CGI/setuid.cgi"
  refused "setgid script" 16 "setuid or setgid" -- \
    "PATH_TRANSLATED=$CGI/setgid.cgi"
}

environment_cases() {
  local many=() i
  for ((i = 0; i < 600; i++)); do many+=("HTTP_X_$i=v"); done
  refused "600 environment variables" 13 "more than 512" -- "${many[@]}"
  refused "REMOTE_USER given twice" 13 "set twice" -- "+REMOTE_USER=bob"
  refused "no REDIRECT_STATUS" 13 "no REDIRECT_STATUS" -- -REDIRECT_STATUS
}

identity_cases() {
  refused "REMOTE_USER with a newline" 14 "control character" -- \
    "REMOTE_USER=alice"$'\n'"result=allowed"
  refused "REMOTE_USER of 10000 characters" 14 "more than the system's" -- \
    "REMOTE_USER=$(printf 'a%.0s' {1..10000})"
  refused "empty REMOTE_USER" 14 "REMOTE_USER is empty" -- "REMOTE_USER="
  refused "REMOTE_USER without AUTH_TYPE" 14 "without AUTH_TYPE" -- \
    -AUTH_TYPE
  # A NUL ends the string at execve, so "al\0ice" arrives as "al".
  refused "REMOTE_USER cut by NUL" 15 "no mapping entry" -- "REMOTE_USER=al"
  refused "unmapped user" 15 "no mapping entry" -- "REMOTE_USER=zoe"
  refused "user mapped to deny" 15 "says deny" -- "REMOTE_USER=mallory"
}

policy_cases() {
  refused "script labelled with another category" 17 "read-execute" -- \
    "PATH_TRANSLATED=$CGI/bobs.cgi"
  # Without a type_transition for bin_t the computed domain is the
  # wrapper's own, which it may not enter again.
  refused "script type without a domain" 17 "transition" -- \
    "PATH_TRANSLATED=$CGI/binary.cgi"
  refused "script type not an entrypoint" 17 "entrypoint" -- \
    "REMOTE_USER=frank" "PATH_TRANSLATED=$CGI/binary.cgi"
  refused "mapped domain is permissive" 17 "is permissive" -- \
    "REMOTE_USER=dave" "PATH_TRANSLATED=$CGI/lax.cgi"
  refused "mapped domain the wrapper may not enter" 17 "transition" -- \
    "REMOTE_USER=erin"
  refused "caller not a server domain" 12 "is not a server_domain" \
    unconfined --
}

state_cases() {
  setenforce 0
  refused "SELinux permissive" 11 "SELinux is permissive" --
  setenforce 1

  with_config "server_domain httpd_t" "script_root $CGI" "colour blue"
  refused "unknown configuration key" 10 "unknown key 'colour'" --
  with_config "server_domain httpd_t" "script_root $CGI" "umask 022" \
    "umask 077"
  refused "repeated configuration key" 10 "set twice" --
  restore_config
  chmod g+w "$CONF"
  refused "group-writable configuration" 10 "writable by group" --
  chmod g-w "$CONF"
  chown www-data "$CONF"
  refused "configuration not owned by root" 10 "not root" --
  chown root "$CONF"

  cp -p "$MAPPINGS.cdb" "$OUT/mappings.cdb.saved"
  head -c 100 "$OUT/mappings.cdb.saved" >"$MAPPINGS.cdb"
  refused "truncated mapping index" 10 "index" --
  cp -p "$OUT/mappings.cdb.saved" "$MAPPINGS.cdb"
  touch "$MAPPINGS"
  refused "index older than its source" 10 "stale" --
  secgi-map --mappings "$MAPPINGS" --policy "$HOSTILE/compile-policy.33" \
    compile >/dev/null
}

control_cases() {
  allowed "control: the unmodified request"
  run_wrapper httpd -REMOTE_USER "REDIRECT_REMOTE_USER=alice" -AUTH_TYPE
  printf '%-44s exit %-4s %s\n' "REDIRECT_REMOTE_USER ignored" "$rc" \
    "$(ls "$MARKERS" | grep '^ran-')"
  [[ -e $MARKERS/ran-mark.cgi-anonymous && $line == *context=*:s0\ * ]] ||
    fail "REDIRECT_REMOTE_USER: expected an anonymous run: $line"
}

# Swaps a good script and a world-writable one under the same name while
# the wrapper runs: each run must either refuse or execute the file it
# checked, never the world-writable one.
swap_case() {
  local i ran_good=0 refused_runs=0 evil=0
  with_file "$CGI/swap.cgi" 0755
  printf '#!/bin/sh\n: >%s/ran-EVIL\n' "$MARKERS" >"$CGI/.evil"
  chmod 0757 "$CGI/.evil"
  restorecon "$CGI/.evil"
  (while :; do
    mv "$CGI/swap.cgi" "$CGI/.good"; mv "$CGI/.evil" "$CGI/swap.cgi"
    mv "$CGI/swap.cgi" "$CGI/.evil"; mv "$CGI/.good" "$CGI/swap.cgi"
  done) 2>/dev/null &
  local swapper=$!
  for ((i = 0; i < 40; i++)); do
    run_wrapper httpd "PATH_TRANSLATED=$CGI/swap.cgi"
    [[ -e $MARKERS/ran-EVIL ]] && evil=$((evil + 1))
    if [[ $rc == 0 ]]; then ran_good=$((ran_good + 1)); else
      refused_runs=$((refused_runs + 1)); fi
  done
  kill "$swapper"
  wait "$swapper" 2>/dev/null
  cases=$((cases + 1))
  printf '%-44s %s\n' "script swapped between check and exec" \
    "40 runs: $ran_good ran the checked file, $refused_runs refused, $evil evil"
  ((evil == 0)) || fail "swap: the world-writable script ran $evil times"
  ((refused_runs > 0)) || fail "swap: no run saw the world-writable file"
}

# Accounts for the users the cases name, so that PAM and NSS accept them
# and the case reaches the check it is about.
add_accounts() {
  local user uid=3001 day=$(($(date +%s) / 86400 - 1))
  for user in al zoe frank dave erin; do
    echo "$user:x:$uid:$uid::/nonexistent:/usr/sbin/nologin" >>/etc/passwd
    echo "$user:x:$uid:" >>/etc/group
    [[ -e /etc/shadow ]] && echo "$user:*:$day:0:99999:7:::" >>/etc/shadow
    uid=$((uid + 1))
  done
  restorecon /etc/passwd /etc/group
  [[ -e /etc/shadow ]] && restorecon /etc/shadow
}

make_files() {
  mkdir -p "$CGI/subdir" "$CGI/open" "$CGI/served"
  mkfifo "$CGI/fifo.cgi"
  ln -s /usr/bin/id "$CGI/escape.cgi"
  ln -s /usr/bin "$CGI/outside"
  cp "$CGI/mark.cgi" /usr/local/lib/hard-target.cgi
  ln /usr/local/lib/hard-target.cgi "$CGI/hard.cgi"
  with_file "$CGI/world.cgi" 0757
  with_file "$CGI/group.cgi" 0775
  chmod 0777 "$CGI/open"
  with_file "$CGI/open/mark.cgi" 0755
  chown www-data "$CGI/served"
  with_file "$CGI/served/mark.cgi" 0755
  with_file "$CGI/setuid.cgi" 4755
  with_file "$CGI/setgid.cgi" 2755
  with_file "$CGI/bobs.cgi" 0755
  chcon -l s0:c2 "$CGI/bobs.cgi"
  with_file "$CGI/binary.cgi" 0755
  chcon -t bin_t "$CGI/binary.cgi"
  with_file "$CGI/lax.cgi" 0755
  chcon -t secgi_testlax_exec_t "$CGI/lax.cgi"
  restorecon -R "$CGI/open" "$CGI/served" "$CGI/subdir"
}

add_mappings() {
  local policy=$HOSTILE/compile-policy.33
  secgi-map --mappings "$MAPPINGS" --policy "$policy" add user:frank \
    type=secgi_app_t range=s0 &&
  secgi-map --mappings "$MAPPINGS" --policy "$policy" \
    --file-context system_u:object_r:secgi_testlax_exec_t:s0 add user:dave \
    type=secgi_testlax_t range=s0 &&
    secgi-map --mappings "$MAPPINGS" --policy "$policy" \
      --file-context system_u:object_r:secgi_app_exec_t:s0 add user:erin \
      type=secgi_testshut_t range=s0
}

run_cases() {
  add_accounts
  make_files
  add_mappings || fail "cannot add the hostile mapping entries"
  control_cases
  path_cases
  link_cases
  mode_cases
  environment_cases
  identity_cases
  policy_cases
  state_cases
  swap_case
}

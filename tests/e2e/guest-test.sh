#!/bin/bash
# Runs inside the enforcing guest: installs secgi from the staged tree,
# starts syslog and Apache with each MPM, sends the requests and prints
# one row per request. Exits non-zero when any row differs from what the
# row expects.
set -uo pipefail

. /usr/local/lib/secgi-test/guest-lib.sh

E2E=/usr/local/lib/secgi-e2e
DATA=/srv/secgi/data
MARKERS=$DATA/public
APP=system_u:system_r:secgi_app_t
USERDIR=system_u:system_r:secgi_userdir_t
ALICE_CGI=/home/alice/public_html/cgi-bin
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# Adds the accounts of the web users to the guest's files, with shadow
# entries for pam_unix; oscar's account expired on 2 January 1970.
add_accounts() {
  local user uid=1003 day=$(($(date +%s) / 86400 - 1))
  for user in carol mallory grace oscar; do
    echo "$user:x:$uid:$uid::/nonexistent:/usr/sbin/nologin" >>/etc/passwd
    echo "$user:x:$uid:" >>/etc/group
    uid=$((uid + 1))
  done
  printf '%s\n' 'shadow:x:42:www-data' 'staff:x:2001:grace' \
    'webdev:x:2002:grace' >>/etc/group
  for user in alice bob carol mallory grace; do
    echo "$user:*:$day:0:99999:7:::"
  done >/etc/shadow
  echo "oscar:*:$day:0:99999:7::1:" >>/etc/shadow
  chown root:shadow /etc/shadow
  chmod 0640 /etc/shadow
  printf '%s\n' 'auth required pam_deny.so' 'account required pam_deny.so' \
    'password required pam_deny.so' 'session required pam_deny.so' \
    >/etc/pam.d/other
  restorecon /etc/passwd /etc/group /etc/shadow /etc/pam.d/other
}

# Lets pam_unix check local expiry the way "Local accounts" in
# secgi.conf(5) describes: www-data is in group shadow (above), the
# secgi_read_shadow boolean is on, and pam/secgi's pam_unix line is on.
enable_local_expiry() {
  setsebool secgi_read_shadow on
  sed -i 's|^#account  required  pam_unix.so$|account  required  pam_unix.so|' \
    /etc/pam.d/secgi
  grep -q '^account  required  pam_unix.so' /etc/pam.d/secgi ||
    fail "pam/secgi has no pam_unix line to enable"
}

# Restores the shipped PAM stack and the boolean's default.
disable_local_expiry() {
  setsebool secgi_read_shadow off
  cp "$E2E/root/etc/pam.d/secgi" /etc/pam.d/secgi
}

# The .php pages of handler mode, and one labelled with bob's category.
install_php() {
  mkdir -p /srv/secgi/php
  cp "$E2E/php/context.php" /srv/secgi/php/context.php
  cp "$E2E/php/context.php" /srv/secgi/php/other.php
  chmod 644 /srv/secgi/php/*.php
  restorecon -R /srv/secgi/php
  chcon -l s0:c2 /srv/secgi/php/other.php
}

# Alice's userdir: her scripts carry her category and her domain's type
# (semanage fcontext would set the type on a real system), except
# plain.cgi, which has no category.
install_userdir() {
  setsebool secgi_enable_userdir on
  mkdir -p "$ALICE_CGI"
  cp "$E2E/cgi/whoami.cgi" "$ALICE_CGI/whoami.cgi"
  cp "$E2E/cgi/mark.cgi" "$ALICE_CGI/plain.cgi"
  chown -R alice:alice /home/alice
  chmod 755 /home/alice /home/alice/public_html "$ALICE_CGI" "$ALICE_CGI"/*
  restorecon -R /home/alice
  chcon -R -t secgi_userdir_exec_t "$ALICE_CGI"
  chcon -l s0:c1 "$ALICE_CGI/whoami.cgi"
}

install_tree() {
  # A "#!" script executed by descriptor reaches its interpreter as
  # /dev/fd/N; udev makes that link on a real system.
  [[ -e /dev/fd ]] || ln -s /proc/self/fd /dev/fd
  cp -a "$E2E/root/." /
  add_accounts
  enable_local_expiry
  mkdir -p /srv/secgi/cgi-bin /srv/secgi/public-bin "$MARKERS"
  cp "$E2E"/cgi/*.cgi /srv/secgi/cgi-bin/
  cp "$E2E/cgi/whoami.cgi" /srv/secgi/public-bin/
  cp "$E2E/cgi/mark.cgi" /srv/secgi/cgi-bin/writable.cgi
  echo "alice's data" >"$DATA/alice.txt"
  echo "bob's data" >"$DATA/bob.txt"
  chown www-data "$MARKERS" /srv/secgi/cgi-bin/writable.cgi
  # What /usr/lib/tmpfiles.d/secgi.conf makes at boot.
  mkdir -p /run/secgi
  chown www-data:www-data /run/secgi
  chmod 0700 /run/secgi
  restorecon -R /srv/secgi /etc/secgi /usr/libexec/secgi /etc/apache2 \
    /run/secgi
  # The wrapper reads the compiled index, which names this copy of the
  # source by device and inode: compile it here, not on the host.
  /usr/sbin/secgi-map compile
  chcon -l s0:c1 "$DATA/alice.txt"
  chcon -l s0:c2 "$DATA/bob.txt"
  install_php
  install_userdir
}

ROW='%-8s %-24s %-8s %-4s %-38s %s\n'

# What the row's last column shows: the script's file access, or the
# reason the wrapper wrote to the Apache error log.
outcome() {
  local read
  read=$(sed -n 's/^read=//p' /tmp/body)
  if [[ -n $read ]]; then
    echo "read $read"
  elif [[ -z $context ]]; then
    tail -n 1 /var/log/apache2/error.log |
      sed -n 's/.*secgi-wrap: refused: /refused: /p' | cut -c1-60
  fi
}

# request NAME USER URL [HOST]: sets status, body and context; USER "-"
# is anonymous. HOST names a virtual host, which resolves to 127.0.0.1.
request() {
  local user=$2 url=http://127.0.0.1$3 auth=() resolve=()
  [[ $user != - ]] && auth=(-u "$user:$user-password")
  if [[ -n ${4:-} ]]; then
    url=http://$4$3
    resolve=(--resolve "$4:80:127.0.0.1")
  fi
  status=$(curl -sS "${auth[@]}" "${resolve[@]}" -o /tmp/body \
    -w '%{http_code}' "$url")
  body=$(cat /tmp/body)
  context=$(sed -n 's/^context=//p' /tmp/body)
  printf "$ROW" "$mpm" "$1" "$user" "$status" "${context:--}" "$(outcome)"
}

expect_context() {
  [[ $status == 200 && $context == "$1" ]] ||
    fail "$mpm: expected 200 in $1, got $status in '${context:-none}'"
}

expect_refused() {
  local code=$1 marker=$2
  [[ $status == "$code" ]] || fail "$mpm: expected HTTP $code, got $status"
  [[ -z $context ]] || fail "$mpm: a refused request printed '$context'"
  [[ ! -e $MARKERS/$marker ]] || fail "$mpm: $marker exists: the script ran"
}

expect_line() {
  grep -q -- "$2" <<<"$body" || fail "$mpm: $1: no '$2' in the reply"
}

run_requests() {
  request "alice whoami" alice /secgi/whoami.cgi
  expect_context "$APP:s0:c1"
  expect_line "alice whoami" "remote_user=alice"
  expect_line "alice whoami" "script_name=/secgi/whoami.cgi"

  request "bob whoami" bob /secgi/whoami.cgi
  expect_context "$APP:s0:c2"

  request "anonymous whoami" - /secgi-public/whoami.cgi
  expect_context "$APP:s0"

  request "path info" alice /secgi/whoami.cgi/extra/part
  expect_context "$APP:s0:c1"
  expect_line "path info" "path_info=/extra/part"

  request "unmapped user" carol /secgi/mark.cgi
  expect_refused 403 ran-mark.cgi-carol

  request "denied user" mallory /secgi/mark.cgi
  expect_refused 403 ran-mark.cgi-mallory

  request "alice reads own" alice '/secgi/read.cgi?alice'
  expect_context "$APP:s0:c1"
  expect_line "own data" "read=ok"

  request "alice reads bob's" alice '/secgi/read.cgi?bob'
  expect_context "$APP:s0:c1"
  expect_line "bob's data" "read=denied"

  request "server-owned script" alice /secgi/writable.cgi
  expect_refused 500 ran-writable.cgi-alice

  request "group-mapped user" grace /secgi/whoami.cgi
  expect_context "$APP:s0:c3"
  expect_line "group-mapped user" "remote_user=grace"

  request "expired account" oscar /secgi/mark.cgi
  expect_refused 403 ran-mark.cgi-oscar
  expect_error_log "expired account" "User account has expired"

  run_php_requests
  run_userdir_requests
  run_vhost_requests
}

# Handler mode: php-cgi runs in the mapped context and reads the page.
run_php_requests() {
  request "alice php" alice '/secgi-php/context.php?alice'
  expect_context "$APP:s0:c1"
  expect_line "alice php" "interpreter=/usr/bin/php-cgi8.2"
  expect_line "alice php" "script_filename=/srv/secgi/php/context.php"
  expect_line "alice php" "remote_user=alice"
  expect_line "alice php" "read=ok"

  request "bob php" bob /secgi-php/context.php
  expect_context "$APP:s0:c2"

  request "alice php reads bob's" alice '/secgi-php/context.php?bob'
  expect_context "$APP:s0:c1"
  expect_line "alice php reads bob's" "read=denied"

  request "php page of bob's cat" alice /secgi-php/other.php
  expect_refused 500 none
  expect_error_log "php page of bob's cat" "script-read: .* on the script"
}

# Alice's userdir code runs in her categories, whoever visits.
run_userdir_requests() {
  request "userdir owner" alice /~alice/cgi-bin/whoami.cgi
  expect_context "$USERDIR:s0:c1"

  request "userdir visitor" carol /~alice/cgi-bin/whoami.cgi
  expect_context "$USERDIR:s0:c1"
  expect_line "userdir visitor" "remote_user=carol"

  request "stranger's code" bob /~alice/cgi-bin/whoami.cgi
  expect_refused 500 none
  expect_error_log "stranger's code" "may not run at s0:c2"

  request "userdir without cat" bob /~alice/cgi-bin/plain.cgi
  expect_refused 500 ran-plain.cgi-bob
  expect_error_log "userdir without cat" "without its owner's categories"
}

# One user, two virtual hosts, two contexts.
run_vhost_requests() {
  request "alice on wiki.test" alice /secgi/whoami.cgi wiki.test
  expect_context "$APP:s0:c11"

  request "alice on blog.test" alice /secgi/whoami.cgi blog.test
  expect_context "$APP:s0:c12"

  request "alice php on wiki" alice /secgi-php/context.php wiki.test
  expect_context "$APP:s0:c11"
}

# Requires the last line of the Apache error log to contain $2.
expect_error_log() {
  tail -n 1 /var/log/apache2/error.log | grep -q -- "$2" ||
    fail "$mpm: $1: the error log does not end with '$2'"
}

# Five identical refusals in a row: each gets its line in the Apache error
# log, but syslog gets only the first within the rate limit window.
check_rate_limit() {
  local i lines
  for ((i = 0; i < 5; i++)); do
    status=$(curl -sS -u carol:carol-password -o /dev/null -w '%{http_code}' \
      http://127.0.0.1/secgi/whoami.cgi)
    [[ $status == 403 ]] || fail "rate limit: request $i got $status"
  done
  sleep 0.5
  lines=$(grep -c 'refused user=carol .*=/srv/secgi/cgi-bin/whoami.cgi' \
    /var/log/messages)
  printf "$ROW" "$mpm" "5 x unmapped user" carol 403 - \
    "$lines syslog line(s) for 5 refusals"
  ((lines == 1)) || fail "rate limit: $lines syslog lines, expected 1"
}

check_logs() {
  local reason="'/srv/secgi/cgi-bin/writable.cgi' is owned by the server"
  grep -q "secgi-wrap.*result=refused.*reason=\"$reason" /var/log/messages ||
    fail "syslog has no refusal for the server-owned script"
  grep -q "secgi-wrap: refused: \"$reason" /var/log/apache2/error.log ||
    fail "the Apache error log has no refusal for the server-owned script"
  dmesg | grep -q 'avc:  denied  {[^}]*read.*bob.txt.*s0:c1.*s0:c2' ||
    fail "the kernel logged no MCS denial for bob's data"
}

show_evidence() {
  echo
  echo "== decisions in syslog (authpriv, secgi-wrap)"
  grep 'secgi-wrap' /var/log/messages | sed 's/^.*secgi-wrap\[[0-9]*\]: //' |
    sort | uniq -c | sort -rn | cut -c1-200
  echo
  echo "== kernel denials"
  dmesg | grep -o 'avc:  denied.*' | sed 's/ for pid=[0-9]*//' | sort -u |
    cut -c1-300
  if ((failures > 0)); then
    echo
    echo "== Apache error log"
    tail -n 20 /var/log/apache2/error.log
  fi
}

main() {
  echo "SELinux: $(getenforce)"
  install_tree
  start_syslog
  printf "$ROW" MPM REQUEST USER HTTP CONTEXT OUTCOME
  for mpm in event prefork; do
    start_apache "$mpm"
    run_requests
    [[ $mpm == prefork ]] && check_rate_limit
    stop_apache
  done
  check_logs
  show_evidence
  disable_local_expiry
  bash /usr/local/lib/secgi-hostile/hostile.sh || failures=$((failures + 1))
  if ((failures > 0)); then
    echo "$failures check(s) failed"
    return 1
  fi
  echo "all checks passed"
}

main "$@"

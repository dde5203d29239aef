#!/bin/bash
# Hostile-input suite, run inside the enforcing guest after the end-to-end
# test has installed secgi. Each case runs secgi-wrap from httpd_t, as a
# compromised server could, with a crafted environment or file layout, and
# checks three things: the exit status, the reason in the syslog decision
# line, and that the script did not run (no marker file appears).
set -uo pipefail

. /usr/local/lib/secgi-test/guest-lib.sh

HOSTILE=/usr/local/lib/secgi-hostile
CGI=/srv/secgi/cgi-bin
MARKERS=/srv/secgi/data/public
OUT=/tmp/secgi-hostile
LAUNCHER=/usr/local/sbin/secgi-as-httpd
CONF=/etc/secgi/secgi.conf
MAPPINGS=/etc/secgi/mappings
failures=0
cases=0

BASE=(GATEWAY_INTERFACE=CGI/1.1 SERVER_PROTOCOL=HTTP/1.1
  REQUEST_METHOD=GET SERVER_NAME=localhost REDIRECT_STATUS=200
  REMOTE_ADDR=127.0.0.1 REMOTE_PORT=40000
  AUTH_TYPE=Basic REMOTE_USER=alice REDIRECT_URL=/secgi/mark.cgi
  "PATH_TRANSLATED=$CGI/mark.cgi")

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# The launcher is an httpd_exec_t script: started from initrc_t (through
# guest-lib's start_daemon), it runs in httpd_t and executes secgi-wrap
# with exactly the given variables. The wrapper writes to a pipe of
# httpd_t, which its domain may use.
install_launcher() {
  mkdir -p "${LAUNCHER%/*}"
  cat >"$LAUNCHER" <<'SH'
#!/bin/bash
# As Apache runs a CGI: from httpd_t, as www-data, output into a pipe.
out=$1
/usr/local/bin/secgi-execenv www-data "$out.env" \
  /usr/libexec/secgi/secgi-wrap </dev/null 2>&1 | cat >"$out"
echo "${PIPESTATUS[0]}" >"$out.rc"
SH
  chmod 755 "$LAUNCHER"
  chcon -t httpd_exec_t "$LAUNCHER"
  # unconfined_t's new directories in /tmp are user_tmp_t, which httpd_t
  # may not write.
  mkdir -p "$OUT"
  chmod 1777 "$OUT"
  chcon -t httpd_tmp_t "$OUT"
}

# Prints BASE, NUL-separated, with each NAME=VALUE argument replacing the
# same name, each -NAME removing it and each +NAME=VALUE added as it is,
# even when the name is already set.
environment() {
  local -A values=()
  local -a order=() extra=()
  local item name
  for item in "${BASE[@]}" "$@"; do
    if [[ $item == -* ]]; then
      unset "values[${item#-}]"
      continue
    fi
    if [[ $item == +* ]]; then
      extra+=("${item#+}")
      continue
    fi
    name=${item%%=*}
    [[ -v values[$name] ]] || order+=("$name")
    values[$name]=${item#*=}
  done
  for name in "${order[@]}"; do
    [[ -v values[$name] ]] && printf '%s=%s\0' "$name" "${values[$name]}"
  done
  for item in "${extra[@]}"; do printf '%s\0' "$item"; done
}

log_lines() {
  grep -c 'secgi-wrap\[' "$SYSLOG_FILE" 2>/dev/null || echo 0
}

# Waits for the decision line after BEFORE lines and prints it.
last_decision() {
  local before=$1 tries
  for ((tries = 30; tries > 0; tries--)); do
    (($(log_lines) > before)) && break
    sleep 0.1
  done
  grep 'secgi-wrap\[' "$SYSLOG_FILE" | tail -n 1
}

# run_wrapper CALLER VAR=VALUE...: runs the wrapper and sets rc and line.
run_wrapper() {
  local caller=$1 before
  shift
  before=$(log_lines)
  rm -f "$OUT/out" "$OUT/out.rc" "$MARKERS"/ran-*
  environment "$@" >"$OUT/out.env"
  chcon -t httpd_tmp_t "$OUT/out.env"
  if [[ $caller == httpd ]]; then
    start_daemon "$LAUNCHER" "$OUT/out"
    rc=$(cat "$OUT/out.rc" 2>/dev/null || echo none)
  else
    /usr/local/bin/secgi-execenv www-data "$OUT/out.env" \
      /usr/libexec/secgi/secgi-wrap >/dev/null 2>&1
    rc=$?
  fi
  line=$(last_decision "$before")
}

# refused NAME STATUS REASON [CALLER] -- VAR=VALUE...
refused() {
  local name=$1 status=$2 reason=$3 caller=httpd
  shift 3
  if [[ $1 != -- ]]; then caller=$1; shift; fi
  shift
  cases=$((cases + 1))
  run_wrapper "$caller" "$@"
  local ran
  ran=$(ls "$MARKERS" | grep '^ran-' | head -n 1)
  printf '%-44s exit %-4s %s\n' "$name" "$rc" \
    "$(sed -n 's/.*reason=//p' <<<"$line" | cut -c1-70)"
  [[ $rc == "$status" ]] || fail "$name: exit $rc, expected $status"
  [[ $line == *result=refused* ]] || fail "$name: no refusal logged"
  grep -qF -- "$reason" <<<"$line" ||
    fail "$name: logged reason lacks '$reason': $line"
  [[ -z $ran ]] || fail "$name: the script ran ($ran)"
}

# allowed NAME VAR=VALUE...: a control case that must run the script.
allowed() {
  local name=$1
  shift
  run_wrapper httpd "$@"
  printf '%-44s exit %-4s %s\n' "$name" "$rc" "ran"
  [[ $rc == 0 ]] || fail "$name: exit $rc, expected 0: $line"
  ls "$MARKERS" | grep -q '^ran-' || fail "$name: the script did not run"
}

# with_file PATH MODE [OWNER]: copies mark.cgi to PATH with MODE.
with_file() {
  cp "$CGI/mark.cgi" "$1"
  chmod "$2" "$1"
  [[ -n ${3:-} ]] && chown "$3" "$1"
  restorecon "$1"
}

# with_config LINE...: replaces secgi.conf until restore_config.
with_config() {
  [[ -e $OUT/secgi.conf.saved ]] || cp -p "$CONF" "$OUT/secgi.conf.saved"
  printf '%s\n' "$@" >"$CONF"
}

restore_config() {
  cp -p "$OUT/secgi.conf.saved" "$CONF"
  rm -f "$OUT/secgi.conf.saved"
}

. "$HOSTILE/cases.sh"

main() {
  install_launcher
  echo
  echo "== hostile inputs (each must be refused, logged, and run nothing)"
  run_cases
  echo "$cases hostile cases"
  if ((failures > 0)); then
    echo "$failures hostile check(s) failed"
    return 1
  fi
  echo "all hostile cases refused"
}

main "$@"

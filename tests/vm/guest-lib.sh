# shellcheck shell=bash
# The variables are for the callers of this library.
# shellcheck disable=SC2034

# Helpers for test commands in the secgi test guest. The guest script
# installs this file, so the commands can use it with
#   . /usr/local/lib/secgi-test/guest-lib.sh
#
# It is sourced and sets no shell options, so callers keep their own. The
# functions print "guest-lib: error: ..." on stderr and return non-zero when
# they fail, whether or not the caller uses set -e.

# shellcheck source=test-users.sh
. "${BASH_SOURCE[0]%/*}/test-users.sh"

SYSLOG_FILE=/var/log/messages
HTPASSWD_FILE=/etc/apache2/secgi-test.htpasswd
APACHE_CONFIG=/etc/apache2/apache2.conf
# start_apache includes every *.conf file of this directory.
APACHE_INCLUDE_DIR=/etc/apache2/secgi-test.d
APACHE_ERROR_LOG=/var/log/apache2/error.log
APACHE_ACCESS_LOG=/var/log/apache2/access.log
APACHE_PID_FILE=/run/apache2/apache2.pid
APACHE_LOG_LEVEL=${APACHE_LOG_LEVEL:-warn}
APACHE_MODULE_DIR=/usr/lib/apache2/modules
APACHE_MODULE_LIST=${BASH_SOURCE[0]%/*}/apache-modules
TEST_URL=http://127.0.0.1
# Daemons started from this context move to their own domains through the
# policy's type_transition rules for initrc_t, as under an init script.
INITRC_CONTEXT=system_u:system_r:initrc_t:s0
DAEMON_LAUNCHER=/etc/init.d/secgi-test-daemon

CHECKS_PASSED=0
CHECKS_FAILED=0

guest_lib_error() {
  echo "guest-lib: error: $*" >&2
}

# Prints the SELinux context of process PID.
process_context() {
  tr -d '\0' <"/proc/$1/attr/current"
}

# Prints the SELinux type of PATH.
file_type() {
  stat -c %C "$1" | cut -d: -f3
}

# Runs COMMAND... every 0.1 s until it succeeds or SECONDS have passed.
wait_until() {
  local seconds=$1 tries
  shift
  for ((tries = seconds * 10; tries > 0; tries--)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}

# Waits up to SECONDS (default 10) for a line of FILE that matches the
# extended regular expression PATTERN.
wait_for_log_line() {
  local file=$1 pattern=$2 seconds=${3:-10}
  wait_until "$seconds" grep -E -q -- "$pattern" "$file" && return 0
  guest_lib_error "no line matching '$pattern' in $file after $seconds s"
  return 1
}

# Prints the kernel's AVC denial messages.
avc_denials() {
  dmesg | grep -o 'avc: *denied.*' || true
}

# Prints the HTTP status code of a curl request with ARGS (000 when no
# response arrived).
http_status() {
  curl -s -o /dev/null -w '%{http_code}' "$@" || true
}

# Writes the initrc_exec_t script through which start_daemon runs daemons.
install_daemon_launcher() {
  [[ -x $DAEMON_LAUNCHER ]] && return 0
  mkdir -p "${DAEMON_LAUNCHER%/*}"
  cat >"$DAEMON_LAUNCHER" <<'EOF'
#!/bin/sh
# Runs its arguments from initrc_t. The output goes to /dev/null because
# a daemon's domain may not use the test's serial port.
exec "$@" </dev/null >/dev/null 2>&1
EOF
  chmod 755 "$DAEMON_LAUNCHER"
  restorecon "$DAEMON_LAUNCHER"
}

# Runs COMMAND... as an init script would, from initrc_t.
start_daemon() {
  install_daemon_launcher || return 1
  runcon "$INITRC_CONTEXT" "$DAEMON_LAUNCHER" "$@"
}

# Checks that PATH has SELinux type TYPE.
require_file_type() {
  local actual
  actual=$(file_type "$1") || return 1
  [[ $actual == "$2" ]] && return 0
  guest_lib_error "$1 has type $actual, expected $2"
  return 1
}

# Checks that process PID runs in domain TYPE.
require_process_type() {
  local context
  context=$(process_context "$1") || return 1
  [[ $context == *:"$2":* ]] && return 0
  guest_lib_error "process $1 runs in $context, expected $2"
  return 1
}

# --- syslog ------------------------------------------------------------------

# Starts busybox syslogd in syslogd_t, logging to SYSLOG_FILE. It creates
# /dev/log, which the policy then labels devlog_t, so confined domains with
# logging_send_syslog_msg can log.
start_syslog() {
  local pid
  # The copy gets syslogd_exec_t from file_contexts. Executing busybox
  # itself, which is bin_t, would keep initrc_t.
  rm -f /usr/sbin/syslogd &&
    cp /usr/bin/busybox /usr/sbin/syslogd &&
    restorecon -F /usr/sbin/syslogd &&
    require_file_type /usr/sbin/syslogd syslogd_exec_t || return 1
  start_daemon /usr/sbin/syslogd -O "$SYSLOG_FILE" || {
    guest_lib_error "syslogd failed to start"
    return 1
  }
  if ! wait_until 10 test -S /dev/log; then
    guest_lib_error "syslogd did not create /dev/log within 10 s"
    avc_denials >&2
    return 1
  fi
  pid=$(pidof syslogd) || {
    guest_lib_error "syslogd is not running"
    return 1
  }
  require_process_type "$pid" syslogd_t &&
    require_file_type /dev/log devlog_t
}

# --- Apache ------------------------------------------------------------------

# Prints the apache2 configuration for MPM (event or prefork).
apache_config() {
  local mpm=$1 cgi_module=cgi module
  [[ $mpm == event ]] && cgi_module=cgid
  cat <<EOF
# Written by start_apache $mpm (guest-lib.sh).
ServerRoot /etc/apache2
ServerName localhost
Listen 127.0.0.1:80
User www-data
Group www-data
PidFile $APACHE_PID_FILE
DefaultRuntimeDir /run/apache2
ErrorLog $APACHE_ERROR_LOG
LogLevel $APACHE_LOG_LEVEL
LogFormat "%h %u %t \"%r\" %>s %b" common
CustomLog $APACHE_ACCESS_LOG common
LoadModule mpm_${mpm}_module $APACHE_MODULE_DIR/mod_mpm_$mpm.so
LoadModule ${cgi_module}_module $APACHE_MODULE_DIR/mod_$cgi_module.so
EOF
  while read -r module; do
    case $module in
      '' | '#'* | mpm_* | cgi | cgid) continue ;;
    esac
    echo "LoadModule ${module}_module $APACHE_MODULE_DIR/mod_$module.so"
  done <"$APACHE_MODULE_LIST"
  [[ $cgi_module == cgid ]] && echo "ScriptSock /run/apache2/cgisock"
  cat <<EOF
TypesConfig /etc/mime.types
DocumentRoot /var/www/html
DirectoryIndex index.html
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory /var/www/html>
    Require all granted
</Directory>
IncludeOptional $APACHE_INCLUDE_DIR/*.conf
EOF
}

# Prints the pid of the running apache2 parent process, if there is one.
apache_pid() {
  local pid
  [[ -s $APACHE_PID_FILE ]] || return 1
  pid=$(<"$APACHE_PID_FILE")
  [[ -d /proc/$pid ]] || return 1
  echo "$pid"
}

# Succeeds when an HTTP server responds on TEST_URL.
apache_responds() {
  [[ $(http_status "$TEST_URL/") != 000 ]]
}

apache_start_failed() {
  guest_lib_error "$*"
  tail -n 20 "$APACHE_ERROR_LOG" >&2 2>/dev/null
  avc_denials >&2
  return 1
}

# Writes the configuration for MPM and labels the files Apache uses.
prepare_apache() {
  local mpm=$1
  mkdir -p /run/apache2 /var/log/apache2 /var/www/html \
    "$APACHE_INCLUDE_DIR" || return 1
  apache_config "$mpm" >"$APACHE_CONFIG" || return 1
  restorecon -R /etc/apache2 /run/apache2 /var/log/apache2 /var/www
}

# Starts Debian's apache2 in httpd_t on 127.0.0.1:80 with MPM event (and
# mod_cgid) or prefork (and mod_cgi). Call stop_apache before the next one.
start_apache() {
  local mpm=${1:-} errors pid
  case $mpm in
    event | prefork) ;;
    *) guest_lib_error "start_apache needs MPM event or prefork, not '$mpm'"
      return 1 ;;
  esac
  if pid=$(apache_pid); then
    guest_lib_error "apache2 already runs as pid $pid. Call stop_apache first"
    return 1
  fi
  prepare_apache "$mpm" || return 1
  if ! errors=$(apache2 -t -f "$APACHE_CONFIG" 2>&1); then
    guest_lib_error "invalid Apache configuration: $errors"
    return 1
  fi
  if ! start_daemon /usr/sbin/apache2 -f "$APACHE_CONFIG" -k start; then
    apache_start_failed "apache2 -k start failed"
    return
  fi
  if ! wait_until 30 apache_responds; then
    apache_start_failed "apache2 did not respond on $TEST_URL within 30 s"
    return
  fi
  if ! pid=$(apache_pid); then
    apache_start_failed "no running apache2 pid in $APACHE_PID_FILE"
    return
  fi
  require_process_type "$pid" httpd_t
}

apache_stopped() {
  ! pidof apache2 >/dev/null && [[ $(http_status "$TEST_URL/") == 000 ]]
}

# Stops the running apache2 and waits until its processes are gone and
# port 80 is free. Also succeeds when no apache2 runs.
stop_apache() {
  local pid
  if pid=$(apache_pid); then
    kill -TERM "$pid" || return 1
  fi
  if ! wait_until 30 apache_stopped; then
    guest_lib_error "apache2 still runs 30 s after SIGTERM"
    return 1
  fi
  rm -f "$APACHE_PID_FILE"
}

# --- checks ------------------------------------------------------------------

# Runs COMMAND... and prints "PASS NAME", or "FAIL NAME" followed by the
# command's output. The output is captured, so a command that leaves a
# process in the background must redirect that process's output.
check() {
  local name=$1 output
  shift
  if output=$("$@" 2>&1); then
    echo "PASS $name"
    CHECKS_PASSED=$((CHECKS_PASSED + 1))
  else
    echo "FAIL $name"
    [[ -z $output ]] || sed 's/^/    /' <<<"$output"
    CHECKS_FAILED=$((CHECKS_FAILED + 1))
  fi
}

# Prints how many checks passed and failed. Fails when one failed or none
# ran.
finish_checks() {
  echo "$CHECKS_PASSED passed, $CHECKS_FAILED failed"
  ((CHECKS_FAILED == 0 && CHECKS_PASSED > 0))
}

#!/bin/bash
# Runs inside the enforcing test guest (bench/guest-bench starts it). It
# installs the staged programs and starts syslog. Then, for each MPM
# (event with mod_cgid, prefork with mod_cgi), it starts Apache, checks
# every variant once and runs wrk against each in rotating order. It
# prints one TSV line per run:
#   mpm round concurrency variant rps p50_ms p99_ms errors
# Lines of the timing build start with "timing" instead.
set -uo pipefail

. /usr/local/lib/secgi-test/guest-lib.sh

STAGE=/usr/local/lib/secgi-bench
ROUNDS=${BENCH_ROUNDS:-3}
DURATION=${BENCH_DURATION:-5}
CONCURRENCY=${BENCH_CONCURRENCY:-1 8 32}
MPMS=${BENCH_MPMS:-event prefork}
TIMING_REQUESTS=${BENCH_TIMING_REQUESTS:-30}
USER_NAME=alice
PASSWORD=bench-password
SUEXEC_DIR=/var/www/secgi-bench
ALL_VARIANTS=${BENCH_VARIANTS:-cgi suexec bare-static bare-dynamic secgi secgi-dynamic}

note() { echo "guest-bench: $*" >&2; }

# put MODE SOURCE TARGET: copies SOURCE to TARGET with MODE, as
# install(1) would; the guest has no install.
put() {
  rm -f "$3" && cp "$2" "$3" && chmod "$1" "$3"
}

install_secgi() {
  local name
  mkdir -p /usr/libexec/secgi /etc/secgi /srv/secgi
  put 0755 "$STAGE/bin/secgi-wrap" /usr/libexec/secgi/secgi-wrap
  for name in secgi-wrap-dynamic secgi-wrap-timing; do
    put 0755 "$STAGE/bin/$name" "/usr/libexec/secgi/$name"
  done
  put 0755 "$STAGE/bin/secgi-map" /usr/sbin/secgi-map
  put 0644 "$STAGE/etc/secgi.conf" /etc/secgi/secgi.conf
  put 0644 "$STAGE/etc/mappings" /etc/secgi/mappings
  for name in cgi-bin dynamic-bin timing-bin; do
    mkdir -p "/srv/secgi/$name"
    put 0755 "$STAGE/bin/hello" "/srv/secgi/$name/hello.cgi"
  done
  mkdir -p /etc/apache2/secgi-test.d
  put 0644 "$STAGE/etc/apache-secgi.conf" /etc/apache2/secgi-test.d/secgi.conf
  put 0644 "$STAGE/etc/apache-secgi-auth.conf" /etc/apache2/secgi-auth.conf
  put 0644 "$STAGE/etc/htpasswd" /etc/apache2/secgi.htpasswd
  restorecon -R /usr/libexec/secgi /etc/secgi /srv/secgi /etc/apache2
  # The extra builds and script directories get the types of their
  # shipped counterparts.
  chcon -t secgi_wrap_exec_t /usr/libexec/secgi/secgi-wrap-dynamic \
    /usr/libexec/secgi/secgi-wrap-timing
  chcon -R -t secgi_app_exec_t /srv/secgi/dynamic-bin /srv/secgi/timing-bin
  secgi-map compile
}

install_others() {
  local name
  mkdir -p /usr/lib/cgi-bin/wrap /usr/lib/cgi-bin/bare-scripts
  put 0755 "$STAGE/bin/hello" /usr/lib/cgi-bin/hello.cgi
  put 0755 "$STAGE/bin/hello" /usr/lib/cgi-bin/bare-scripts/hello.cgi
  for name in bare-wrap-static bare-wrap-dynamic; do
    put 0755 "$STAGE/bin/$name" "/usr/lib/cgi-bin/wrap/$name"
  done
  mkdir -p "$SUEXEC_DIR" /var/log/apache2
  put 0755 "$STAGE/bin/hello" "$SUEXEC_DIR/hello.cgi"
  chown nobody:nogroup "$SUEXEC_DIR" "$SUEXEC_DIR/hello.cgi"
  cp "$STAGE/bin/suexec" /usr/lib/apache2/suexec
  chgrp www-data /usr/lib/apache2/suexec
  chmod 4754 /usr/lib/apache2/suexec
  restorecon -R /usr/lib/cgi-bin /usr/lib/apache2
  put 0644 "$STAGE/etc/bench.conf" /etc/apache2/secgi-test.d/bench.conf
  # Plain CGI, the bare wrappers and suEXEC's scripts run in
  # httpd_sys_script_t, which Debian's policy allows only with this on.
  setsebool httpd_enable_cgi on
}

url_of() {
  case $1 in
    cgi) echo "http://127.0.0.1:80/cgi-bin/hello.cgi" ;;
    suexec) echo "http://127.0.0.1:8008/suexec/hello.cgi" ;;
    bare-static | bare-dynamic) echo "http://127.0.0.1:80/$1/hello.cgi" ;;
    secgi) echo "http://127.0.0.1:80/secgi/hello.cgi" ;;
    secgi-dynamic) echo "http://127.0.0.1:80/secgi-dynamic/hello.cgi" ;;
    secgi-timing) echo "http://127.0.0.1:80/secgi-timing/hello.cgi" ;;
  esac
}

check_variants() {
  local name body working=()
  for name in $ALL_VARIANTS; do
    body=$(curl -sS -u "$USER_NAME:$PASSWORD" "$(url_of "$name")" 2>&1)
    if [[ $body == hello ]]; then
      working+=("$name")
    else
      note "$name returns '${body:0:80}', not 'hello'; skipped"
      tail -n 3 "$APACHE_ERROR_LOG" | cut -c1-300 >&2
      printf 'failed\t%s\t%s\t%s\n' "$mpm" "$name" "${body:0:80}"
    fi
  done
  VARIANTS=${working[*]}
  [[ -n $VARIANTS ]] || { note "no variant works"; return 1; }
}

to_ms() {
  awk -v value="$1" 'BEGIN {
    unit = value; sub(/^[0-9.]+/, "", unit); number = value + 0
    if (unit == "us") number /= 1000
    else if (unit == "s") number *= 1000
    else if (unit == "m") number *= 60000
    printf "%.3f", number }'
}

measure() {
  local round=$1 connections=$2 name=$3 threads output rps p50 p99 errors
  threads=$connections
  ((threads <= $(nproc))) || threads=$(nproc)
  output=$(wrk -t "$threads" -c "$connections" -d "${DURATION}s" --latency \
    --timeout 60s -H "Authorization: Basic $AUTH" "$(url_of "$name")")
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$output")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$output")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$output")")
  errors=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ {
    gsub(/[^0-9 ]/, " "); for (i = 1; i <= NF; i++) n += $i } END { print n + 0 }' \
    <<<"$output")
  wait_for_idle_apache
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mpm" "$round" "$connections" \
    "$name" "$rps" "$p50" "$p99" "$errors"
}

# Waits up to 60 s until no child of an apache2 process runs anything but
# apache2, so a run's last CGIs do not slow the next run (a copy of
# wait_for_idle_apache in lib.sh, which the guest does not have).
wait_for_idle_apache() {
  local tries
  for ((tries = 0; tries < 300; tries++)); do
    ps -e -o pid=,ppid=,comm= | awk '
      { comm[$1] = $3; parent[$1] = $2 }
      END { for (p in comm) if (comm[p] != "apache2" && comm[parent[p]] == "apache2") busy = 1
            exit !busy }' || return 0
    sleep 0.2
  done
  note "CGI processes still run 60 s after a run"
}

# Runs the timing build of secgi-wrap TIMING_REQUESTS times and prints
# its reports from Apache's error log, where mod_cgid sends its stderr.
run_timing() {
  local i
  for ((i = 0; i < TIMING_REQUESTS; i++)); do
    curl -sS -o /dev/null -u "$USER_NAME:$PASSWORD" "$(url_of secgi-timing)"
  done
  grep -o 'secgi-timing .*' "$APACHE_ERROR_LOG" | sed 's/^/timing\t/'
}

# Runs all rounds against the variants that work under the running MPM.
run_rounds() {
  local round connections order shift i name
  check_variants || return 1
  for name in $VARIANTS; do
    wrk -t 1 -c 1 -d 2s -H "Authorization: Basic $AUTH" "$(url_of "$name")" \
      >/dev/null
  done
  read -ra order <<<"$VARIANTS"
  for ((round = 1; round <= ROUNDS; round++)); do
    for connections in $CONCURRENCY; do
      shift=$(((round - 1) % ${#order[@]}))
      for ((i = 0; i < ${#order[@]}; i++)); do
        measure "$round" "$connections" "${order[$(((i + shift) % ${#order[@]}))]}"
      done
      note "$mpm: round $round, concurrency $connections done"
    done
  done
}

main() {
  local status=0
  echo "SELinux: $(getenforce)" >&2
  install_secgi
  install_others
  start_syslog || return 1
  AUTH=$(printf '%s:%s' "$USER_NAME" "$PASSWORD" | base64)
  printf 'mpm\tround\tconcurrency\tvariant\trps\tp50_ms\tp99_ms\terrors\n'
  for mpm in $MPMS; do
    start_apache "$mpm" || return 1
    # start_apache relabels /var/www, so suEXEC's script gets its type here.
    chcon -t httpd_sys_script_exec_t "$SUEXEC_DIR/hello.cgi"
    run_rounds || status=1
    [[ $mpm == event ]] && run_timing
    stop_apache
  done
  echo "denials	$(avc_denials | wc -l)"
  avc_denials | sed 's/ for pid=[0-9]*//' | sort -u | head -n 8 | sed 's/^/denial\t/'
  return "$status"
}

main "$@"

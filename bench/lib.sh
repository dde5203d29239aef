# Shared set-up of the host benchmarks (apache-bench, wrapper-cost),
# sourced, not run. Callers set BUILD (the build directory) and WORK (a
# scratch directory of their own) first.
# shellcheck shell=bash

BENCH_BIN=$BUILD/bench
OFFLINE_ETC=$BUILD/offline-etc
REPLAY_DECISIONS=$BENCH_BIN/replay-decisions
# The prefix that runs a command as www-data, as Apache runs a CGI: the
# wrapper takes the server's account from its user id and refuses root.
AS_SERVER=(setpriv --reuid=www-data --regid=www-data --clear-groups)
# The web identity: an existing account with a user entry, as a real
# client would have. Change it with BENCH_USER.
BENCH_USER=${BENCH_USER:-daemon}
# An account mapped through its primary group only, whose requests pay
# for listing its groups from NSS.
BENCH_GROUP_USER=${BENCH_GROUP_USER:-bin}
BENCH_PASSWORD=bench-password
APP_CONTEXT=system_u:object_r:secgi_app_exec_t:s0
# The environment mod_cgid gives the wrapper under Action, reduced to what
# secgi-wrap reads, for direct invocations.
cgi_environment() {
  local user=${1:-$BENCH_USER} script=$2
  echo GATEWAY_INTERFACE=CGI/1.1 SERVER_PROTOCOL=HTTP/1.1 \
    REQUEST_METHOD=GET SERVER_NAME=localhost SERVER_PORT=80 \
    REMOTE_ADDR=127.0.0.1 REDIRECT_STATUS=200 \
    SCRIPT_NAME=/secgi-wrap/secgi-wrap REDIRECT_URL=/secgi/hello.cgi \
    PATH_TRANSLATED="$script"
  [[ $user == - ]] || echo AUTH_TYPE=Basic REMOTE_USER="$user"
}

bench_die() {
  echo "${0##*/}: error: $*" >&2
  exit 1
}

# Checks that the programs of bench-programs exist.
require_programs() {
  local file
  for file in "$BENCH_BIN/hello" "$BENCH_BIN/exec-bench" "$@"; do
    [[ -x $file ]] || bench_die "missing $file; run 'make bench-programs'"
  done
}

# Installs the trivial CGI as DIR/hello.cgi, owned by root, mode 0755.
install_hello() {
  mkdir -p "$1"
  install -m 0755 "$BENCH_BIN/hello" "$1/hello.cgi"
}

# Writes the configuration the offline and replay builds read (compiled
# in below $BUILD/offline-etc), mappings for BENCH_USER and anonymous
# clients, and the labels of the scripts under the roots $WORK/app-*.
# Every app-* directory must exist and hold hello.cgi.
setup_secgi() {
  local root
  mkdir -p "$OFFLINE_ETC"
  {
    echo "server_domain httpd_t"
    for root in "$WORK"/app-*; do echo "script_root $root"; done
    echo "mappings $WORK/mappings"
    # PAM's account stack is not part of the wrapper's own cost.
    echo "pam no"
  } >"$OFFLINE_ETC/secgi.conf"
  printf '%s(/.*)?\t%s\n' "$WORK/app-[^/]+" "$APP_CONTEXT" \
    >"$OFFLINE_ETC/file_contexts"
  printf 'user:%s\trange=s0:c1\ngroup:%s\trange=s0:c1\nanonymous\trange=s0\n' \
    "$BENCH_USER" "$(id -gn "$BENCH_GROUP_USER")" >"$WORK/mappings"
  "$BUILD/secgi-map" --mappings "$WORK/mappings" --policy "$BUILD/policy.33" \
    compile >/dev/null || bench_die "secgi-map compile failed"
  for root in "$WORK"/app-*; do
    setfattr -n user.secgi_bench_context -v "$APP_CONTEXT" "$root/hello.cgi" ||
      bench_die "cannot set user.secgi_bench_context on $root/hello.cgi;" \
        "the file system of $WORK needs user extended attributes"
  done
  # The replay build fills its decision file on its first run, as
  # www-data like every run.
  rm -f "$REPLAY_DECISIONS"
  install -o www-data -m 0644 /dev/null "$REPLAY_DECISIONS"
}


# Runs PROGRAM directly once as www-data for USER ("-" for anonymous) on
# SCRIPT and fails unless the reply contains the CGI's line.
check_direct() {
  local program=$1 user=$2 script=$3
  # shellcheck disable=SC2046 # one word per variable
  env -i $(cgi_environment "$user" "$script") "${AS_SERVER[@]}" \
    "$BENCH_BIN/exec-bench" 1 hello "$program" >/dev/null
}

# Waits up to 60 s until no child of an apache2 process runs anything but
# apache2: the CGIs and wrappers of a run that wrk has ended keep running,
# and would charge their time to the next run. guest-bench.sh has a copy.
wait_for_idle_apache() {
  local tries
  for ((tries = 0; tries < 300; tries++)); do
    ps -e -o pid=,ppid=,comm= | awk '
      { comm[$1] = $3; parent[$1] = $2 }
      END { for (p in comm) if (comm[p] != "apache2" && comm[parent[p]] == "apache2") busy = 1
            exit !busy }' || return 0
    sleep 0.2
  done
  echo "${0##*/}: CGI processes still run 60 s after a run" >&2
}

# Prints "model, N CPUs, kernel" of this machine.
machine_description() {
  local model
  model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
  echo "${model:-unknown CPU}, $(nproc) CPUs, Linux $(uname -r)"
}

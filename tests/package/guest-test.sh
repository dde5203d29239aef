#!/bin/bash
# Runs inside the enforcing guest: installs the two .deb files with dpkg,
# checks what their maintainer scripts did, sends requests through the
# packaged wrapper with each Apache MPM, and purges the packages. Prints
# PASS/FAIL lines and "N passed, N failed".
set -uo pipefail

. /usr/local/lib/secgi-test/guest-lib.sh

PKG=/usr/local/lib/secgi-package
APP=system_u:system_r:secgi_app_t
# The guest's semodule is a stub that logs its arguments. The real one
# needs a policy store, and the guest has none. The harness has already
# linked the packaged module into the guest's policy.
SEMODULE_LOG=/var/log/semodule-stub.log
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

install_semodule_stub() {
  mkdir -p /usr/local/sbin
  cat >/usr/local/sbin/semodule <<EOF
#!/bin/sh
# Test stub: logs the arguments. "-l" lists the module the harness loaded.
echo "\$*" >>$SEMODULE_LOG
[ "\$1" = -l ] && echo secgi
exit 0
EOF
  chmod 755 /usr/local/sbin/semodule
  restorecon /usr/local/sbin/semodule
}

# Installs both packages with one dpkg call, as apt would.
install_packages() {
  dpkg -i "$PKG"/debs/selinux-policy-secgi_*.deb "$PKG"/debs/secgi_*.deb \
    >/tmp/dpkg-install.log 2>&1
  local status=$?
  sed 's/^/    dpkg: /' /tmp/dpkg-install.log
  return "$status"
}

package_installed() {
  [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == \
    "install ok installed" ]]
}

check_maintainer_scripts() {
  check "postinst loaded the module" \
    grep -qx -- '-i /usr/share/selinux/packages/secgi.pp' "$SEMODULE_LOG"
  check "wrapper labelled secgi_wrap_exec_t" \
    require_file_type /usr/libexec/secgi/secgi-wrap secgi_wrap_exec_t
  check "/etc/secgi labelled secgi_conf_t" \
    require_file_type /etc/secgi/secgi.conf secgi_conf_t
  check "postinst compiled the index" test -s /etc/secgi/mappings.cdb
  check "index labelled secgi_conf_t" \
    require_file_type /etc/secgi/mappings.cdb secgi_conf_t
  check "secgi-map check passes" secgi-map check
}

# Configures the first request the way README.md's quick start does.
# Stops at the first command that fails.
configure_site() (
  set -e
  [[ -e /dev/fd ]] || ln -s /proc/self/fd /dev/fd
  secgi-map add user:alice range=s0:c1
  secgi-map add anonymous range=s0
  mkdir -p /srv/secgi/cgi-bin /srv/secgi/public-bin
  cp "$PKG/whoami.cgi" /srv/secgi/cgi-bin/whoami.cgi
  cp "$PKG/whoami.cgi" /srv/secgi/public-bin/whoami.cgi
  chmod 755 /srv/secgi/cgi-bin/whoami.cgi /srv/secgi/public-bin/whoami.cgi
  restorecon -R /srv/secgi
  cp "$PKG/secgi.htpasswd" /etc/apache2/secgi.htpasswd
  chmod 644 /etc/apache2/secgi.htpasswd
  restorecon /etc/apache2/secgi.htpasswd
  # What "a2enconf secgi" does, in the directory start_apache includes.
  ln -sf ../conf-available/secgi.conf "$APACHE_INCLUDE_DIR/secgi.conf"
)

# request USER PATH: prints the HTTP status and the context the script
# reported, "-" when it printed none. USER "-" is anonymous.
request() {
  local auth=() password
  if [[ $1 != - ]]; then
    password=$BOB_PASSWORD
    [[ $1 == alice ]] && password=$ALICE_PASSWORD
    auth=(-u "$1:$password")
  fi
  local status
  status=$(curl -sS "${auth[@]}" -o /tmp/body -w '%{http_code}' \
    "$TEST_URL$2")
  echo "$status $(sed -n 's/^context=//p' /tmp/body | grep . || echo -)"
}

expect_reply() {
  local name=$1 expected=$2 actual
  shift 2
  actual=$(request "$@")
  if [[ $actual == "$expected" ]]; then
    check "$name" true
  else
    check "$name: expected '$expected', got '$actual'" false
  fi
}

run_requests() {
  local mpm=$1
  expect_reply "$mpm: alice in her category" "200 $APP:s0:c1" \
    alice /secgi/whoami.cgi
  expect_reply "$mpm: unmapped bob refused" "403 -" bob /secgi/whoami.cgi
  check "$mpm: refusal reason in the error log" \
    grep -q 'secgi-wrap: refused: "\?no mapping entry applies' \
    "$APACHE_ERROR_LOG"
  expect_reply "$mpm: anonymous public script" "200 $APP:s0" \
    - /secgi-public/whoami.cgi
}

check_purge() {
  dpkg --purge secgi selinux-policy-secgi >/tmp/dpkg-purge.log 2>&1
  local status=$?
  check "dpkg --purge succeeds" test "$status" = 0
  ((status == 0)) || sed 's/^/    dpkg: /' /tmp/dpkg-purge.log
  check "postrm removed the module" grep -qx -- '-r secgi' "$SEMODULE_LOG"
  check "purge removed /etc/secgi" test ! -e /etc/secgi
  check "purge removed the wrapper" test ! -e /usr/libexec/secgi/secgi-wrap
}

main() {
  echo "SELinux: $(getenforce)"
  install_semodule_stub
  check "dpkg -i installs both packages" install_packages
  check "secgi installed" package_installed secgi
  check "selinux-policy-secgi installed" package_installed selinux-policy-secgi
  check_maintainer_scripts
  check "site configured" configure_site
  start_syslog
  for mpm in event prefork; do
    start_apache "$mpm" || { check "$mpm: Apache started" false; continue; }
    run_requests "$mpm"
    stop_apache
  done
  check "decision logged to syslog" \
    grep -q 'secgi-wrap.*result=allowed.*user=alice' "$SYSLOG_FILE"
  check_purge
  echo "== kernel denials"
  avc_denials | sed 's/ for pid=[0-9]*//' | sort -u | cut -c1-300
  if ((CHECKS_FAILED > 0)); then
    echo "== Apache error log"
    tail -n 20 "$APACHE_ERROR_LOG" 2>/dev/null
  fi
  finish_checks
}

main "$@"

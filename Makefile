# secgi: run CGI requests in SELinux contexts mapped to the client.
#
#   make                 build the programs and the policy module
#   make test            unit, sanitizer, secgi-map, PAM, integration,
#                        fuzz, man page and package tests, and the
#                        end-to-end test in an enforcing guest
#   make deb             the Debian packages, into $(BUILD)/deb
#   make bench           the benchmarks of BENCHMARKS.md
#   make install DESTDIR=...
#   make demo            boot a guest and show requests in mapped contexts

CXX      ?= g++
BUILD    ?= build
DESTDIR  ?=
SECGI_CONF ?= /etc/secgi/secgi.conf

CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++20 -Wall -Wextra -Wpedantic -Wshadow -Wconversion \
            -Wno-sign-conversion -Werror -fPIE -fstack-protector-strong \
            -D_FORTIFY_SOURCE=2 -Ilib
LDFLAGS  += -pie -Wl,-z,relro,-z,now

LIB_SRC  := $(wildcard lib/*.cc)
LIB_OBJ  := $(LIB_SRC:%.cc=$(BUILD)/%.o)
WRAP_SRC := $(filter-out wrapper/selinux_offline.cc,$(wildcard wrapper/*.cc))
WRAP_OBJ := $(WRAP_SRC:%.cc=$(BUILD)/%.o)
# The offline test build: the same wrapper with selinux_offline.cc in
# place of the kernel calls, for hosts without SELinux. Never installed.
OFFLINE_OBJ := $(filter-out $(BUILD)/wrapper/selinux_state.o \
                 $(BUILD)/wrapper/main.o,$(WRAP_OBJ)) \
               $(BUILD)/offline/main.o $(BUILD)/offline/selinux_offline.o
OFFLINE_ETC := $(abspath $(BUILD))/offline-etc
OFFLINE_CONF ?= $(OFFLINE_ETC)/secgi.conf
MAP_SRC  := $(wildcard mapper/*.cc)
MAP_OBJ  := $(MAP_SRC:%.cc=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/*.cc)
UNIT_OBJ := $(UNIT_SRC:%.cc=$(BUILD)/%.o)

SEPOL_A  := /usr/lib/x86_64-linux-gnu/libsepol.a
# Debian 12 packages for building and testing; `make deps` installs them.
DEPS := build-essential libselinux1-dev libsepol-dev libpam0g-dev \
        libcli11-dev libboost-test-dev apache2 apache2-utils curl \
        checkpolicy selinux-policy-default selinux-policy-dev \
        policycoreutils selinux-utils semodule-utils setools \
        qemu-system-x86 cpio busybox-static
DEPS += libcdb-dev tinycdb
DEPS += libpam-modules libpam-wrapper libnss-wrapper openssl iproute2
DEPS += php8.2-cgi
DEPS += clang libclang-rt-14-dev
DEPS += debhelper devscripts dpkg-dev mandoc man-db

all: $(BUILD)/secgi-wrap policy
all: $(BUILD)/secgi-map

$(BUILD)/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/wrapper/main.o: CXXFLAGS += -DSECGI_CONF='"$(SECGI_CONF)"'

$(BUILD)/offline/main.o: wrapper/main.cc Makefile
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) -DSECGI_CONF='"$(OFFLINE_CONF)"' -MMD -MP -c -o $@ $<

$(BUILD)/offline/selinux_offline.o: wrapper/selinux_offline.cc Makefile
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) \
	    -DSECGI_OFFLINE_POLICY='"$(abspath $(BUILD))/policy.33"' \
	    -DSECGI_OFFLINE_FILE_CONTEXTS='"$(OFFLINE_ETC)/file_contexts"' \
	    -MMD -MP -c -o $@ $<

$(BUILD)/secgi-wrap-offline: $(OFFLINE_OBJ) $(BUILD)/libsecgi.a $(BUILD)/policy.33
	$(CXX) $(LDFLAGS) -o $@ $(OFFLINE_OBJ) $(BUILD)/libsecgi.a $(SEPOL_A) \
	    -lselinux -lcdb

$(BUILD)/libsecgi.a: $(LIB_OBJ)
	ar rcs $@ $^

# secgi-wrap has every library but glibc linked in, so the loader maps
# one shared object at each exec instead of seven. glibc stays shared:
# a static glibc loads NSS modules other than files with dlopen, and
# libnss_systemd then crashes in getgrouplist. A security update of
# libselinux, libpcre2, libcdb, libstdc++ or libgcc needs a rebuild.
WRAP_LDFLAGS := $(LDFLAGS) -static-libstdc++ -static-libgcc
WRAP_LIBS := -Wl,-Bstatic -lselinux -lpcre2-8 -lcdb -Wl,-Bdynamic
$(BUILD)/secgi-wrap: $(WRAP_OBJ) $(BUILD)/libsecgi.a
	$(CXX) $(WRAP_LDFLAGS) -o $@ $^ $(WRAP_LIBS)

# The same wrapper with shared libraries, for the benchmark. Never
# installed.
$(BUILD)/secgi-wrap-dynamic: $(WRAP_OBJ) $(BUILD)/libsecgi.a
	$(CXX) $(LDFLAGS) -o $@ $^ -lselinux -lcdb

$(BUILD)/unit-tests: $(UNIT_OBJ) $(BUILD)/libsecgi.a
	$(CXX) $(LDFLAGS) -o $@ $^ $(SEPOL_A) -lselinux -lcdb \
	    -lboost_unit_test_framework

$(BUILD)/mapper/%.o: CXXFLAGS += -Imapper
$(BUILD)/secgi-map: $(MAP_OBJ) $(BUILD)/libsecgi.a
	$(CXX) $(LDFLAGS) -o $@ $^ $(SEPOL_A) -lselinux -lcdb

policy: $(BUILD)/secgi.pp

$(BUILD)/secgi.pp: selinux-policy/secgi.te selinux-policy/secgi.if \
                   selinux-policy/secgi.fc
	@mkdir -p $(BUILD)/policy
	cp $^ $(BUILD)/policy/
	$(MAKE) -s -C $(BUILD)/policy -f /usr/share/selinux/devel/Makefile \
	    secgi.pp
	cp $(BUILD)/policy/secgi.pp $@

# A binary policy with the module linked in, for unit tests via libsepol.
$(BUILD)/policy.33: $(BUILD)/secgi.pp tests/vm/build-policy
	tests/vm/build-policy $(BUILD)/policy-root $(BUILD)/secgi.pp >/dev/null
	cp $(BUILD)/policy-root/etc/selinux/default/policy/policy.33 $@

# Test-only policy modules for the hostile-input suite, and the policy its
# mapping database is compiled against (see tests/hostile/).
HOSTILE_MODS := secgi_test_types secgi_test_guest secgi_test_grant
HOSTILE_PP := $(HOSTILE_MODS:%=$(BUILD)/hostile/%.pp)

$(HOSTILE_PP) &: $(HOSTILE_MODS:%=tests/hostile/%.te) $(BUILD)/secgi.pp
	@mkdir -p $(BUILD)/hostile/src
	cp $(HOSTILE_MODS:%=tests/hostile/%.te) selinux-policy/secgi.te \
	    selinux-policy/secgi.if selinux-policy/secgi.fc $(BUILD)/hostile/src/
	$(MAKE) -s -C $(BUILD)/hostile/src \
	    -f /usr/share/selinux/devel/Makefile $(HOSTILE_MODS:%=%.pp)
	cp $(HOSTILE_MODS:%=$(BUILD)/hostile/src/%.pp) $(BUILD)/hostile/

$(BUILD)/hostile/compile-policy.33: $(HOSTILE_PP) tests/vm/build-policy
	tests/vm/build-policy $(BUILD)/hostile/policy-root $(BUILD)/secgi.pp \
	    $(BUILD)/hostile/secgi_test_types.pp \
	    $(BUILD)/hostile/secgi_test_grant.pp >/dev/null
	cp $(BUILD)/hostile/policy-root/etc/selinux/default/policy/policy.33 $@

$(BUILD)/hostile/execenv: tests/hostile/execenv.c
	@mkdir -p $(@D)
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $<

hostile: $(HOSTILE_PP) $(BUILD)/hostile/compile-policy.33 \
         $(BUILD)/hostile/execenv

unit: $(BUILD)/unit-tests $(BUILD)/policy.33
	SECGI_TEST_POLICY=$(BUILD)/policy.33 $(BUILD)/unit-tests

e2e: all
	tests/e2e/run --build $(BUILD)

cli-test: $(BUILD)/secgi-map $(BUILD)/policy.33
	tests/cli/run --build $(BUILD)

# check_account() against real PAM modules, through pam_wrapper with the
# service files of tests/unit/pam-services.
unit-pam: $(BUILD)/unit-tests
	LD_PRELOAD=libpam_wrapper.so PAM_WRAPPER=1 \
	    PAM_WRAPPER_SERVICE_DIR=$(abspath tests/unit/pam-services) \
	    $(BUILD)/unit-tests --run_test=pam_account

# Apache on 127.0.0.1 with Basic and client-certificate authentication,
# the real PAM and NSS libraries behind pam_wrapper and nss_wrapper.
integration: $(BUILD)/secgi-wrap-offline $(BUILD)/secgi-map $(BUILD)/policy.33
	tests/integration/run --build $(BUILD)

test: unit e2e
test: cli-test
test: unit-pam integration
test: unit-asan
test: fuzz-smoke
test: man-test package-test

demo: all
	tests/e2e/run --build $(BUILD)

# The unit tests built with g++ under AddressSanitizer and UBSan, apart
# from the normal objects. The first report stops the run and fails it.
ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=all
ASAN_LIB_OBJ := $(LIB_SRC:%.cc=$(BUILD)/asan/%.o)
ASAN_UNIT_OBJ := $(UNIT_SRC:%.cc=$(BUILD)/asan/%.o)

$(BUILD)/asan/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) $(ASAN_FLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/asan/libsecgi.a: $(ASAN_LIB_OBJ)
	ar rcs $@ $^

$(BUILD)/asan/unit-tests: $(ASAN_UNIT_OBJ) $(BUILD)/asan/libsecgi.a
	$(CXX) $(LDFLAGS) $(ASAN_FLAGS) -o $@ $^ $(SEPOL_A) -lselinux -lcdb \
	    -lboost_unit_test_framework

unit-asan: $(BUILD)/asan/unit-tests $(BUILD)/policy.33
	SECGI_TEST_POLICY=$(BUILD)/policy.33 UBSAN_OPTIONS=print_stacktrace=1 \
	    $(BUILD)/asan/unit-tests

# libFuzzer targets, one per fuzz/NAME_fuzzer.cc, built with clang and the
# sanitizers into $(BUILD)/fuzz/; fuzz/README.md describes them.
FUZZ_CXX ?= clang++
FUZZ_SECONDS ?= 600
FUZZ_SMOKE_SECONDS ?= 20
FUZZ_CXXFLAGS ?= -O1 -g
FUZZ_CXXFLAGS += -std=c++20 -Wall -Wextra -Wshadow -Wconversion \
                 -Wno-sign-conversion -fno-omit-frame-pointer -Ilib \
                 -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_NAMES := $(patsubst fuzz/%_fuzzer.cc,%,$(wildcard fuzz/*_fuzzer.cc))
FUZZ_LIB_OBJ := $(LIB_SRC:%.cc=$(BUILD)/fuzz/%.o)
FUZZ_OBJ := $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz/%_fuzzer.o)

$(BUILD)/fuzz/%.o: %.cc
	@mkdir -p $(@D)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer-no-link -MMD -MP \
	    -c -o $@ $<

$(BUILD)/fuzz/libsecgi.a: $(FUZZ_LIB_OBJ)
	ar rcs $@ $^

$(FUZZ_NAMES:%=$(BUILD)/fuzz/%_fuzzer): $(BUILD)/fuzz/%: \
    $(BUILD)/fuzz/fuzz/%.o $(BUILD)/fuzz/libsecgi.a
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer -o $@ $^

fuzz-build: $(FUZZ_NAMES:%=$(BUILD)/fuzz/%_fuzzer)

# Each run starts from the seeds in fuzz/corpus/NAME and keeps the inputs
# it finds in $(BUILD)/fuzz/corpus/NAME. A crash, leak, sanitizer report
# or hang fails the run and leaves the input in $(BUILD)/fuzz/NAME-*.
# `make -j2 fuzz` runs two targets at a time.
fuzz: $(FUZZ_NAMES:%=fuzz-run-%)

fuzz-smoke:
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)

$(FUZZ_NAMES:%=fuzz-run-%): fuzz-run-%: $(BUILD)/fuzz/%_fuzzer
	@mkdir -p $(BUILD)/fuzz/corpus/$*
	@echo "fuzz $*: $(FUZZ_SECONDS) s, log in $(BUILD)/fuzz/$*.log"
	@$< -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)/fuzz/$*- \
	    $(if $(wildcard fuzz/$*.dict),-dict=fuzz/$*.dict) \
	    $(BUILD)/fuzz/corpus/$* fuzz/corpus/$* >$(BUILD)/fuzz/$*.log 2>&1 \
	    || { tail -n 60 $(BUILD)/fuzz/$*.log; \
	         echo "fuzz $*: failed, input saved as $(BUILD)/fuzz/$*-*"; \
	         exit 1; }
	@sed -n -E 's/^(#[0-9]+[[:space:]]+DONE|Done)/fuzz $*: &/p' \
	    $(BUILD)/fuzz/$*.log

install: all
	install -D -m 0755 $(BUILD)/secgi-wrap \
	    $(DESTDIR)/usr/libexec/secgi/secgi-wrap
	install -D -m 0644 conf/secgi.conf $(DESTDIR)/etc/secgi/secgi.conf
	install -D -m 0644 conf/mappings $(DESTDIR)/etc/secgi/mappings
	install -D -m 0755 $(BUILD)/secgi-map $(DESTDIR)/usr/sbin/secgi-map
	install -D -m 0644 man/secgi-map.8 $(DESTDIR)/usr/share/man/man8/secgi-map.8
	install -D -m 0644 man/secgi-mappings.5 \
	    $(DESTDIR)/usr/share/man/man5/secgi-mappings.5
	install -D -m 0644 $(BUILD)/secgi.pp \
	    $(DESTDIR)/usr/share/selinux/packages/secgi.pp
	install -D -m 0644 selinux-policy/secgi.if \
	    $(DESTDIR)/usr/share/selinux/devel/include/contrib/secgi.if
	install -D -m 0644 conf/apache-secgi.conf \
	    $(DESTDIR)/etc/apache2/conf-available/secgi.conf
	install -D -m 0644 conf/apache-secgi-auth.conf \
	    $(DESTDIR)/etc/apache2/secgi-auth.conf
	install -D -m 0644 conf/apache-secgi-php.conf \
	    $(DESTDIR)/etc/apache2/conf-available/secgi-php.conf
	install -D -m 0644 conf/apache-secgi-userdir.conf \
	    $(DESTDIR)/etc/apache2/conf-available/secgi-userdir.conf
	install -D -m 0644 conf/tmpfiles-secgi.conf \
	    $(DESTDIR)/usr/lib/tmpfiles.d/secgi.conf
	install -D -m 0644 pam/secgi $(DESTDIR)/etc/pam.d/secgi
	install -D -m 0644 conf/access.conf $(DESTDIR)/etc/secgi/access.conf

deps:
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(DEPS)

clean:
	rm -rf $(BUILD)

.PHONY: all policy hostile unit e2e test demo install deps clean
.PHONY: cli-test
.PHONY: unit-pam integration
.PHONY: unit-asan fuzz fuzz-smoke fuzz-build $(FUZZ_NAMES:%=fuzz-run-%)

-include $(LIB_OBJ:.o=.d) $(WRAP_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) \
    $(OFFLINE_OBJ:.o=.d)
-include $(MAP_OBJ:.o=.d)
-include $(ASAN_LIB_OBJ:.o=.d) $(ASAN_UNIT_OBJ:.o=.d)
-include $(FUZZ_LIB_OBJ:.o=.d) $(FUZZ_OBJ:.o=.d)

# The offline test build linked like secgi-wrap, for the benchmark.
$(BUILD)/secgi-wrap-offline-static: $(OFFLINE_OBJ) $(BUILD)/libsecgi.a $(BUILD)/policy.33
	$(CXX) $(WRAP_LDFLAGS) -o $@ $(OFFLINE_OBJ) $(BUILD)/libsecgi.a \
	    $(SEPOL_A) $(WRAP_LIBS)

# `make bench`: throughput and per-exec cost of the wrapper (bench/bench.mk).
include bench/bench.mk

# Every page in man/, in the section its file name ends with.
MAN_PAGES := $(wildcard man/*.[1-8])
install: install-man
install-man:
	for page in $(MAN_PAGES); do \
	    install -D -m 0644 $$page \
	        $(DESTDIR)/usr/share/man/man$${page##*.}/$${page##*/} || exit; \
	done

# The Debian packages secgi and selinux-policy-secgi, built from a copy
# of the tree (tests/package/build-debs), into $(BUILD)/deb/.
deb:
	tests/package/build-debs $(BUILD)/deb

# Compares the packages' contents with `make install` and installs them
# in the enforcing guest (tests/package/run).
package-test: all deb
	tests/package/run --build $(BUILD) --debs $(BUILD)/deb

# Lints every man page and runs the examples the pages show.
man-test: $(BUILD)/secgi-map $(BUILD)/secgi-wrap-offline $(BUILD)/policy.33
	tests/man/run --build $(BUILD)

.PHONY: install-man deb package-test man-test

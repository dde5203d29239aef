# secgi: run CGI requests in SELinux contexts mapped to the client.
#
#   make                 build the programs and the policy module
#   make test            unit tests, then the end-to-end test in a guest
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
WRAP_SRC := $(wildcard wrapper/*.cc)
WRAP_OBJ := $(WRAP_SRC:%.cc=$(BUILD)/%.o)
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

all: $(BUILD)/secgi-wrap policy
all: $(BUILD)/secgi-map

$(BUILD)/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/wrapper/main.o: CXXFLAGS += -DSECGI_CONF='"$(SECGI_CONF)"'

$(BUILD)/libsecgi.a: $(LIB_OBJ)
	ar rcs $@ $^

$(BUILD)/secgi-wrap: $(WRAP_OBJ) $(BUILD)/libsecgi.a
	$(CXX) $(LDFLAGS) -o $@ $^ -lselinux

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

unit: $(BUILD)/unit-tests $(BUILD)/policy.33
	SECGI_TEST_POLICY=$(BUILD)/policy.33 $(BUILD)/unit-tests

e2e: all
	tests/e2e/run --build $(BUILD)

cli-test: $(BUILD)/secgi-map $(BUILD)/policy.33
	tests/cli/run --build $(BUILD)

test: unit e2e
test: cli-test

demo: all
	tests/e2e/run --build $(BUILD)

install: all
	install -D -m 0755 $(BUILD)/secgi-wrap \
	    $(DESTDIR)/usr/libexec/secgi/secgi-wrap
	install -D -m 0644 conf/secgi.conf $(DESTDIR)/etc/secgi/secgi.conf
	install -D -m 0644 conf/mappings $(DESTDIR)/etc/secgi/mappings
	install -D -m 0755 $(BUILD)/secgi-map $(DESTDIR)/usr/sbin/secgi-map
	install -D -m 0644 $(BUILD)/secgi.pp \
	    $(DESTDIR)/usr/share/selinux/packages/secgi.pp
	install -D -m 0644 selinux-policy/secgi.if \
	    $(DESTDIR)/usr/share/selinux/devel/include/contrib/secgi.if
	install -D -m 0644 conf/apache-secgi.conf \
	    $(DESTDIR)/etc/apache2/conf-available/secgi.conf
	install -D -m 0644 conf/apache-secgi-auth.conf \
	    $(DESTDIR)/etc/apache2/secgi-auth.conf

deps:
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(DEPS)

clean:
	rm -rf $(BUILD)

.PHONY: all policy unit e2e test demo install deps clean
.PHONY: cli-test

-include $(LIB_OBJ:.o=.d) $(WRAP_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)
-include $(MAP_OBJ:.o=.d)

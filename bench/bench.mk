# Bench-only programs and builds for `make bench` (bench/run); the
# results and their limits are in BENCHMARKS.md. Nothing here is installed.

BENCH_DIR := $(BUILD)/bench
BENCH_CFLAGS := -O2 -Wall -Wextra -Werror

# The C functions the timing builds also mark, when their objects call
# them. _FORTIFY_SOURCE turns syslog() into __syslog_chk().
BENCH_MARKED_COMMON := syscall getpwnam_r getgrouplist getgrgid_r \
    __syslog_chk openlog cdb_init cdb_find
BENCH_MARKED_OFFLINE := $(BENCH_MARKED_COMMON) selabel_open \
    sepol_set_policydb_from_file sepol_policydb_read sepol_context_to_sid \
    sepol_transition_sid sepol_compute_av
BENCH_MARKED_KERNEL := $(BENCH_MARKED_COMMON) is_selinux_enabled \
    security_getenforce getcon_raw getprevcon_raw fgetfilecon_raw \
    security_compute_create_raw security_check_context_raw \
    security_compute_av_flags_raw setexeccon_raw

BENCH_PROGRAMS := $(BENCH_DIR)/hello $(BENCH_DIR)/exec-bench \
    $(BENCH_DIR)/bare-wrap-static $(BENCH_DIR)/bare-wrap-dynamic \
    $(BENCH_DIR)/start-static $(BENCH_DIR)/start-dynamic
BENCH_TIMING := $(foreach name,secgi-wrap-offline secgi-wrap secgi-wrap-replay,\
    $(BENCH_DIR)/$(name)-timing $(BENCH_DIR)/$(name)-static-timing)

$(BENCH_DIR)/hello: bench/hello.c
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -static -o $@ $<

$(BENCH_DIR)/exec-bench: bench/exec_bench.c
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

$(BENCH_DIR)/bare-wrap-static: bench/bare_wrap.c
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -fPIE -static-pie -o $@ $<

$(BENCH_DIR)/bare-wrap-dynamic: bench/bare_wrap.c
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -fPIE -pie -o $@ $<

# Programs that only report the time from exec to their first
# constructor: the kernel's share of start-up, and glibc's loader's.
$(BENCH_DIR)/marks.o: bench/timing/marks.c
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -fPIE -c -o $@ $<

$(BENCH_DIR)/start.S: bench/timing/gen-trampolines
	@mkdir -p $(@D)
	echo getpid | bench/timing/gen-trampolines >$@

$(BENCH_DIR)/start-static: bench/timing/start.c $(BENCH_DIR)/marks.o $(BENCH_DIR)/start.S
	$(CC) $(BENCH_CFLAGS) -fPIE -static-pie -Wl,--wrap=getpid -o $@ $^

$(BENCH_DIR)/start-dynamic: bench/timing/start.c $(BENCH_DIR)/marks.o $(BENCH_DIR)/start.S
	$(CC) $(BENCH_CFLAGS) -fPIE -pie -Wl,--wrap=getpid -o $@ $^

# The symbols a timing build marks: the library functions main.o calls,
# then those of LIST (the Make variable named by the target) that some
# object of the link calls.
$(BENCH_DIR)/offline.symbols: $(OFFLINE_OBJ) $(BUILD)/libsecgi.a
$(BENCH_DIR)/offline.symbols: LIST = $(BENCH_MARKED_OFFLINE)
$(BENCH_DIR)/offline.symbols: MAIN = $(BUILD)/offline/main.o
$(BENCH_DIR)/kernel.symbols: $(WRAP_OBJ) $(BUILD)/libsecgi.a
$(BENCH_DIR)/kernel.symbols: LIST = $(BENCH_MARKED_KERNEL)
$(BENCH_DIR)/kernel.symbols: MAIN = $(BUILD)/wrapper/main.o
$(BENCH_DIR)/%.symbols: bench/timing/list-symbols
	@mkdir -p $(@D)
	bench/timing/list-symbols $(MAIN) "$(LIST)" $(filter %.o %.a,$^) >$@

$(BENCH_DIR)/%-trampolines.S: $(BENCH_DIR)/%.symbols bench/timing/gen-trampolines
	bench/timing/gen-trampolines <$< >$@

BENCH_WRAP = $$(sed 's/^/-Wl,--wrap=/' $(1))

# secgi-wrap-replay: the wrapper with bench/selinux_replay.cc in place of
# the kernel calls (see there), the host's estimate of the kernel build.
$(BENCH_DIR)/selinux_replay.o: bench/selinux_replay.cc Makefile
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) -Iwrapper \
	    -DSECGI_OFFLINE_POLICY='"$(abspath $(BUILD))/policy.33"' \
	    -DSECGI_REPLAY_DECISIONS='"$(abspath $(BENCH_DIR))/replay-decisions"' \
	    -MMD -MP -c -o $@ $<
REPLAY_OBJ := $(filter-out $(BUILD)/offline/selinux_offline.o,$(OFFLINE_OBJ)) \
    $(BENCH_DIR)/selinux_replay.o
$(BENCH_DIR)/replay.symbols: $(REPLAY_OBJ) $(BUILD)/libsecgi.a
$(BENCH_DIR)/replay.symbols: LIST = $(BENCH_MARKED_COMMON) fgetxattr
$(BENCH_DIR)/replay.symbols: MAIN = $(BUILD)/offline/main.o

# The inputs of each kind of build; the timing builds add the marks and
# the trampolines of <kind>.symbols.
BENCH_IN_offline := $(OFFLINE_OBJ) $(BUILD)/libsecgi.a $(SEPOL_A)
BENCH_IN_kernel := $(WRAP_OBJ) $(BUILD)/libsecgi.a
BENCH_IN_replay := $(REPLAY_OBJ) $(BUILD)/libsecgi.a $(SEPOL_A)
BENCH_DYNAMIC_LIBS := -lselinux -lcdb

$(BENCH_DIR)/secgi-wrap-replay: $(BENCH_IN_replay)
	$(CXX) $(LDFLAGS) -o $@ $^ $(BENCH_DYNAMIC_LIBS)
$(BENCH_DIR)/secgi-wrap-replay-static: $(BENCH_IN_replay)
	$(CXX) $(WRAP_LDFLAGS) -o $@ $^ $(WRAP_LIBS)

define BENCH_TIMING_RULES
$(BENCH_DIR)/$(2)-timing: $(BENCH_DIR)/marks.o $(BENCH_DIR)/$(1)-trampolines.S $(BENCH_IN_$(1))
	$$(CXX) $$(LDFLAGS) -o $$@ $$^ $(BENCH_DYNAMIC_LIBS) \
	    $$(call BENCH_WRAP,$(BENCH_DIR)/$(1).symbols)
$(BENCH_DIR)/$(2)-static-timing: $(BENCH_DIR)/marks.o $(BENCH_DIR)/$(1)-trampolines.S $(BENCH_IN_$(1))
	$$(CXX) $$(WRAP_LDFLAGS) -o $$@ $$^ $$(WRAP_LIBS) \
	    $$(call BENCH_WRAP,$(BENCH_DIR)/$(1).symbols)
endef
$(eval $(call BENCH_TIMING_RULES,offline,secgi-wrap-offline))
$(eval $(call BENCH_TIMING_RULES,kernel,secgi-wrap))
$(eval $(call BENCH_TIMING_RULES,replay,secgi-wrap-replay))

bench-programs: $(BENCH_PROGRAMS) $(BENCH_TIMING) $(BUILD)/secgi-wrap \
    $(BENCH_DIR)/secgi-wrap-replay $(BENCH_DIR)/secgi-wrap-replay-static \
    $(BUILD)/secgi-wrap-dynamic $(BUILD)/secgi-wrap-offline \
    $(BUILD)/secgi-wrap-offline-static $(BUILD)/secgi-map $(BUILD)/secgi.pp

# The Debian packages the benchmarks need beyond those of `make deps`;
# `make bench-deps` installs them.
BENCH_DEPS := apache2-suexec-pristine wrk strace attr time python3
bench-deps:
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(BENCH_DEPS)

# Apache on 127.0.0.1 (plain CGI, suEXEC, bare wrappers, secgi-wrap builds),
# the wrapper's own cost, then the same Apache comparison in the guest.
# BENCH_FLAGS='--quick --no-guest' shortens it (see bench/run).
BENCH_FLAGS ?=
bench: bench-wrapper
bench-wrapper: bench-programs
	bench/run --build $(BUILD) $(BENCH_FLAGS)

.PHONY: bench bench-deps bench-wrapper bench-programs

-include $(BENCH_DIR)/selinux_replay.d

# arbiter - online-judge evaluation worker.
#
#   make            build build/arbiter
#   make test       unit + sandbox + integration tests, then the same suite
#                   under ASan + UBSan (what CI runs)
#   make check      the suite once, in the normal build
#   make asan       the suite in build-asan/ with ASan + UBSan
#   make valgrind   100 submissions through `arbiter worker` under valgrind
#                   memcheck (build-valgrind/, -DARBITER_VALGRIND); fails on any
#                   error, definite leak or wrong result (tests/valgrind_worker.sh)
#   make fuzz       each libFuzzer harness of fuzz/ for FUZZ_SECONDS (clang,
#                   build-fuzz/); make fuzz-smoke runs them over their seeds
#   make bench      per-run cost against bare fork+exec (and bwrap if installed),
#                   precision of the limits, test runs/s inside a judged
#                   submission, throughput and latency through the Redis
#                   queue; writes docs/performance.md (bench/run.sh)
#   make deps       install missing Debian packages (as root)
#   make demo       deps, build, and judge every example through Redis
#   make tour       the sandbox against hostile commands, one by one
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/arbiter
MANDIR  ?= $(PREFIX)/share/man
# Set to install the systemd unit too, e.g. /etc/systemd/system; it is
# always installed to $(DATADIR)/dist with the environment file example.
SYSTEMDUNITDIR ?=
BUILD   ?= build
CC      ?= gcc

PKGS      := libseccomp hiredis yaml-0.1 libarchive jansson libmicrohttpd
TEST_PKGS := check

WARN := -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
	-Wshadow -Wformat=2 -Wno-format-nonliteral -Wvla -Wpointer-arith
HARDEN := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE \
	-fno-strict-overflow -Wl,-z,relro,-z,now
OPT ?= -O2 -g
SAN ?=

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
CHECK_CFLAGS := $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)

CFLAGS_ALL := -std=gnu11 -D_GNU_SOURCE $(OPT) $(WARN) $(HARDEN) $(SAN) -Ijudge -Iworker \
	$(PKG_CFLAGS) -DARBITER_VERSION='"$(shell cat VERSION 2>/dev/null || echo 0.1.0)"' \
	$(CFLAGS)
LDFLAGS_ALL := -pie $(SAN) $(LDFLAGS)

LIB_SRCS  := $(shell find judge worker -name '*.c' ! -name main.c | sort)
MAIN_SRC  := judge/main.c
TEST_SRCS := $(shell find tests -name '*.c' | sort)
HOSTILE_SRCS := $(wildcard testdata/hostile/*.c)
BENCH_SRCS := $(wildcard bench/*.c)

LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
MAIN_OBJ  := $(MAIN_SRC:%.c=$(BUILD)/obj/%.o)
TEST_OBJS := $(TEST_SRCS:%.c=$(BUILD)/obj/%.o)
HOSTILE_BINS := $(HOSTILE_SRCS:testdata/hostile/%.c=$(BUILD)/testdata/hostile/%)

LIB    := $(BUILD)/libarbiter.a
BIN    := $(BUILD)/arbiter
CHECK  := $(BUILD)/check_arbiter
BENCH  := $(BUILD)/bench_sandbox

.PHONY: all test check check-bins asan bench deps install uninstall clean format demo tour \
	fuzz fuzz-smoke fuzz-build fuzz-bins valgrind

all: $(BIN)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(CHECK_CFLAGS) -Itests -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS)

$(CHECK): $(TEST_OBJS) $(LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(CHECK_LIBS) $(PKG_LIBS)

# Hostile programs are built static and without the sanitizers: they run in
# the box, which binds only the policy's paths.
$(BUILD)/testdata/hostile/%: testdata/hostile/%.c
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O1 -w -static -pthread -o $@ $<

$(BUILD)/testdata/hello-static: bench/hello.c
	@mkdir -p $(@D)
	$(CC) -O2 -static -o $@ $<

TEST_ENV := ARBITER_POLICY_DIR=$(CURDIR)/policies \
	ARBITER_TESTDATA=$(CURDIR)/$(BUILD)/testdata \
	ARBITER_SRCDATA=$(CURDIR)/testdata \
	ARBITER_BIN=$(CURDIR)/$(BIN)

# The build is parallel, the tests are not (timing assertions): `check`
# builds through a parallel sub-make, then runs the suites one by one.
NPROC := $(shell nproc 2>/dev/null || echo 1)

check-bins: $(BIN) $(CHECK) $(HOSTILE_BINS) $(BUILD)/testdata/hello-static

check:
	$(MAKE) -j$(NPROC) check-bins
	$(TEST_ENV) $(CHECK)
	@set -e; for t in tests/integration/*.sh; do \
		[ -e "$$t" ] || continue; \
		echo "== $$t"; $(TEST_ENV) bash "$$t"; \
	done

asan:
	$(MAKE) BUILD=build-asan OPT='-O1 -g -fno-omit-frame-pointer' \
		SAN='-fsanitize=address,undefined -fno-sanitize-recover=all' check

test: check asan fuzz-smoke

# The worker under valgrind memcheck.  A separate build: valgrind implements
# neither clone3 nor seccomp(2), and ARBITER_VALGRIND makes the seccomp
# compiler skip libseccomp's probes and the listener (see seccomp.c).
VALGRIND_BUILD := build-valgrind

valgrind:
	$(MAKE) BUILD=$(VALGRIND_BUILD) OPT='-O1 -g' CFLAGS='-DARBITER_VALGRIND' -j$(NPROC) all
	bash tests/valgrind_worker.sh $(VALGRIND_BUILD)/arbiter

# Fuzzing (fuzz/README.md): the library again, with clang and
# -fsanitize=fuzzer-no-link,address,undefined in build-fuzz/, so the gcc
# builds are untouched; each fuzz/fuzz_NAME.c is linked with libFuzzer's
# main.  Seeds: testdata/fuzz/NAME/.
FUZZ_BUILD   := build-fuzz
FUZZ_NAMES   ?= msg problem intake validate lang policy
FUZZ_SECONDS ?= 60
FUZZ_SAN     := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all

$(BUILD)/fuzz/fuzz_%: $(BUILD)/obj/fuzz/fuzz_%.o $(BUILD)/obj/fuzz/harness.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS)

fuzz-bins: $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%)

# Objects made by the chain above are kept (make would delete them).
.SECONDARY: $(FUZZ_NAMES:%=$(BUILD)/obj/fuzz/fuzz_%.o) $(BUILD)/obj/fuzz/harness.o

# clang warns that the link-only hardening flags go unused when compiling.
fuzz-build:
	@command -v clang >/dev/null || { echo "fuzz: clang not found; run 'make deps'" >&2; exit 1; }
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang OPT='-O1 -g -fno-omit-frame-pointer' \
		SAN='$(FUZZ_SAN)' CFLAGS='-Wno-unused-command-line-argument' fuzz-bins

fuzz-smoke: fuzz-build
	bash fuzz/run.sh smoke $(FUZZ_BUILD) $(FUZZ_NAMES)

fuzz: fuzz-build
	bash fuzz/run.sh fuzz $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_NAMES)

$(BENCH): bench/bench_sandbox.c $(LIB)
	$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS)

bench: $(BIN) $(BENCH) $(BUILD)/testdata/hello-static $(HOSTILE_BINS)
	$(TEST_ENV) BENCH=$(BENCH) BENCH_ARGS='$(BENCH_ARGS)' BENCH_JUDGE_N='$(BENCH_JUDGE_N)' \
		BENCH_QUEUE_N='$(BENCH_QUEUE_N)' bash bench/run.sh

# The embedded default: installs what is missing, builds, and judges every
# example submission through a private Redis and a worker.
demo: deps
	$(MAKE) all
	bash scripts/demo.sh

tour: $(BIN)
	bash scripts/tour.sh

deps:
	@bash .ci/deps.sh

# Every file `make install` puts in place (below DESTDIR); `uninstall`
# removes exactly these, then the folders of DATADIR left empty.  Sources
# under policies/, selftest/ and dist/ keep their path below DATADIR.
SELFTEST_FILES = $(shell find selftest ! -type d | sort)
INSTALLED = $(BINDIR)/arbiter $(MANDIR)/man1/arbiter.1 \
	$(addprefix $(DATADIR)/,$(wildcard policies/*.yaml) $(SELFTEST_FILES) \
		dist/arbiter-worker.service dist/arbiter-worker.env) \
	$(if $(SYSTEMDUNITDIR),$(SYSTEMDUNITDIR)/arbiter-worker.service)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/policies
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/arbiter
	install -m 0644 $(wildcard policies/*.yaml) $(DESTDIR)$(DATADIR)/policies/
	# The hostile corpus, for `arbiter selftest` at deploy time.
	install -d $(DESTDIR)$(DATADIR)/selftest
	cp -R selftest/. $(DESTDIR)$(DATADIR)/selftest/
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/dist
	install -m 0644 man/arbiter.1 $(DESTDIR)$(MANDIR)/man1/arbiter.1
	# The systemd unit names the installed binary (BINDIR, not DESTDIR).
	sed 's|@BINDIR@|$(BINDIR)|g' dist/arbiter-worker.service \
		> $(DESTDIR)$(DATADIR)/dist/arbiter-worker.service
	install -m 0644 dist/arbiter-worker.env $(DESTDIR)$(DATADIR)/dist/
	if [ -n "$(SYSTEMDUNITDIR)" ]; then \
		install -d $(DESTDIR)$(SYSTEMDUNITDIR) && \
		install -m 0644 $(DESTDIR)$(DATADIR)/dist/arbiter-worker.service \
			$(DESTDIR)$(SYSTEMDUNITDIR)/; \
	fi

# File by file, then only the folders install made, when empty: never
# `rm -rf $(DATADIR)`, which may be a shared folder.
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	if [ -d $(DESTDIR)$(DATADIR)/selftest ]; then \
		find $(DESTDIR)$(DATADIR)/selftest -depth -type d -empty -delete; fi
	for d in /policies /dist ''; do \
		if [ -d "$(DESTDIR)$(DATADIR)$$d" ]; then \
			rmdir --ignore-fail-on-non-empty "$(DESTDIR)$(DATADIR)$$d"; fi; \
	done

format:
	clang-format -i $$(find judge worker tests bench -name '*.[ch]')

clean:
	rm -rf build build-asan build-fuzz build-valgrind

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

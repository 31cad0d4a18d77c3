# Herald — two commands on a fresh Debian 12 machine: `make demo` and `make test`.
# Every target that needs system packages depends on `setup`, which installs only what is missing.

SHELL := /bin/bash
SWIFT ?= swift
SECONDS ?= 600
# Debian packages the build, tests and demo need. Later features add theirs here.
APT_PACKAGES := pkg-config ca-certificates openssl curl baresip sipsak kamailio sox \
	libspandsp-dev libtiff-dev libopus-dev libbcg729-dev libgsm1-dev libavcodec-dev libsamplerate0-dev libsrtp2-dev flite1-dev
# PyPI packages the tests use.
PIP_PACKAGES := pjsua2-python==2.15.1

.PHONY: all setup build release test test-unit bench demo fuzz fuzz-build check-layers clean

all: build

setup:
	@scripts/setup.sh "$(APT_PACKAGES)" "$(PIP_PACKAGES)"

build: setup
	$(SWIFT) build --product herald

release: setup
	$(SWIFT) build -c release --product herald --product herald-bench

# Unit and loopback suites run in parallel; the end-to-end suites that run whole servers (HeraldServerTests) come
# next, on their own, so that their calls and speech synthesis do not starve the timing-sensitive media tests; the
# suites that start third-party peers (baresip, pjsua2, Kamailio, sipsak) run last, one at a time, so that peers
# (which get their ports from a probe that releases them before the peer binds) never race each other or the many
# ephemeral ports of the other suites. Each run is bounded so that a hang fails CI instead of stalling it.
test: setup check-layers
	$(SWIFT) build --build-tests
	timeout 900 $(SWIFT) test --skip-build --parallel --skip InteropTests --skip HeraldServerTests
	timeout 900 $(SWIFT) test --skip-build --parallel --filter HeraldServerTests
	timeout 900 $(SWIFT) test --skip-build --no-parallel --filter InteropTests

# Imports must point down the layer table of ARCHITECTURE.md; Package.swift enforces most, this the rest.
check-layers:
	@scripts/check-layers.sh

bench: setup
	$(SWIFT) build -c release --product herald-bench
	$(SWIFT) build -c release --product herald
	.build/release/herald-bench $(FILTER)
	@if [[ -z "$(FILTER)" ]]; then taskset -c 0 .build/release/herald-bench media-one-core; scripts/bench-calls.sh; scripts/bench-recordings.sh; fi

# The demo server on 127.0.0.1:5060 (UDP/TCP) and 5061 (TLS); Ctrl-C stops it. See README "Try the demo".
demo: build
	.build/debug/herald serve --demo

# libFuzzer over the SIP parser: `make fuzz SECONDS=600`. Crashes land in Fuzz/crashes/.
fuzz: setup fuzz-build
	@mkdir -p Fuzz/work/corpus Fuzz/crashes
	.build-fuzz/sip-message-fuzzer -max_total_time=$(SECONDS) -max_len=8192 -timeout=5 -rss_limit_mb=2048 \
		-artifact_prefix=Fuzz/crashes/ -dict=Fuzz/sip.dict Fuzz/work/corpus \
		Tests/SIPMessageTests/Corpus/rfc4475 Tests/SIPMessageTests/Corpus/rfc5118 Tests/SIPMessageTests/Corpus/pbx \
		Tests/SIPMessageTests/Corpus/fuzz-regressions

fuzz-build:
	@mkdir -p .build-fuzz
	swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name SIPMessageFuzz \
		Sources/SIPMessage/*.swift Fuzz/SIPMessageFuzzer.swift -o .build-fuzz/sip-message-fuzzer \
		2> .build-fuzz/build.log || { cat .build-fuzz/build.log; exit 1; }

clean:
	rm -rf .build .build-fuzz

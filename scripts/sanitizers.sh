#!/usr/bin/env bash
# The Backends tests (libcurl's multi loop, the connection limiter, the disk reader, the S3 client against
# SeaweedFS) under ThreadSanitizer and AddressSanitizer, each in a build of its own (.build-thread,
# .build-address). Run by scripts/test.sh once its servers are up; `scripts/sanitizers.sh thread` runs one.
# The 1 GiB streaming-memory test is left out: it asserts RSS, which a sanitizer's shadow memory inflates.
set -euo pipefail
cd "$(dirname "$0")/.."
# LeakSanitizer runs with AddressSanitizer; the leaks of Foundation, XCTest and NIO it would report are listed,
# with the reason for each, in the suppressions file. The slow unwinder gives full stacks through libcurl and
# Foundation (built without frame pointers), which the suppressions match on; it makes every allocation slower, so
# the credential providers' deadline measurements (seconds, asserted in the main run and under TSan) stay out.
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan-suppressions.txt:print_suppressions=1${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# swift test ARGUMENTS… in the current sanitizer's build, with its options.
run() {
    ASAN_OPTIONS="$options${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
        swift test --skip-build --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" "$@"
}
sanitizers=("$@")
[ ${#sanitizers[@]} -gt 0 ] || sanitizers=(thread address)
for sanitizer in "${sanitizers[@]}"; do
    echo "== Backends tests under the ${sanitizer} sanitizer"
    skipped=S3StreamingMemoryTests
    options=""
    if [ "$sanitizer" = address ]; then
        skipped+="|CredentialProviderTests|CachingCredentialProviderTests"
        options="fast_unwind_on_malloc=0"
    fi
    swift build --build-tests --sanitize="$sanitizer" --scratch-path ".build-$sanitizer"
    # The one-second bound on a cancelled reader's permit (DESIGN §4) is measured apart: beside 23 other suites
    # slowed by the sanitizer, the two cooperative threads that resume the cancelled reader were busy for 2 s.
    timed=S3ConnectionLimitTests
    run --filter BackendsTests --skip "$skipped|$timed"
    run --filter "BackendsTests.$timed"
done

#!/usr/bin/env bash
# The Backends tests (libcurl's multi loop, the connection limiter, the disk reader, the S3 client against
# SeaweedFS) under ThreadSanitizer and AddressSanitizer, each in a build of its own (.build-thread,
# .build-address). Run by scripts/test.sh once its servers are up; `scripts/sanitizers.sh thread` runs one.
# The 1 GiB streaming-memory test is left out: it asserts RSS, which a sanitizer's shadow memory inflates.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizers=("$@")
[ ${#sanitizers[@]} -gt 0 ] || sanitizers=(thread address)
for sanitizer in "${sanitizers[@]}"; do
    echo "== Backends tests under the ${sanitizer} sanitizer"
    swift build --build-tests --sanitize="$sanitizer" --scratch-path ".build-$sanitizer"
    swift test --skip-build --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" \
        --filter BackendsTests --skip S3StreamingMemoryTests
done

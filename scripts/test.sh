#!/usr/bin/env bash
# The test command: installs what the tests need, starts their servers on 127.0.0.1, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
swift build --build-tests

# SeaweedFS on 127.0.0.1 for the S3 tests; stopped however the run ends.
s3_dir=$(mktemp -d)
trap 'scripts/s3-server.sh stop "$s3_dir"; rm -rf "$s3_dir"' EXIT
eval "$(scripts/s3-server.sh start "$s3_dir")"

if [ $# -gt 0 ]; then
    swift test --skip-build "$@"
else
    # The 1 GiB S3 streaming-memory test saturates this machine for ~30 s; run it alone so the timing windows
    # of the other tests (credential refresh, cancellation) are not measured under its load.
    swift test --skip-build --skip S3StreamingMemoryTests
    swift test --skip-build --filter S3StreamingMemoryTests
fi

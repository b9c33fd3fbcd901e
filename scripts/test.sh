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

swift test --skip-build "$@"

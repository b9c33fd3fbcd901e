#!/usr/bin/env bash
# The test command: installs what the tests need, starts their servers on 127.0.0.1, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
swift build --build-tests
swift test --skip-build "$@"

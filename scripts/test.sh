#!/usr/bin/env bash
# The test command: installs what the tests need, starts their servers on 127.0.0.1, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
swift build --build-tests

# SeaweedFS (S3 tests) and PostgreSQL 15 (Gallery's database, both layouts) on 127.0.0.1; stopped however the
# run ends.
s3_dir=$(mktemp -d)
pg_dir=$(mktemp -d)
trap 'scripts/s3-server.sh stop "$s3_dir"; rm -rf "$s3_dir"; scripts/pg-server.sh stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
eval "$(scripts/s3-server.sh start "$s3_dir")"
eval "$(scripts/pg-server.sh start "$pg_dir")"
: "${GALLERY_TEST_PG_URL:?PostgreSQL did not start (scripts/pg-server.sh)}"

if [ $# -gt 0 ]; then
    swift test --skip-build "$@"
else
    # Separate runs on 2 cores: the ZIP conformance tests (real readers over 4.5 GiB archives) and the
    # SeaweedFS-backed suites load the machine heavily, and other suites measure time windows (credential refresh,
    # request timeouts); the 1 GiB streaming-memory test saturates it for ~30 s alone.
    s3_suites='S3|CurlTransportTests'
    # The credential providers' deadlines (an IMDS that never answers is given up on in about a second) are measured
    # apart: beside the other suites, the two cooperative threads can be busy for seconds with their CPU work.
    timed_suites='CredentialProviderTests|CachingCredentialProviderTests'
    # Requests at the size limits (a 4 MiB body, an archive of 2,003 files) cost seconds of CPU each in a debug
    # build: beside the other suites they could outlast the test client's 20 s deadline.
    large_suites='LargeRequestTests'
    swift test --skip-build --skip "$s3_suites|$timed_suites|$large_suites|ZipStreamTests|FaultCampaignTests"
    swift test --skip-build --filter "$timed_suites"
    swift test --skip-build --filter "$large_suites"
    swift test --skip-build --filter ZipStreamTests
    # The CRC-32 C kernels against zlib on x86-64 and, cross-compiled under qemu, on AArch64 (a few seconds).
    scripts/crc32-arm64.sh
    swift test --skip-build --filter "$s3_suites" --skip S3StreamingMemoryTests
    swift test --skip-build --filter S3StreamingMemoryTests
    # Issue 9's fault campaign: 1,000 downloads through the chaos proxy while the assets change (about a minute).
    swift test --skip-build --filter FaultCampaignTests
    # schemathesis against the demo server, from GET /api/openapi.json (about a minute).
    scripts/fuzz.sh
    # The Backends tests once more under ThreadSanitizer and AddressSanitizer (builds of their own).
    scripts/sanitizers.sh
fi

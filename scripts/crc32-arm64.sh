#!/usr/bin/env bash
# Checks the CCRC32 C target on x86-64 and AArch64 (issue 10): tests/crc32-arm64/crc32_check.c, built straight
# from Sources/CCRC32, compares every kernel the CPU runs with zlib's crc32(). Natively with the system gcc (the
# x86 folding kernels), then cross-compiled for AArch64 and run under qemu-user: -cpu max and cortex-a53 both
# have the CRC32 instructions (every CPU model qemu 7.2 offers does, so the run-time fallback to the portable
# loop is tested only by calling that loop directly). A second AArch64 build without +crc in -march proves the
# kernel's own target attribute is enough. Then clang, the compiler SwiftPM uses, compiles the sources for
# AArch64. Runs on an x86-64 Debian host in a few seconds; exits non-zero on any mismatch or failed build.
set -euo pipefail
cd "$(dirname "$0")/.."

# The cross compiler, qemu-user and AArch64 zlib (the oracle), installed when missing. zlib1g-dev:arm64 needs
# Debian's multiarch: adding arm64 makes apt also upgrade the amd64 twins of the arm64 libraries it installs
# (zlib1g, libc6 and the like), which must be of the same version.
need_apt=()
command -v gcc >/dev/null || need_apt+=(gcc)
# With arm64 added, a bare name that both architectures have installed is ambiguous to dpkg -s.
dpkg -s "zlib1g-dev:$(dpkg --print-architecture)" >/dev/null 2>&1 || need_apt+=(zlib1g-dev)
command -v aarch64-linux-gnu-gcc >/dev/null || need_apt+=(gcc-aarch64-linux-gnu)
command -v qemu-aarch64 >/dev/null || need_apt+=(qemu-user)
dpkg -s zlib1g-dev:arm64 >/dev/null 2>&1 || need_apt+=(zlib1g-dev:arm64)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "crc32-arm64: installing Debian packages: ${need_apt[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    dpkg --print-foreign-architectures | grep -qx arm64 || $SUDO dpkg --add-architecture arm64
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

sources=(Sources/CCRC32/*.c)
harness=tests/crc32-arm64/crc32_check.c
cflags=(-O2 -Wall -Wextra -ISources/CCRC32/include)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
passed=0
failed=0

# build NAME COMPILER FLAGS...: the harness and the library into $out/NAME; a failed build counts as a failure.
build() {
    local name=$1 compiler=$2
    shift 2
    if ! "$compiler" "${cflags[@]}" "$@" -o "$out/$name" "$harness" "${sources[@]}" -lz; then
        echo "crc32-arm64: FAIL building $name"
        failed=$((failed + 1))
        return 1
    fi
}

# run LABEL EXPECTED_KERNEL COMMAND...: adds the harness's counts; a run that ends without them (a crash, SIGILL)
# or exits non-zero with none counted is one failure more.
run() {
    local label=$1 expected=$2
    shift 2
    local log="$out/run.log" rc=0
    "$@" "$expected" >"$log" 2>&1 || rc=$?
    local summary
    summary=$(grep -E '^crc32_check: kernel .*, [0-9]+ passed, [0-9]+ failed$' "$log" | tail -1 || true)
    if [ "$rc" -ne 0 ] || [ -z "$summary" ]; then
        cat "$log"
    fi
    if [ -z "$summary" ]; then
        echo "crc32-arm64: FAIL $label: exited with $rc and no result"
        failed=$((failed + 1))
        return
    fi
    local run_passed run_failed
    run_passed=$(sed -E 's/.*, ([0-9]+) passed, ([0-9]+) failed$/\1/' <<<"$summary")
    run_failed=$(sed -E 's/.*, ([0-9]+) passed, ([0-9]+) failed$/\2/' <<<"$summary")
    if [ "$rc" -ne 0 ] && [ "$run_failed" -eq 0 ]; then
        run_failed=1
    fi
    echo "crc32-arm64: $label: ${summary#crc32_check: }"
    passed=$((passed + run_passed))
    failed=$((failed + run_failed))
}

# The kernel the dispatcher must pick on this x86-64 CPU, from the flags Linux reports (it clears avx512f when
# the OS does not save the AVX-512 registers).
native_kernel() {
    local flags
    flags=" $(grep -m1 '^flags' /proc/cpuinfo) "
    if [[ $flags == *" avx512f "* && $flags == *" vpclmulqdq "* ]]; then
        echo vpclmulqdq-avx512
    elif [[ $flags == *" pclmulqdq "* && $flags == *" sse4_1 "* ]]; then
        echo pclmulqdq
    else
        echo portable
    fi
}

qemu=(qemu-aarch64 -L /usr/aarch64-linux-gnu)
if build native gcc; then
    run "x86-64 native" "$(native_kernel)" "$out/native"
fi
if build arm64-crc-crypto aarch64-linux-gnu-gcc -march=armv8-a+crc+crypto; then
    run "aarch64 +crc+crypto, qemu -cpu max" arm64-crc32 "${qemu[@]}" -cpu max "$out/arm64-crc-crypto"
    run "aarch64 +crc+crypto, qemu -cpu cortex-a53" arm64-crc32 "${qemu[@]}" -cpu cortex-a53 "$out/arm64-crc-crypto"
fi
if build arm64-base aarch64-linux-gnu-gcc -march=armv8-a; then
    run "aarch64 armv8-a, qemu -cpu max" arm64-crc32 "${qemu[@]}" -cpu max "$out/arm64-base"
fi

# SwiftPM compiles the target with clang, whose target attributes and ACLE header differ from gcc's.
if command -v clang >/dev/null; then
    for source in "${sources[@]}"; do
        if clang --target=aarch64-linux-gnu -isystem /usr/aarch64-linux-gnu/include "${cflags[@]}" -Werror \
            -c "$source" -o "$out/clang.o"; then
            passed=$((passed + 1))
        else
            echo "crc32-arm64: FAIL clang --target=aarch64-linux-gnu $source"
            failed=$((failed + 1))
        fi
    done
    echo "crc32-arm64: clang for aarch64 compiled ${#sources[@]} sources"
else
    echo "crc32-arm64: no clang on PATH: the clang build for aarch64 is skipped"
fi

echo "crc32-arm64: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

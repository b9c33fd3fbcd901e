/* Checks the CCRC32 C target against zlib's crc32(), the oracle the Swift tests use too: the kernel the
 * dispatcher picks, every other kernel this CPU runs, and the portable loop. Built by scripts/crc32-arm64.sh
 * straight from Sources/CCRC32, natively and for AArch64 (run under qemu), so that the architectures no
 * machine of ours has are tested as well.
 *
 * Usage: crc32_check [EXPECTED_KERNEL]. With a name, the dispatched kernel must be that one: otherwise a
 * broken feature check that always falls back to the portable loop would still pass.
 * Prints one line per failure and a last line "crc32_check: kernel K, N passed, M failed"; exits 1 on any failure. */
#include "ccrc32.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAX_LENGTH 70000
#define MAX_OFFSET 63
#define RANDOM_CASES 300
#define CHAINED_CASES 50

typedef struct {
    ccrc32_kernel kernel;
    const char *name;
} kernel_info;

static const kernel_info kernels[] = {
    {CCRC32_KERNEL_NONE, "portable"},
    {CCRC32_KERNEL_PCLMUL, "pclmulqdq"},
    {CCRC32_KERNEL_VPCLMUL512, "vpclmulqdq-avx512"},
    {CCRC32_KERNEL_ARM64_CRC, "arm64-crc32"},
};
#define KERNEL_COUNT (sizeof kernels / sizeof kernels[0])

static unsigned long passed, failed;

static void expect(int ok, const char *kernel, const char *what, size_t offset, size_t length, uint32_t got,
                   uint32_t want) {
    if (ok) {
        passed++;
        return;
    }
    failed++;
    fprintf(stderr, "FAIL %s %s: offset %zu, length %zu: got %08x, want %08x\n", kernel, what, offset, length,
            got, want);
}

/* SplitMix64: a seeded generator, so a failure reproduces. */
static uint64_t next_random(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static size_t random_below(uint64_t *state, size_t bound) {
    return (size_t)(next_random(state) % bound);
}

static uint32_t oracle(uint32_t crc, const uint8_t *buf, size_t len) {
    return (uint32_t)crc32_z(crc, buf, len);
}

static void check_known_vector(const kernel_info *k) {
    static const uint8_t digits[] = "123456789";
    uint32_t got = ccrc32_update(k->kernel, 0, digits, 9);
    expect(got == 0xcbf43926u, k->name, "crc32(\"123456789\")", 0, 9, got, 0xcbf43926u);
}

/* Random lengths at random alignments (`data` is 64-byte aligned), continuing from a random CRC as a
 * kernel does in the middle of a stream. */
static void check_random_slices(const kernel_info *k, const uint8_t *data) {
    uint64_t state = 0xc0ffee01;
    for (int i = 0; i < RANDOM_CASES; i++) {
        uint32_t start = (uint32_t)next_random(&state);
        size_t offset = random_below(&state, MAX_OFFSET + 1);
        size_t length = random_below(&state, MAX_LENGTH + 1);
        uint32_t got = ccrc32_update(k->kernel, start, data + offset, length);
        uint32_t want = oracle(start, data + offset, length);
        expect(got == want, k->name, "random slice", offset, length, got, want);
    }
}

/* Every alignment at each length a kernel switches paths at: every length below two 16-byte blocks, and
 * n-1, n, n+1 around the 16/64/256-byte folding steps, the 8-byte words and their multiples. */
static void check_boundaries(const kernel_info *k, const uint8_t *data) {
    static const size_t steps[] = {24, 32, 48, 64, 128, 192, 256, 320, 512, 1024, 4096, 65536};
    size_t lengths[34 + 3 * sizeof steps / sizeof steps[0]];
    size_t count = 0;
    for (size_t n = 0; n < 34; n++) {
        lengths[count++] = n;
    }
    for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
        lengths[count++] = steps[s] - 1;
        lengths[count++] = steps[s];
        lengths[count++] = steps[s] + 1;
    }
    for (size_t i = 0; i < count; i++) {
        for (size_t offset = 0; offset <= MAX_OFFSET; offset++) {
            uint32_t got = ccrc32_update(k->kernel, 0, data + offset, lengths[i]);
            uint32_t want = oracle(0, data + offset, lengths[i]);
            expect(got == want, k->name, "boundary length", offset, lengths[i], got, want);
        }
    }
}

/* One buffer cut into pieces, mostly short, fed in order: each call must continue the previous one's value. */
static void check_chained(const kernel_info *k, const uint8_t *data) {
    uint64_t state = 0x5eed;
    for (int i = 0; i < CHAINED_CASES; i++) {
        size_t length = random_below(&state, 8192);
        uint32_t got = 0;
        for (size_t done = 0; done < length;) {
            size_t piece = random_below(&state, 4) == 0 ? random_below(&state, 1024) : random_below(&state, 40);
            piece = piece > length - done ? length - done : piece;
            got = ccrc32_update(k->kernel, got, data + done, piece);
            done += piece;
        }
        uint32_t want = oracle(0, data, length);
        expect(got == want, k->name, "chained pieces", 0, length, got, want);
    }
}

static const char *kernel_name(ccrc32_kernel kernel) {
    for (size_t i = 0; i < KERNEL_COUNT; i++) {
        if (kernels[i].kernel == kernel) {
            return kernels[i].name;
        }
    }
    return "unknown";
}

int main(int argc, char **argv) {
    uint8_t *data = aligned_alloc(64, MAX_LENGTH + MAX_OFFSET + 1);
    if (data == NULL) {
        perror("aligned_alloc");
        return 2;
    }
    uint64_t state = 0xb10c;
    for (size_t i = 0; i < MAX_LENGTH + MAX_OFFSET + 1; i++) {
        data[i] = (uint8_t)next_random(&state);
    }
    /* The oracle itself, against the published check value. */
    uint32_t check = oracle(0, (const uint8_t *)"123456789", 9);
    expect(check == 0xcbf43926u, "zlib", "crc32(\"123456789\")", 0, 9, check, 0xcbf43926u);

    const char *best = kernel_name(ccrc32_best_kernel());
    printf("crc32_check: dispatched kernel: %s\n", best);
    if (argc > 1 && strcmp(argv[1], best) != 0) {
        fprintf(stderr, "FAIL dispatched kernel is %s, expected %s\n", best, argv[1]);
        failed++;
    }
    expect(ccrc32_kernel_supported(ccrc32_best_kernel()), best, "supported", 0, 0, 0, 1);
    for (size_t i = 0; i < KERNEL_COUNT; i++) {
        const kernel_info *k = &kernels[i];
        if (!ccrc32_kernel_supported(k->kernel)) {
            printf("crc32_check: %s: not supported here, skipped\n", k->name);
            continue;
        }
        unsigned long before = passed + failed;
        check_known_vector(k);
        check_random_slices(k, data);
        check_boundaries(k, data);
        check_chained(k, data);
        printf("crc32_check: %s: %lu checks\n", k->name, passed + failed - before);
    }
    free(data);
    printf("crc32_check: kernel %s, %lu passed, %lu failed\n", best, passed, failed);
    return failed == 0 ? 0 : 1;
}

/* The kernels' declarations, and the shared pieces of the x86-64 carry-less-multiply CRC-32 folding kernels
 * (private to CCRC32).
 *
 * Method: V. Gopal, E. Ozturk et al., "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ
 * Instruction", Intel, 2009, in its bit-reflected form for the zlib / ZIP polynomial 0xEDB88320.
 * Every folding constant is k(n) = (x^n mod P(x) << 32)' << 1 (' = 64-bit bit reflection), the paper's
 * definition. They were recomputed from that formula and equal the ones in Chromium's zlib
 * (third_party/zlib/crc32_simd.c) and zlib-ng (arch/x86/crc32_fold_pclmulqdq.c).
 *
 * A 128-bit register holds 16 message bytes in memory order. In the reflected domain its low quadword
 * is the higher-degree half, so it is multiplied by the larger power of x: each pair below is
 * { k(d + 32), k(d - 32) } for a fold over d bits, low quadword first.
 */
#ifndef CCRC32_FOLD_H
#define CCRC32_FOLD_H

#include <stddef.h>
#include <stdint.h>

/// Portable CRC-32 (zlib convention: `crc` is a finished value, 0 to start), for inputs too short to fold and
/// for CPUs without a hardware kernel.
uint32_t ccrc32_portable(uint32_t crc, const uint8_t *buf, size_t len);

#if defined(__aarch64__)
/// The ARMv8 CRC32-instruction kernel (zlib convention, any length); see ccrc32_arm64.c.
uint32_t ccrc32_arm64_crc(uint32_t crc, const uint8_t *buf, size_t len);
#endif

/* Everything below is x86-64 only: other architectures compile none of the folding kernels. */
#if defined(__x86_64__)
#include <immintrin.h>

#define CCRC32_TARGET_PCLMUL __attribute__((target("sse4.1,pclmul")))
#define CCRC32_TARGET_VPCLMUL512 __attribute__((target("sse4.1,pclmul,avx512f,vpclmulqdq")))

/// 4 x 512-bit lanes: each lane moves 2048 bits (256 bytes) per step.
static const uint64_t ccrc32_k_fold_2048[2] __attribute__((aligned(16))) = {0x011542778a, 0x01322d1430};
/// 4 x 128-bit lanes, or one 512-bit lane: 512 bits (64 bytes) per step.
static const uint64_t ccrc32_k_fold_512[2] __attribute__((aligned(16))) = {0x0154442bd4, 0x01c6e41596};
/// One 128-bit lane: 128 bits per step; its high half k(96) also starts the final 128 -> 64-bit step.
static const uint64_t ccrc32_k_fold_128[2] __attribute__((aligned(16))) = {0x01751997d0, 0x00ccaa009e};
/// k(64), for the 64 -> 32-bit step.
static const uint64_t ccrc32_k_x64[2] __attribute__((aligned(16))) = {0x0163cd6124, 0};
/// Barrett reduction: { P(x)', mu' = (x^64 / P(x))' }, both 33-bit reflected.
static const uint64_t ccrc32_barrett[2] __attribute__((aligned(16))) = {0x01db710641, 0x01f7011641};

/* PSHUFB masks: 16 x 0x80 (zero the byte), 0..15, 16 x 0x80. The 16-byte window at offset 16 - s moves
 * bytes s places towards higher addresses; the one at offset 16 + s moves them s places towards lower. */
static const uint8_t ccrc32_shift_table[48] __attribute__((aligned(16))) = {
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
};

/// The 128-bit PCLMULQDQ kernel (zlib convention, any length).
uint32_t ccrc32_pclmul(uint32_t crc, const uint8_t *buf, size_t len);

/// The AVX-512 VPCLMULQDQ kernel (zlib convention, any length; short inputs go to ccrc32_pclmul).
uint32_t ccrc32_vpclmul512(uint32_t crc, const uint8_t *buf, size_t len);

/// x * x^d + next, where `k` holds the constants of the fold distance d.
CCRC32_TARGET_PCLMUL static inline __m128i ccrc32_fold_128(__m128i x, __m128i k, __m128i next) {
    __m128i high = _mm_clmulepi64_si128(x, k, 0x00);
    __m128i low = _mm_clmulepi64_si128(x, k, 0x11);
    return _mm_xor_si128(_mm_xor_si128(high, low), next);
}

/// Appends the last `tail` (1..15) bytes, which end at `end`, to the folded state `x`.
///
/// The message is x[0..16) followed by t[0..r). Its first r bytes x[0..r) go into a register of their own,
/// zero-padded in front (which leaves the polynomial unchanged), and are folded by 128 bits onto the last
/// 16 bytes x[r..16) t[0..r). Those come from one load ending at `end`: safe, as >= 16 bytes were consumed.
CCRC32_TARGET_PCLMUL static inline __m128i ccrc32_fold_tail(__m128i x, const uint8_t *end, size_t tail) {
    __m128i to_high = _mm_loadu_si128((const __m128i *)(ccrc32_shift_table + tail));
    __m128i to_low = _mm_loadu_si128((const __m128i *)(ccrc32_shift_table + 16 + tail));
    __m128i head = _mm_shuffle_epi8(x, to_high);
    __m128i last16 = _mm_loadu_si128((const __m128i *)(end - 16));
    /* to_high has its top bit set exactly on the bytes that stay from x: take the rest from last16. */
    __m128i rest = _mm_blendv_epi8(last16, _mm_shuffle_epi8(x, to_low), to_high);
    return ccrc32_fold_128(head, _mm_load_si128((const __m128i *)ccrc32_k_fold_128), rest);
}

/// Reduces the 128-bit folded state to the 32-bit CRC register (the paper's final steps + Barrett).
CCRC32_TARGET_PCLMUL static inline uint32_t ccrc32_reduce_128(__m128i x) {
    const __m128i low32 = _mm_setr_epi32(~0, 0, ~0, 0);
    __m128i k96 = _mm_load_si128((const __m128i *)ccrc32_k_fold_128);
    x = _mm_xor_si128(_mm_srli_si128(x, 8), _mm_clmulepi64_si128(x, k96, 0x10));
    __m128i k64 = _mm_load_si128((const __m128i *)ccrc32_k_x64);
    x = _mm_xor_si128(_mm_srli_si128(x, 4), _mm_clmulepi64_si128(_mm_and_si128(x, low32), k64, 0x00));
    __m128i barrett = _mm_load_si128((const __m128i *)ccrc32_barrett);
    __m128i t = _mm_clmulepi64_si128(_mm_and_si128(x, low32), barrett, 0x10);
    t = _mm_clmulepi64_si128(_mm_and_si128(t, low32), barrett, 0x00);
    return (uint32_t)_mm_extract_epi32(_mm_xor_si128(x, t), 1);
}

/// Folds the remaining `len` bytes at `buf` (any count) into `x` and returns the 32-bit CRC register.
/// At least 16 bytes must already have been folded into `x` (the tail load reaches back into them).
CCRC32_TARGET_PCLMUL static inline uint32_t ccrc32_finish_128(__m128i x, const uint8_t *buf, size_t len) {
    __m128i k128 = _mm_load_si128((const __m128i *)ccrc32_k_fold_128);
    for (; len >= 16; buf += 16, len -= 16) {
        x = ccrc32_fold_128(x, k128, _mm_loadu_si128((const __m128i *)buf));
    }
    if (len > 0) {
        x = ccrc32_fold_tail(x, buf + len, len);
    }
    return ccrc32_reduce_128(x);
}

#endif /* __x86_64__ */

#endif

#include "ccrc32_fold.h"

#if defined(__x86_64__)

/* The AVX-512 VPCLMULQDQ kernel: four 512-bit lanes (sixteen 128-bit ones) fold 256 bytes per step, as
 * Chromium's crc32_avx512_simd_ and zlib-ng's crc32_fold_vpclmulqdq do; the lanes then collapse into one
 * 512-bit lane, that into one 128-bit lane, and ccrc32_finish_128 completes it. */

/// x * x^d + next for each 128-bit lane, d given by `k`; VPTERNLOGQ 0x96 is a three-way XOR.
CCRC32_TARGET_VPCLMUL512 static inline __m512i fold_512(__m512i x, __m512i k, __m512i next) {
    __m512i high = _mm512_clmulepi64_epi128(x, k, 0x00);
    __m512i low = _mm512_clmulepi64_epi128(x, k, 0x11);
    return _mm512_ternarylogic_epi64(high, low, next, 0x96);
}

CCRC32_TARGET_VPCLMUL512 static inline __m512i load_512(const uint8_t *p) {
    return _mm512_loadu_si512((const void *)p);
}

CCRC32_TARGET_VPCLMUL512 static inline __m512i broadcast_k(const uint64_t k[2]) {
    return _mm512_broadcast_i32x4(_mm_load_si128((const __m128i *)k));
}

CCRC32_TARGET_VPCLMUL512
uint32_t ccrc32_vpclmul512(uint32_t crc, const uint8_t *buf, size_t len) {
    if (len < 256) {
        return ccrc32_pclmul(crc, buf, len);
    }
    __m512i initial = _mm512_zextsi128_si512(_mm_cvtsi32_si128((int)~crc));
    __m512i x0 = _mm512_xor_si512(load_512(buf), initial);
    __m512i x1 = load_512(buf + 64);
    __m512i x2 = load_512(buf + 128);
    __m512i x3 = load_512(buf + 192);
    buf += 256;
    len -= 256;

    __m512i k2048 = broadcast_k(ccrc32_k_fold_2048);
    for (; len >= 256; buf += 256, len -= 256) {
        x0 = fold_512(x0, k2048, load_512(buf));
        x1 = fold_512(x1, k2048, load_512(buf + 64));
        x2 = fold_512(x2, k2048, load_512(buf + 128));
        x3 = fold_512(x3, k2048, load_512(buf + 192));
    }
    __m512i k512 = broadcast_k(ccrc32_k_fold_512);
    __m512i x = fold_512(fold_512(fold_512(x0, k512, x1), k512, x2), k512, x3);
    for (; len >= 64; buf += 64, len -= 64) {
        x = fold_512(x, k512, load_512(buf));
    }

    __m128i k128 = _mm_load_si128((const __m128i *)ccrc32_k_fold_128);
    __m128i lane = _mm512_extracti32x4_epi32(x, 0);
    lane = ccrc32_fold_128(lane, k128, _mm512_extracti32x4_epi32(x, 1));
    lane = ccrc32_fold_128(lane, k128, _mm512_extracti32x4_epi32(x, 2));
    lane = ccrc32_fold_128(lane, k128, _mm512_extracti32x4_epi32(x, 3));
    return ~ccrc32_finish_128(lane, buf, len);
}

#endif

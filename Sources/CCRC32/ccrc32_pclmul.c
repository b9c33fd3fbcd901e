#include "ccrc32_fold.h"

#if defined(__x86_64__)

/* The 128-bit PCLMULQDQ kernel: four 128-bit lanes fold 64 bytes per step (the paper's "fold by 4"),
 * then collapse into one lane that ccrc32_finish_128 completes. */
CCRC32_TARGET_PCLMUL
uint32_t ccrc32_pclmul(uint32_t crc, const uint8_t *buf, size_t len) {
    if (len < 16) {
        return ccrc32_portable(crc, buf, len);
    }
    /* zlib's crc32() hands out the complemented register: undo that, then XOR it into the first bytes. */
    __m128i initial = _mm_cvtsi32_si128((int)~crc);
    __m128i x;
    if (len >= 64) {
        __m128i x0 = _mm_xor_si128(_mm_loadu_si128((const __m128i *)buf), initial);
        __m128i x1 = _mm_loadu_si128((const __m128i *)(buf + 16));
        __m128i x2 = _mm_loadu_si128((const __m128i *)(buf + 32));
        __m128i x3 = _mm_loadu_si128((const __m128i *)(buf + 48));
        buf += 64;
        len -= 64;
        __m128i k512 = _mm_load_si128((const __m128i *)ccrc32_k_fold_512);
        for (; len >= 64; buf += 64, len -= 64) {
            x0 = ccrc32_fold_128(x0, k512, _mm_loadu_si128((const __m128i *)buf));
            x1 = ccrc32_fold_128(x1, k512, _mm_loadu_si128((const __m128i *)(buf + 16)));
            x2 = ccrc32_fold_128(x2, k512, _mm_loadu_si128((const __m128i *)(buf + 32)));
            x3 = ccrc32_fold_128(x3, k512, _mm_loadu_si128((const __m128i *)(buf + 48)));
        }
        __m128i k128 = _mm_load_si128((const __m128i *)ccrc32_k_fold_128);
        x = ccrc32_fold_128(ccrc32_fold_128(ccrc32_fold_128(x0, k128, x1), k128, x2), k128, x3);
    } else {
        x = _mm_xor_si128(_mm_loadu_si128((const __m128i *)buf), initial);
        buf += 16;
        len -= 16;
    }
    return ~ccrc32_finish_128(x, buf, len);
}

#endif

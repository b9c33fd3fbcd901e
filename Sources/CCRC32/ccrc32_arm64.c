/* The AArch64 kernel: the ARMv8 CRC32 instructions. CRC32X/CRC32B (ACLE __crc32d/__crc32b) use zlib's
 * reflected polynomial 0xEDB88320 (the CRC32C* ones are Castagnoli's) and update the raw register, so the
 * zlib convention's complement is applied around them as in the portable loop. Compiled with the +crc
 * extension for this function only: the rest of the library still runs on any ARMv8 CPU, and the dispatcher
 * calls it only when AT_HWCAP reports HWCAP_CRC32. */
#if defined(__aarch64__)

#include "ccrc32_fold.h"

#include <arm_acle.h>
#include <string.h>

/* CRC32X takes the 64-bit register's lowest byte first, which is the first byte in memory only on a
 * little-endian CPU. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "ccrc32_arm64_crc needs a little-endian AArch64");

__attribute__((target("+crc")))
static uint32_t crc_bytes(uint32_t c, const uint8_t *buf, size_t len) {
    for (size_t i = 0; i < len; i++) {
        c = __crc32b(c, buf[i]);
    }
    return c;
}

__attribute__((target("+crc")))
uint32_t ccrc32_arm64_crc(uint32_t crc, const uint8_t *buf, size_t len) {
    uint32_t c = ~crc;
    /* Single bytes up to an 8-byte boundary, so that no 8-byte load straddles a cache line. */
    size_t head = (8 - ((uintptr_t)buf & 7)) & 7;
    if (head > len) {
        head = len;
    }
    c = crc_bytes(c, buf, head);
    buf += head;
    len -= head;
    for (; len >= 8; buf += 8, len -= 8) {
        uint64_t word;
        memcpy(&word, buf, sizeof word);
        c = __crc32d(c, word);
    }
    return ~crc_bytes(c, buf, len);
}

#endif

#ifndef CCRC32_H
#define CCRC32_H

#include <stddef.h>
#include <stdint.h>

/// Which hardware CRC-32 kernel this CPU can run (checked once, at first use). Only the kernels of the
/// architecture the library was built for are ever supported.
typedef enum {
    CCRC32_KERNEL_NONE = 0,        /* no hardware kernel: callers use zlib (ccrc32_update falls back to a slow loop) */
    CCRC32_KERNEL_PCLMUL = 1,      /* x86-64: SSE4.1 + PCLMULQDQ, 4 x 128-bit lanes */
    CCRC32_KERNEL_VPCLMUL512 = 2,  /* x86-64: AVX-512 + VPCLMULQDQ, 4 x 512-bit lanes */
    CCRC32_KERNEL_ARM64_CRC = 3,   /* AArch64: the ARMv8 CRC32 instructions, 8 bytes per instruction */
} ccrc32_kernel;

/// The best kernel available on this CPU.
ccrc32_kernel ccrc32_best_kernel(void);

/// Whether this CPU (and OS) can run `kernel`; CCRC32_KERNEL_NONE always can. Lets tests pick each one.
int ccrc32_kernel_supported(ccrc32_kernel kernel);

/// Continues the standard (zlib, ZIP) CRC-32 `crc` over `len` bytes at `buf` with `kernel`.
/// `crc` is the value a previous call returned (0 to start), exactly like zlib's crc32().
/// Passing a kernel the CPU lacks is undefined behaviour; use ccrc32_best_kernel().
uint32_t ccrc32_update(ccrc32_kernel kernel, uint32_t crc, const uint8_t *buf, size_t len);

#endif

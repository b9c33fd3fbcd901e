#include "ccrc32.h"
#include "ccrc32_fold.h"

#include <stdatomic.h>

#if defined(__x86_64__)
#include <cpuid.h>

/* CPUID bits (Intel SDM vol. 2A, CPUID; AMD APM vol. 3 agrees). */
#define LEAF1_ECX_PCLMULQDQ (1u << 1)
#define LEAF1_ECX_SSE41 (1u << 19)
#define LEAF1_ECX_OSXSAVE (1u << 27)
#define LEAF7_EBX_AVX512F (1u << 16)
#define LEAF7_ECX_VPCLMULQDQ (1u << 10)
/* XCR0: the OS saves SSE (1), AVX (2), opmask (5), ZMM0-15 upper halves (6) and ZMM16-31 (7) state.
 * Without these the instructions fault or lose register contents on a context switch. */
#define XCR0_AVX512_STATE ((1u << 1) | (1u << 2) | (1u << 5) | (1u << 6) | (1u << 7))

static uint64_t read_xcr0(void) {
    uint32_t eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((uint64_t)edx << 32) | eax;
}

static ccrc32_kernel detect(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) {
        return CCRC32_KERNEL_NONE;
    }
    if ((ecx & (LEAF1_ECX_PCLMULQDQ | LEAF1_ECX_SSE41)) != (LEAF1_ECX_PCLMULQDQ | LEAF1_ECX_SSE41)) {
        return CCRC32_KERNEL_NONE;
    }
    /* XGETBV itself faults unless the OS enabled XSAVE. */
    int os_saves_avx512 = (ecx & LEAF1_ECX_OSXSAVE) && (read_xcr0() & XCR0_AVX512_STATE) == XCR0_AVX512_STATE;
    unsigned ebx7, ecx7;
    if (os_saves_avx512 && __get_cpuid_count(7, 0, &eax, &ebx7, &ecx7, &edx) &&
        (ebx7 & LEAF7_EBX_AVX512F) && (ecx7 & LEAF7_ECX_VPCLMULQDQ)) {
        return CCRC32_KERNEL_VPCLMUL512;
    }
    return CCRC32_KERNEL_PCLMUL;
}

#elif defined(__aarch64__)
#include <asm/hwcap.h>
#include <sys/auxv.h>

/* The kernel reports the CRC32 instructions (optional in ARMv8.0, mandatory from ARMv8.1) in AT_HWCAP;
 * executing them without it raises SIGILL. */
static ccrc32_kernel detect(void) {
    return (getauxval(AT_HWCAP) & HWCAP_CRC32) ? CCRC32_KERNEL_ARM64_CRC : CCRC32_KERNEL_NONE;
}

#else
static ccrc32_kernel detect(void) {
    return CCRC32_KERNEL_NONE;
}
#endif

/* CPUID traps to the hypervisor in a VM, so the answer is cached (on every architecture: it never changes);
 * -1 = not yet known. Racing first calls compute the same value, so relaxed ordering is enough. */
static _Atomic int best_kernel = -1;

ccrc32_kernel ccrc32_best_kernel(void) {
    int known = atomic_load_explicit(&best_kernel, memory_order_relaxed);
    if (known < 0) {
        known = (int)detect();
        atomic_store_explicit(&best_kernel, known, memory_order_relaxed);
    }
    return (ccrc32_kernel)known;
}

int ccrc32_kernel_supported(ccrc32_kernel kernel) {
    ccrc32_kernel best = ccrc32_best_kernel();
    switch (kernel) {
    case CCRC32_KERNEL_NONE:
        return 1;
    case CCRC32_KERNEL_PCLMUL:
        /* VPCLMULQDQ's requirements include PCLMULQDQ's. */
        return best == CCRC32_KERNEL_PCLMUL || best == CCRC32_KERNEL_VPCLMUL512;
    case CCRC32_KERNEL_VPCLMUL512:
    case CCRC32_KERNEL_ARM64_CRC:
        return best == kernel;
    }
    return 0;
}

/* Only this architecture's kernels are compiled; any other value takes the portable loop. */
uint32_t ccrc32_update(ccrc32_kernel kernel, uint32_t crc, const uint8_t *buf, size_t len) {
    switch (kernel) {
#if defined(__x86_64__)
    case CCRC32_KERNEL_VPCLMUL512:
        return ccrc32_vpclmul512(crc, buf, len);
    case CCRC32_KERNEL_PCLMUL:
        return ccrc32_pclmul(crc, buf, len);
#elif defined(__aarch64__)
    case CCRC32_KERNEL_ARM64_CRC:
        return ccrc32_arm64_crc(crc, buf, len);
#endif
    default:
        return ccrc32_portable(crc, buf, len);
    }
}

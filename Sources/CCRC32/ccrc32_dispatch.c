#include "ccrc32.h"
#include "ccrc32_fold.h"

#include <cpuid.h>
#include <stdatomic.h>

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

/* CPUID traps to the hypervisor in a VM, so the answer is cached; -1 = not yet known. Racing first
 * calls compute the same value, so relaxed ordering is enough. */
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
    /* Each kernel's requirements include those of the ones numbered below it. */
    return kernel >= CCRC32_KERNEL_NONE && kernel <= ccrc32_best_kernel();
}

uint32_t ccrc32_update(ccrc32_kernel kernel, uint32_t crc, const uint8_t *buf, size_t len) {
    switch (kernel) {
    case CCRC32_KERNEL_VPCLMUL512:
        return ccrc32_vpclmul512(crc, buf, len);
    case CCRC32_KERNEL_PCLMUL:
        return ccrc32_pclmul(crc, buf, len);
    default:
        return ccrc32_portable(crc, buf, len);
    }
}

import CCRC32

extension CRC32 {
    /// A hardware kernel of the CCRC32 C target, picked at run time from the CPU's features: carry-less-multiply
    /// folding on x86-64, the CRC32 instructions on AArch64. Each is built only for its own architecture.
    enum FoldingKernel: Sendable, Hashable, CaseIterable {
        /// SSE4.1 + PCLMULQDQ: four 128-bit lanes.
        case pclmul
        /// AVX-512 + VPCLMULQDQ: four 512-bit lanes.
        case vpclmul512
        /// ARMv8 CRC32X, 8 bytes per instruction (`HWCAP_CRC32`).
        case arm64CRC

        /// The fastest kernel this CPU and OS run (cases are listed slowest first), or nil: then zlib is used.
        static let best: FoldingKernel? = allCases.last { $0.isSupported }

        /// The kernels this CPU and OS run.
        static var supported: [FoldingKernel] { allCases.filter(\.isSupported) }

        /// Whether this CPU and OS run the kernel (the OS must also save the AVX-512 registers).
        var isSupported: Bool { ccrc32_kernel_supported(cKernel) != 0 }

        /// A short name for logs and benchmarks.
        var name: String {
            switch self {
            case .pclmul: "pclmulqdq"
            case .vpclmul512: "vpclmulqdq-avx512"
            case .arm64CRC: "arm64-crc32"
            }
        }

        var cKernel: ccrc32_kernel {
            switch self {
            case .pclmul: CCRC32_KERNEL_PCLMUL
            case .vpclmul512: CCRC32_KERNEL_VPCLMUL512
            case .arm64CRC: CCRC32_KERNEL_ARM64_CRC
            }
        }
    }
}

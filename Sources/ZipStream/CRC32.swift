import CCRC32
import CZlib
import NIOCore

/// A running CRC-32 (the ZIP / zlib polynomial), computed at memory speed.
///
/// Inputs of at least one 16-byte block go to the carry-less-multiply folding kernel when the CPU has one
/// (VPCLMULQDQ, else PCLMULQDQ); shorter inputs and CPUs without it use zlib's braided `crc32_z`.
public struct CRC32: Sendable, Hashable {
    /// The implementation that computes the checksum.
    public enum Engine: Sendable, CaseIterable {
        /// zlib's `crc32_z`, always available.
        case zlib
        /// The best folding kernel this CPU runs, or zlib where it has none.
        case hardware
    }

    /// The checksum of everything passed to `update` so far.
    public private(set) var value: UInt32 = 0
    /// The folding kernel, or nil for zlib.
    private let kernel: FoldingKernel?
    /// Shorter updates go to zlib.
    private let kernelMinimumLength: Int

    /// Below one 16-byte block the kernels fall back to a byte loop slower than zlib's tables; from 16 bytes
    /// up they are 4-8x faster than zlib (docs/BENCHMARKS.md, "CRC-32").
    static let hardwareThreshold = 16

    /// A CRC-32 of no bytes yet (value 0), computed with `engine`.
    public init(engine: Engine = .hardware) {
        kernel = engine == .hardware ? FoldingKernel.best : nil
        kernelMinimumLength = Self.hardwareThreshold
    }

    /// A CRC-32 that sends every update, whatever its length, to `kernel`, so tests reach each kernel's
    /// short-input paths too. The CPU must support `kernel` (see `FoldingKernel.supported`).
    init(kernel: FoldingKernel) {
        precondition(kernel.isSupported, "CRC-32 kernel \(kernel.name) is not supported by this CPU")
        self.kernel = kernel
        kernelMinimumLength = 0
    }

    /// The name of the kernel `.hardware` uses on this CPU, for benchmarks and logs.
    public static var hardwareKernelName: String {
        FoldingKernel.best?.name ?? "none (zlib)"
    }

    /// Continues the checksum over `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let pointer = base.assumingMemoryBound(to: UInt8.self)
        if let kernel, bytes.count >= kernelMinimumLength {
            value = ccrc32_update(kernel.cKernel, value, pointer, bytes.count)
        } else {
            value = UInt32(crc32_z(UInt(value), pointer, bytes.count))
        }
    }

    /// Continues the checksum over the readable bytes of `buffer`.
    public mutating func update(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { update($0) }
    }

    /// Continues the checksum over `bytes`.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        var copy = Array(bytes)
        copy.withUnsafeMutableBytes { update(UnsafeRawBufferPointer($0)) }
    }
}

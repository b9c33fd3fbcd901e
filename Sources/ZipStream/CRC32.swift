import CCRC32
import CZlib
import NIOCore

/// A running CRC-32 (the ZIP / zlib polynomial), computed at memory speed.
///
/// Large inputs go to the carry-less-multiply folding kernel when the CPU has one
/// (VPCLMULQDQ, else PCLMULQDQ); short inputs and CPUs without it use zlib's braided `crc32_z`.
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
    private let engine: Engine

    /// Below this many bytes the folding kernel's set-up costs more than zlib's table loop.
    static let hardwareThreshold = 256
    static let kernel = ccrc32_best_kernel()

    /// A CRC-32 of no bytes yet (value 0), computed with `engine`.
    public init(engine: Engine = .hardware) {
        self.engine = engine
    }

    /// The name of the kernel `.hardware` uses on this CPU, for benchmarks and logs.
    public static var hardwareKernelName: String {
        switch kernel {
        case CCRC32_KERNEL_VPCLMUL512: "vpclmulqdq-avx512"
        case CCRC32_KERNEL_PCLMUL: "pclmulqdq"
        default: "none (zlib)"
        }
    }

    /// Continues the checksum over `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let pointer = base.assumingMemoryBound(to: UInt8.self)
        if engine == .hardware, Self.kernel != CCRC32_KERNEL_NONE, bytes.count >= Self.hardwareThreshold {
            value = ccrc32_update(Self.kernel, value, pointer, bytes.count)
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

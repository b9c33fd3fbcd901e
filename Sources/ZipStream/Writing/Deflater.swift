import CZlib
import NIOCore

/// A raw DEFLATE stream (RFC 1951, no zlib or gzip wrapper, as ZIP requires) over zlib.
/// Owns its z_stream; all pointer work stays in this file.
final class Deflater {
    private static let outputChunk = 64 * 1024
    private let stream: UnsafeMutablePointer<z_stream>
    private let allocator = ByteBufferAllocator()

    /// - Parameter level: 1 (fastest) ... 9 (smallest).
    init(level: Int32) throws(DeflaterError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // Negative window bits select raw deflate; 8 is zlib's default memory level.
        let code = deflateInit2_(stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                                 zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else {
            stream.deallocate()
            throw DeflaterError(code: code)
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// Compresses `input`; with `finish`, also ends the stream. Returns the compressed output produced.
    func deflate(_ input: ByteBuffer, finish: Bool) throws(DeflaterError) -> [ByteBuffer] {
        var outputs: [ByteBuffer] = []
        var failure: Int32?
        input.withUnsafeReadableBytes { bytes in
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: bytes.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(bytes.count)
            failure = drain(flush: finish ? Z_FINISH : Z_NO_FLUSH, into: &outputs)
            stream.pointee.next_in = nil
        }
        if let failure { throw DeflaterError(code: failure) }
        return outputs
    }

    /// Runs deflate() until it has consumed the input (and, when finishing, written the end of the stream).
    private func drain(flush: Int32, into outputs: inout [ByteBuffer]) -> Int32? {
        while true {
            var output = allocator.buffer(capacity: Self.outputChunk)
            var code: Int32 = Z_OK
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: Self.outputChunk) { space in
                stream.pointee.next_out = space.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(space.count)
                code = CZlib.deflate(stream, flush)
                let produced = space.count - Int(stream.pointee.avail_out)
                stream.pointee.next_out = nil
                return produced
            }
            if output.readableBytes > 0 { outputs.append(output) }
            // Z_BUF_ERROR only means "no progress possible", i.e. all input consumed.
            guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else { return code }
            let outputFull = stream.pointee.avail_out == 0
            if flush == Z_FINISH ? code == Z_STREAM_END : (!outputFull && stream.pointee.avail_in == 0) {
                return nil
            }
        }
    }
}

/// zlib refused to start or continue a deflate stream.
struct DeflaterError: Error {
    let code: Int32
}

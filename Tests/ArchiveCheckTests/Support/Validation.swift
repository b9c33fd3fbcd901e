import ArchiveCheck

/// Feeds `bytes` to a validator in pieces of `chunkSize` bytes (a stream's arbitrary cuts), then finishes it.
func validate(_ bytes: [UInt8], expectedLength: UInt64? = nil, chunkSize: Int = 65_536)
    -> Result<ArchiveSummary, ArchiveFault>
{
    var validator = StreamingZipValidator(expectedLength: expectedLength)
    for start in stride(from: 0, to: bytes.count, by: chunkSize) {
        let fault = bytes[start..<min(start + chunkSize, bytes.count)].withUnsafeBytes { chunk -> ArchiveFault? in
            do throws(ArchiveFault) { try validator.consume(chunk) } catch { return error }
            return nil
        }
        if let fault { return .failure(fault) }
    }
    do throws(ArchiveFault) { return .success(try validator.finish()) } catch { return .failure(error) }
}

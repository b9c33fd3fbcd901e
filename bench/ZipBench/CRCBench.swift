import ZipStream

/// CRC-32 throughput, zlib against the hardware folding kernel (DESIGN.md §3 rule 8: store mode runs at
/// CRC speed). Prints GB/s over a 256 MiB buffer (larger than the last-level cache, so memory bandwidth
/// counts, as in a real archive) and over 1 MiB in cache (the kernel's own limit), best of 5 runs, then
/// the per-call cost of short updates, which sets `CRC32`'s zlib/kernel threshold.
/// Results: docs/BENCHMARKS.md, "CRC-32".
func runCRCBench() {
    let size = 256 << 20
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size + 64, alignment: 64)
    defer { buffer.deallocate() }
    fillPseudoRandom(buffer)

    print("CRC-32: hardware kernel \(CRC32.hardwareKernelName), best of 5 runs")
    for (label, offset, length, repeats) in [
        ("256 MiB", 0, size, 1), ("256 MiB at offset 13", 13, size, 1), ("1 MiB in cache x 256", 0, 1 << 20, 256),
    ] {
        let input = UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + length])
        let zlib = measure(input, engine: .zlib, repeats: repeats)
        let hardware = measure(input, engine: .hardware, repeats: repeats)
        let bytes = Double(length * repeats)
        print(
            "  \(label): zlib \(format(bytes / zlib.seconds / 1e9)) GB/s, "
                + "hardware \(format(bytes / hardware.seconds / 1e9)) GB/s \(agreement(zlib, hardware))")
    }

    print("CRC-32: nanoseconds per update of n bytes (in cache)")
    let updates = 1_000_000
    for length in [8, 15, 16, 32, 64, 128, 256, 1_024, 4_096] {
        let input = UnsafeRawBufferPointer(rebasing: buffer[0..<length])
        let zlib = measure(input, engine: .zlib, repeats: updates)
        let hardware = measure(input, engine: .hardware, repeats: updates)
        print(
            "  n=\(length): zlib \(format(zlib.seconds * 1e9 / Double(updates))) ns, "
                + "hardware \(format(hardware.seconds * 1e9 / Double(updates))) ns \(agreement(zlib, hardware))")
    }
}

private struct Measurement {
    /// The fastest run.
    var seconds: Double
    /// The checksum the runs computed, to compare the engines (and so no update can be optimised away).
    var value: UInt32
}

/// Best of 5 runs of `repeats` chained updates over `input`.
private func measure(_ input: UnsafeRawBufferPointer, engine: CRC32.Engine, repeats: Int) -> Measurement {
    var best = Measurement(seconds: .infinity, value: 0)
    for _ in 0..<5 {
        var crc = CRC32(engine: engine)
        let elapsed = ContinuousClock().measure {
            for _ in 0..<repeats { crc.update(input) }
        }
        let (whole, attoseconds) = elapsed.components
        best.seconds = min(best.seconds, Double(whole) + Double(attoseconds) * 1e-18)
        best.value = crc.value
    }
    return best
}

private func agreement(_ zlib: Measurement, _ hardware: Measurement) -> String {
    zlib.value == hardware.value
        ? "(same value 0x\(String(hardware.value, radix: 16)))"
        : "(VALUES DIFFER: zlib 0x\(String(zlib.value, radix: 16)), hardware 0x\(String(hardware.value, radix: 16)))"
}

private func format(_ number: Double) -> String {
    let hundredths = Int((number * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

/// SplitMix64 words: incompressible bytes, fast to make, the same on every run.
private func fillPseudoRandom(_ buffer: UnsafeMutableRawBufferPointer) {
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    let words = buffer.bindMemory(to: UInt64.self)
    for index in words.indices {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        words[index] = z ^ (z >> 31)
    }
}

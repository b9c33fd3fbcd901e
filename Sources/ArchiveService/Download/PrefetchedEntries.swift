import NIOConcurrencyHelpers
import NIOCore

/// The bytes of the small S3 objects an archive read whole while it was planned (`AssetResolver`), by plan index,
/// until their entries are written. Each is handed out once and then dropped, and so is every entry before it: the
/// writer asks in plan order, and an entry a range request skips is never asked for.
///
/// Holds only the entries read whole (at most the read-ahead's byte budget of them), in two sorted arrays, not one
/// slot for every entry of a timeline.
final class PrefetchedEntries: Sendable {
    private struct State {
        /// Plan indices, ascending.
        let indices: [Int]
        var bytes: [ByteBuffer?]
        /// The first position not yet handed out or dropped.
        var next = 0
    }

    private let state: NIOLockedValueBox<State>

    /// `bytes` of the entries at their plan indices.
    init(_ bytes: [Int: ByteBuffer] = [:]) {
        let indices = bytes.keys.sorted()
        state = NIOLockedValueBox(State(indices: indices, bytes: indices.map { bytes[$0] }))
    }

    /// Whether entry `index` was read whole and not yet handed out: then there is nothing to open for it.
    func holds(_ index: Int) -> Bool {
        state.withLockedValue { state in
            let position = Self.firstPosition(in: state.indices, after: index - 1)
            return position < state.indices.count && state.indices[position] == index && state.bytes[position] != nil
        }
    }

    /// The bytes of entry `index` from `offset`, if it was read whole; forgets them, and every earlier entry's.
    func take(_ index: Int, from offset: UInt64) -> ByteBuffer? {
        state.withLockedValue { state in
            let end = Self.firstPosition(in: state.indices, after: index)
            var taken: ByteBuffer?
            while state.next < end {
                if state.indices[state.next] == index { taken = state.bytes[state.next] }
                state.bytes[state.next] = nil
                state.next += 1
            }
            guard let taken, offset <= taken.readableBytes else { return nil }
            return taken.getSlice(at: taken.readerIndex + Int(offset), length: taken.readableBytes - Int(offset))
        }
    }

    /// The first position in `indices` (ascending) whose index is greater than `index`.
    private static func firstPosition(in indices: [Int], after index: Int) -> Int {
        var (low, high) = (0, indices.count)
        while low < high {
            let middle = (low + high) / 2
            if indices[middle] <= index { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Runs `work` for every element, at most `limit` at a time, handing each result to `collect` as it finishes (on
/// the caller's task, so `collect` may mutate the caller's state).
func forEachBounded<Element: Sendable, Result: Sendable>(
    _ elements: [Element], limit: Int, _ work: @escaping @Sendable (Element) async -> Result,
    collect: (Result) -> Void
) async throws {
    try await withThrowingTaskGroup(of: Result.self) { group in
        var next = 0
        func addNext() {
            let element = elements[next]
            group.addTask { await work(element) }
            next += 1
        }
        while next < min(max(1, limit), elements.count) { addNext() }
        while let result = try await group.next() {
            collect(result)
            if next < elements.count { addNext() }
        }
    }
}

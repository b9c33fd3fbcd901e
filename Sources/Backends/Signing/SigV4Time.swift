import Foundation

/// The two renderings of the signing instant SigV4 uses, both in UTC: `20150830T123600Z` (x-amz-date) and
/// `20150830` (the credential scope).
struct SigV4Time: Sendable {
    let amzDate: String
    var date: String { String(amzDate.prefix(8)) }

    init(_ instant: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        func pad(_ value: Int?, _ width: Int) -> String {
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        amzDate = pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2) + "T"
            + pad(c.hour, 2) + pad(c.minute, 2) + pad(c.second, 2) + "Z"
    }
}

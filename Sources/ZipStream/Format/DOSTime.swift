/// MS-DOS date and time, the timestamp every ZIP header carries, derived from a UTC Unix time.
///
/// DOS time counts from 1980 in 2-second steps with no time zone. It is derived from UTC (not the server's
/// zone) so the bytes are the same on every replica; the 0x5455 extra field carries the exact UTC time.
struct DOSTime: Equatable {
    var time: UInt16
    var date: UInt16

    /// 1980-01-01 00:00:00 UTC, the earliest DOS time.
    static let earliest: Int64 = 315_532_800
    /// 2107-12-31 23:59:58 UTC, the latest.
    static let latest: Int64 = 4_354_819_198

    init(unixTime: Int64) {
        let seconds = min(max(unixTime, Self.earliest), Self.latest)
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        let hour = secondOfDay / 3600, minute = secondOfDay / 60 % 60, second = secondOfDay % 60
        time = UInt16(hour << 11 | minute << 5 | second / 2)
        date = UInt16((year - 1980) << 9 | month << 5 | day)
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    /// Division rounding towards minus infinity.
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

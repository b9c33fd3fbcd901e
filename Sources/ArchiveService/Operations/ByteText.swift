import Foundation

/// Byte counts for people: "1.2 GB" (decimal units, as browsers and file managers show them) and "1,234,567".
public enum ByteText {
    /// "9.8 kB", "612 MB", "1.2 GB": decimal units, as browsers and download managers show sizes.
    public static func short(_ bytes: UInt64) -> String {
        let units = ["bytes", "kB", "MB", "GB", "TB"]
        var value = Double(bytes), unit = 0
        while value >= 1000, unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(bytes) bytes" : String(format: value < 10 ? "%.1f" : "%.0f", value) + " " + units[unit]
    }

    /// "10,402,816": the exact count with thousands separators.
    public static func grouped(_ bytes: UInt64) -> String {
        let digits = Array(String(bytes))
        return String(digits.enumerated().flatMap { index, digit in
            (index > 0 && (digits.count - index) % 3 == 0) ? [",", digit] : [digit]
        })
    }
}

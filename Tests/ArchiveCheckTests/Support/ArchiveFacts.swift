import Foundation

/// An archive as Python's zipfile reads it (`ziptool.py facts`): the expected values of the tests.
struct ArchiveFacts: Decodable {
    struct Entry: Decodable {
        let name: String
        let crc: UInt32
        let size: UInt64
        let headerOffset: UInt64
        let dataOffset: UInt64
    }

    let length: UInt64
    let centralDirectoryOffset: UInt64
    let entries: [Entry]

    var dataBytes: UInt64 { entries.reduce(0) { $0 + $1.size } }

    static func of(_ path: String) async throws -> ArchiveFacts {
        try JSONDecoder().decode(ArchiveFacts.self, from: try await ExternalTool.ziptool(["facts", path]))
    }
}

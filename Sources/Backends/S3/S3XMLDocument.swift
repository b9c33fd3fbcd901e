import Foundation
import NIOConcurrencyHelpers
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An S3 response document flattened to (element path, text) pairs in document order, e.g.
/// `ListBucketResult/Contents/Key` → `photos/a.jpg`. S3's answers are shallow and regular, so a path lookup is
/// all the client needs; XMLParser does the unescaping.
struct S3XMLDocument {
    private(set) var elements: [(path: String, text: String)] = []

    /// Parses `bytes`; nil when they are not well-formed XML.
    init?(_ bytes: [UInt8]) {
        let collector = Collector()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = collector
        guard Self.parsing.withLock({ parser.parse() }) else { return nil }
        elements = collector.elements
    }

    /// One parse at a time in the process: on Linux XMLParser is libxml2, whose shared state is not documented as
    /// safe for concurrent use (swift-docc serialises its XML tests after SIGSEGVs in libxml2). S3's answers are
    /// small, so the wait is short.
    private static let parsing = NIOLock()

    /// Every text at `path`, in document order.
    func values(_ path: String) -> [String] {
        elements.filter { $0.path == path }.map(\.text)
    }

    /// The first text at `path`.
    func value(_ path: String) -> String? {
        elements.first { $0.path == path }?.text
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [(path: String, text: String)] = []
        private var stack: [String] = []
        private var text = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            stack.append(name)
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            elements.append((stack.joined(separator: "/"), text))
            stack.removeLast()
            text = ""
        }
    }
}

extension String {
    /// The text escaped for an XML element body (keys in DeleteObjects and CompleteMultipartUpload).
    var xmlEscaped: String {
        var out = ""
        for character in self {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}

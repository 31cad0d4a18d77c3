import Foundation
import SDP
import Testing

/// The sample session descriptions in `Corpus/`, with `manifest.tsv` saying what each should do.
enum Corpus {
    struct Entry: CustomTestStringConvertible, Sendable {
        var file: String
        var mediaCount: Int
        var expectation: String
        var testDescription: String { file }
    }

    static func url(_ file: String) -> URL {
        Bundle.module.bundleURL.appendingPathComponent("Corpus").appendingPathComponent(file)
    }

    static func bytes(_ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(file)))
    }

    static func text(_ file: String) throws -> String {
        String(decoding: try bytes(file), as: UTF8.self)
    }

    static func description(_ file: String) throws -> SessionDescription {
        try SessionDescription(parsing: try bytes(file))
    }

    static let manifest: [Entry] = {
        guard let text = try? Corpus.text("manifest.tsv") else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 3, let count = Int(fields[1]) else { return nil }
            return Entry(file: fields[0], mediaCount: count, expectation: fields[2])
        }
    }()
}

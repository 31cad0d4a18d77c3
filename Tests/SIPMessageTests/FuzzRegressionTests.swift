import Foundation
import Testing
@testable import SIPMessage

/// Inputs the fuzzer (`make fuzz`) once found troublesome, replayed with the fuzzer's own oracle:
/// parsing never crashes, and whatever parses round-trips.
@Suite("Fuzzer regressions")
struct FuzzRegressionTests {
    static var inputs: [String] {
        guard let folder = Bundle.module.url(forResource: "Corpus/fuzz-regressions", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test(arguments: inputs)
    func replay(_ name: String) throws {
        let url = try #require(Bundle.module.url(forResource: "Corpus/fuzz-regressions/\(name)", withExtension: nil))
        let bytes = Array(try Data(contentsOf: url))
        if let message = try? SIPMessage(parsing: bytes) {
            _ = try? message.validate()
            #expect(try SIPMessage(parsing: message.bytes) == message)
        }
        var framer = SIPStreamFramer()
        framer.append(bytes)
        while let frame = try? framer.next() {
            if case .message(let framed) = frame { _ = try? SIPMessage(parsing: framed) }
        }
    }
}

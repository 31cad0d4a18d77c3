import Foundation
import SDP
import Testing

/// Every corpus file parses, round-trips, and is answered as `manifest.tsv` says.
@Suite struct CorpusTests {
    /// The capabilities the manifest's expectations are written for.
    static let capabilities = MediaCapabilities(
        codecs: [.pcmu, .pcma], srtp: .optional, t38: T38Attributes(version: 0, maxBitRate: 14400, rateManagement: .transferredTCF, maxBuffer: 1800, maxDatagram: 400, errorCorrection: .t38UDPRedundancy),
        connectionAddress: .ip4("192.0.2.200"))

    static let key: [UInt8] = Array(0..<30)

    @Test func manifestListsEveryCorpusFile() throws {
        let folder = Corpus.url("")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sdp") }
        #expect(Set(files) == Set(Corpus.manifest.map(\.file)))
        #expect(Corpus.manifest.count >= 25)
    }

    @Test(arguments: Corpus.manifest)
    func parsesWithTheExpectedMediaCount(_ entry: Corpus.Entry) throws {
        let description = try Corpus.description(entry.file)
        #expect(description.mediaDescriptions.count == entry.mediaCount)
    }

    @Test(arguments: Corpus.manifest)
    func roundTrips(_ entry: Corpus.Entry) throws {
        let description = try Corpus.description(entry.file)
        let text = description.serialized()
        #expect(try SessionDescription(parsing: text) == description)
        #expect(try SessionDescription(parsing: description.serializedBytes()) == description)
        #expect(endsEveryLineInCRLF(Array(text.utf8)))
    }

    @Test(arguments: Corpus.manifest.filter { $0.expectation != "-" })
    func isAnsweredAsTheManifestSays(_ entry: Corpus.Entry) throws {
        let offer = try Corpus.description(entry.file)
        var negotiation = OfferAnswer(capabilities: Self.capabilities, sessionID: 1)
        let audio = LocalStream(port: 40000, masterKeySalt: Self.key)
        let t38 = LocalStream(port: 40010)
        let expectation = entry.expectation.split(separator: ":").map(String.init)
        switch expectation[0] {
        case "reject":
            let error = #expect(throws: SDPError.self) {
                _ = try negotiation.receiveOffer(offer, audio: audio, t38: t38)
            }
            #expect(error?.sipStatus == 488)
            #expect(error.map { String($0.warningCode) } == expectation[1])
        case "removed":
            let (answer, negotiated) = try negotiation.receiveOffer(offer, audio: audio, t38: t38)
            #expect(negotiated.isEmpty)
            #expect(answer.mediaDescriptions.allSatisfy { $0.isRejected })
        default:
            let (answer, negotiated) = try negotiation.receiveOffer(offer, audio: audio, t38: t38)
            #expect(answer.mediaDescriptions.count == offer.mediaDescriptions.count)
            let accepted = try #require(negotiated.first)
            if expectation[1] == "t38" {
                #expect(accepted.t38 != nil)
            } else {
                #expect(accepted.codec?.encodingName == expectation[1])
            }
            // What we send must itself parse and round-trip.
            #expect(try SessionDescription(parsing: answer.serialized()) == answer)
        }
    }
}

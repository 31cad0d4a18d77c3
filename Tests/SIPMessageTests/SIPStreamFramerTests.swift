import Testing
@testable import SIPMessage

@Suite("Stream framing (RFC 3261 §18.3, RFC 5626 keep-alives)")
struct SIPStreamFramerTests {
    let first = invite(body: "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\n")
    let second = invite(extraHeaders: ["Subject: second"])

    func frames(_ chunks: [[UInt8]], expectsPongs: Bool = false) throws -> [SIPStreamFramer.Frame] {
        var framer = SIPStreamFramer(expectsPongs: expectsPongs)
        var out: [SIPStreamFramer.Frame] = []
        for chunk in chunks {
            framer.append(chunk)
            while let frame = try framer.next() { out.append(frame) }
        }
        #expect(framer.bufferedByteCount == 0)
        return out
    }

    @Test func wholeMessagesInOneRead() throws {
        let bytes = Array((first + second).utf8)
        #expect(try frames([bytes]) == [.message(Array(first.utf8)), .message(Array(second.utf8))])
    }

    /// Every split point of two messages and a keep-alive yields the same frames (the ByteToMessageDecoderVerifier idea).
    @Test func everySplitPointGivesTheSameFrames() throws {
        let bytes = Array((first + "\r\n\r\n" + second).utf8)
        let expected: [SIPStreamFramer.Frame] = [.message(Array(first.utf8)), .ping, .message(Array(second.utf8))]
        for split in 1..<bytes.count {
            let got = try frames([Array(bytes[..<split]), Array(bytes[split...])])
            #expect(got == expected, "split at \(split)")
        }
    }

    @Test func byteByByte() throws {
        let bytes = Array((first + second).utf8)
        #expect(try frames(bytes.map { [$0] }).count == 2)
    }

    @Test func keepAlivePingAndPong() throws {
        #expect(try frames([Array("\r\n\r\n".utf8)]) == [.ping])
        #expect(try frames([Array("\r\n".utf8)], expectsPongs: true) == [.pong])
        // On the server side a lone CRLF may be half a ping, and a CRLF before a message is ignored (RFC 3261 §7.5).
        var server = SIPStreamFramer()
        server.append(Array("\r\n".utf8))
        #expect(try server.next() == nil)
        server.append(Array("\r\n".utf8))
        #expect(try server.next() == .ping)
        #expect(try frames([Array(("\r\n" + second).utf8)]) == [.message(Array(second.utf8))])
    }

    @Test func framedBytesParse() throws {
        guard case .message(let bytes) = try frames([Array(first.utf8)]).first else {
            Issue.record("no frame")
            return
        }
        let message = try SIPMessage(parsing: bytes)
        #expect(message.body == Array("v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\n".utf8))
    }

    @Test func oversizedHeadersAndBodiesAreRefusedBeforeBuffering() {
        var framer = SIPStreamFramer(limits: SIPParseLimits(maxHeaderBytes: 100, maxBodyBytes: 10))
        framer.append(Array(repeating: UInt8(ascii: "a"), count: 101))
        #expect(throws: SIPMessageError.self) { try framer.next() }

        var bodyFramer = SIPStreamFramer(limits: SIPParseLimits(maxBodyBytes: 10))
        bodyFramer.append(Array(invite().replacingOccurrences("Content-Length: 0", "Content-Length: 999999").utf8))
        do {
            _ = try bodyFramer.next()
            Issue.record("expected an error")
        } catch {
            #expect(error.statusCode == 413)
        }
    }

    @Test func missingContentLengthMeansNoBody() throws {
        let noLength = invite().replacingOccurrences("Content-Length: 0\r\n", "")
        let got = try frames([Array((noLength + second).utf8)])
        #expect(got.count == 2)
    }
}

extension SIPStreamFramerTests {
    /// A fuzzer find: a long run of bare LFs recursed once per byte and overflowed the stack.
    @Test func manyBareLineFeedsAreSkippedWithoutRecursion() throws {
        var framer = SIPStreamFramer()
        framer.append(Array(repeating: 0x0A, count: 1_000_000))
        #expect(try framer.next() == nil)
        #expect(framer.bufferedByteCount == 0)
    }

    /// A CR that is not part of a CRLF cannot start a message: an error, so the connection is closed
    /// instead of buffering forever.
    @Test func strayCRIsAnError() {
        var framer = SIPStreamFramer()
        framer.append(Array("\rINVITE".utf8))
        #expect(throws: SIPMessageError.self) { try framer.next() }
    }
}

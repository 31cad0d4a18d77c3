/// Cuts a TCP or TLS byte stream into SIP messages (RFC 3261 §18.3) and RFC 5626 §4.4.1 keep-alives.
///
/// Messages are delimited by their Content-Length (a missing one means no body). The framer holds at most
/// `maxHeaderBytes + maxBodyBytes` of one message: a peer that exceeds the limits gets an error, after which the
/// connection should be closed, since the stream can no longer be resynchronised.
public struct SIPStreamFramer: Sendable {
    /// What came off the stream.
    public enum Frame: Sendable, Equatable {
        /// The bytes of one complete message, to be parsed with `SIPMessage(parsing:)`.
        case message([UInt8])
        /// A double-CRLF keep-alive ping: answer it with a single CRLF (RFC 5626 §4.4.1).
        case ping
        /// A single-CRLF pong, the answer to our ping.
        case pong
    }

    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var pendingMessageLength: Int?
    /// The limits applied to each message.
    public let limits: SIPParseLimits
    /// Whether this side sends pings and so reads a lone CRLF as a pong (a client connection).
    public let expectsPongs: Bool

    /// Creates a framer. A server-side connection (the default) answers pings; a client-side one sets `expectsPongs`.
    public init(limits: SIPParseLimits = .default, expectsPongs: Bool = false) {
        self.limits = limits
        self.expectsPongs = expectsPongs
    }

    /// Bytes held but not yet returned as frames.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Appends bytes received from the stream.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if readIndex > 0, readIndex >= buffer.count / 2 {
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or nil when more bytes are needed.
    public mutating func next() throws(SIPMessageError) -> Frame? {
        if let length = pendingMessageLength {
            guard buffer.count - readIndex >= length else { return nil }
            return takeMessage(length)
        }
        // Line ends before a start line: keep-alives (RFC 5626 §4.4.1) or stray CRLFs to ignore (RFC 3261 §7.5).
        while readIndex < buffer.count {
            let available = buffer.count - readIndex
            let b = buffer[readIndex]
            if b == 0x0A {
                readIndex += 1
                continue
            }
            guard b == 0x0D else { break }
            guard available >= 2 else { return nil }
            guard buffer[readIndex + 1] == 0x0A else {
                throw SIPMessageError(.syntax, "stray CR before a start line")
            }
            if available >= 4, buffer[readIndex + 2] == 0x0D, buffer[readIndex + 3] == 0x0A {
                readIndex += 4
                return .ping
            }
            // A CRLF at the end of what we have may be the first half of a ping split across segments,
            // unless this side sent the ping and waits for the pong.
            if !expectsPongs, available == 2 || (available == 3 && buffer[readIndex + 2] == 0x0D) { return nil }
            readIndex += 2
            if expectsPongs { return .pong }
        }
        let available = buffer.count - readIndex
        guard available > 0 else { return nil }

        let found: (Int, Int)?? = buffer.withUnsafeBufferPointer { whole in
            let view = UnsafeBufferPointer(rebasing: whole[readIndex...])
            return SIPMessage.findEndOfHeaders(view, from: 0).map { Optional($0) }
        }
        guard let found = found ?? nil else {
            if available > limits.maxHeaderBytes {
                throw SIPMessageError(.messageTooLarge, "headers exceed \(limits.maxHeaderBytes) bytes")
            }
            return nil
        }
        let (headerEnd, bodyStart) = found
        guard headerEnd <= limits.maxHeaderBytes else {
            throw SIPMessageError(.messageTooLarge, "headers exceed \(limits.maxHeaderBytes) bytes")
        }
        let contentLength = try buffer.withUnsafeBufferPointer { (whole) throws(SIPMessageError) -> Int in
            try Self.contentLength(in: UnsafeBufferPointer(rebasing: whole[readIndex..<(readIndex + headerEnd)]))
        }
        guard contentLength <= limits.maxBodyBytes else {
            throw SIPMessageError(.bodyTooLarge, "Content-Length \(contentLength) exceeds \(limits.maxBodyBytes)")
        }
        let total = bodyStart + contentLength
        guard available >= total else {
            pendingMessageLength = total
            return nil
        }
        return takeMessage(total)
    }

    private mutating func takeMessage(_ length: Int) -> Frame {
        let bytes = Array(buffer[readIndex..<(readIndex + length)])
        readIndex += length
        pendingMessageLength = nil
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        }
        return .message(bytes)
    }

    /// Finds `Content-Length` (or compact `l`) among the header lines without parsing the whole message.
    static func contentLength(in head: UnsafeBufferPointer<UInt8>) throws(SIPMessageError) -> Int {
        var lineStart = 0
        var i = 0
        while i <= head.count {
            if i == head.count || head[i] == 0x0A {
                var j = lineStart
                while j < i, SIPCharacterClass.token[Int(head[j])] { j += 1 }
                let nameLength = j - lineStart
                let isCompact = nameLength == 1 && head[lineStart] | 0x20 == UInt8(ascii: "l")
                let isLong = nameLength == 14 && Self.equalsLowercased(head, lineStart, "content-length")
                if isCompact || isLong {
                    while j < i, head[j] == 0x20 || head[j] == 0x09 { j += 1 }
                    if j < i, head[j] == UInt8(ascii: ":") {
                        j += 1
                        while j < i, SIPCharacterClass.isLWS(head[j]) { j += 1 }
                        var value = 0
                        var digits = 0
                        while j < i, SIPCharacterClass.isDigit(head[j]) {
                            value = value * 10 + Int(head[j] - 0x30)
                            digits += 1
                            j += 1
                            guard digits <= 9 else { throw SIPMessageError(.bodyTooLarge, "Content-Length too large", header: "Content-Length") }
                        }
                        guard digits > 0 else { throw SIPMessageError(.syntax, "Content-Length is not a number", header: "Content-Length") }
                        return value
                    }
                }
                lineStart = i + 1
            }
            i += 1
        }
        return 0
    }

    private static func equalsLowercased(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ literal: StaticString) -> Bool {
        let p = literal.utf8Start
        for k in 0..<literal.utf8CodeUnitCount where bytes[start + k] | 0x20 != p[k] { return false }
        return true
    }
}

// libFuzzer entry point for the SIP parser (`make fuzz`). Compiled together with Sources/SIPMessage into one
// module, so it reaches internal API too. Oracles: no crash, no hang, and for every message that parses,
// parse(serialize(m)) == m.

@_cdecl("LLVMFuzzerTestOneInput")
public func sipMessageFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))

    if let message = try? SIPMessage(parsing: bytes) {
        _ = try? message.validate()
        exerciseTypedHeaders(message.headers)
        _ = message.canonicalText
        guard let again = try? SIPMessage(parsing: message.bytes) else {
            fatalError("serialized message does not parse again")
        }
        precondition(again == message, "parse(serialize(m)) != m")
    }

    var framer = SIPStreamFramer(limits: SIPParseLimits(maxHeaderBytes: 4096, maxBodyBytes: 4096))
    framer.append(bytes)
    var frames = 0
    while frames < 64, let frame = try? framer.next() {
        frames += 1
        if case .message(let framed) = frame { _ = try? SIPMessage(parsing: framed) }
    }

    if let text = String(validating: bytes, as: UTF8.self) {
        _ = try? SIPURI(parsing: text)
        _ = try? NameAddress(parsing: text)
    }
    return 0
}

private func exerciseTypedHeaders(_ h: SIPHeaders) {
    _ = try? h.via
    _ = try? h.from
    _ = try? h.to
    _ = try? h.callID
    _ = try? h.cseq
    _ = try? h.maxForwards
    _ = try? h.contact
    _ = try? h.route
    _ = try? h.recordRoute
    _ = try? h.diversion.map { ($0.reason, $0.counter, $0.privacy, $0.screen) }
    _ = try? h.historyInfo.map { ($0.index, $0.cause, $0.mp, $0.rc) }
    _ = try? h.pAssertedIdentity
    _ = try? h.remotePartyID
    _ = try? h.privacy
    _ = try? h.event
    _ = try? h.subscriptionState
    _ = try? h.referTo
    _ = try? h.referredBy
    _ = try? h.replaces
    _ = try? h.sessionExpires
    _ = try? h.minSE
    _ = try? h.reason
    _ = try? h.contentType
    _ = try? h.authorizations(.authorization)
    _ = try? h.authorizations(.wwwAuthenticate)
    for field in h { _ = field.unfoldedValue }
}

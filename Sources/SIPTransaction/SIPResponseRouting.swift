public import SIPMessage

/// Where a server sends its responses (RFC 3261 §18.2.1, §18.2.2; RFC 3581 §4).
///
/// On receipt, the server stamps the top Via of a request with where it really came from (`stamp`); when it
/// responds, the stamped Via says where to send (`destination`). Pure functions: no I/O and no DNS — the only host
/// names they return are a `maddr` the client asked for.
public enum SIPResponseRouting {
    /// Stamps the top Via of a received request (§18.2.1, RFC 3581 §4).
    ///
    /// - `received` is set to the source IP when the sent-by host differs from it, so that responses reach a client
    ///   that wrote a name or a private address, and always when the client asked for `rport` (RFC 3581 §4: "even if
    ///   it is identical to the value of the sent-by component").
    /// - an `rport` without a value is given the source port.
    ///
    /// A Via that needs no stamp is left byte for byte as it came. Throws when the request has no parsable Via.
    public static func stamp(_ request: inout SIPMessage, receivedFrom source: SIPTransportAddress) throws(SIPTransactionError) {
        do {
            let via = try request.headers.topVia
            let stamped = stamped(via, receivedFrom: source)
            if stamped != via { try request.replaceTopVia(with: stamped) }
        } catch {
            throw SIPTransactionError(wrapping: error)
        }
    }

    /// The top Via value `via` of a request received from `source`, stamped as `stamp(_:receivedFrom:)` describes.
    public static func stamped(_ via: SIPVia, receivedFrom source: SIPTransportAddress) -> SIPVia {
        var via = via
        let rportRequested = via.rport == .requested
        if rportRequested || !sameHost(via.host, source.host) {
            via.received = source.host
        }
        if rportRequested { via.rport = .port(source.port) }
        return via
    }

    /// Where the response to a request whose (stamped) top Via is `via`, received from `source`, goes (§18.2.2).
    ///
    /// - Reliable transports: back to the source, which for the transport layer means the connection the request
    ///   came on (§18.2.2: "the response MUST be sent using the existing connection").
    /// - `maddr`: to that address, at the sent-by port or the transport's default port (§18.2.2).
    /// - Otherwise to the `received` address (or the source IP, which it equals when absent), at the `rport` value when
    ///   the client asked for rport (RFC 3581 §4), else at the sent-by port or the default port (§18.2.2).
    ///
    /// A multicast `maddr` should also be sent with the Via's `ttl`; `SIPTransportAddress` carries no TTL, so the
    /// transport must read it from the Via.
    public static func destination(for via: SIPVia, receivedFrom source: SIPTransportAddress) -> SIPTransportAddress {
        if source.transport.isReliable { return source }
        let defaultPort = source.transport.defaultPort
        if let maddr = via.maddr {
            return SIPTransportAddress(source.transport, host: unbracketed(maddr), port: via.port ?? defaultPort)
        }
        let host = via.received.map(unbracketed) ?? source.host
        let port: Int
        switch via.rport {
        case .port(let value): port = value
        case .requested: port = source.port
        case .absent: port = via.port ?? defaultPort
        }
        return SIPTransportAddress(source.transport, host: host, port: port)
    }

    /// Where the response to `request` (already stamped) goes; throws when it has no parsable Via.
    public static func destination(forResponseTo request: SIPMessage, receivedFrom source: SIPTransportAddress) throws(SIPTransactionError) -> SIPTransportAddress {
        do {
            return destination(for: try request.headers.topVia, receivedFrom: source)
        } catch {
            throw SIPTransactionError(wrapping: error)
        }
    }

    /// Compares a Via host with a socket address host: case-insensitively and without IPv6 brackets.
    static func sameHost(_ viaHost: String, _ sourceHost: String) -> Bool {
        unbracketed(viaHost).lowercased() == unbracketed(sourceHost).lowercased()
    }

    static func unbracketed(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }
}

extension SIPURI {
    /// The transport address to send a request to when this URI is the next hop, by the rules of RFC 3263 §4 for
    /// a numeric or explicitly-ported target: `transport=` parameter, else TLS for `sips:`, else `defaultTransport`;
    /// the port written, else the transport's default; `maddr` overrides the host (RFC 3261 §19.1.1).
    /// Names are returned as names; resolving them (A/AAAA) is the transport's job.
    public func nextHopAddress(defaultTransport: SIPTransportAddress.Transport = .udp) -> SIPTransportAddress? {
        guard scheme == .sip || scheme == .sips, !host.isEmpty else { return nil }
        let transport: SIPTransportAddress.Transport
        if let token = self.transport, let named = SIPTransportAddress.Transport(token: token) {
            transport = scheme == .sips && named == .tcp ? .tls : named
        } else {
            transport = scheme == .sips ? .tls : defaultTransport
        }
        let target = (parameters["maddr"] ?? nil) ?? host
        let bare = target.hasPrefix("[") && target.hasSuffix("]") ? String(target.dropFirst().dropLast()) : target
        return SIPTransportAddress(transport, host: bare, port: port ?? transport.defaultPort)
    }
}

/// A UM IP gateway: a PBX, SIP proxy or SBC allowed to send Herald calls, and what Herald may do through it.
public struct IPGateway: Sendable, Hashable, Codable {
    /// A name for logs and admin lists.
    public var name: String
    /// The gateway's IP address or host name, as its requests arrive from it.
    public var address: String
    /// Its SIP port.
    public var port: Int
    /// The transport to use towards it.
    public var transport: GatewayTransport
    /// Whether Herald may place calls (transfers, Play on Phone) through it.
    public var allowsOutboundCalls: Bool
    /// Whether message-waiting NOTIFYs go to it.
    public var sendsMessageWaiting: Bool
    /// The dial plan whose numbers it serves.
    public var dialPlan: String
    /// How its PBX behaves.
    public var profile: PBXProfile

    /// Creates a gateway.
    public init(
        name: String, address: String, port: Int = 5060, transport: GatewayTransport = .udp, allowsOutboundCalls: Bool = true,
        sendsMessageWaiting: Bool = true, dialPlan: String, profile: PBXProfile = .genericRFC
    ) {
        self.name = name
        self.address = address
        self.port = port
        self.transport = transport
        self.allowsOutboundCalls = allowsOutboundCalls
        self.sendsMessageWaiting = sendsMessageWaiting
        self.dialPlan = dialPlan
        self.profile = profile
    }

    /// Whether a request's source address is this gateway (IPv6 text compared without brackets or case).
    public func matches(sourceHost: String) -> Bool {
        func normal(_ host: String) -> String { host.trimmingCharacters(in: "[]").lowercased() }
        return normal(address) == normal(sourceHost)
    }
}

extension String {
    /// The string without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> String {
        let drop = Set(set)
        guard let start = firstIndex(where: { !drop.contains($0) }), let end = lastIndex(where: { !drop.contains($0) }) else { return "" }
        return String(self[start...end])
    }
}

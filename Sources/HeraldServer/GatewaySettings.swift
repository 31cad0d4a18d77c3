public import Directory

/// Turns admin-verb arguments into directory values (so the command line need not know the domain types).
public enum GatewaySettings {
    /// The PBX profile presets' names.
    public static var profileNames: [String] { PBXProfile.presets.map(\.name) }

    /// A transport by name.
    public static func transport(_ name: String) -> GatewayTransport? {
        GatewayTransport(rawValue: name.lowercased())
    }

    /// A profile preset by name.
    public static func profile(_ name: String) -> PBXProfile? {
        PBXProfile.preset(named: name)
    }

    /// A gateway from validated arguments.
    public static func gateway(
        name: String, address: String, port: Int, transport: String, dialPlan: String, profile: String, outbound: Bool,
        messageWaiting: Bool
    ) -> IPGateway {
        IPGateway(
            name: name, address: address, port: port, transport: GatewayTransport(rawValue: transport.lowercased()) ?? .udp,
            allowsOutboundCalls: outbound, sendsMessageWaiting: messageWaiting, dialPlan: dialPlan,
            profile: PBXProfile.preset(named: profile) ?? .genericRFC)
    }

    /// A user from validated arguments.
    public static func user(firstName: String, lastName: String, email: String, extensions: [String], dialPlan: String) -> UMUser {
        UMUser(firstName: firstName, lastName: lastName, email: email, extensions: extensions, dialPlan: dialPlan)
    }
}

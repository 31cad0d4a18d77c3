/// The Event header (RFC 6665 §8.2.1): the event package (`message-summary`, `refer`, `dialog`) and its `id`.
public struct SIPEvent: Sendable, Equatable, CustomStringConvertible {
    /// The event package name, e.g. `message-summary` (RFC 3842) or `refer` (RFC 3515).
    public var package: String
    /// Parameters; `id` distinguishes subscriptions in one dialog.
    public var parameters: SIPParameters

    /// Creates an Event value.
    public init(_ package: String, parameters: SIPParameters = SIPParameters()) {
        self.package = package
        self.parameters = parameters
    }

    /// The `id` parameter.
    public var id: String? { parameters["id"] ?? nil }

    /// `refer;id=93809824`.
    public var description: String { package + parameters.serialized }

    static func parse(_ s: inout ByteScanner) throws(SIPMessageError) -> SIPEvent {
        s.skipLWS()
        let package = try s.token("event package")
        let parameters = try s.parameters()
        try s.expectEnd()
        return SIPEvent(package, parameters: parameters)
    }
}

public import SIPMessage

/// The Refer-To of a REFER (RFC 3515 §2.1): where the referee is sent, with the request method and, for an attended
/// transfer, the dialog its INVITE replaces (RFC 3891 §3, carried as an escaped `Replaces` URI header).
///
/// ```
/// Refer-To: <sip:dave@denver.example.org?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>
/// ```
///
/// Parsing (`init(parsing:)`) is what a referee does: only SIP, SIPS and tel targets are accepted, the embedded
/// Replaces is unescaped and parsed, the `method` URI parameter (RFC 3515 §2.1) becomes `method`, and other URI headers
/// are kept in `headers` for the driver to copy into the new request (RFC 3261 §19.1.5).
public struct ReferTarget: Sendable, Equatable, CustomStringConvertible {
    /// The URI to send the new request to, without URI headers or a `method` parameter.
    public var uri: SIPURI
    /// The method of the request to send (RFC 3515 §2.1: the `method` URI parameter, INVITE by default).
    public var method: SIPMethod
    /// The dialog the new INVITE replaces (RFC 3891), for an attended transfer.
    public var replaces: SIPReplaces?
    /// Other URI headers of the Refer-To, as written (escaped): fields for the new request.
    public var headers: [SIPURI.Header]

    /// Creates a target; `uri` should carry no URI headers (they are dropped).
    public init(uri: SIPURI, method: SIPMethod = .invite, replaces: SIPReplaces? = nil) {
        var uri = uri
        uri.headers = []
        self.uri = uri
        self.method = method
        self.replaces = replaces
        self.headers = []
    }

    /// An attended transfer (RFC 5589 §7): refer the peer to the party of `dialog` — our other call — replacing that
    /// dialog. The target is `uri` when given, else the other party's Contact (`dialog.remoteTarget`), which reaches the
    /// very device that holds the dialog.
    public init(attendedTransferTo dialog: Dialog, uri: SIPURI? = nil, earlyOnly: Bool = false) {
        self.init(uri: uri ?? dialog.remoteTarget, replaces: ReferTarget.replaces(for: dialog, earlyOnly: earlyOnly))
    }

    /// The Replaces value that names `dialog` to its remote party (RFC 3891 §3): the tags are seen from the side that
    /// receives the INVITE with Replaces, so `to-tag` is that party's tag (our remote tag) and `from-tag` ours.
    public static func replaces(for dialog: Dialog, earlyOnly: Bool = false) -> SIPReplaces {
        SIPReplaces(callID: dialog.id.callID, toTag: dialog.id.remoteTag, fromTag: dialog.id.localTag, earlyOnly: earlyOnly)
    }

    /// Parses and validates a received Refer-To value (RFC 3515 §2.1, RFC 3891 §3).
    public init(parsing referTo: NameAddress) throws(DialogUsageError) {
        var uri = referTo.uri
        switch uri.scheme {
        case .sip, .sips, .tel: break
        case .other(let scheme): throw DialogUsageError.unsupportedURIScheme(scheme)
        }
        var replaces: SIPReplaces?
        var others: [SIPURI.Header] = []
        for header in uri.headers {
            let name = SIPEscaping.unescape(header.name) ?? header.name
            guard name.lowercased() == "replaces" else {
                others.append(header)
                continue
            }
            guard replaces == nil else { throw DialogUsageError.repeatedHeader("Replaces") }
            guard let value = SIPEscaping.unescape(header.value) else {
                throw DialogUsageError.invalid("the Replaces URI header is not properly escaped")
            }
            do throws(SIPMessageError) {
                replaces = try SIPHeaders([SIPHeaderField(.replaces, value)]).replaces
            } catch {
                throw DialogUsageError.malformed(error)
            }
        }
        var method = SIPMethod.invite
        if let value = uri.parameters["method"] {
            guard let value, !value.isEmpty else { throw DialogUsageError.invalid("empty method parameter in Refer-To") }
            method = SIPMethod(rawValue: value)
            uri.parameters.remove("method")
        }
        if replaces != nil, method != .invite {
            throw DialogUsageError.invalid("Replaces in a Refer-To whose method is \(method), not INVITE")
        }
        uri.headers = []
        self.uri = uri
        self.method = method
        self.replaces = replaces
        self.headers = others
    }

    /// Reads and validates the Refer-To of a received REFER: exactly one is required (RFC 3515 §2.4.2 → 400).
    public init(referring request: SIPMessage) throws(DialogUsageError) {
        let count = request.headers.count(of: .referTo)
        guard count > 0 else { throw DialogUsageError.missingHeader("Refer-To") }
        guard count == 1 else { throw DialogUsageError.repeatedHeader("Refer-To") }
        let value: NameAddress?
        do throws(SIPMessageError) { value = try request.headers.referTo } catch { throw DialogUsageError.malformed(error) }
        guard let value else { throw DialogUsageError.missingHeader("Refer-To") }
        try self.init(parsing: value)
    }

    /// The Refer-To URI text: the target with the `method` parameter (when not INVITE) and URI headers, Replaces
    /// escaped as a URI header value (RFC 3891 §3, RFC 3261 §19.1.1).
    public var uriText: String {
        var base = uri
        if method != .invite { base.parameters.set("method", method.rawValue) }
        var text = base.serialized
        var parts = headers.map { $0.name + "=" + $0.value }
        if let replaces { parts.append("Replaces=" + SIPEscaping.escapeURIHeader(replaces.description)) }
        if !parts.isEmpty { text += "?" + parts.joined(separator: "&") }
        return text
    }

    /// The Refer-To header value, in angle brackets so that URI headers and parameters stay in the URI.
    public var description: String { "<" + uriText + ">" }

    /// The Refer-To header field.
    public var field: SIPHeaderField { SIPHeaderField(.referTo, description) }
}

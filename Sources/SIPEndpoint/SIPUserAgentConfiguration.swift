public import Logging
public import SIPMessage
public import SIPTransaction

/// How a user agent presents itself and what it accepts.
public struct SIPUserAgentConfiguration: Sendable {
    /// The user part of our Contact and default From (`herald`).
    public var user: String
    /// The host we put in Via, Contact and From; nil uses the address each listener is bound to.
    public var advertisedHost: String?
    /// `User-Agent` / `Server` header value.
    public var product: String
    /// Methods we handle, answered in Allow; others get 405 if standard, 501 if unknown.
    public var allowedMethods: [SIPMethod]
    /// Option tags we support (Supported); a request that requires another gets 420 (RFC 3261 §8.2.2.3).
    public var supportedExtensions: [String]
    /// Timers and limits of the transaction layer; T1/T2 also pace 2xx retransmission (§13.3.1.4).
    public var transactions: SIPTransactionLayer.Configuration
    /// Bodies we accept per method; another Content-Type gets 415 with Accept (§8.2.3).
    public var acceptedBodyTypes: [SIPMethod: [SIPMediaType]]
    /// Credentials for challenges (401/407) from peers, by realm; nil answers challenges with failure.
    public var credentials: (@Sendable (_ realm: String) -> (username: String, password: String)?)?
    /// Digest authentication required of some peers; nil trusts every source the transport accepts.
    public var authentication: SIPAuthenticationPolicy?
    /// Where the user agent logs; every line of a call carries its Call-ID.
    public var logger: Logger
    /// Event packages whose out-of-dialog (unsolicited) NOTIFYs go to `incomingRequests` for the application to
    /// answer, such as `message-summary` for a PBX that lights lamps; others get 481 (RFC 6665).
    public var deliveredEventPackages: Set<String>

    /// Creates a configuration with Herald's defaults.
    public init(
        user: String = "herald", advertisedHost: String? = nil, product: String = "Herald",
        allowedMethods: [SIPMethod] = [.invite, .ack, .bye, .cancel, .options, .info, .update, .prack, .notify, .subscribe],
        supportedExtensions: [String] = ["100rel", "replaces", "timer", "norefersub"],
        transactions: SIPTransactionLayer.Configuration = .init(),
        acceptedBodyTypes: [SIPMethod: [SIPMediaType]] = SIPUserAgentConfiguration.defaultBodyTypes,
        credentials: (@Sendable (_ realm: String) -> (username: String, password: String)?)? = nil,
        authentication: SIPAuthenticationPolicy? = nil,
        logger: Logger = Logger(label: "herald.sip"),
        deliveredEventPackages: Set<String> = []
    ) {
        self.deliveredEventPackages = deliveredEventPackages
        self.authentication = authentication
        self.user = user
        self.advertisedHost = advertisedHost
        self.product = product
        self.allowedMethods = allowedMethods
        self.supportedExtensions = supportedExtensions
        self.transactions = transactions
        self.acceptedBodyTypes = acceptedBodyTypes
        self.credentials = credentials
        self.logger = logger
    }

    /// SDP for session methods (multipart for PBXs that wrap SDP with ISUP), DTMF relay for INFO, sipfrag for NOTIFY.
    public static let defaultBodyTypes: [SIPMethod: [SIPMediaType]] = [
        .invite: [.sdp, SIPMediaType("multipart", "mixed")],
        .ack: [.sdp, SIPMediaType("multipart", "mixed")],
        .update: [.sdp],
        .prack: [.sdp],
        .info: [.dtmfRelay, SIPMediaType("application", "dtmf")],
        .notify: [.sipfrag, .messageSummary],
    ]
}

/// The rules a mailbox lives by, with Exchange-grade defaults.
public struct MailboxPolicy: Sendable, Hashable, Codable {
    /// A unique name.
    public var name: String
    /// The shortest PIN accepted.
    public var pinMinimumLength: Int
    /// Whether PINs such as `123456`, `111111` or the user's extension are refused.
    public var refuseWeakPINs: Bool
    /// How many previous PINs may not be reused.
    public var pinHistory: Int
    /// Days a PIN lasts before the user must change it at logon; `nil` for never.
    public var pinLifetimeDays: Int?
    /// Failed logons in a row after which the PIN is reset (the user gets a new one from the administrator).
    public var failuresBeforeReset: Int
    /// Failed logons in a row after which the mailbox is locked until an administrator unlocks it.
    public var failuresBeforeLockout: Int
    /// The longest greeting a user may record, in seconds.
    public var maximumGreetingSeconds: Int
    /// The longest message a caller may leave, in seconds.
    public var maximumMessageSeconds: Int
    /// Messages shorter than this with no voice are hang-ups, not messages, in seconds.
    public var minimumMessageSeconds: Int
    /// Mailbox size at which the user is warned, in megabytes.
    public var quotaWarningMegabytes: Int
    /// Mailbox size at which new messages are refused (with a spoken apology), in megabytes.
    public var quotaLimitMegabytes: Int

    /// Creates a policy; the defaults are Exchange UM's.
    public init(
        name: String, pinMinimumLength: Int = 6, refuseWeakPINs: Bool = true, pinHistory: Int = 5, pinLifetimeDays: Int? = 60,
        failuresBeforeReset: Int = 5, failuresBeforeLockout: Int = 15, maximumGreetingSeconds: Int = 300,
        maximumMessageSeconds: Int = 300, minimumMessageSeconds: Int = 2, quotaWarningMegabytes: Int = 450,
        quotaLimitMegabytes: Int = 500
    ) {
        self.name = name
        self.pinMinimumLength = pinMinimumLength
        self.refuseWeakPINs = refuseWeakPINs
        self.pinHistory = pinHistory
        self.pinLifetimeDays = pinLifetimeDays
        self.failuresBeforeReset = failuresBeforeReset
        self.failuresBeforeLockout = failuresBeforeLockout
        self.maximumGreetingSeconds = maximumGreetingSeconds
        self.maximumMessageSeconds = maximumMessageSeconds
        self.minimumMessageSeconds = minimumMessageSeconds
        self.quotaWarningMegabytes = quotaWarningMegabytes
        self.quotaLimitMegabytes = quotaLimitMegabytes
    }

    /// The policy every mailbox gets unless another is chosen.
    public static let `default` = MailboxPolicy(name: "Default")
}

/// Size limits applied while parsing, so that a hostile peer cannot make Herald hold unbounded memory.
public struct SIPParseLimits: Sendable, Equatable {
    /// The most bytes of start line plus headers (exceeding it is a 513).
    public var maxHeaderBytes: Int
    /// The most header fields (exceeding it is a 513).
    public var maxHeaderCount: Int
    /// The longest single header field, folded lines included (exceeding it is a 513).
    public var maxHeaderLineLength: Int
    /// The largest body (exceeding it is a 413).
    public var maxBodyBytes: Int

    /// Creates limits.
    public init(maxHeaderBytes: Int = 32_768, maxHeaderCount: Int = 256, maxHeaderLineLength: Int = 8_192, maxBodyBytes: Int = 262_144) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxHeaderLineLength = maxHeaderLineLength
        self.maxBodyBytes = maxBodyBytes
    }

    /// Limits that suit a UM server: generous for real PBX traffic, far below what would hurt.
    public static let `default` = SIPParseLimits()
}

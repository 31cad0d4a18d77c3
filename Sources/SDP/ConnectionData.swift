/// RFC 8866 §5.7 connection data (`c=`): where media is sent.
///
/// ```
/// c=<nettype> <addrtype> <connection-address>
/// c=IN IP4 198.51.100.1
/// c=IN IP4 233.252.0.1/127/3     (multicast: TTL 127, three addresses)
/// c=IN IP6 ff00::db8:0:101/3     (IPv6 multicast: three addresses, no TTL)
/// ```
public struct ConnectionData: Sendable, Hashable {
    /// The network type, `IN` for the Internet.
    public var networkType: String
    /// The address type: `IP4` or `IP6` (others are carried but not interpreted).
    public var addressType: String
    /// The address or fully qualified domain name, without the `/ttl` and `/number` suffixes.
    public var address: String
    /// The time to live of an IPv4 multicast address, 0–255.
    public var ttl: Int?
    /// How many consecutive multicast addresses the connection covers (the `/number` suffix).
    public var numberOfAddresses: Int?

    /// Creates connection data.
    public init(
        networkType: String = "IN", addressType: String, address: String,
        ttl: Int? = nil, numberOfAddresses: Int? = nil
    ) {
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
        self.ttl = ttl
        self.numberOfAddresses = numberOfAddresses
    }

    /// A unicast `IN IP4` connection.
    public static func ip4(_ address: String) -> ConnectionData {
        ConnectionData(addressType: "IP4", address: address)
    }

    /// A unicast `IN IP6` connection.
    public static func ip6(_ address: String) -> ConnectionData {
        ConnectionData(addressType: "IP6", address: address)
    }

    /// Whether this is the unspecified address (`0.0.0.0` or `::`): the RFC 2543 way of putting a
    /// stream on hold, which RFC 3264 §8.4 says an answerer must still understand.
    public var isUnspecifiedAddress: Bool {
        address == "0.0.0.0" || address == "::" || address == "0:0:0:0:0:0:0:0"
    }

    /// Whether the address is multicast: 224.0.0.0/4 for IPv4, ff00::/8 for IPv6.
    public var isMulticast: Bool {
        if addressType.caseInsensitiveEquals("IP6") { return address.lowercased().hasPrefix("ff") }
        guard addressType.caseInsensitiveEquals("IP4"),
              let first = address.split(separator: ".", maxSplits: 1).first, let octet = Int(first)
        else { return false }
        return (224...239).contains(octet)
    }

    /// The `<connection-address>` field as written on the line, suffixes included.
    var connectionAddress: String {
        var text = address
        if let ttl { text += "/\(ttl)" }
        if let numberOfAddresses { text += "/\(numberOfAddresses)" }
        return text
    }
}

// Which RFC 4568 crypto lines the media layer can run as written.

extension CryptoAttribute {
    /// Whether the line asks for nothing beyond what the media layer runs: one master key of the
    /// suite's length without an MKI, and session parameters that leave RFC 3711's defaults alone.
    ///
    /// A line with options we would not apply is not acceptable (RFC 4568 §6.3.7): accepting it
    /// and ignoring them leaves the stream failing authentication (an MKI field in every packet,
    /// `UNAUTHENTICATED_SRTP`) or decoding as noise (`UNENCRYPTED_SRTP`, `UNENCRYPTED_SRTCP`).
    var usesOnlySupportedOptions: Bool {
        guard let length = suite.keySaltLength, keyParameters.count == 1, let key = keyParameters.first,
              key.keySalt.count == length, key.mki == nil
        else { return false }
        return sessionParameters.allSatisfy { parameter in
            switch parameter {
            // Session keys derived once, as libsrtp does without a KDR.
            case .kdr(let rate): rate == 0
            // A hint for the receiver; our replay window (128) is above RFC 3711's minimum of 64.
            case .wsh: true
            // Orders FEC against SRTP; moot, since no FEC format is ever answered.
            case .fecOrder: true
            // §6.3.7: a leading dash marks a parameter that may be ignored.
            case .other(let text): text.hasPrefix("-")
            case .unencryptedSRTP, .unencryptedSRTCP, .unauthenticatedSRTP, .fecKey: false
            }
        }
    }
}

/// The one error type of the Codecs target.
public enum CodecError: Error, Sendable, Hashable {
    /// The codec, rate or frame length asked for is not supported (a caller or negotiation error).
    case unsupported(String)
    /// An RTP payload could not be decoded: wrong length, bad frame header. Peer data: log as notice, not error.
    case malformedPayload(String)
    /// The C library failed (allocation, an unexpected status code): our fault or the machine's.
    case library(String)
}

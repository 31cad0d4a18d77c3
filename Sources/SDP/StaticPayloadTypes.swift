/// RFC 3551 §6 static payload types of the RTP/AVP profile, used when an offer lists a static
/// payload type without an `a=rtpmap` (which RFC 8866 §6.6 allows).
///
/// ```
///  PT  encoding  clock  ch      PT  encoding  clock  ch
///   0  PCMU       8000   1      11  L16      44100   1
///   3  GSM        8000   1      12  QCELP     8000   1
///   4  G723       8000   1      13  CN        8000   1
///   5  DVI4       8000   1      14  MPA      90000   -
///   6  DVI4      16000   1      15  G728      8000   1
///   7  LPC        8000   1      16  DVI4     11025   1
///   8  PCMA       8000   1      17  DVI4     22050   1
///   9  G722       8000   1      18  G729      8000   1
///  10  L16       44100   2      25 CelB 26 JPEG 28 nv 31 H261 32 MPV 33 MP2T 34 H263: 90000
/// ```
/// G.722 samples at 16 kHz but its RTP clock is 8000, an error in RFC 1890 that RFC 3551 §4.5.2
/// keeps for compatibility; SDP must say `G722/8000`. Payload types 1 and 2 are reserved (they were
/// 1016 and G721) and 96–127 are dynamic.
public enum StaticPayloadTypes {
    /// The table above, in payload type order.
    public static let all: [RTPMap] = [
        RTPMap(payloadType: 0, encodingName: "PCMU", clockRate: 8000),
        RTPMap(payloadType: 3, encodingName: "GSM", clockRate: 8000),
        RTPMap(payloadType: 4, encodingName: "G723", clockRate: 8000),
        RTPMap(payloadType: 5, encodingName: "DVI4", clockRate: 8000),
        RTPMap(payloadType: 6, encodingName: "DVI4", clockRate: 16000),
        RTPMap(payloadType: 7, encodingName: "LPC", clockRate: 8000),
        RTPMap(payloadType: 8, encodingName: "PCMA", clockRate: 8000),
        RTPMap(payloadType: 9, encodingName: "G722", clockRate: 8000),
        RTPMap(payloadType: 10, encodingName: "L16", clockRate: 44100, channels: 2),
        RTPMap(payloadType: 11, encodingName: "L16", clockRate: 44100),
        RTPMap(payloadType: 12, encodingName: "QCELP", clockRate: 8000),
        RTPMap(payloadType: 13, encodingName: "CN", clockRate: 8000),
        RTPMap(payloadType: 14, encodingName: "MPA", clockRate: 90000),
        RTPMap(payloadType: 15, encodingName: "G728", clockRate: 8000),
        RTPMap(payloadType: 16, encodingName: "DVI4", clockRate: 11025),
        RTPMap(payloadType: 17, encodingName: "DVI4", clockRate: 22050),
        RTPMap(payloadType: 18, encodingName: "G729", clockRate: 8000),
        RTPMap(payloadType: 25, encodingName: "CelB", clockRate: 90000),
        RTPMap(payloadType: 26, encodingName: "JPEG", clockRate: 90000),
        RTPMap(payloadType: 28, encodingName: "nv", clockRate: 90000),
        RTPMap(payloadType: 31, encodingName: "H261", clockRate: 90000),
        RTPMap(payloadType: 32, encodingName: "MPV", clockRate: 90000),
        RTPMap(payloadType: 33, encodingName: "MP2T", clockRate: 90000),
        RTPMap(payloadType: 34, encodingName: "H263", clockRate: 90000),
    ]

    /// The static mapping of a payload type, or `nil` for reserved, unassigned and dynamic types.
    public static func rtpMap(for payloadType: Int) -> RTPMap? {
        all.first { $0.payloadType == payloadType }
    }

    /// The static payload type of an encoding, or `nil` when it needs a dynamic one.
    public static func payloadType(encodingName: String, clockRate: Int, channels: Int = 1) -> Int? {
        let wanted = RTPMap(payloadType: 0, encodingName: encodingName, clockRate: clockRate, channels: channels)
        return all.first { $0.hasSameEncoding(as: wanted) }?.payloadType
    }

    /// The first dynamic payload type; 96–127 are dynamic (RFC 3551).
    public static let firstDynamic = 96
}

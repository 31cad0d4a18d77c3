/// ITU-T G.711 µ-law and A-law, table driven, bit-exact with the ITU-T G.191 STL reference (`g711.c`).
///
/// The encoders look up a table indexed by the sample's significant bits: G.711 µ-law quantises 14-bit
/// linear PCM and A-law 13-bit, so a 16-bit sample is shifted right by 2 (µ) or 3 (A) first — which is exactly
/// what the STL's `ulaw_compress`/`alaw_compress` do with their left-justified input. Decoding returns the
/// interval midpoint, left-justified to 16 bits. Both transmitted codes are complemented as G.711 requires
/// (µ-law all bits, A-law the even bits, 0x55).
public enum G711 {
    /// Encodes one linear sample to µ-law.
    @inlinable
    public static func ulawEncode(_ s: Int16) -> UInt8 { ulawEncodeTable[(Int(s) >> 2) & 0x3FFF] }

    /// Decodes one µ-law code to a linear sample (±32124 at most; both 0x7F and 0xFF decode to 0).
    @inlinable
    public static func ulawDecode(_ b: UInt8) -> Int16 { ulawDecodeTable[Int(b)] }

    /// Encodes one linear sample to A-law.
    @inlinable
    public static func alawEncode(_ s: Int16) -> UInt8 { alawEncodeTable[(Int(s) >> 3) & 0x1FFF] }

    /// Decodes one A-law code to a linear sample (±32256 at most; A-law has no zero code, ±8 is the smallest).
    @inlinable
    public static func alawDecode(_ b: UInt8) -> Int16 { alawDecodeTable[Int(b)] }

    /// µ-law code for every 14-bit two's-complement value (index = sample >> 2, masked).
    @usableFromInline
    static let ulawEncodeTable: [UInt8] = (0..<0x4000).map { index in
        let value = index >= 0x2000 ? index - 0x4000 : index    // sign-extend the 14-bit index
        return ulawCompress14(value)
    }

    /// A-law code for every 13-bit two's-complement value (index = sample >> 3, masked).
    @usableFromInline
    static let alawEncodeTable: [UInt8] = (0..<0x2000).map { index in
        let value = index >= 0x1000 ? index - 0x2000 : index    // sign-extend the 13-bit index
        return alawCompress13(value)
    }

    /// Linear value of every µ-law code.
    @usableFromInline
    static let ulawDecodeTable: [Int16] = (0...255).map { ulawExpand(UInt8($0)) }

    /// Linear value of every A-law code.
    @usableFromInline
    static let alawDecodeTable: [Int16] = (0...255).map { alawExpand(UInt8($0)) }

    /// G.711 Table 2a: a biased magnitude (|x| + 33, in 14-bit units) whose top bit sits at position 5 + e is in
    /// segment e; the four bits below the top bit are the step within it.
    static func ulawCompress14(_ value: Int) -> UInt8 {
        // One's complement for negatives keeps the decision levels symmetric, as the STL does.
        let magnitude = value < 0 ? ~value : value
        let biased = min(magnitude + 33, 0x1FFF)       // 33 = µ-law's offset to make segments powers of two
        let topBit = Int.bitWidth - 1 - biased.leadingZeroBitCount
        let segment = topBit - 5
        let step = (biased >> (segment + 1)) & 0xF
        let sign: UInt8 = value < 0 ? 0x00 : 0x80
        return sign | (0x7F ^ UInt8((segment << 4) | step))
    }

    /// G.711 Table 1a: a 12-bit magnitude below 32 is coded directly (segments 0 and 1 share a step size);
    /// above that, the top bit at position 4 + (e - 1) selects segment e.
    static func alawCompress13(_ value: Int) -> UInt8 {
        let magnitude = (value < 0 ? ~value : value) >> 1   // 12 bits
        let code: Int
        if magnitude < 32 {
            code = magnitude
        } else {
            let topBit = Int.bitWidth - 1 - magnitude.leadingZeroBitCount
            code = ((topBit - 3) << 4) | ((magnitude >> (topBit - 4)) & 0xF)
        }
        let sign = value < 0 ? 0x00 : 0x80
        return UInt8((sign | code) ^ 0x55)
    }

    /// Midpoint of the µ-law interval, left-justified to 16 bits.
    static func ulawExpand(_ byte: UInt8) -> Int16 {
        let code = Int(~byte)
        let segment = (code >> 4) & 0x7
        let magnitude = ((((code & 0xF) << 3) + 0x84) << segment) - 0x84
        return Int16(code & 0x80 != 0 ? -magnitude : magnitude)
    }

    /// Midpoint of the A-law interval, left-justified to 16 bits.
    static func alawExpand(_ byte: UInt8) -> Int16 {
        let code = Int(byte ^ 0x55)
        let segment = (code >> 4) & 0x7
        let step = (code & 0xF) << 4
        let magnitude = segment == 0 ? step + 8 : (step + 0x108) << (segment - 1)
        return Int16(code & 0x80 != 0 ? magnitude : -magnitude)
    }
}

import Testing
import Codecs
import CSpanDSP

/// G.711 against an independent transcription of the ITU-T G.191 STL reference (`g711.c`, STL 2009), whose
/// functions take 16-bit samples and use only the 13 (A-law) or 14 (µ-law) most significant bits.
@Suite("G.711")
struct G711Tests {
    /// STL `alaw_compress`.
    static func stlAlawCompress(_ x: Int16) -> UInt8 {
        let sample = Int(x)
        var ix = sample < 0 ? (~sample) >> 4 : sample >> 4
        if ix > 15 {
            var iexp = 1
            while ix > 16 + 15 { ix >>= 1; iexp += 1 }
            ix -= 16
            ix += iexp << 4
        }
        if sample >= 0 { ix |= 0x80 }
        return UInt8(ix ^ 0x55)
    }

    /// STL `alaw_expand`.
    static func stlAlawExpand(_ code: UInt8) -> Int16 {
        var ix = Int(code) ^ 0x55
        ix &= 0x7F
        let iexp = ix >> 4
        var mant = ix & 0xF
        if iexp > 0 { mant += 16 }
        mant = (mant << 4) + 0x8
        if iexp > 1 { mant <<= (iexp - 1) }
        return Int16(code > 127 ? mant : -mant)
    }

    /// STL `ulaw_compress`.
    static func stlUlawCompress(_ x: Int16) -> UInt8 {
        let sample = Int(x)
        var absno = sample < 0 ? ((~sample) >> 2) + 33 : (sample >> 2) + 33
        if absno > 0x1FFF { absno = 0x1FFF }
        var i = absno >> 6
        var segno = 1
        while i != 0 { segno += 1; i >>= 1 }
        let high = 0x8 - segno
        let low = 0xF - ((absno >> segno) & 0xF)
        var log = (high << 4) | low
        if sample >= 0 { log |= 0x80 }
        return UInt8(log)
    }

    /// STL `ulaw_expand`.
    static func stlUlawExpand(_ code: UInt8) -> Int16 {
        let sign = code < 0x80 ? -1 : 1
        var mantissa = ~Int(code)
        let exponent = (mantissa >> 4) & 0x7
        let segment = exponent + 1
        mantissa &= 0xF
        let step = 4 << segment
        return Int16(sign * ((0x80 << exponent) + step * mantissa + step / 2 - 4 * 33))
    }

    @Test("every 16-bit input encodes as the STL reference does, both laws")
    func allInputsMatchReference() {
        var ulawMismatches = 0, alawMismatches = 0
        for value in Int(Int16.min)...Int(Int16.max) {
            let sample = Int16(value)
            if G711.ulawEncode(sample) != Self.stlUlawCompress(sample) { ulawMismatches += 1 }
            if G711.alawEncode(sample) != Self.stlAlawCompress(sample) { alawMismatches += 1 }
        }
        #expect(ulawMismatches == 0)
        #expect(alawMismatches == 0)
    }

    @Test("all 256 codes decode as the STL reference does, both laws")
    func decodeTablesMatchReference() {
        for code in 0...255 {
            #expect(G711.ulawDecode(UInt8(code)) == Self.stlUlawExpand(UInt8(code)), "µ-law \(code)")
            #expect(G711.alawDecode(UInt8(code)) == Self.stlAlawExpand(UInt8(code)), "A-law \(code)")
        }
        // Spot values from G.711 Tables 1/2: the largest magnitudes and the smallest steps.
        #expect(G711.ulawDecode(0x80) == 32124 && G711.ulawDecode(0x00) == -32124)
        #expect(G711.alawDecode(0xAA) == 32256 && G711.alawDecode(0x2A) == -32256)
        #expect(G711.alawDecode(0xD5) == 8 && G711.alawDecode(0x55) == -8)
    }

    @Test("encode(decode(code)) == code, except µ-law 0x7F (negative zero) which becomes 0xFF")
    func roundTripIdempotence() {
        for code in 0...255 {
            let byte = UInt8(code)
            #expect(G711.alawEncode(G711.alawDecode(byte)) == byte, "A-law \(code)")
            if byte == 0x7F {
                // Both µ-law zeros decode to 0, and 0 encodes as positive zero (0xFF), as in the STL.
                #expect(G711.ulawDecode(0x7F) == 0 && G711.ulawEncode(0) == 0xFF)
            } else {
                #expect(G711.ulawEncode(G711.ulawDecode(byte)) == byte, "µ-law \(code)")
            }
        }
    }

    /// spandsp's µ-law encoder takes |x| for negative samples where the STL takes the one's complement
    /// (|x| − 1), so exactly at each of the 127 negative decision levels it picks the next code outward. A-law and
    /// both decoders agree everywhere. The STL is the ITU-T reference; the test pins the difference down.
    @Test("cross-check with spandsp's g711.h: identical except µ-law at the 127 negative decision levels")
    func matchesSpanDSP() {
        for code in 0...255 {
            #expect(G711.ulawDecode(UInt8(code)) == ulaw_to_linear(UInt8(code)))
            #expect(G711.alawDecode(UInt8(code)) == alaw_to_linear(UInt8(code)))
        }
        var ulawDiffs = 0, alawDiffs = 0
        for value in Int(Int16.min)...Int(Int16.max) {
            let ours = G711.ulawEncode(Int16(value)), theirs = linear_to_ulaw(Int32(value))
            if ours != theirs {
                ulawDiffs += 1
                // Only negative inputs, exactly on a decision level, one code apart (toward larger magnitude).
                #expect(value < 0 && Int(ours) - Int(theirs) == 1, "µ-law at \(value)")
                #expect(G711.ulawEncode(Int16(value - 1)) == theirs, "µ-law at \(value) is not a decision level")
            }
            if G711.alawEncode(Int16(value)) != linear_to_alaw(Int32(value)) { alawDiffs += 1 }
        }
        print("G.711 vs spandsp encoder differences: µ-law \(ulawDiffs), A-law \(alawDiffs) of 65536")
        #expect(ulawDiffs == 127)
        #expect(alawDiffs == 0)
    }
}

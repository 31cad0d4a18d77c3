internal import Codecs

/// Minimal RIFF/WAVE reading and writing for prompt files.
///
/// Writes PCM16 mono, with an optional `LIST`/`INFO`/`ICMT` comment (the prompt cache stores the voice and text
/// there, to notice when the catalogue changed). Reads what administrators upload: PCM16 (plain or
/// `WAVE_FORMAT_EXTENSIBLE`), 8-bit µ-law or A-law, any rate, several channels mixed down to mono.
///
/// ```
/// "RIFF" size "WAVE"  "fmt " 16 tag ch rate byteRate align bits  ["LIST" size "INFO" "ICMT" size text]  "data" size samples
/// ```
enum WAVCodec {
    static let formatPCM: UInt16 = 1
    static let formatALaw: UInt16 = 6
    static let formatMuLaw: UInt16 = 7
    static let formatExtensible: UInt16 = 0xFFFE

    /// The file bytes of `audio` as PCM16 mono, with `comment` in an INFO chunk when given.
    static func encode(_ audio: SynthesizedAudio, comment: String? = nil) -> [UInt8] {
        var info: [UInt8] = []
        if let comment {
            var text = Array(comment.utf8) + [0]
            if text.count % 2 == 1 { text.append(0) }
            info = Array("INFO".utf8) + Array("ICMT".utf8) + le32(text.count) + text
        }
        let dataSize = audio.samples.count * 2
        let listSize = info.isEmpty ? 0 : 8 + info.count
        var bytes: [UInt8] = []
        bytes.reserveCapacity(44 + listSize + dataSize)
        bytes += Array("RIFF".utf8) + le32(4 + 24 + listSize + 8 + dataSize) + Array("WAVE".utf8)
        bytes += Array("fmt ".utf8) + le32(16) + le16(Int(formatPCM)) + le16(1)
        bytes += le32(audio.sampleRate) + le32(audio.sampleRate * 2) + le16(2) + le16(16)
        if !info.isEmpty { bytes += Array("LIST".utf8) + le32(info.count) + info }
        bytes += Array("data".utf8) + le32(dataSize)
        for sample in audio.samples {
            let bits = UInt16(bitPattern: sample)
            bytes.append(UInt8(bits & 0xFF))
            bytes.append(UInt8(bits >> 8))
        }
        return bytes
    }

    /// The audio (mono) and the INFO comment, if any, of a WAV file.
    static func decode(_ bytes: [UInt8]) throws(SpeechError) -> (audio: SynthesizedAudio, comment: String?) {
        guard bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8) else {
            throw .invalidWAV("no RIFF/WAVE header at offset 0")
        }
        var format: (tag: UInt16, channels: Int, rate: Int, bits: Int)?
        var data: ArraySlice<UInt8>?
        var comment: String?
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = bytes[offset..<offset + 4]
            // A recording cut short by a crash may claim more than the file holds: take what is there.
            let size = min(Int(u32(bytes, offset + 4)), bytes.count - offset - 8)
            let body = bytes[offset + 8..<offset + 8 + size]
            if id.elementsEqual("fmt ".utf8) {
                guard size >= 16 else { throw .invalidWAV("fmt chunk of \(size) bytes at offset \(offset)") }
                var tag = u16(bytes, body.startIndex)
                if tag == formatExtensible && size >= 26 { tag = u16(bytes, body.startIndex + 24) }
                format = (tag, Int(u16(bytes, body.startIndex + 2)), Int(u32(bytes, body.startIndex + 4)),
                          Int(u16(bytes, body.startIndex + 14)))
            } else if id.elementsEqual("data".utf8) {
                data = body
            } else if id.elementsEqual("LIST".utf8), size >= 4, body.prefix(4).elementsEqual("INFO".utf8) {
                comment = infoComment(body.dropFirst(4)) ?? comment
            }
            offset += 8 + size + (size % 2)
        }
        guard let format else { throw .invalidWAV("no fmt chunk") }
        guard let data else { throw .invalidWAV("no data chunk") }
        guard format.channels >= 1, format.rate > 0 else {
            throw .invalidWAV("\(format.channels) channels at \(format.rate) Hz")
        }
        let mono: [Int16]
        switch (format.tag, format.bits) {
        case (formatPCM, 16): mono = mixDown(stride(from: data.startIndex, to: data.endIndex - 1, by: 2).map {
                Int16(bitPattern: u16(bytes, $0))
            }, channels: format.channels)
        case (formatMuLaw, 8): mono = mixDown(data.map(G711.ulawDecode), channels: format.channels)
        case (formatALaw, 8): mono = mixDown(data.map(G711.alawDecode), channels: format.channels)
        default: throw .invalidWAV("format tag \(format.tag) with \(format.bits) bits (need PCM16, µ-law or A-law)")
        }
        return (SynthesizedAudio(sampleRate: format.rate, samples: mono), comment)
    }

    private static func infoComment(_ info: ArraySlice<UInt8>) -> String? {
        var offset = info.startIndex
        while offset + 8 <= info.endIndex {
            let size = min(Int(u32(Array(info[offset + 4..<offset + 8]), 0)), info.endIndex - offset - 8)
            if info[offset..<offset + 4].elementsEqual("ICMT".utf8) {
                let text = info[offset + 8..<offset + 8 + size].prefix { $0 != 0 }
                return String(decoding: text, as: UTF8.self)
            }
            offset += 8 + size + (size % 2)
        }
        return nil
    }

    private static func mixDown(_ interleaved: [Int16], channels: Int) -> [Int16] {
        guard channels > 1 else { return interleaved }
        return stride(from: 0, to: interleaved.count - channels + 1, by: channels).map { start in
            Int16(interleaved[start..<start + channels].reduce(0) { $0 + Int($1) } / channels)
        }
    }

    private static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    private static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }

    private static func le32(_ value: Int) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24 & 0xFF)]
    }
}

internal import CSampleRate

/// Streaming sample-rate conversion of PCM16 mono (libsamplerate sinc filters), e.g. 8 ↔ 16 ↔ 48 kHz.
///
/// It keeps filter state between calls, so consecutive 20 ms frames join without clicks; the price is a
/// group delay of a few milliseconds (output lags input). Not thread-safe: one per stream.
public final class Resampler {
    /// Input rate in Hz.
    public let inputRate: Int
    /// Output rate in Hz.
    public let outputRate: Int
    private let state: OpaquePointer
    private let ratio: Double
    private var inputFloats: [Float] = []
    private var outputFloats: [Float] = []

    /// How much filtering a converter does: what a listener hears needs `.medium`; audio only a detector
    /// reads can use `.fastest`, several times cheaper.
    public enum Quality: Sendable, Hashable {
        /// libsamplerate's medium sinc: 90 % pass band, well over 100 dB stop band.
        case medium
        /// libsamplerate's fastest sinc: 80 % pass band, about 100 dB stop band.
        case fastest
    }

    /// Creates a converter from `from` Hz to `to` Hz; throws `.unsupported` for rates outside 1–384 kHz or a
    /// ratio libsamplerate cannot do.
    public init(from: Int, to: Int, quality: Quality = .medium) throws(CodecError) {
        guard (1000...384_000).contains(from), (1000...384_000).contains(to) else {
            throw .unsupported("resampling \(from) Hz → \(to) Hz")
        }
        ratio = Double(to) / Double(from)
        guard src_is_valid_ratio(ratio) != 0 else { throw .unsupported("resampling ratio \(ratio)") }
        var error: Int32 = 0
        let converter = quality == .medium ? SRC_SINC_MEDIUM_QUALITY : SRC_SINC_FASTEST
        guard let state = src_new(Int32(converter), 1, &error) else {
            throw .library("src_new: \(String(cString: src_strerror(error)))")
        }
        self.state = state
        inputRate = from
        outputRate = to
    }

    deinit { src_delete(state) }

    /// Converts `input` and appends the output samples produced so far (about `input.count · to / from`; the
    /// filter's look-ahead means the first call returns fewer).
    public func process(_ input: ArraySlice<Int16>, into output: inout [Int16]) {
        guard !input.isEmpty else { return }
        inputFloats.removeAll(keepingCapacity: true)
        inputFloats.reserveCapacity(input.count)
        for sample in input { inputFloats.append(Float(sample) / 32768) }
        let capacity = Int((Double(input.count) * ratio).rounded(.up)) + 64
        if outputFloats.count < capacity { outputFloats = [Float](repeating: 0, count: capacity) }
        var consumed = 0
        while consumed < inputFloats.count {
            let consumedBefore = consumed
            var generated = 0
            inputFloats.withUnsafeBufferPointer { inputBuffer in
                outputFloats.withUnsafeMutableBufferPointer { outputBuffer in
                    var data = SRC_DATA(
                        data_in: inputBuffer.baseAddress! + consumed,
                        data_out: outputBuffer.baseAddress!,
                        input_frames: inputBuffer.count - consumed,
                        output_frames: outputBuffer.count,
                        input_frames_used: 0, output_frames_gen: 0,
                        end_of_input: 0, src_ratio: ratio)
                    _ = src_process(state, &data)
                    consumed += data.input_frames_used
                    generated = data.output_frames_gen
                }
            }
            for value in outputFloats.prefix(generated) {
                // Round and clip: sinc ringing can overshoot full scale.
                output.append(Int16(max(-32768, min(32767, (value * 32768).rounded()))))
            }
            // With an output buffer this large libsamplerate always makes progress; never spin if it does not.
            if generated == 0 && consumed == consumedBefore { break }
        }
    }
}

import Codecs
import NIOCore

/// A `record` in progress: the file, what is buffered for it, and the limits that end it.
struct ActiveRecording {
    let id: Int
    let file: RecordingFile
    let format: RecordingFormat
    let sampleRate: Int
    let startedAt: NIODeadline
    let maxDuration: TimeAmount
    let silenceTimeout: TimeAmount?
    let stopDigits: Set<Character>
    /// Where the in-band DTMF detector's sample count stood when recording began.
    let narrowbandStart: Int
    let continuation: CheckedContinuation<RecordingResult, any Error>

    /// Audio not yet handed to the file.
    var pending: [UInt8] = []
    /// All audio bytes produced so far (written and pending).
    var dataBytes = 0
    /// Audio bytes already handed to the file.
    var writtenBytes = 0
    /// The audio bytes up to the end of the last frame with voice in it.
    var voiceEndBytes = 0
    var heardVoice = false
    var lastVoiceAt: NIODeadline
    var nextWrite: NIODeadline
    var nextSync: NIODeadline

    var bytesPerSample: Int { format == .pcm16 ? 2 : 1 }

    /// Encodes received audio (at the recording's rate) into the pending bytes.
    mutating func append(_ audio: ArraySlice<Int16>, voice: Bool, at now: NIODeadline) {
        switch format {
        case .pcm16:
            for sample in audio {
                let bits = UInt16(bitPattern: sample)
                pending.append(UInt8(bits & 0xFF))
                pending.append(UInt8(bits >> 8))
            }
        case .ulaw: for sample in audio { pending.append(G711.ulawEncode(sample)) }
        case .alaw: for sample in audio { pending.append(G711.alawEncode(sample)) }
        }
        dataBytes += audio.count * bytesPerSample
        if voice {
            heardVoice = true
            voiceEndBytes = dataBytes
            lastVoiceAt = now
        }
    }

    /// Cuts trailing silence after a silence timeout, keeping the voice activity detector's hangover.
    mutating func trimToLastVoice() {
        if heardVoice { truncate(to: voiceEndBytes) }
    }

    /// Cuts the audio at the start of an in-band stop digit, so the message does not end in its tone.
    mutating func trimToNarrowbandOffset(_ offset: Int) {
        let samples = max(0, offset - narrowbandStart) * sampleRate / 8000
        truncate(to: samples * bytesPerSample)
    }

    /// Marks the audio after `bytes` for cutting when the file is finished (it may be written already).
    private mutating func truncate(to bytes: Int) {
        finalBytes = min(finalBytes ?? dataBytes, bytes)
    }

    /// The audio length the finished file keeps.
    var finalBytes: Int?

    /// The duration of `bytes` of audio.
    func duration(ofBytes bytes: Int) -> Duration {
        .microseconds(Int64(bytes / bytesPerSample) * 1_000_000 / Int64(sampleRate))
    }
}

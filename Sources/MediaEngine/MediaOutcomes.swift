/// How a `play` ended.
public enum PlaybackOutcome: Sendable, Hashable {
    /// Every prompt was played to the end.
    case completed
    /// The caller pressed a key while barge-in was on. The digit stays in the type-ahead buffer, so
    /// the next `collectDigits` starts with it (as a caller who types ahead expects).
    case interrupted(Character)
}

/// How a `collectDigits` ended.
public enum DigitsOutcome: Sendable, Hashable {
    /// The caller entered digits: the maximum count was reached, or the terminator was pressed
    /// (it is not part of the digits).
    case digits(String, terminator: Character?)
    /// A timeout expired first; the digits entered before it are given.
    case timedOut(String)
}

/// Why a recording stopped. Every reason keeps the audio: even a hang-up commits what was heard.
public enum RecordingEndReason: Sendable, Hashable {
    /// The caller pressed one of the stop digits (it is consumed, not recorded as a menu digit).
    case stopDigit(Character)
    /// The caller was silent for the silence timeout (the trailing silence is trimmed).
    case silence
    /// The maximum duration was reached.
    case maxDuration
    /// The task recording was cancelled (the flow's call was torn down).
    case cancelled
    /// The media session was closed (the caller hung up).
    case sessionClosed
}

/// A finished recording: where it is and what it holds.
public struct RecordingResult: Sendable, Hashable {
    /// The WAV file, complete and synced to disk.
    public var path: String
    /// The audio duration in the file.
    public var duration: Duration
    /// Whether voice activity was heard at all (a message with none is usually a hang-up).
    public var heardVoice: Bool
    /// Why the recording stopped.
    public var endReason: RecordingEndReason

    /// Creates a result.
    public init(path: String, duration: Duration, heardVoice: Bool, endReason: RecordingEndReason) {
        self.path = path
        self.duration = duration
        self.heardVoice = heardVoice
        self.endReason = endReason
    }
}

/// Where a digit came from.
public enum DigitSource: Sendable, Hashable {
    /// An RFC 4733 telephone-event.
    case rfc4733
    /// A tone in the audio.
    case inband
    /// A SIP INFO request (`application/dtmf-relay` or `application/dtmf`).
    case sipInfo
}

/// Something the media engine noticed on a call.
public enum MediaEvent: Sendable, Hashable {
    /// A keypress.
    case digit(Character, source: DigitSource)
    /// A fax calling tone (CNG, 1100 Hz): a fax machine is calling.
    case faxCallingTone
    /// A fax answer tone (CED/ANS, 2100 Hz).
    case faxAnswerTone
    /// The first RTP packet arrived from this address (symmetric RTP latched to it).
    case mediaStarted(remote: String)
    /// The far end started speaking (or playing a prompt): the voice activity detector heard voice after silence.
    case voiceStarted
    /// The far end fell silent (after the detector's hangover).
    case voiceStopped
    /// A recording began: audio from this moment on goes into the file.
    case recordingStarted(path: String)
}

/// The file format of a recording.
public enum RecordingFormat: Sendable, Hashable {
    /// 16-bit linear PCM at the call's audio rate (8 or 16 kHz).
    case pcm16
    /// G.711 µ-law at 8 kHz (WAV format 7): half the size, the quality of the call.
    case ulaw
    /// G.711 A-law at 8 kHz (WAV format 6).
    case alaw
}

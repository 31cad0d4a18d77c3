/// A tone a detector recognised, and where in the stream it began.
public struct DetectedTone: Sendable, Hashable {
    /// What was heard.
    public enum Kind: Sendable, Hashable {
        /// A DTMF digit: 0–9, *, #, A–D.
        case dtmf(Character)
        /// Fax calling tone: 1100 Hz, 0.5 s on / 3 s off (ITU-T T.30 §5.2.1).
        case faxCNG
        /// Fax called-station identification / modem answer tone: 2100 Hz (ITU-T T.30, V.25).
        case faxCED
    }

    /// What was heard.
    public var kind: Kind
    /// Sample offset (at the detector's input rate, counted from the first sample it was given) where the tone
    /// is estimated to have begun.
    public var sampleOffset: Int

    /// Creates a detection.
    public init(kind: Kind, sampleOffset: Int) {
        self.kind = kind
        self.sampleOffset = sampleOffset
    }
}

import CFlite

/// Real (synthetic-voice) speech from flite, for talk-off and false-alarm tests: the 8 kHz diphone voice "kal"
/// and the more natural 16 kHz "slt". Made once per test run.
enum FliteSpeech {
    static let text = """
        Welcome to Herald voice mail. You have three new messages and two saved messages. \
        To listen to your messages, press one. To record a greeting, press two. \
        First new message, received Tuesday at four fifteen p m, from extension two three four five. \
        Hello, this is Marianne from accounting; please call me back about the quarterly figures, \
        the number is five five five, zero one nine nine. Thanks, and have a nice afternoon. \
        Oh, and one more thing: the fax machine on the third floor is beeping again, could you ask someone to look? \
        Message saved. End of messages. Goodbye.
        """

    /// The samples and their rate, or nil when flite cannot speak (then the tests record an issue).
    static let kal8k: (samples: [Int16], rate: Int)? = speak { register_cmu_us_kal(nil) }

    /// The samples and their rate (16 kHz), or nil when flite cannot speak.
    static let slt16k: (samples: [Int16], rate: Int)? = speak { register_cmu_us_slt(nil) }

    private static func speak(_ register: () -> UnsafeMutablePointer<cst_voice>?) -> (samples: [Int16], rate: Int)? {
        flite_init()
        guard let voice = register(), let wave = flite_text_to_wave(text, voice) else { return nil }
        defer { delete_wave(wave) }
        let samples = Array(UnsafeBufferPointer(start: wave.pointee.samples, count: Int(wave.pointee.num_samples)))
        return (samples, Int(wave.pointee.sample_rate))
    }
}

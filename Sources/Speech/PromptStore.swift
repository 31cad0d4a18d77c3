public import Foundation
internal import Synchronization

/// Turns `PromptPhrase`s into audio, keeping fixed phrases as WAV files so that they are synthesized once.
///
/// Files under `directory` (normally `<data>/prompts`):
/// - `custom/<language>/<id>.wav` — an administrator's recording. It wins over synthesis for that fixed phrase
///   (any rate, PCM16/µ-law/A-law; converted to the rate asked for).
/// - `cache/<language>/<id>-<rate>.wav` — synthesized speech, written atomically (temporary file + rename) the
///   first time a phrase is needed, or by `warmUp(sampleRate:)` at start-up. Each file records the voice and
///   text it was made from, and is made again when the catalogue's wording or the voice changes.
///
/// Phrases with arguments (names, counts, menu options with the user's keys) are synthesized when first said and kept
/// in memory (the most recent `memoryCacheLimit` texts per rate), so a menu heard twice is not synthesized twice. Safe to share between tasks;
/// synthesis itself is serialized by `SpeechSynthesizer`. Calls block while synthesizing or reading a file.
public final class PromptStore: Sendable {
    /// The prompt root, `<data>/prompts`.
    public let directory: URL
    /// The wording.
    public let catalog: PromptCatalog
    /// The voice for synthesized phrases.
    public let voice: SpeechVoice
    private let synthesizer: SpeechSynthesizer
    private let counters = Mutex(Statistics())
    private let recent = Mutex(RecentPhrases())
    /// Fixed phrases already read, by id and rate, with the custom recording's modification time they were read with
    /// (so that an administrator's new recording is picked up on the next call).
    private let fixed = Mutex([String: (customStamp: Date?, audio: SynthesizedAudio)]())

    /// How many phrases with arguments stay in memory.
    public static let memoryCacheLimit = 512

    /// Phrases with arguments said lately, by text and rate; the oldest half goes when the limit is reached.
    private struct RecentPhrases {
        var audio: [String: SynthesizedAudio] = [:]
        var order: [String] = []

        mutating func insert(_ key: String, _ value: SynthesizedAudio) {
            if audio.updateValue(value, forKey: key) == nil { order.append(key) }
            guard order.count > PromptStore.memoryCacheLimit else { return }
            let evicted = order.prefix(order.count / 2)
            for key in evicted { audio[key] = nil }
            order.removeFirst(evicted.count)
        }
    }

    /// How often each source was used since the store was made (for tests, metrics and the admin page).
    public struct Statistics: Sendable, Hashable {
        /// Phrases synthesized (fixed ones that were not cached yet, and every phrase with arguments).
        public var synthesized = 0
        /// Fixed phrases read from the cache.
        public var cacheReads = 0
        /// Fixed phrases read from an administrator's recording.
        public var customReads = 0
        /// Phrases with arguments found in memory.
        public var memoryReads = 0

        /// Counts as given (all zero by default).
        public init(synthesized: Int = 0, cacheReads: Int = 0, customReads: Int = 0, memoryReads: Int = 0) {
            self.synthesized = synthesized
            self.cacheReads = cacheReads
            self.customReads = customReads
            self.memoryReads = memoryReads
        }
    }

    /// A store over `directory` (`<data>/prompts`) speaking `catalog` with `voice`. Nothing is read or written
    /// until a phrase is asked for.
    public init(directory: URL, catalog: PromptCatalog, voice: SpeechVoice = .slt, synthesizer: SpeechSynthesizer = SpeechSynthesizer()) {
        self.directory = directory
        self.catalog = catalog
        self.voice = voice
        self.synthesizer = synthesizer
    }

    /// The counts so far.
    public var statistics: Statistics { counters.withLock { $0 } }

    /// Where an administrator's recording of `id` goes.
    public func customFile(for id: PromptID) -> URL {
        directory.appending(components: "custom", catalog.language, "\(id.rawValue).wav")
    }

    /// Where the synthesized `id` at `sampleRate` is cached.
    public func cacheFile(for id: PromptID, sampleRate: Int) -> URL {
        directory.appending(components: "cache", catalog.language, "\(id.rawValue)-\(sampleRate).wav")
    }

    /// The audio of `phrase` at `sampleRate` Hz: an administrator's recording, else the cached synthesis, else a
    /// fresh synthesis (cached when the phrase is fixed).
    public func audio(for phrase: PromptPhrase, sampleRate: Int) throws(SpeechError) -> SynthesizedAudio {
        let text = try catalog.text(for: phrase)
        guard phrase.isFixed else {
            let key = "\(sampleRate):\(text)"
            if let audio = recent.withLock({ $0.audio[key] }) {
                counters.withLock { $0.memoryReads += 1 }
                return audio
            }
            counters.withLock { $0.synthesized += 1 }
            let audio = try synthesizer.synthesize(text, voice: voice, sampleRate: sampleRate)
            recent.withLock { $0.insert(key, audio) }
            return audio
        }
        if let custom = try readIfPresent(customFile(for: phrase.id)) {
            counters.withLock { $0.customReads += 1 }
            return try custom.audio.resampled(to: sampleRate)
        }
        let cache = cacheFile(for: phrase.id, sampleRate: sampleRate)
        let stamp = "\(voice.rawValue): \(text)"
        // A damaged cache file is only a cache miss: it is made again below.
        if let cached = try? readIfPresent(cache), cached.comment == stamp, cached.audio.sampleRate == sampleRate {
            counters.withLock { $0.cacheReads += 1 }
            return cached.audio
        }
        let audio = try synthesizer.synthesize(text, voice: voice, sampleRate: sampleRate)
        counters.withLock { $0.synthesized += 1 }
        try write(WAVCodec.encode(audio, comment: stamp), to: cache)
        return audio
    }

    /// The audio of `phrase` without blocking the calling task's thread: a phrase said lately comes from memory at
    /// once; otherwise the synthesis or file read runs on a thread of its own, so that a call waiting for flite never
    /// holds up the concurrency pool every other call runs on.
    public func audioWithoutBlocking(for phrase: PromptPhrase, sampleRate: Int) async throws(SpeechError) -> SynthesizedAudio {
        if !phrase.isFixed, let text = try? catalog.text(for: phrase), let audio = recent.withLock({ $0.audio["\(sampleRate):\(text)"] }) {
            counters.withLock { $0.memoryReads += 1 }
            return audio
        }
        let fixedKey = "\(phrase.id.rawValue)-\(sampleRate)"
        let customStamp = phrase.isFixed ? Self.modificationDate(customFile(for: phrase.id)) : nil
        if phrase.isFixed, let kept = fixed.withLock({ $0[fixedKey] }), kept.customStamp == customStamp {
            counters.withLock { $0.memoryReads += 1 }
            return kept.audio
        }
        let result: Result<SynthesizedAudio, SpeechError> = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                do throws(SpeechError) {
                    continuation.resume(returning: .success(try self.audio(for: phrase, sampleRate: sampleRate)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        let audio = try result.get()
        if phrase.isFixed { fixed.withLock { $0[fixedKey] = (customStamp, audio) } }
        return audio
    }

    /// The audio of several phrases played back to back, at `sampleRate` Hz.
    public func audio(for phrases: [PromptPhrase], sampleRate: Int) throws(SpeechError) -> SynthesizedAudio {
        var samples: [Int16] = []
        for phrase in phrases { samples += try audio(for: phrase, sampleRate: sampleRate).samples }
        return SynthesizedAudio(sampleRate: sampleRate, samples: samples)
    }

    /// Makes sure every fixed phrase is cached at `sampleRate` ("on first start"); returns how many had to be
    /// synthesized (0 when the cache was complete). Phrases with a custom recording are skipped.
    @discardableResult
    public func warmUp(sampleRate: Int) throws(SpeechError) -> Int {
        let before = statistics.synthesized
        for id in PromptID.allCases where id.isFixed && !FileManager.default.fileExists(atPath: customFile(for: id).path) {
            _ = try audio(for: .fixed(id), sampleRate: sampleRate)
        }
        return statistics.synthesized - before
    }

    private static func modificationDate(_ file: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: file.path))?[.modificationDate] as? Date
    }

    private func readIfPresent(_ file: URL) throws(SpeechError) -> (audio: SynthesizedAudio, comment: String?)? {
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw .file(path: file.path, reason: "\(error)")
        }
        return try WAVCodec.decode(Array(data))
    }

    private func write(_ bytes: [UInt8], to file: URL) throws(SpeechError) {
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: file, options: .atomic)
        } catch {
            throw .file(path: file.path, reason: "\(error)")
        }
    }
}

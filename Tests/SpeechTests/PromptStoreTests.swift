import Foundation
import Speech
import Testing

@Suite("PromptStore: cached synthesis, custom recordings, warm-up")
struct PromptStoreTests {
    /// A fresh `<data>/prompts` under the temporary directory, removed afterwards.
    final class Scratch {
        let url = FileManager.default.temporaryDirectory.appending(component: "herald-prompts-\(UUID().uuidString)")
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    let scratch = Scratch()
    let catalog: PromptCatalog

    init() throws {
        catalog = try PromptCatalog()
    }

    func store(voice: SpeechVoice = .kal, catalog: PromptCatalog? = nil) -> PromptStore {
        PromptStore(directory: scratch.url, catalog: catalog ?? self.catalog, voice: voice)
    }

    static func modified(_ url: URL) throws -> Date {
        try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date)
    }

    @Test("a fixed phrase is synthesized once, written to the cache, then read from it")
    func cachedOnce() throws {
        let store = store()
        let file = store.cacheFile(for: .goodbye, sampleRate: 8000)
        #expect(file.path.hasSuffix("/cache/en-US/goodbye-8000.wav"))
        #expect(!FileManager.default.fileExists(atPath: file.path))

        let first = try store.audio(for: .fixed(.goodbye), sampleRate: 8000)
        #expect(store.statistics == .init(synthesized: 1, cacheReads: 0, customReads: 0))
        let written = try Self.modified(file)
        #expect(try SynthesizedAudio(wavBytes: Array(Data(contentsOf: file))) == first)

        let second = try store.audio(for: .fixed(.goodbye), sampleRate: 8000)
        #expect(second == first)
        #expect(store.statistics == .init(synthesized: 1, cacheReads: 1, customReads: 0))
        #expect(try Self.modified(file) == written)

        // A new store over the same directory (a restart) reads the file too.
        let restarted = self.store()
        #expect(try restarted.audio(for: .fixed(.goodbye), sampleRate: 8000) == first)
        #expect(restarted.statistics == .init(synthesized: 0, cacheReads: 1, customReads: 0))

        // Each rate has its own file.
        let wide = try store.audio(for: .fixed(.goodbye), sampleRate: 16000)
        #expect(wide.sampleRate == 16000)
        #expect(FileManager.default.fileExists(atPath: store.cacheFile(for: .goodbye, sampleRate: 16000).path))
        #expect(store.statistics.synthesized == 2)
    }

    @Test("a phrase with arguments is synthesized once, then said from memory; other arguments are another phrase")
    func memoryCache() throws {
        let store = store()
        let first = try store.audio(for: .option(.optionDelete, key: "7"), sampleRate: 8000)
        #expect(try store.audio(for: .option(.optionDelete, key: "7"), sampleRate: 8000) == first)
        #expect(store.statistics == .init(synthesized: 1, memoryReads: 1))
        #expect(try store.audio(for: .option(.optionDelete, key: "3"), sampleRate: 8000) != first)
        _ = try store.audio(for: .option(.optionDelete, key: "7"), sampleRate: 16000)
        #expect(store.statistics == .init(synthesized: 3, memoryReads: 1))
        // Nothing of it is written to disk: names and counts are not cached on disk.
        #expect(!FileManager.default.fileExists(atPath: store.directory.appending(components: "cache", "en-US", "optionDelete-8000.wav").path))
    }

    @Test("without blocking: a fixed phrase is read once, then said from memory until an administrator records it")
    func withoutBlocking() async throws {
        let store = store()
        let first = try await store.audioWithoutBlocking(for: .fixed(.goodbye), sampleRate: 8000)
        #expect(try await store.audioWithoutBlocking(for: .fixed(.goodbye), sampleRate: 8000) == first)
        #expect(store.statistics == .init(synthesized: 1, memoryReads: 1))
        let recording = SynthesizedAudio(sampleRate: 8000, samples: (0..<800).map { Int16($0 % 40 * 100) })
        let file = store.customFile(for: .goodbye)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(recording.wavBytes()).write(to: file)
        #expect(try await store.audioWithoutBlocking(for: .fixed(.goodbye), sampleRate: 8000) == recording)
        #expect(store.statistics.customReads == 1)
    }

    @Test("changed wording or voice makes the cached file again; a damaged file is only a miss")
    func staleCache() throws {
        _ = try store().audio(for: .fixed(.goodbye), sampleRate: 8000)
        var table = Dictionary(uniqueKeysWithValues: PromptID.allCases.map { ($0, catalog.template($0)) })
        table[.goodbye] = "Goodbye, and thank you for calling."
        let reworded = store(catalog: try PromptCatalog(language: "en-US", templates: table))
        let longer = try reworded.audio(for: .fixed(.goodbye), sampleRate: 8000)
        #expect(reworded.statistics.synthesized == 1)
        #expect(try reworded.audio(for: .fixed(.goodbye), sampleRate: 8000) == longer)
        #expect(reworded.statistics.cacheReads == 1)

        let otherVoice = store(voice: .slt, catalog: try PromptCatalog(language: "en-US", templates: table))
        _ = try otherVoice.audio(for: .fixed(.goodbye), sampleRate: 8000)
        #expect(otherVoice.statistics.synthesized == 1)

        let file = otherVoice.cacheFile(for: .goodbye, sampleRate: 8000)
        try Data("not a wav".utf8).write(to: file)
        _ = try otherVoice.audio(for: .fixed(.goodbye), sampleRate: 8000)
        #expect(otherVoice.statistics.synthesized == 2)
        #expect(try WAVHeaderCheck.isWAV(file))
    }

    @Test("an administrator's recording wins over synthesis, at any rate")
    func customOverride() throws {
        let store = store()
        _ = try store.audio(for: .fixed(.welcome), sampleRate: 8000)           // cached already: custom still wins
        let recording = SynthesizedAudio(sampleRate: 16000, samples: (0..<16000).map { Int16(($0 % 32) * 500 - 8000) })
        let file = store.customFile(for: .welcome)
        #expect(file.path.hasSuffix("/custom/en-US/welcome.wav"))
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(recording.wavBytes()).write(to: file)

        #expect(try store.audio(for: .fixed(.welcome), sampleRate: 16000) == recording)
        let narrow = try store.audio(for: .fixed(.welcome), sampleRate: 8000)
        #expect(narrow.sampleRate == 8000 && narrow.samples.count == 8000)
        #expect(store.statistics == .init(synthesized: 1, cacheReads: 0, customReads: 2))

        // Other phrases are unaffected; removing the recording brings synthesis back.
        _ = try store.audio(for: .fixed(.goodbye), sampleRate: 8000)
        try FileManager.default.removeItem(at: file)
        _ = try store.audio(for: .fixed(.welcome), sampleRate: 8000)
        #expect(store.statistics == .init(synthesized: 2, cacheReads: 1, customReads: 2))
    }

    @Test("a custom recording that is not a WAV is reported, not played")
    func brokenCustomRecording() throws {
        let store = store()
        let file = store.customFile(for: .goodbye)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("MP3?".utf8).write(to: file)
        #expect(throws: SpeechError.invalidWAV("no RIFF/WAVE header at offset 0")) {
            try store.audio(for: .fixed(.goodbye), sampleRate: 8000)
        }
    }

    @Test("warm-up synthesizes every fixed phrase once; a second warm-up synthesizes nothing")
    func warmUp() throws {
        let store = store()
        let fixed = PromptID.allCases.filter(\.isFixed)
        #expect(try store.warmUp(sampleRate: 8000) == fixed.count)
        for id in fixed { #expect(FileManager.default.fileExists(atPath: store.cacheFile(for: id, sampleRate: 8000).path)) }
        for id in PromptID.allCases where !id.isFixed {
            #expect(!FileManager.default.fileExists(atPath: store.cacheFile(for: id, sampleRate: 8000).path))
        }
        #expect(try self.store().warmUp(sampleRate: 8000) == 0)
        // No temporary files are left behind by the atomic writes.
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.url.appending(components: "cache", "en-US").path)
        #expect(names.count == fixed.count && names.allSatisfy { $0.hasSuffix("-8000.wav") })
    }

    @Test("phrases with arguments are kept in memory, never on disk; sequences are concatenated")
    func dynamicPhrases() throws {
        let store = store()
        let phrase = PromptPhrase.youHaveMessages(new: 2, saved: 1)
        let first = try store.audio(for: phrase, sampleRate: 8000)
        let second = try store.audio(for: phrase, sampleRate: 8000)
        #expect(first == second && first.seconds > 1)
        #expect(store.statistics == .init(synthesized: 1, cacheReads: 0, customReads: 0, memoryReads: 1))
        #expect(!FileManager.default.fileExists(atPath: store.cacheFile(for: .youHaveMessages, sampleRate: 8000).path))

        let sequence = try store.audio(for: [.fixed(.firstNewMessage), phrase], sampleRate: 8000)
        let single = try store.audio(for: .fixed(.firstNewMessage), sampleRate: 8000)
        #expect(sequence.samples == single.samples + first.samples)
        #expect(throws: SpeechError.self) { try store.audio(for: PromptPhrase(.leaveMessage), sampleRate: 8000) }
    }

    @Test("several tasks rendering the same phrases at once get the same audio")
    func concurrentRendering() async throws {
        let store = store()
        let ids: [PromptID] = [.goodbye, .noInput, .invalidKey, .goodbye, .noInput, .invalidKey]
        let results = try await withThrowingTaskGroup(of: (PromptID, SynthesizedAudio).self) { group in
            for id in ids { group.addTask { (id, try store.audio(for: .fixed(id), sampleRate: 8000)) } }
            return try await group.reduce(into: [(PromptID, SynthesizedAudio)]()) { $0.append($1) }
        }
        for (id, audio) in results { #expect(try audio == store.audio(for: .fixed(id), sampleRate: 8000)) }
    }
}

/// Checks a file starts like a WAV.
enum WAVHeaderCheck {
    static func isWAV(_ url: URL) throws -> Bool {
        let bytes = try Data(contentsOf: url)
        return bytes.count > 44 && bytes.prefix(4) == Data("RIFF".utf8)
    }
}

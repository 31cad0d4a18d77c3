import Logging
import Codecs
import NIOCore
import NIOPosix

extension MediaSessionCore {
    /// Starts recording what the caller says.
    func startRecording(_ recording: ActiveRecording) {
        guard !cancelledOperations.contains(recording.id) else {
            recording.continuation.resume(throwing: CancellationError())
            return
        }
        guard !closed else {
            recording.continuation.resume(throwing: MediaError.sessionClosed)
            return
        }
        guard self.recording == nil, let setup else {
            recording.continuation.resume(throwing: self.recording == nil ? MediaError.notNegotiated : MediaError.busy("recording"))
            return
        }
        recordingConverter = setup.codec.sampleRate == recording.sampleRate
            ? nil : try? Resampler(from: setup.codec.sampleRate, to: recording.sampleRate)
        // Keys pressed before the beep belong to the menu, not to the message.
        typeAhead.removeAll()
        self.recording = recording
        events.yield(.recordingStarted(path: recording.file.path))
    }

    /// Ends a recording because its task was cancelled; the audio is kept.
    func cancelRecording(id: Int) {
        guard let recording, recording.id == id else {
            cancelledOperations.insert(id)
            return
        }
        finishRecording(recording, reason: .cancelled)
    }

    /// Appends received audio (at the codec's rate) to the recording.
    func appendToRecording(_ samples: ArraySlice<Int16>, voice: Bool, setup: StreamSetup) {
        guard var recording else { return }
        var converted: [Int16] = []
        let audio: ArraySlice<Int16>
        if let recordingConverter {
            recordingConverter.process(samples, into: &converted)
            audio = converted[...]
        } else {
            audio = samples
        }
        switch recording.format {
        case .pcm16:
            for sample in audio {
                let bits = UInt16(bitPattern: sample)
                recording.pending.append(UInt8(bits & 0xFF))
                recording.pending.append(UInt8(bits >> 8))
            }
        case .ulaw: for sample in audio { recording.pending.append(G711.ulawEncode(sample)) }
        case .alaw: for sample in audio { recording.pending.append(G711.alawEncode(sample)) }
        }
        recording.dataBytes += audio.count * recording.bytesPerSample
        if voice {
            recording.heardVoice = true
            recording.voiceEndBytes = recording.dataBytes
            recording.lastVoiceAt = .now()
        }
        self.recording = recording
    }

    /// Hands buffered audio to the file every write interval and syncs it every sync interval.
    func writeRecordingIfDue(now: NIODeadline) {
        guard var recording else { return }
        if now >= recording.nextWrite {
            flushPending(&recording)
            recording.nextWrite = now + .nanoseconds(Int64(configuration.recordingWriteInterval.milliseconds) * 1_000_000)
        }
        if now >= recording.nextSync {
            let file = recording.file
            let bytes = recording.writtenBytes
            submit("sync") { try file.sync(dataBytes: bytes) }
            recording.nextSync = now + .nanoseconds(Int64(configuration.recordingSyncInterval.milliseconds) * 1_000_000)
        }
        self.recording = recording
    }

    private func flushPending(_ recording: inout ActiveRecording) {
        guard !recording.pending.isEmpty else { return }
        let file = recording.file
        let bytes = recording.pending
        let offset = recording.writtenBytes
        submit("write") { try file.append(bytes, dataOffset: offset) }
        recording.writtenBytes += bytes.count
        recording.pending.removeAll(keepingCapacity: true)
    }

    /// Runs blocking file I/O on the engine's one I/O thread, which keeps each file's writes in order.
    private func submit(_ what: String, _ work: @escaping @Sendable () throws -> Void) {
        let logger = logger
        ioPool.runIfActive(eventLoop: loop, work).whenFailure { error in
            logger.error("recording \(what) failed", metadata: ["error": "\(error)"])
        }
    }

    /// Writes the rest, cuts trimmed audio, syncs, closes, and answers the `record` call.
    @discardableResult
    func finishRecording(_ finishing: ActiveRecording, reason: RecordingEndReason) -> EventLoopFuture<Void> {
        guard var recording = self.recording, recording.id == finishing.id else { return loop.makeSucceededVoidFuture() }
        self.recording = nil
        recording = finishing
        flushPending(&recording)
        let finalBytes = min(recording.finalBytes ?? recording.dataBytes, recording.writtenBytes)
        let file = recording.file
        let result = RecordingResult(
            path: file.path, duration: recording.duration(ofBytes: finalBytes), heardVoice: recording.heardVoice,
            endReason: reason)
        let continuation = recording.continuation
        let logger = logger
        return ioPool.runIfActive(eventLoop: loop) { try file.finish(dataBytes: finalBytes) }
            .map {
                logger.debug(
                    "recording finished",
                    metadata: ["recording.reason": "\(reason)", "recording.duration_ms": "\(result.duration.milliseconds)"])
                continuation.resume(returning: result)
            }
            .recover { error in
                logger.error("recording could not be finished", metadata: ["error": "\(error)", "recording.path": "\(file.path)"])
                continuation.resume(throwing: MediaError.recording(path: file.path, reason: "\(error)"))
            }
    }
}

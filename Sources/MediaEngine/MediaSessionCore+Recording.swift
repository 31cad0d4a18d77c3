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
        // Moved out and put back so that its buffer is uniquely referenced and grows in place (and nothing is retained).
        guard var recording = self.recording.take() else { return }
        defer { self.recording = recording }
        let audio: ArraySlice<Int16>
        if let recordingConverter {
            recordingScratch.removeAll(keepingCapacity: true)
            recordingConverter.process(samples, into: &recordingScratch)
            audio = recordingScratch[...]
        } else {
            audio = samples
        }
        recording.append(audio, voice: voice, at: loop.now)
    }

    /// Hands buffered audio to the file every write interval and syncs it every sync interval.
    func writeRecordingIfDue(now: NIODeadline) {
        // Asked every packet time: the fields are read in place, and the recording moved out only when something is due.
        guard let nextWrite = recording?.nextWrite, let nextSync = recording?.nextSync, now >= nextWrite || now >= nextSync,
              var recording = self.recording.take()
        else { return }
        defer { self.recording = recording }
        if now >= recording.nextWrite {
            flushPending(&recording)
            recording.nextWrite = now + .nanoseconds(Int64(configuration.recordingWriteInterval.milliseconds) * 1_000_000)
        }
        if now >= recording.nextSync {
            let file = recording.file
            let bytes = recording.writtenBytes
            submit("sync", for: recording) { try file.sync(dataBytes: bytes) }
            recording.nextSync = now + .nanoseconds(Int64(configuration.recordingSyncInterval.milliseconds) * 1_000_000)
        }
    }

    private func flushPending(_ recording: inout ActiveRecording) {
        guard !recording.pending.isEmpty else { return }
        let file = recording.file
        let bytes = recording.pending
        let offset = recording.writtenBytes
        submit("write", for: recording) { try file.append(bytes, dataOffset: offset) }
        recording.writtenBytes += bytes.count
        recording.pending.removeAll(keepingCapacity: true)
    }

    /// The I/O thread of a recording: always the same one, which keeps the file's writes in order.
    private func ioPool(for recording: ActiveRecording) -> NIOThreadPool {
        ioPools[(ioLane &+ recording.id) % ioPools.count]
    }

    /// Runs blocking file I/O for a recording on its I/O thread.
    private func submit(_ what: String, for recording: ActiveRecording, _ work: @escaping @Sendable () throws -> Void) {
        let logger = logger
        ioPool(for: recording).runIfActive(eventLoop: loop, work).whenFailure { error in
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
        return ioPool(for: recording).runIfActive(eventLoop: loop) { try file.finish(dataBytes: finalBytes) }
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

import NIOCore
import RTP

/// A `collectDigits` in progress.
struct DigitCollection {
    let id: Int
    let maximum: Int
    let terminators: Set<Character>
    let interDigitTimeout: TimeAmount
    var digits = ""
    var deadline: NIODeadline
    let continuation: CheckedContinuation<DigitsOutcome, any Error>
}

extension MediaSessionCore {
    /// The most digits kept for a collection that has not started yet: enough for any
    /// extension-and-PIN type-ahead, bounded so a stuck key cannot grow memory.
    private static let typeAheadLimit = 64

    /// A keypress from any source: it stops a recording (when a stop digit), feeds a collection or
    /// the type-ahead buffer, and interrupts a prompt that allows barge-in.
    func deliverDigit(_ digit: Character, source: DigitSource, sampleOffset: Int?) {
        guard !closed else { return }
        events.yield(.digit(digit, source: source))
        if let recording {
            if recording.stopDigits.contains(digit) {
                if sampleOffset == nil, let setup, var jitterBuffer {
                    // An RFC 4733 or SIP INFO digit overtakes the audio still in the jitter buffer,
                    // which was spoken before the key: it belongs to the message.
                    let held = jitterBuffer.flush()
                    self.jitterBuffer = jitterBuffer
                    decode(held, setup: setup)
                }
                guard var current = self.recording, current.id == recording.id else { return }
                if let sampleOffset { current.trimToNarrowbandOffset(sampleOffset) }
                self.recording = current
                finishRecording(current, reason: .stopDigit(digit))
            }
            // Other keys pressed while leaving a message are part of the message, not menu input.
            return
        }
        if collection != nil {
            offer(digit, now: loop.now)
        } else if typeAhead.count < Self.typeAheadLimit {
            typeAhead.append(digit)
        }
        if let playback, playback.bargeIn {
            self.playback = nil
            playback.continuation.resume(returning: .interrupted(digit))
        }
    }

    /// Starts collecting digits, first from what the caller typed ahead.
    func startCollection(_ collection: DigitCollection) {
        guard !cancelledOperations.contains(collection.id) else {
            collection.continuation.resume(throwing: CancellationError())
            return
        }
        guard !closed else {
            collection.continuation.resume(throwing: MediaError.sessionClosed)
            return
        }
        guard self.collection == nil else {
            collection.continuation.resume(throwing: MediaError.busy("digit collection"))
            return
        }
        self.collection = collection
        let now = loop.now
        while self.collection != nil, !typeAhead.isEmpty {
            offer(typeAhead.removeFirst(), now: now)
        }
    }

    /// Ends a collection because its task was cancelled.
    func cancelCollection(id: Int) {
        guard let collection, collection.id == id else {
            cancelledOperations.insert(id)
            return
        }
        self.collection = nil
        collection.continuation.resume(throwing: CancellationError())
    }

    /// Forgets digits typed ahead (before a prompt that must not be skipped by old input).
    func flushTypeAhead() {
        typeAhead.removeAll()
    }

    private func offer(_ digit: Character, now: NIODeadline) {
        guard var collection else { return }
        if collection.terminators.contains(digit) {
            self.collection = nil
            collection.continuation.resume(returning: .digits(collection.digits, terminator: digit))
            return
        }
        collection.digits.append(digit)
        if collection.digits.count >= collection.maximum {
            self.collection = nil
            collection.continuation.resume(returning: .digits(collection.digits, terminator: nil))
            return
        }
        collection.deadline = now + collection.interDigitTimeout
        self.collection = collection
    }

    /// A hold stops the clocks of a digit collection and of a recording's silence timeout: a caller who holds the call
    /// to look for a PIN comes back to the same prompt, not to "I didn't hear you", and one who holds in the middle of a
    /// message comes back to the same message. (A recording's maximum duration runs on.) The clocks are moved on by the
    /// wall time since the last tick, not by a packet time per tick: a loop catching up after a stall runs several
    /// ticks at one `now`, and must not time out a held caller on the first of them.
    func pauseClocksOnHold(now: NIODeadline) {
        guard onHold else {
            holdClockAt = nil
            return
        }
        let since = holdClockAt ?? now
        holdClockAt = max(since, now)
        guard now > since else { return }
        let held = now - since
        if let deadline = collection?.deadline { collection?.deadline = deadline + held }
        if let lastVoiceAt = recording?.lastVoiceAt { recording?.lastVoiceAt = lastVoiceAt + held }
    }

    /// Ends what has run out of time: a collection's timeouts, a recording's limits, and writes
    /// and syncs the recording when due.
    ///
    /// This runs every packet time, so the operations' fields are read in place: copying a whole
    /// recording or collection only to look at its clock would retain everything it holds.
    func checkDeadlines(now: NIODeadline) {
        if let deadline = collection?.deadline, now >= deadline, let collection = collection.take() {
            collection.continuation.resume(returning: .timedOut(collection.digits))
        }
        guard let startedAt = recording?.startedAt, let maxDuration = recording?.maxDuration,
              let lastVoiceAt = recording?.lastVoiceAt
        else { return }
        if now - startedAt >= maxDuration {
            if let recording { finishRecording(recording, reason: .maxDuration) }
        } else if let silence = recording?.silenceTimeout ?? nil, now - lastVoiceAt >= silence {
            recording?.trimToLastVoice()
            if let recording { finishRecording(recording, reason: .silence) }
        } else {
            writeRecordingIfDue(now: now)
        }
    }
}

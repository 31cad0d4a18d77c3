extension MediaSessionCore {
    /// Starts playing prompt audio already converted to the codec's rate.
    func startPlayback(_ playback: Playback) {
        guard !cancelledOperations.contains(playback.id) else {
            playback.continuation.resume(throwing: CancellationError())
            return
        }
        guard !closed else {
            playback.continuation.resume(throwing: MediaError.sessionClosed)
            return
        }
        guard self.playback == nil else {
            playback.continuation.resume(throwing: MediaError.busy("playback"))
            return
        }
        if playback.bargeIn, let digit = typeAhead.first {
            // The caller already answered what this prompt asks: do not make them listen to it.
            playback.continuation.resume(returning: .interrupted(digit))
            return
        }
        if playback.samples.isEmpty {
            playback.continuation.resume(returning: .completed)
            return
        }
        self.playback = playback
    }

    /// Stops a playback because its task was cancelled.
    func cancelPlayback(id: Int) {
        guard let playback, playback.id == id else {
            cancelledOperations.insert(id)
            return
        }
        self.playback = nil
        playback.continuation.resume(throwing: CancellationError())
    }
}

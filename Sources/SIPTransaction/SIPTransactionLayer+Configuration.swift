extension SIPTransactionLayer {
    /// Limits and timer values of a transaction layer.
    public struct Configuration: Sendable, Equatable {
        /// The RFC 3261 timer values.
        public var timers: SIPTimerSettings
        /// The most transactions (client and server together) the layer holds; a new request beyond it is answered
        /// 503 without a transaction, and `sendRequest` throws `.tooManyTransactions`.
        public var maxTransactions: Int
        /// How many TU events may wait unread in `events`; when the TU falls that far behind, a new request is
        /// answered 503 by its transaction instead of being queued, so a flood cannot grow the queue.
        public var eventBufferLimit: Int
        /// How many events may wait unread in one client transaction's stream; later ones are dropped (only 2xx
        /// retransmissions in the Accepted state can pile up).
        public var clientEventBufferLimit: Int

        /// Creates a configuration.
        public init(timers: SIPTimerSettings = .default, maxTransactions: Int = 200_000, eventBufferLimit: Int = 4_096, clientEventBufferLimit: Int = 64) {
            self.timers = timers
            self.maxTransactions = maxTransactions
            self.eventBufferLimit = eventBufferLimit
            self.clientEventBufferLimit = clientEventBufferLimit
        }
    }
}

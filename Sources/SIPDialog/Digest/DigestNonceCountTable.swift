/// The highest nonce count seen per nonce (RFC 7616 §3.4, §5.3): a count that does not increase is a replay.
///
/// Memory is bounded: past `capacity` nonces the oldest-recorded entry is forgotten. Forgetting a nonce that
/// may still be valid would let its old counts be replayed, so the table remembers a horizon, the latest issue
/// time among forgotten nonces, and reports any unknown nonce issued at or before it as `forgotten`; the server
/// answers that with a stale challenge, which costs an honest client one round trip and an attacker everything.
struct DigestNonceCountTable: Sendable {
    /// What recording a count found.
    enum Outcome: Equatable {
        /// The count is higher than any before it for this nonce, and is now the highest.
        case accepted
        /// The count is not higher than one already seen: a replay or a reordered request.
        case replayed
        /// The nonce is one whose counts may have been forgotten; treat it as stale.
        case forgotten
    }

    private struct Entry: Sendable {
        var issuedAt: Int64
        var highest: UInt32
    }

    /// The most nonces remembered at once.
    let capacity: Int
    private var entries: [String: Entry] = [:]
    /// Nonces in the order they were first recorded; `head` is the oldest still present.
    private var order: [String] = []
    private var head = 0
    private var horizon = Int64.min

    /// Creates an empty table that remembers at most `capacity` nonces (at least one).
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The number of nonces remembered.
    var count: Int { entries.count }

    /// Records `count` for the nonce issued at `issuedAt` unless it is a replay or the nonce was forgotten.
    mutating func record(nonce: String, issuedAt: Int64, count: UInt32) -> Outcome {
        if var entry = entries[nonce] {
            guard count > entry.highest else { return .replayed }
            entry.highest = count
            entries[nonce] = entry
            return .accepted
        }
        guard issuedAt > horizon else { return .forgotten }
        guard count > 0 else { return .replayed }  // nc starts at 00000001
        entries[nonce] = Entry(issuedAt: issuedAt, highest: count)
        order.append(nonce)
        while entries.count > capacity {
            evictOldest()
        }
        return .accepted
    }

    private mutating func evictOldest() {
        let nonce = order[head]
        head += 1
        if let entry = entries.removeValue(forKey: nonce) {
            horizon = max(horizon, entry.issuedAt)
        }
        // Compact now and then so that `order` stays within twice the capacity.
        if head > capacity {
            order.removeFirst(head)
            head = 0
        }
    }
}

public import Directory

/// The directory's repository: dial plans, gateways and mailboxes, read as one `DirectorySnapshot`.
///
/// Every driver passes the conformance suite in `StoreConformance`. Mailboxes are identified by their primary
/// extension; any of a user's numbers finds them.
public protocol DirectoryStore: Sendable {
    /// Everything routing needs, read at one moment.
    func snapshot() async throws(StoreError) -> DirectorySnapshot
    /// Adds a dial plan; its name must be new.
    func addDialPlan(_ plan: DialPlan) async throws(StoreError)
    /// Adds a gateway; its name must be new and its dial plan must exist.
    func addGateway(_ gateway: IPGateway) async throws(StoreError)
    /// Adds an auto attendant; its name and numbers must be new and its dial plan must exist.
    func addAutoAttendant(_ attendant: AutoAttendant) async throws(StoreError)
    /// Removes a gateway.
    func removeGateway(named name: String) async throws(StoreError)
    /// Inserts a mailbox, or updates the one with the same primary extension. The dial plan must exist, the primary
    /// extension must have its digit count, and no number may reach another user's mailbox (in the same dial plan,
    /// or anywhere for an E.164 `+` number).
    func enableMailbox(_ user: UMUser) async throws(StoreError)
    /// Marks the mailbox reached by that number disabled: it stays in the directory but takes no messages or logons.
    func disableMailbox(extension number: String) async throws(StoreError)
    /// The mailbox reached by that number (any of its extensions), enabled or not.
    func mailbox(extension number: String) async throws(StoreError) -> UMUser?
}

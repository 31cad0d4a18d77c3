public import Directory
public import Foundation

/// A store that keeps everything in memory: for tests, `herald validate` and trying Herald out. Lost on exit.
public actor InMemoryStore: DirectoryStore, CredentialStore, MessageStore {
    private var directory = DirectorySnapshot(dialPlans: [], gateways: [], users: [])
    /// Credentials by primary extension.
    private var credentials: [String: PINRecord] = [:]
    /// Messages by id.
    private var messages: [UUID: VoiceMessage] = [:]
    private let hasher: PINHasher

    /// Creates an empty store; `hasher` sets the PBKDF2 cost (tests lower it).
    public init(hasher: PINHasher = PINHasher()) {
        self.hasher = hasher
    }

    /// Everything routing needs, read at one moment.
    public func snapshot() -> DirectorySnapshot { directory }

    /// Adds a dial plan; its name must be new.
    public func addDialPlan(_ plan: DialPlan) throws(StoreError) {
        try directory.checkNew(plan)
        directory.dialPlans.append(plan)
    }

    /// Adds a gateway; its name must be new and its dial plan must exist.
    public func addGateway(_ gateway: IPGateway) throws(StoreError) {
        try directory.checkNew(gateway)
        directory.gateways.append(gateway)
    }

    /// Adds an auto attendant; its name and numbers must be new and its dial plan must exist.
    public func addAutoAttendant(_ attendant: AutoAttendant) throws(StoreError) {
        try directory.checkNew(attendant)
        directory.autoAttendants.append(attendant)
    }

    /// Removes a gateway.
    public func removeGateway(named name: String) throws(StoreError) {
        guard let index = directory.gateways.firstIndex(where: { $0.name == name }) else { throw .unknownGateway(name) }
        directory.gateways.remove(at: index)
    }

    /// Inserts a mailbox or updates the one with the same primary extension.
    public func enableMailbox(_ user: UMUser) throws(StoreError) {
        try directory.checkMailbox(user)
        if let index = directory.users.firstIndex(where: { $0.primaryExtension == user.primaryExtension }) {
            directory.users[index] = user
        } else {
            directory.users.append(user)
        }
    }

    /// Marks a mailbox disabled.
    public func disableMailbox(extension number: String) throws(StoreError) {
        let user = try directory.existingMailbox(number)
        guard let index = directory.users.firstIndex(where: { $0.primaryExtension == user.primaryExtension }) else { return }
        directory.users[index].enabled = false
    }

    /// The mailbox reached by a number.
    public func mailbox(extension number: String) -> UMUser? {
        directory.user(number: number)
    }

    /// Sets a PIN after checking the user's mailbox policy.
    public func setPIN(_ pin: String, extension number: String, byAdministrator: Bool, now: Date) throws(StoreError) {
        let user = try directory.existingMailbox(number)
        let policy = directory.policy(for: user)
        var record = credentials[user.primaryExtension] ?? PINRecord()
        let isRecent = record.isRecent(pin, policy: policy, hasher: hasher)
        if let problem = policy.problem(withPIN: pin, extensions: user.extensions, isRecent: isRecent) { throw .weakPIN(problem) }
        record.install(hash: hasher.hash(pin), policy: policy, byAdministrator: byAdministrator, now: now)
        credentials[user.primaryExtension] = record
    }

    /// Checks a PIN at logon.
    public func verifyPIN(_ pin: String, extension number: String, now: Date) throws(StoreError) -> PINVerification {
        let user = try directory.existingMailbox(number)
        guard user.enabled else { throw .unknownMailbox(number) }
        var record = credentials[user.primaryExtension] ?? PINRecord()
        let matches = !record.locked && record.hash.map { hasher.verify(pin, against: $0) } == true
        let verdict = record.recordAttempt(matches: matches, policy: directory.policy(for: user), now: now)
        credentials[user.primaryExtension] = record
        return verdict
    }

    /// Unlocks a mailbox.
    public func unlock(extension number: String) throws(StoreError) {
        let user = try directory.existingMailbox(number)
        credentials[user.primaryExtension, default: PINRecord()].unlock()
    }

    /// Stores a new message.
    public func addMessage(_ message: VoiceMessage) throws(StoreError) {
        _ = try directory.existingMailbox(message.mailbox)
        guard messages[message.id] == nil else { throw .duplicateMessage(message.id.uuidString) }
        messages[message.id] = message
    }

    /// The messages of a mailbox in play order.
    public func messages(mailbox number: String) throws(StoreError) -> [VoiceMessage] {
        let user = try directory.existingMailbox(number)
        return messages.values.filter { $0.mailbox == user.primaryExtension }.sorted(by: VoiceMessage.playOrder)
    }

    /// Moves a message to a folder.
    public func moveMessage(_ id: UUID, to folder: MessageFolder) throws(StoreError) {
        guard messages[id] != nil else { throw .unknownMessage(id.uuidString) }
        messages[id]?.folder = folder
    }

    /// The bytes a mailbox's messages take.
    public func mailboxUsage(mailbox number: String) throws(StoreError) -> Int {
        try messages(mailbox: number).reduce(0) { $0 + $1.sizeBytes }
    }

    /// Changes a mailbox's own settings.
    public func updateMailboxSettings(extension number: String, _ settings: MailboxSettings) throws(StoreError) {
        let user = try directory.existingMailbox(number)
        guard let index = directory.users.firstIndex(where: { $0.primaryExtension == user.primaryExtension }) else { return }
        directory.users[index].awayGreetingOn = settings.awayGreetingOn
        directory.users[index].keyMap = settings.keyMap
        directory.users[index].enrolled = settings.enrolled
    }
}

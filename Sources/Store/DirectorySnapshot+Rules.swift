package import Directory

/// The checks every driver makes before a change, on the directory as it is inside the driver's transaction.
extension DirectorySnapshot {
    /// Refuses a dial plan whose name is taken.
    package func checkNew(_ plan: DialPlan) throws(StoreError) {
        if dialPlan(named: plan.name) != nil { throw .duplicateDialPlan(plan.name) }
    }

    /// Refuses a gateway whose name is taken or whose dial plan does not exist.
    package func checkNew(_ gateway: IPGateway) throws(StoreError) {
        if gateways.contains(where: { $0.name == gateway.name }) { throw .duplicateGateway(gateway.name) }
        if dialPlan(named: gateway.dialPlan) == nil { throw .unknownDialPlan(gateway.dialPlan) }
    }

    /// Refuses an auto attendant whose name or a number is taken, or whose dial plan does not exist.
    package func checkNew(_ attendant: AutoAttendant) throws(StoreError) {
        if autoAttendants.contains(where: { $0.name == attendant.name })
            || attendant.numbers.contains(where: { autoAttendant(number: $0) != nil || user(number: $0) != nil || dialPlan(pilot: $0) != nil }) {
            throw .duplicateAutoAttendant(attendant.name)
        }
        if dialPlan(named: attendant.dialPlan) == nil { throw .unknownDialPlan(attendant.dialPlan) }
    }

    /// Refuses a mailbox whose dial plan does not exist, whose primary extension has the wrong digit count, or with a
    /// number that reaches another user (same dial plan, or any dial plan for E.164 `+` numbers). The user with the
    /// same primary extension is the one being updated, not another.
    package func checkMailbox(_ user: UMUser) throws(StoreError) {
        guard let plan = dialPlan(named: user.dialPlan) else { throw .unknownDialPlan(user.dialPlan) }
        guard plan.isExtension(user.primaryExtension) else {
            throw .wrongDigitCount(user.primaryExtension, expected: plan.extensionDigits)
        }
        for number in user.extensions {
            let scope = number.hasPrefix("+") ? nil : user.dialPlan
            if let owner = self.user(number: number, dialPlan: scope), owner.primaryExtension != user.primaryExtension {
                throw .duplicateExtension(number, owner: owner.primaryExtension)
            }
        }
    }

    /// The user reached by a number, or `unknownMailbox`.
    package func existingMailbox(_ number: String) throws(StoreError) -> UMUser {
        guard let user = user(number: number) else { throw .unknownMailbox(number) }
        return user
    }
}

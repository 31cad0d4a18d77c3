extension DirectorySnapshot {
    /// The demo of `herald serve --demo`: dial plan "Demo" (4-digit extensions), the loopback address as its
    /// gateway, pilot 5000, auto attendant 5005, and four users (PIN 135246, set by the store when it seeds them).
    /// Each user also has a DID, +1 202 555 010x, so that E.164 diversions (Teams-style) reach them.
    public static let demo = DirectorySnapshot(
        dialPlans: [DialPlan(name: "Demo", extensionDigits: 4, pilotNumbers: ["5000"])],
        gateways: [
            // The demo's callers are softphones on this machine: no PBX there lights lamps, so no MWI is sent.
            IPGateway(name: "loopback", address: "127.0.0.1", sendsMessageWaiting: false, dialPlan: "Demo", profile: .asteriskFreeSWITCH),
            IPGateway(name: "loopback-v6", address: "::1", sendsMessageWaiting: false, dialPlan: "Demo", profile: .asteriskFreeSWITCH),
        ],
        autoAttendants: [AutoAttendant(name: "Main", numbers: ["5005"], dialPlan: "Demo")],
        users: [
            UMUser(firstName: "Alice", lastName: "Anderson", email: "alice@example.com", extensions: ["4000", "+12025550100"], dialPlan: "Demo", enrolled: true),
            UMUser(firstName: "Bob", lastName: "Brown", email: "bob@example.com", extensions: ["4001", "+12025550101"], dialPlan: "Demo", enrolled: true),
            UMUser(firstName: "Carol", lastName: "Clark", email: "carol@example.com", extensions: ["4002", "+12025550102"], dialPlan: "Demo", enrolled: true),
            UMUser(firstName: "David", lastName: "Davis", email: "david@example.com", extensions: ["4003", "+12025550103"], dialPlan: "Demo", enrolled: true),
        ])

    /// The PIN the demo users start with.
    public static let demoPIN = "135246"
}

import Directory

/// The demo directory plus a gateway for every PBX whose INVITEs are in the corpus, each with its preset.
enum CorpusDirectory {
    static let snapshot: DirectorySnapshot = {
        var directory = DirectorySnapshot.demo
        let gateways: [(String, String, PBXProfile)] = [
            ("cucm", "192.0.2.10", .ciscoCUCM), ("session-manager", "192.0.2.20", .avayaAura), ("avaya-cm", "192.0.2.21", .avayaAura),
            ("cs1000-sps", "192.0.2.30", .nortelCS1000), ("cs1000", "192.0.2.31", .nortelCS1000), ("asterisk", "192.0.2.40", .asteriskFreeSWITCH),
            ("freeswitch", "192.0.2.50", .asteriskFreeSWITCH), ("teams-sbc", "192.0.2.60", .genericRFC), ("generic", "192.0.2.70", .genericRFC),
        ]
        directory.gateways += gateways.map { IPGateway(name: $0.0, address: $0.1, dialPlan: "Demo", profile: $0.2) }
        return directory
    }()
}

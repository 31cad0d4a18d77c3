extension KeyMap {
    /// Exchange-style keys (Outlook Voice Access users know them: 7 deletes, 9 marks unheard, 6 forwards, # goes on).
    public static let exchange = KeyMap(
        name: "exchange", spokenName: "Exchange",
        menus: [
            .main: [
                Binding("1", .newMessages), Binding("2", .savedMessages), Binding("3", .deletedMessages),
                Binding("6", .personalOptions), Binding("*", .repeatMenu), Binding("0", .help),
            ],
            .message: [
                Binding("5", .replay), Binding("1", .rewind), Binding("3", .fastForward), Binding("2", .pause),
                Binding("#", .next), Binding("4", .previous), Binding("7", .delete), Binding("8", .save),
                Binding("9", .markUnheard), Binding("6", .forward), Binding("*", .mainMenu), Binding("0", .help),
            ],
            .personalOptions: [
                Binding("1", .greetings), Binding("2", .recordName), Binding("3", .changePIN), Binding("4", .switchKeyMap),
                Binding("*", .back), Binding("0", .help),
            ],
            .greetings: [
                Binding("1", .recordStandardGreeting), Binding("2", .recordBusyGreeting), Binding("3", .recordAwayGreeting),
                Binding("4", .toggleAwayGreeting), Binding("5", .useSystemGreeting), Binding("*", .back), Binding("0", .help),
            ],
            .recordingReview: [
                Binding("1", .listen), Binding("2", .keep), Binding("3", .reRecord), Binding("*", .back), Binding("0", .help),
            ],
            .callerReview: [
                Binding("1", .send), Binding("2", .listen), Binding("3", .reRecord), Binding("4", .markUrgent), Binding("0", .help),
            ],
        ])

    /// Cisco Unity-style keys (the classic conversation: 1 new messages, 3 saved, 4 setup; during a message 2 saves,
    /// 3 deletes, 7/8/9 rewind, pause, fast-forward; # accepts a recording).
    public static let ciscoUnity = KeyMap(
        name: "cisco-unity", spokenName: "Cisco Unity",
        menus: [
            .main: [
                Binding("1", .newMessages), Binding("3", .savedMessages), Binding("5", .deletedMessages),
                Binding("4", .personalOptions), Binding("*", .repeatMenu), Binding("0", .help),
            ],
            .message: [
                Binding("1", .replay), Binding("7", .rewind), Binding("9", .fastForward), Binding("8", .pause),
                Binding("#", .next), Binding("4", .previous), Binding("3", .delete), Binding("2", .save),
                Binding("6", .markUnheard), Binding("5", .forward), Binding("*", .mainMenu), Binding("0", .help),
            ],
            .personalOptions: [
                Binding("1", .greetings), Binding("2", .changePIN), Binding("3", .recordName), Binding("4", .switchKeyMap),
                Binding("*", .back), Binding("0", .help),
            ],
            .greetings: [
                Binding("1", .recordStandardGreeting), Binding("2", .toggleAwayGreeting), Binding("3", .recordAwayGreeting),
                Binding("4", .recordBusyGreeting), Binding("5", .useSystemGreeting), Binding("*", .back), Binding("0", .help),
            ],
            .recordingReview: [
                Binding("#", .keep), Binding("1", .listen), Binding("3", .reRecord), Binding("*", .back), Binding("0", .help),
            ],
            .callerReview: [
                Binding("#", .send), Binding("1", .listen), Binding("3", .reRecord), Binding("4", .markUrgent), Binding("0", .help),
            ],
        ])

    /// Every key map users can choose, the default first.
    public static let builtIn: [KeyMap] = [.exchange, .ciscoUnity]

    /// The key map called `name`, or the default (Exchange-style) for an unknown name.
    public static func named(_ name: String) -> KeyMap {
        builtIn.first { $0.name == name } ?? .exchange
    }
}

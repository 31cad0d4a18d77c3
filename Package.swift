// swift-tools-version: 6.2
// Herald — an open-source Unified Messaging server. Layering: see ../shared/ARCHITECTURE.md and README.md.
import PackageDescription

/// Settings every Herald target shares: Swift 6 mode, the upcoming features the house style asks for, no warnings.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "Herald",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "herald", targets: ["herald"]),
        .executable(name: "herald-bench", targets: ["HeraldBenchmarks"]),
        .library(name: "SIPMessage", targets: ["SIPMessage"]),
        .library(name: "SDP", targets: ["SDP"]),
        .library(name: "Codecs", targets: ["Codecs"]),
        .library(name: "RTP", targets: ["RTP"]),
        .library(name: "MediaEngine", targets: ["MediaEngine"]),
        .library(name: "Store", targets: ["Store"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Pure protocol layers: no I/O.
        .target(name: "SIPMessage", exclude: ["README.md"], swiftSettings: strictSettings),
        .target(name: "SDP", exclude: ["README.md"], swiftSettings: strictSettings),

        // Dialogs, sessions and digest authentication: pure values over SIPMessage.
        .target(
            name: "SIPDialog",
            dependencies: ["SIPMessage", "SDP", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["README.md"],
            swiftSettings: strictSettings),

        // SIP transports: the only SIP target that opens sockets.
        .target(
            name: "SIPTransport",
            dependencies: [
                "SIPMessage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strictSettings),

        // The user agent: transport + transactions + dialogs behind an async API.
        .target(
            name: "SIPEndpoint",
            dependencies: [
                "SIPMessage", "SDP", "SIPTransport", "SIPTransaction", "SIPDialog",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strictSettings),
        .target(name: "SIPTransaction", dependencies: ["SIPMessage"], exclude: ["README.md"], swiftSettings: strictSettings),

        // C libraries from Debian's -dev packages (see ../shared/TESTING.md for their pitfalls).
        .systemLibrary(name: "CSpanDSP", pkgConfig: "spandsp", providers: [.apt(["libspandsp-dev", "libtiff-dev"])]),
        .systemLibrary(name: "COpus", pkgConfig: "opus", providers: [.apt(["libopus-dev"])]),
        .systemLibrary(name: "CBcg729", pkgConfig: "libbcg729", providers: [.apt(["libbcg729-dev"])]),
        .systemLibrary(name: "CGSM", providers: [.apt(["libgsm1-dev"])]),
        .systemLibrary(name: "CAVCodec", pkgConfig: "libavcodec", providers: [.apt(["libavcodec-dev"])]),
        .systemLibrary(name: "CSampleRate", pkgConfig: "samplerate", providers: [.apt(["libsamplerate0-dev"])]),
        .systemLibrary(name: "CFlite", providers: [.apt(["flite1-dev"])]),
        .systemLibrary(name: "CSRTP", pkgConfig: "libsrtp2", providers: [.apt(["libsrtp2-dev"])]),

        // Media: codecs and tones (pure), RTP/RTCP/SRTP (pure), and the engine that runs them on sockets.
        .target(
            name: "Codecs",
            dependencies: ["CSpanDSP", "COpus", "CBcg729", "CGSM", "CAVCodec", "CSampleRate"],
            exclude: ["README.md"],
            swiftSettings: strictSettings),
        .target(name: "RTP", dependencies: ["CSRTP"], exclude: ["README.md"], swiftSettings: strictSettings),
        .target(
            name: "MediaEngine",
            dependencies: [
                "Codecs", "RTP", "SDP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strictSettings),

        // Text-to-speech and the prompt catalogue.
        .target(name: "Speech", dependencies: ["Codecs", "CFlite"], exclude: ["README.md"], swiftSettings: strictSettings),

        // The domain (pure) and the call-control layer above the SIP stack and the media engine.
        .target(name: "Directory", exclude: ["README.md"], swiftSettings: strictSettings),
        .target(
            name: "CallControl",
            dependencies: [
                "Directory", "SIPMessage", "SIPDialog", "SIPEndpoint", "SDP", "MediaEngine", "Codecs", "Speech",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strictSettings),

        // Storage: repository protocols and the in-memory store (Store), the SQLite driver (GRDB), and the
        // conformance suite every driver must pass.
        .target(
            name: "Store",
            dependencies: [
                "Directory",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            exclude: ["README.md"], swiftSettings: strictSettings),
        .target(
            name: "StoreSQLite",
            dependencies: ["Store", "Directory", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["README.md"], swiftSettings: strictSettings),
        .target(name: "StoreConformance", dependencies: ["Store", "Directory"], exclude: ["README.md"], swiftSettings: strictSettings),

        // Call flows: async scripts over the Call API, the directory and the store (no SIP or RTP in sight).
        .target(
            name: "Voicemail",
            dependencies: [
                "CallControl", "Directory", "Store", "Speech", .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            exclude: ["README.md"],
            swiftSettings: strictSettings),

        // Composition root and command line.
        .target(
            name: "HeraldServer",
            dependencies: [
                "SIPMessage", "SDP", "Directory", "CallControl", "SIPTransport", "SIPEndpoint", "MediaEngine", "Codecs", "Speech",
                "Store", "StoreSQLite", "Voicemail",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["README.md"],
            swiftSettings: strictSettings),
        .executableTarget(
            name: "herald",
            dependencies: [
                "HeraldServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strictSettings),

        // Test support shared by test targets (never imported by production code).
        .target(
            name: "HeraldTestKit",
            dependencies: [
                "SIPMessage", "SIPTransport", "SIPEndpoint", "SDP", "MediaEngine", "Codecs", "CallControl", "Speech",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strictSettings),

        // Benchmarks (`make bench`): a separate executable so that its malloc counter never reaches production.
        .target(name: "CAllocationCounter"),
        .executableTarget(
            name: "HeraldBenchmarks",
            dependencies: [
                "SIPMessage", "SDP", "SIPEndpoint", "SIPTransport", "CAllocationCounter", "Codecs", "RTP", "MediaEngine",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["README.md"],
            swiftSettings: strictSettings),

        .testTarget(
            name: "SIPMessageTests",
            dependencies: ["SIPMessage", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Corpus")],
            swiftSettings: strictSettings),
        .testTarget(
            name: "SDPTests",
            dependencies: ["SDP"],
            resources: [.copy("Corpus")],
            swiftSettings: strictSettings),
        .testTarget(
            name: "SIPEndpointTests",
            dependencies: [
                "HeraldTestKit",
                "SIPEndpoint", "SIPTransport", "SIPTransaction", "SIPDialog", "SIPMessage", "SDP",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings),
        .testTarget(
            name: "InteropTests",
            dependencies: [
                "HeraldTestKit", "HeraldServer", "Store", "CallControl", "Speech",
                "SIPEndpoint", "SIPTransport", "SIPDialog", "SIPMessage", "SDP", "Codecs", "MediaEngine",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["Peers"],
            swiftSettings: strictSettings),
        .testTarget(name: "CodecsTests", dependencies: ["Codecs", "CSpanDSP", "CFlite"], swiftSettings: strictSettings),
        .testTarget(name: "RTPTests", dependencies: ["RTP"], swiftSettings: strictSettings),
        .testTarget(name: "SpeechTests", dependencies: ["Speech"], swiftSettings: strictSettings),
        .testTarget(
            name: "StoreTests",
            dependencies: ["StoreConformance", "Store", "StoreSQLite", "Directory"],
            swiftSettings: strictSettings),
        .testTarget(name: "DirectoryTests", dependencies: ["Directory"], swiftSettings: strictSettings),
        .testTarget(
            name: "VoicemailTests",
            dependencies: [
                "Voicemail", "HeraldTestKit", "CallControl", "Directory", "Store", "Speech", "MediaEngine",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings),
        .testTarget(
            name: "CallControlTests", dependencies: ["CallControl", "Directory", "SIPMessage", "HeraldTestKit", "Speech"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "MediaEngineTests",
            dependencies: [
                "MediaEngine", "Codecs", "SDP", "RTP", "HeraldTestKit", .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strictSettings),
        .testTarget(
            name: "SIPTransactionTests",
            dependencies: ["SIPTransaction", "SIPMessage"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "SIPDialogTests",
            dependencies: ["SIPDialog", "SIPMessage"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "SIPTransportTests",
            dependencies: [
                "HeraldTestKit",
                "SIPTransport", "SIPMessage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings),
        .testTarget(
            name: "HeraldServerTests",
            dependencies: [
                "HeraldServer", "HeraldTestKit", "SIPMessage", "SIPTransport", "SIPEndpoint", "SDP", "MediaEngine", "Directory", "Codecs",
                "Store", "StoreSQLite", "Voicemail",
            ],
            swiftSettings: strictSettings),
    ]
)

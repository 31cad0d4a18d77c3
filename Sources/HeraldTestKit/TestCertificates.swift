public import Foundation

/// A throw-away CA and a server certificate for 127.0.0.1 and localhost, made with openssl for TLS tests.
public struct TestCertificates: Sendable {
    /// The directory holding the files.
    public let directory: URL
    /// The CA certificate (PEM), to trust.
    public var caPath: String { directory.appendingPathComponent("ca.pem").path }
    /// The server certificate (PEM) for localhost, 127.0.0.1 and ::1.
    public var certificatePath: String { directory.appendingPathComponent("server.pem").path }
    /// The server key (PEM).
    public var keyPath: String { directory.appendingPathComponent("server.key").path }

    /// Makes a new CA and server certificate in a fresh temporary directory.
    public static func make() throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let d = directory.path
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                     "-subj", "/CN=Herald Test CA", "-keyout", "\(d)/ca.key", "-out", "\(d)/ca.pem",
                     "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"])
        try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=localhost",
                     "-keyout", "\(d)/server.key", "-out", "\(d)/server.csr"])
        try "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n".write(toFile: "\(d)/san.ext", atomically: true, encoding: .utf8)
        try openssl(["x509", "-req", "-in", "\(d)/server.csr", "-CA", "\(d)/ca.pem", "-CAkey", "\(d)/ca.key", "-CAcreateserial",
                     "-days", "2", "-extfile", "\(d)/san.ext", "-out", "\(d)/server.pem"])
        return TestCertificates(directory: directory)
    }

    private static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "openssl \(arguments.first ?? "") failed"])
        }
    }
}

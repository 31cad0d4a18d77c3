import Foundation

/// The demo's TLS certificate: self-signed for `localhost` and 127.0.0.1, made with openssl on first start and
/// kept in the data directory, so that `herald serve --demo` answers TLS on 5061 with nothing to configure.
enum DemoCertificate {
    /// The certificate and key paths, created when missing.
    static func ensure(in directory: URL) async throws -> (certificate: String, key: String) {
        let tls = directory.appendingPathComponent("tls")
        let certificate = tls.appendingPathComponent("demo-certificate.pem")
        let key = tls.appendingPathComponent("demo-key.pem")
        if FileManager.default.fileExists(atPath: certificate.path), FileManager.default.fileExists(atPath: key.path) {
            return (certificate.path, key.path)
        }
        try FileManager.default.createDirectory(at: tls, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "3650",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
            "-keyout", key.path, "-out", certificate.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        // Wait without blocking a cooperative thread: the termination handler resumes us.
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        guard status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "openssl could not make the demo certificate"]) }
        return (certificate.path, key.path)
    }
}

import Foundation

/// Repairs recordings a crash left behind: the header is made to describe the audio actually in
/// the file, so the partial message plays everywhere (not only in Herald's forgiving reader).
public enum WAVRecovery {
    /// Rewrites the size fields of a WAV file from its length; returns the audio duration recovered.
    @discardableResult
    public static func repair(path: String) throws(WAVError) -> Duration {
        let handle: FileHandle
        let bytes: [UInt8]
        do {
            handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            bytes = [UInt8](try handle.readToEnd() ?? Data())
        } catch {
            throw WAVError("cannot open \(path): \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        let layout = try WAVFile.parseLayout(bytes)
        let frameBytes = layout.encoding.bytesPerSample * layout.channels
        let dataBytes = layout.dataCount - layout.dataCount % frameBytes
        if dataBytes != layout.declaredDataCount || layout.dataCount != bytes.count - layout.dataOffset {
            let header = WAVHeader(encoding: layout.encoding, sampleRate: layout.sampleRate)
            guard layout.channels == 1, layout.dataOffset == header.size else {
                throw WAVError("not a Herald recording (only its own layout is repaired)")
            }
            do {
                try handle.truncate(atOffset: UInt64(layout.dataOffset + dataBytes))
                try handle.seek(toOffset: 0)
                try handle.write(contentsOf: Data(header.bytes(dataBytes: dataBytes)))
                try handle.synchronize()
            } catch {
                throw WAVError("cannot repair \(path): \(error.localizedDescription)")
            }
        }
        let samples = dataBytes / frameBytes
        return .microseconds(Int64(samples) * 1_000_000 / Int64(layout.sampleRate))
    }
}

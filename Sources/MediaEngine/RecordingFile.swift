import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A WAV file being recorded: audio is appended as it arrives and the header is kept true, so that
/// whatever reached the file before a crash is a playable message.
///
/// Every method does blocking I/O: the engine calls them on its one-thread I/O pool, which also
/// keeps the writes of a file in order.
final class RecordingFile: Sendable {
    let path: String
    let header: WAVHeader
    private let descriptor: Int32

    /// Creates the file (replacing one of that name) with an empty-audio header.
    init(path: String, header: WAVHeader) throws(MediaError) {
        self.path = path
        self.header = header
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw MediaError.recording(path: path, reason: String(cString: strerror(errno))) }
        descriptor = fd
        try write(header.bytes(dataBytes: 0), at: 0)
    }

    /// Writes audio bytes at their place in the data chunk.
    func append(_ bytes: [UInt8], dataOffset: Int) throws(MediaError) {
        try write(bytes, at: header.size + dataOffset)
    }

    /// Makes the header describe `dataBytes` bytes of audio and forces everything to disk.
    func sync(dataBytes: Int) throws(MediaError) {
        try write(header.bytes(dataBytes: dataBytes), at: 0)
        guard fsync(descriptor) == 0 else { throw MediaError.recording(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Cuts the audio to `dataBytes` (trimming trailing silence), syncs and closes the file.
    func finish(dataBytes: Int) throws(MediaError) {
        defer { close(descriptor) }
        guard ftruncate(descriptor, off_t(header.size + dataBytes)) == 0 else {
            throw MediaError.recording(path: path, reason: String(cString: strerror(errno)))
        }
        try sync(dataBytes: dataBytes)
    }

    private func write(_ bytes: [UInt8], at offset: Int) throws(MediaError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                pwrite(descriptor, raw.baseAddress! + written, bytes.count - written, off_t(offset + written))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw MediaError.recording(path: path, reason: String(cString: strerror(errno)))
            }
            written += result
        }
    }
}

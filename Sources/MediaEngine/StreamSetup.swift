import Codecs
import NIOCore
import RTP
import SDP

/// What a negotiated audio stream means to the engine: codec, payload types, addresses, keys.
struct StreamSetup {
    var codec: AudioCodec
    var payloadType: UInt8
    var telephoneEventPayloadType: UInt8?
    var telephoneEventClockRate: Int
    var packetTime: Int
    var remoteRTP: SocketAddress
    var remoteRTCP: SocketAddress
    var rtcpMultiplexing: Bool
    var sends: Bool
    var receives: Bool
    var srtp: SRTPKeys?

    /// The SRTP profile and the two keys: ours protects what we send, theirs what we receive.
    struct SRTPKeys {
        var profile: SRTPProfile
        var local: [UInt8]
        var remote: [UInt8]
    }

    /// Reads the setup from the outcome of offer/answer.
    init(_ media: NegotiatedMedia, defaultPacketTime: Int) throws(MediaError) {
        guard let map = media.codec else { throw MediaError.notNegotiated }
        guard let codec = AudioCodec(encodingName: map.encodingName, clockRate: map.clockRate, channels: map.channelCount) else {
            throw MediaError.codec("\(map.encodingName)/\(map.clockRate) is not supported")
        }
        self.codec = codec
        payloadType = UInt8(map.payloadType)
        telephoneEventPayloadType = media.telephoneEvent.map { UInt8($0.payloadType) }
        telephoneEventClockRate = media.telephoneEvent?.clockRate ?? codec.rtpClockRate
        // The peer's a=ptime is a wish, not a command: keep it within what telephony uses (RFC 3551 §4.5 expects
        // ≤ 200 ms) and make it a whole number of codec frames, so a hostile value cannot stall or break the clock.
        var ptime = min(max(media.packetTime ?? defaultPacketTime, 10), 200)
        if ptime % codec.frameDuration != 0 { ptime = max(codec.frameDuration, ptime / codec.frameDuration * codec.frameDuration) }
        packetTime = ptime
        do {
            remoteRTP = try SocketAddress(ipAddress: media.remoteConnection.address, port: media.remotePort)
            remoteRTCP = try SocketAddress(ipAddress: media.remoteRTCPConnection.address, port: media.remoteRTCPPort)
        } catch {
            throw MediaError.socket("the peer's media address \(media.remoteConnection.address) is not an IP address")
        }
        rtcpMultiplexing = media.rtcpMultiplexing
        sends = media.direction == .sendrecv || media.direction == .sendonly
        receives = media.direction == .sendrecv || media.direction == .recvonly
        if let srtp = media.srtp {
            guard let profile = SRTPProfile(sdesSuiteName: srtp.suite.rawValue),
                  let remoteKey = srtp.remote.keyParameters.first?.keySalt,
                  let localKey = srtp.local.keyParameters.first?.keySalt
            else { throw MediaError.srtp("suite \(srtp.suite) is not supported") }
            self.srtp = SRTPKeys(profile: profile, local: localKey, remote: remoteKey)
        } else {
            self.srtp = nil
        }
    }
}

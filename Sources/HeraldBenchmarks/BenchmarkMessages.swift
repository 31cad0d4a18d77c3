/// Representative messages for the parser benchmarks: what a CS 1000 behind an SPS sends a UM pilot.
enum BenchmarkMessages {
    static let sdp = """
        v=0\r
        o=- 1370536934 1370536934 IN IP4 192.0.2.10\r
        s=-\r
        c=IN IP4 192.0.2.10\r
        t=0 0\r
        m=audio 5004 RTP/AVP 0 8 18 4 101\r
        a=rtpmap:0 PCMU/8000\r
        a=rtpmap:8 PCMA/8000\r
        a=rtpmap:18 G729/8000\r
        a=fmtp:18 annexb=no\r
        a=rtpmap:4 G723/8000\r
        a=rtpmap:101 telephone-event/8000\r
        a=fmtp:101 0-15\r
        a=ptime:20\r
        a=sendrecv\r

        """

    static let invite = """
        INVITE sip:5000@192.0.2.20;transport=udp SIP/2.0\r
        Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-524287-1---a4e3f2c1d0b9;rport\r
        Max-Forwards: 69\r
        Contact: <sip:4001@192.0.2.10:5060;transport=udp>\r
        To: <sip:5000@192.0.2.20>\r
        From: "Bob Brown" <sip:4001@192.0.2.10>;tag=0b2c3d4e\r
        Call-ID: 8f3a2b1c-4d5e-6f70-8192-a3b4c5d6e7f8@192.0.2.10\r
        CSeq: 1 INVITE\r
        Diversion: <sip:4000@192.0.2.10>;reason=no-answer;counter=1;privacy=off;screen=no\r
        Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, OPTIONS, INFO, UPDATE\r
        Supported: replaces, timer\r
        User-Agent: Nortel CS1000 SIP Gateway release 5.00\r
        Content-Type: application/sdp\r
        Content-Length: \(sdp.utf8.count)\r
        \r
        \(sdp)
        """

    static let ok = """
        SIP/2.0 200 OK\r
        Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-524287-1---a4e3f2c1d0b9;rport=5060;received=192.0.2.10\r
        Contact: <sip:5000@192.0.2.20:5060>\r
        To: <sip:5000@192.0.2.20>;tag=h-7a6b5c4d\r
        From: "Bob Brown" <sip:4001@192.0.2.10>;tag=0b2c3d4e\r
        Call-ID: 8f3a2b1c-4d5e-6f70-8192-a3b4c5d6e7f8@192.0.2.10\r
        CSeq: 1 INVITE\r
        Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY, SUBSCRIBE, UPDATE\r
        Supported: replaces, timer\r
        Server: Herald\r
        Content-Length: 0\r
        \r

        """

    static let ack = """
        ACK sip:5000@192.0.2.20:5060 SIP/2.0\r
        Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-524287-1---b5f4e3d2c1a0;rport\r
        Max-Forwards: 70\r
        To: <sip:5000@192.0.2.20>;tag=h-7a6b5c4d\r
        From: "Bob Brown" <sip:4001@192.0.2.10>;tag=0b2c3d4e\r
        Call-ID: 8f3a2b1c-4d5e-6f70-8192-a3b4c5d6e7f8@192.0.2.10\r
        CSeq: 1 ACK\r
        Content-Length: 0\r
        \r

        """

    static let options = """
        OPTIONS sip:herald@192.0.2.20 SIP/2.0\r
        Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-opt-7f6e5d4c\r
        Max-Forwards: 70\r
        To: <sip:herald@192.0.2.20>\r
        From: <sip:sps@192.0.2.10>;tag=98765\r
        Call-ID: opt-1234567890@192.0.2.10\r
        CSeq: 102 OPTIONS\r
        Accept: application/sdp\r
        Content-Length: 0\r
        \r

        """
}

#!/usr/bin/env python3
"""A pjsua2 (PJSIP) softphone that calls TARGET and reports call states on stdout, for Herald's interop tests.

Usage: pjsua_call.py TARGET [--transport udp|tcp] [--hangup-after-confirmed SECONDS] [--dtmf DIGITS] [--require-100rel]

Prints one line per state change: "STATE CONFIRMED", "STATE DISCONNECTED <code> <reason>". Exits 0 when the
call was confirmed and then disconnected, 1 otherwise. No sound card: the null audio device is used.
"""
import argparse
import sys
import time

import pjsua2 as pj


class Call(pj.Call):
    def __init__(self, account, events):
        super().__init__(account)
        self.events = events

    def onCallState(self, prm):
        info = self.getInfo()
        if info.state == pj.PJSIP_INV_STATE_CONFIRMED:
            self.events.append("CONFIRMED")
            print("STATE CONFIRMED", flush=True)
        elif info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
            self.events.append("DISCONNECTED")
            print(f"STATE DISCONNECTED {info.lastStatusCode} {info.lastReason}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("target")
    parser.add_argument("--transport", default="udp")
    parser.add_argument("--hangup-after-confirmed", type=float, default=None)
    parser.add_argument("--dtmf", default="")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--require-100rel", action="store_true", help="send Require: 100rel and PRACK every 1xx")
    parser.add_argument("--sip-log", action="store_true", help="print every SIP message sent and received")
    args = parser.parse_args()

    endpoint = pj.Endpoint()
    endpoint.libCreate()
    config = pj.EpConfig()
    config.uaConfig.threadCnt = 0
    config.uaConfig.mainThreadOnly = True
    config.logConfig.level = 5 if args.sip_log else 1
    config.logConfig.consoleLevel = 5 if args.sip_log else 1
    config.logConfig.msgLogging = 1 if args.sip_log else 0
    config.medConfig.clockRate = 8000
    endpoint.libInit(config)
    transport_config = pj.TransportConfig()
    transport_config.port = 0
    transport_config.boundAddress = "127.0.0.1"
    kind = pj.PJSIP_TRANSPORT_TCP if args.transport == "tcp" else pj.PJSIP_TRANSPORT_UDP
    endpoint.transportCreate(kind, transport_config)
    endpoint.libStart()
    endpoint.audDevManager().setNullDev()
    for codec in endpoint.codecEnum2():
        priority = 255 if codec.codecId.startswith("PCMU") else 0
        endpoint.codecSetPriority(codec.codecId, priority)

    account_config = pj.AccountConfig()
    account_config.idUri = "sip:pjsua@127.0.0.1"
    if args.require_100rel:
        account_config.callConfig.prackUse = pj.PJSUA_100REL_MANDATORY
    account = pj.Account()
    account.create(account_config)

    events = []
    call = Call(account, events)
    call.makeCall(args.target, pj.CallOpParam(True))
    deadline = time.monotonic() + args.timeout
    confirmed_at = None
    sent_dtmf = False
    while time.monotonic() < deadline and "DISCONNECTED" not in events:
        endpoint.libHandleEvents(20)
        if "CONFIRMED" in events and confirmed_at is None:
            confirmed_at = time.monotonic()
        if confirmed_at is not None and args.dtmf and not sent_dtmf:
            parameters = pj.CallSendDtmfParam()
            parameters.digits = args.dtmf
            parameters.method = pj.PJSUA_DTMF_METHOD_SIP_INFO
            call.sendDtmf(parameters)
            sent_dtmf = True
            print("SENT DTMF", flush=True)
        if confirmed_at is not None and args.hangup_after_confirmed is not None \
                and time.monotonic() - confirmed_at >= args.hangup_after_confirmed:
            call.hangup(pj.CallOpParam(True))
            args.hangup_after_confirmed = None
    ok = "CONFIRMED" in events and "DISCONNECTED" in events
    del call
    account.shutdown()
    del account
    endpoint.libDestroy()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Kamailio (Debian, 5.6) as a record-routing stateful proxy in front of one or more Herald instances.
final class Kamailio: @unchecked Sendable {
    let port: Int
    let process: PeerProcess

    /// Starts Kamailio on loopback relaying every new request to `destinations` through the dispatcher module.
    static func start(relayingTo destinations: [Int]) async throws -> Kamailio {
        let directory = try makeTemporaryDirectory("kamailio")
        let port = freePort()
        let list = destinations.map { "1 sip:127.0.0.1:\($0)" }.joined(separator: "\n") + "\n"
        try list.write(to: directory.appendingPathComponent("dispatcher.list"), atomically: true, encoding: .utf8)
        let config = """
            #!KAMAILIO
            debug=2
            log_stderror=yes
            children=2
            tcp_children=2
            auto_aliases=no
            listen=udp:127.0.0.1:\(port)
            listen=tcp:127.0.0.1:\(port)
            mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
            loadmodule "tm.so"
            loadmodule "sl.so"
            loadmodule "rr.so"
            loadmodule "maxfwd.so"
            loadmodule "textops.so"
            loadmodule "siputils.so"
            loadmodule "pv.so"
            loadmodule "dispatcher.so"
            modparam("rr", "enable_full_lr", 1)
            modparam("tm", "fr_timer", 2000)
            modparam("tm", "fr_inv_timer", 20000)
            modparam("dispatcher", "flags", 2)
            modparam("dispatcher", "list_file", "\(directory.appendingPathComponent("dispatcher.list").path)")

            request_route {
                if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
                if (has_totag()) {
                    if (loose_route()) { t_relay(); exit; }
                    if (is_method("ACK")) { if (t_check_trans()) { t_relay(); } exit; }
                    sl_send_reply("404", "Not here");
                    exit;
                }
                if (is_method("CANCEL")) { if (t_check_trans()) { t_relay(); } exit; }
                record_route();
                if (!ds_select_dst("1", "4")) { sl_send_reply("503", "No destination"); exit; }
                t_on_failure("FAILOVER");
                t_relay();
            }

            failure_route[FAILOVER] {
                if (t_is_canceled()) { exit; }
                if (t_check_status("5[0-9][0-9]") || (t_branch_timeout() && !t_branch_replied())) {
                    if (ds_next_dst()) { t_on_failure("FAILOVER"); t_relay(); }
                }
            }

            """
        let file = directory.appendingPathComponent("kamailio.cfg")
        try config.write(to: file, atomically: true, encoding: .utf8)
        let process = try PeerProcess("/usr/sbin/kamailio", ["-f", file.path, "-DD", "-E", "-w", directory.path, "-Y", directory.path,
                                                             "-P", directory.appendingPathComponent("kamailio.pid").path], directory: directory)
        // Kamailio logs "INFO: ... init_tcp: using epoll" etc. while starting; wait until it answers OPTIONS.
        for attempt in 0..<100 {
            let (status, _) = try await PeerProcess.run("/usr/bin/sipsak", ["-s", "sip:ping@127.0.0.1:\(port)"], directory: directory)
            if status == 0 || status == 1 { break }
            if attempt == 99 { throw CocoaError(.executableLoad) }
            try await Task.sleep(for: .milliseconds(100))
        }
        return Kamailio(port: port, process: process, directory: directory)
    }

    private let directory: URL

    private init(port: Int, process: PeerProcess, directory: URL) {
        self.port = port
        self.process = process
        self.directory = directory
    }

    /// Kills every Kamailio process of this test: the main process may already have exited and left its workers
    /// running, and Kamailio rewrites its command line, so they are found by their working directory (`-w`).
    func stop() async {
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in processes {
            guard let pid = Int32(entry),
                  let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(entry)/cwd"),
                  cwd == directory.path else { continue }
            kill(pid, SIGKILL)
        }
        await process.stop()
    }
}

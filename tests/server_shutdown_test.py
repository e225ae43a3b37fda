"""Graceful shutdown: SIGTERM while a request is in flight.

The slow path is under the test's control, not a sleep: the client sends a
write's headers with `Expect: 100-continue` and waits for the server's
"100 Continue" (so the request is accepted and being served), then the test
sends SIGTERM, waits for the server's "shutting_down" log line (the signal
was taken), checks that new connections are refused, and only then sends
the body. The request must still be answered and committed, and the server
must exit 0. A restart on the same catalogue then reads the record back.
"""
import json
import os
import signal
import socket
import time

from server_common import Client, Server, check, record, run


def wait_for(predicate, what, timeout=60):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(0.02)  # polling for an event, not measuring time


def main():
    srv = Server()
    try:
        srv.add_user("aus1", "AUS")
        srv.start()
        aus = Client(srv, "aus1")
        body = json.dumps(record("AUS-SHUT-1", "AUS", name="In Flight")).encode()
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=60)
        s.sendall(("PUT /api/v1/entities/AUS-SHUT-1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   "Cookie: %s\r\nX-CSRF-Token: %s\r\nContent-Type: application/json\r\n"
                   "Content-Length: %d\r\nExpect: 100-continue\r\n\r\n" % (aus.cookie, aus.csrf, len(body))).encode())
        interim = b""
        while b"\r\n\r\n" not in interim:
            chunk = s.recv(4096)
            check(chunk, "connection closed before 100 Continue")
            interim += chunk
        check(interim.startswith(b"HTTP/1.1 100"), "expected 100 Continue, got %r" % interim[:60])

        srv.proc.send_signal(signal.SIGTERM)
        wait_for(lambda: "shutting_down" in srv.read_log(), "the shutdown to begin")
        refused = False
        try:
            probe = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
            probe.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            refused = probe.recv(100) == b""
            probe.close()
        except OSError:
            refused = True
        check(refused, "new connections must be refused once shutting down")
        check(srv.proc.poll() is None, "the server must wait for the request in flight")

        s.sendall(body)
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = s.recv(65536)
            check(chunk, "no answer to the request in flight")
            response += chunk
        s.close()
        status = int(response.split(b" ")[1])
        check(status == 200, "request in flight answered %d: %r" % (status, response[:300]))
        srv.proc.wait(timeout=60)
        check(srv.proc.returncode == 0, "exit status %d" % srv.proc.returncode)

        # Committed: a new server on the same catalogue returns it.
        os.remove(srv.config["port_file"])
        srv.start()
        aus = Client(srv, "aus1")
        got = aus.json("GET", "/api/v1/entities/AUS-SHUT-1")
        check(got["record"]["properties"]["name"] == ["In Flight"], "record written during shutdown")
        check(srv.stop() == 0, "clean exit")
    finally:
        srv.cleanup()


if __name__ == "__main__":
    run(main)

"""The portal over TLS: a throw-away self-signed certificate made with the
openssl command; checks that HTTPS answers, HSTS is sent, the session cookie
is Secure, and plain HTTP on the same port gets no answer."""
import http.client
import json
import shutil
import socket
import ssl
import subprocess
import sys

from server_common import SKIP, Server, check, run


def main():
    if not shutil.which("openssl"):
        print("openssl command missing; skipping")
        sys.exit(SKIP)
    srv = Server()
    try:
        cert, key = srv.dir + "/cert.pem", srv.dir + "/key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
        srv.config.update({"tls_cert": cert, "tls_key": key})
        srv.add_user("aus1", "AUS")
        srv.start()
        ctx = ssl.create_default_context(cafile=cert)
        conn = http.client.HTTPSConnection("127.0.0.1", srv.port, context=ctx, timeout=60)
        conn.request("GET", "/healthz")
        r = conn.getresponse()
        r.read()
        check(r.status == 200, "HTTPS healthz %d" % r.status)
        check(r.getheader("Strict-Transport-Security", "").startswith("max-age="), "HSTS under TLS")
        conn.request("POST", "/api/v1/session", body=json.dumps({"username": "aus1", "password": "correct-horse-battery-9"}),
                     headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        check(r.status == 200, "sign-in over TLS %d" % r.status)
        cookie = r.getheader("Set-Cookie", "")
        check("Secure" in cookie and "HttpOnly" in cookie, "cookie attributes under TLS: %s" % cookie)
        conn.close()
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        try:
            data = s.recv(100)
        except (ConnectionResetError, socket.timeout):
            data = b""
        s.close()
        check(not data.startswith(b"HTTP/1.1 200"), "plain HTTP must not be served on the TLS port")
        check(srv.stop() == 0, "clean exit")
    finally:
        srv.cleanup()


if __name__ == "__main__":
    run(main)

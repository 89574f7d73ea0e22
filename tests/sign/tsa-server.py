#!/usr/bin/env python3
"""A local RFC 3161 time-stamp service for the signing tests: HTTP on 127.0.0.1 (a free
port, printed on the first line), each request answered by `openssl ts -reply` with the test
TSA certificate that make-certs.sh made in CERTS. Stops after 60 s or 20 requests. With
--tls, HTTPS instead, with the certificate tls.pem (localhost, 127.0.0.1) issued by the test CA.

    tsa-server.py CERTS [--tls]
"""

import http.server
import pathlib
import ssl
import subprocess
import sys
import tempfile
import threading

certs = pathlib.Path(sys.argv[1]).resolve()
work = pathlib.Path(tempfile.mkdtemp(prefix="kuni-tsa-"))
(work / "serial").write_text("01\n")
(work / "tsa.cnf").write_text(
    f"""[tsa]
default_tsa = test
[test]
serial = {work}/serial
signer_cert = {certs}/tsa.pem
certs = {certs}/ca.pem
signer_key = {certs}/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ess_cert_id_alg = sha256
ess_cert_id_chain = no
"""
)
served = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global served
        served += 1
        query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        qf, rf = work / f"q{served}", work / f"r{served}"
        qf.write_bytes(query)
        done = subprocess.run(
            ["openssl", "ts", "-reply", "-config", str(work / "tsa.cnf"), "-queryfile", str(qf), "-out", str(rf)],
            capture_output=True,
        )
        if done.returncode != 0:
            self.send_response(500)
            self.end_headers()
            return
        body = rf.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        if served >= 20:
            threading.Thread(target=server.shutdown).start()

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
if "--tls" in sys.argv[2:]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs / "tls.pem", certs / "tls.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
threading.Timer(60, server.shutdown).start()
server.serve_forever()

#!/usr/bin/env python3
"""A loopback mirror of the cited web, for the source-check tests: an HTTP proxy on
127.0.0.1 (a free port, printed on the first line) that answers every page itself.

For https it accepts CONNECT and speaks TLS as the requested host, with a certificate (CERTS/
mirror.pem, issued by the test CA for every host the test named) that the client trusts
only through SSL_CERT_FILE: the same path an organisation's TLS-inspecting proxy takes. For
http it answers the absolute-form request. Each page says which address it mirrors and an
edition: 1, or 2 for the addresses listed (one per line) in the file ALTERED, read at every
request so that the test can alter pages between two checks. Every address served is
appended to SERVED. Stops after 300 s.

    mirror-proxy.py CERTS ALTERED SERVED
"""

import pathlib
import socket
import ssl
import sys
import threading

certs, altered_file, served_file = (pathlib.Path(a) for a in sys.argv[1:4])
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(certs / "mirror.pem", certs / "mirror.key")
lock = threading.Lock()


def page(url):
    altered = altered_file.read_text().split() if altered_file.exists() else []
    edition = 2 if url in altered else 1
    with lock, served_file.open("a") as f:
        f.write(url + "\n")
    return (
        "<!doctype html><html><head><meta charset=utf-8><title>Mirror</title></head><body>"
        "<nav>Home | About</nav><main>"
        f"<p>This page mirrors {url}.</p><p>Edition {edition} of its text.</p>"
        "</main><footer>Last updated: 1 December 2026</footer></body></html>"
    ).encode()


def read_head(f):
    line = f.readline().decode("latin-1")
    while True:
        h = f.readline()
        if h in (b"\r\n", b"\n", b""):
            break
    return line


def answer(f, body):
    f.write(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
    )
    f.write(body)
    f.flush()


def handle(conn):
    try:
        f = conn.makefile("rwb")
        method, target, _ = read_head(f).split(" ", 2)
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            f.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            f.flush()
            # A client may tunnel plain http too: a TLS handshake starts with byte 0x16.
            if conn.recv(1, socket.MSG_PEEK) == b"\x16":
                tls = context.wrap_socket(conn, server_side=True)
                tf = tls.makefile("rwb")
                path = read_head(tf).split(" ")[1]
                authority = host if port == "443" else f"{host}:{port}"
                answer(tf, page(f"https://{authority}{path}"))
                tls.close()
            else:
                path = read_head(f).split(" ")[1]
                authority = host if port == "80" else f"{host}:{port}"
                answer(f, page(f"http://{authority}{path}"))
        else:
            answer(f, page(target))
    except (OSError, ValueError, ssl.SSLError):
        pass
    finally:
        conn.close()


server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(64)
print(server.getsockname()[1], flush=True)
threading.Timer(300, lambda: server.close()).start()
while True:
    try:
        c, _ = server.accept()
    except OSError:
        break
    threading.Thread(target=handle, args=(c,), daemon=True).start()

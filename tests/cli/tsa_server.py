#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# A loopback RFC 3161 TSA for tests: POST application/timestamp-query, answered by
# `openssl ts -reply -config CNF`. Usage: tsa_server.py CNF PORTFILE [MODE]
# MODE "ok" (default), "http500" (HTTP error), "garbage" (not a TimeStampResp).
import http.server, os, subprocess, sys, tempfile

cnf, portfile = sys.argv[1], sys.argv[2]
mode = sys.argv[3] if len(sys.argv) > 3 else "ok"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("Content-Type") != "application/timestamp-query":
            self.send_error(415)
            return
        if mode == "http500":
            self.send_error(500)
            return
        if mode == "garbage":
            reply = b"not a timestamp"
        else:
            with tempfile.TemporaryDirectory() as d:
                q, r = os.path.join(d, "q.tsq"), os.path.join(d, "r.tsr")
                open(q, "wb").write(body)
                subprocess.run(["openssl", "ts", "-reply", "-config", cnf, "-queryfile", q,
                                "-out", r], check=True, stderr=subprocess.DEVNULL)
                reply = open(r, "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(portfile + ".tmp", portfile)
srv.serve_forever()

#!/usr/bin/env python3
"""A real RFC 3161 timestamp authority for the tests: OpenSSL's own
`openssl ts -reply` behind a small HTTP endpoint on 127.0.0.1.

Usage: tsa.py DIR [--fail-first N]

Makes a test CA and a TSA certificate signed by it (extendedKeyUsage
timeStamping, critical) in DIR, then serves POST / with a body of
`application/timestamp-query`, answering `application/timestamp-reply`.
With --fail-first N, the first N requests are answered 503, as a TSA that is
down for a while. Prints `listening on PORT` once it serves; every request
it answers is appended to DIR/requests.log (status and content type).
"""

import http.server
import os
import subprocess
import sys
import tempfile
import threading

DIR = sys.argv[1]
FAIL_FIRST = int(sys.argv[sys.argv.index("--fail-first") + 1]) if "--fail-first" in sys.argv else 0


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, cwd=DIR, capture_output=True)


def make_ca():
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=Muster Test TSA CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", "-new", *ec, "-keyout", "tsa.key", "-out", "tsa.csr",
            "-subj", "/CN=Muster Test TSA")
    with open(os.path.join(DIR, "tsa.ext"), "w") as f:
        f.write("basicConstraints=CA:FALSE\n"
                "keyUsage=critical,digitalSignature\n"
                "extendedKeyUsage=critical,timeStamping\n")
    openssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "tsa.pem", "-days", "2", "-extfile", "tsa.ext")
    with open(os.path.join(DIR, "tsaserial"), "w") as f:
        f.write("01\n")
    with open(os.path.join(DIR, "tsa.cnf"), "w") as f:
        f.write(f"""[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {DIR}
serial = $dir/tsaserial
signer_cert = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
""")


lock = threading.Lock()
answered = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def log(self, status):
        with open(os.path.join(DIR, "requests.log"), "a") as f:
            f.write(f"{status} {self.headers.get('Content-Type')}\n")

    def do_POST(self):
        global answered
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            answered += 1
            failing = answered <= FAIL_FIRST
        if failing:
            self.log(503)
            self.send_response(503)
            self.end_headers()
            return
        if self.headers.get("Content-Type") != "application/timestamp-query":
            self.log(415)
            self.send_response(415)
            self.end_headers()
            return
        with tempfile.TemporaryDirectory(dir=DIR) as tmp:
            query, reply = os.path.join(tmp, "q.tsq"), os.path.join(tmp, "r.tsr")
            with open(query, "wb") as f:
                f.write(body)
            with lock:  # the serial file is shared
                done = subprocess.run(
                    ["openssl", "ts", "-reply", "-queryfile", query, "-config",
                     os.path.join(DIR, "tsa.cnf"), "-out", reply],
                    capture_output=True)
            if done.returncode != 0:
                self.log(400)
                self.send_response(400)
                self.end_headers()
                self.wfile.write(done.stderr)
                return
            with open(reply, "rb") as f:
                out = f.read()
        self.log(200)
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


make_ca()
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(f"listening on {server.server_address[1]}", flush=True)
server.serve_forever()

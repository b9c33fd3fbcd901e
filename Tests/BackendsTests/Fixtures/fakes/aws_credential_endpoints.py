"""A local stand-in for the AWS credential endpoints that cannot exist off AWS: EC2 instance metadata (IMDSv2),
the ECS container-credentials agent and STS AssumeRoleWithWebIdentity. Binds 127.0.0.1 only, prints its port on
the first line of stdout, and checks requests the way the real services do (IMDSv2 token and TTL headers, the
container Authorization token, the STS form fields).

Control: GET /_stats returns request counts; POST /_config merges a JSON object into the behaviour settings:
  fail_token_puts: N   the next N IMDS token PUTs answer 500
  hang_seconds: S      every IMDS request waits S seconds before answering
  delay_seconds: S     every credentials document waits S seconds (to overlap concurrent callers)
  fail_credentials: b  credentials documents answer 500
  expires_in: S        credentials expire S seconds from now (default 3600)
Expected values come from argv[1] (JSON): container_token, web_identity_token, role_arn, session_name.
The server exits when its stdin closes, so it never outlives the test that started it.
"""
import datetime
import json
import os
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EXPECTED = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
SETTINGS = {"fail_token_puts": 0, "hang_seconds": 0, "delay_seconds": 0, "fail_credentials": False,
            "expires_in": 3600}
STATS = {}
TOKENS = set()
LOCK = threading.Lock()
ROLE = "gallery-role"


def count(name):
    with LOCK:
        STATS[name] = STATS.get(name, 0) + 1
        return STATS[name]


def credentials(serial):
    expiration = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=SETTINGS["expires_in"])
    return {
        "AccessKeyId": f"ASIAFAKE{serial:04d}",
        "SecretAccessKey": f"secret/{serial}+key=",
        "Token": f"token&<{serial}>",
        "Expiration": expiration.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="text/plain"):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode()

    def credentials_document(self, name):
        serial = count(name)
        time.sleep(SETTINGS["delay_seconds"])
        if SETTINGS["fail_credentials"]:
            return self.send(500, "credentials unavailable")
        document = dict(credentials(serial), Code="Success")
        self.send(200, json.dumps(document), "application/json")

    def imds_token_ok(self):
        token = self.headers.get("X-aws-ec2-metadata-token")
        if token not in TOKENS:
            self.send(401, "missing or unknown X-aws-ec2-metadata-token")
            return False
        return True

    def do_PUT(self):
        if self.path != "/latest/api/token":
            return self.send(404, "not found")
        serial = count("imds_token")
        time.sleep(SETTINGS["hang_seconds"])
        ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds", "")
        if not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            return self.send(400, "X-aws-ec2-metadata-token-ttl-seconds must be 1..21600")
        with LOCK:
            if SETTINGS["fail_token_puts"] > 0:
                SETTINGS["fail_token_puts"] -= 1
                return self.send(500, "token service unavailable")
        token = f"imds-token-{serial}"
        TOKENS.add(token)
        self.send(200, token)

    def do_GET(self):
        base = "/latest/meta-data/iam/security-credentials/"
        if self.path == "/_stats":
            return self.send(200, json.dumps(STATS), "application/json")
        if self.path == base:
            count("imds_roles")
            time.sleep(SETTINGS["hang_seconds"])
            if self.imds_token_ok():
                self.send(200, ROLE + "\n")
            return
        if self.path == base + ROLE:
            if self.imds_token_ok():
                self.credentials_document("imds_credentials")
            return
        if self.path.startswith("/ecs/"):
            expected = EXPECTED.get("container_token")
            if expected is not None and self.headers.get("Authorization") != expected:
                count("ecs_refused")
                return self.send(403, "bad Authorization token")
            return self.credentials_document("ecs_credentials")
        self.send(404, "not found")

    def do_POST(self):
        if self.path == "/_config":
            SETTINGS.update(json.loads(self.body()))
            return self.send(200, "ok")
        if self.path != "/sts/":
            return self.send(404, "not found")
        form = dict(urllib.parse.parse_qsl(self.body(), keep_blank_values=True, strict_parsing=True))
        wanted = {"Action": "AssumeRoleWithWebIdentity", "Version": "2011-06-15",
                  "RoleArn": EXPECTED.get("role_arn"), "RoleSessionName": EXPECTED.get("session_name")}
        for key, value in wanted.items():
            if form.get(key) != value:
                return self.send(400, f"<ErrorResponse><Error><Code>ValidationError</Code><Message>bad {key}</Message>"
                                      "</Error></ErrorResponse>", "text/xml")
        if form.get("WebIdentityToken") != EXPECTED.get("web_identity_token"):
            return self.send(400, "<ErrorResponse><Error><Code>InvalidIdentityToken</Code>"
                                  "<Message>Token &amp; signature rejected</Message></Error></ErrorResponse>",
                             "text/xml")
        creds = credentials(count("sts"))
        escape = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        self.send(200, f"""<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>system:serviceaccount:gallery:archive</SubjectFromWebIdentityToken>
    <Credentials>
      <SessionToken>{escape(creds["Token"])}</SessionToken>
      <SecretAccessKey>{escape(creds["SecretAccessKey"])}</SecretAccessKey>
      <Expiration>{creds["Expiration"]}</Expiration>
      <AccessKeyId>{creds["AccessKeyId"]}</AccessKeyId>
    </Credentials>
  </AssumeRoleWithWebIdentityResult>
</AssumeRoleWithWebIdentityResponse>""", "text/xml")


def exit_when_stdin_closes():
    sys.stdin.read()
    os._exit(0)


# Swift's Process starts children with most signals blocked; let SIGTERM work again.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()

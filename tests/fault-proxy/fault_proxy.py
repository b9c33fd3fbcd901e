#!/usr/bin/env python3
"""A fault-injecting HTTP/1.1 proxy in front of the real S3 server (SeaweedFS), for the Backends tests.

Each client connection gets its own upstream connection, so the number of concurrent client connections is the
number of S3 connections our client holds; the proxy records the maximum (GET /__proxy/stats). Faults, each
applied to the first N requests it matches (counted from start or from POST /__proxy/reset):
  --latency-ms MS               delay before forwarding every request
  --fail-first N --fail-status S  answer with S (503 → SlowDown XML, 500 → InternalError XML) instead of forwarding
  --reset-first N --reset-after-bytes B   forward B body bytes of a GET response, then reset the connection (RST)
  --slow-first-byte-first N --slow-first-byte-ms MS   hold the response head back for MS
  --fail-match TEXT             only requests whose request line contains TEXT count for --fail-first
  --chaos RATE [--seed N]       each S3 request, with probability RATE, gets one fault drawn at random: 500
                                InternalError, 503 SlowDown, a reset after a random part of a GET body, a response
                                head held back 50-400 ms, or a body trickled in 4 KiB pieces (counted per kind in
                                /__proxy/stats under "chaos")
Every request carrying x-amz-content-sha256 (other than UNSIGNED-PAYLOAD) must match the SHA-256 of its body, or
is refused with 400 XAmzContentSHA256Mismatch, and a Content-MD5 must match (400 BadDigest) and is required on
DeleteObjects (400 MissingContentMD5): SeaweedFS checks neither, AWS checks both.
Prints "PORT <n>" on stdout once listening on 127.0.0.1.
"""
import argparse
import asyncio
import base64
import hashlib
import json
import os
import random
import signal
import socket
import struct
import sys

CHAOS_KINDS = ("status500", "slowdown503", "reset", "slow_head", "slow_body")
ERROR_CODES = {500: "InternalError", 503: "SlowDown", 429: "SlowDown", 403: "AccessDenied", 404: "NoSuchKey"}


class Faults:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.reset()

    def reset(self):
        self.failed = 0
        self.resets = 0
        self.slowed = 0
        self.requests = 0
        self.current = 0
        self.max_connections = 0
        self.accepted = 0
        self.chaos = {kind: 0 for kind in CHAOS_KINDS}

    def draw_chaos(self, method):
        """The fault this request gets under --chaos, or None; resets only on GETs (they have a body to cut)."""
        if self.args.chaos <= 0 or self.rng.random() >= self.args.chaos:
            return None
        kinds = [kind for kind in CHAOS_KINDS if kind != "reset" or method == "GET"]
        kind = self.rng.choice(kinds)
        self.chaos[kind] += 1
        return kind

    def take(self, name, limit):
        used = getattr(self, name)
        if used < limit:
            setattr(self, name, used + 1)
            return True
        return False


async def read_head(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return head, lines[0], headers


def without_header(head, name):
    """The request head without the header `name` (lowercase), as a CDN that drops it forwards the request."""
    lines = head.decode("latin-1").split("\r\n")
    kept = [line for line in lines if line.split(":", 1)[0].strip().lower() != name]
    return "\r\n".join(kept).encode("latin-1")


async def copy_exact(reader, writer, count, limit=None, trickle=False):
    """Copies `count` bytes; with `limit`, stops after that many and returns False (the caller resets); with
    `trickle`, in 4 KiB pieces 2 ms apart (a slow body)."""
    sent = 0
    while sent < count:
        want = min(4096 if trickle else 65536, count - sent)
        if trickle:
            await asyncio.sleep(0.002)
        if limit is not None:
            want = min(want, limit - sent)
            if want <= 0:
                return False
        data = await reader.readexactly(want)
        writer.write(data)
        await writer.drain()
        sent += len(data)
    return True


async def copy_chunked(reader, writer):
    while True:
        size_line = await reader.readuntil(b"\r\n")
        writer.write(size_line)
        size = int(size_line.split(b";")[0], 16)
        await copy_exact(reader, writer, size + 2)
        if size == 0:
            return


def integrity_error(method, path, headers, body):
    """The S3 error code AWS would answer for a body that does not match its declared digests, or None."""
    declared = headers.get("x-amz-content-sha256")
    if declared and declared != "UNSIGNED-PAYLOAD" and declared != hashlib.sha256(body).hexdigest():
        return "XAmzContentSHA256Mismatch"
    md5 = headers.get("content-md5")
    if md5 is None and method == "POST" and "?delete" in path:
        return "MissingContentMD5"
    if md5 is not None and md5 != base64.b64encode(hashlib.md5(body).digest()).decode():
        return "BadDigest"
    return None


def reset_connection(writer):
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def error_response(status, path, code=None):
    code = code or ERROR_CODES.get(status, "InternalError")
    body = (f'<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code><Message>injected by fault proxy'
            f'</Message><Resource>{path}</Resource></Error>').encode()
    head = f"HTTP/1.1 {status} Injected\r\nContent-Type: application/xml\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


async def handle(client_reader, client_writer, faults, upstream):
    counted = False  # a connection counts once it carries an S3 request (control calls do not)
    upstream_reader = upstream_writer = None
    try:
        while True:
            try:
                head, request_line, headers = await read_head(client_reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            method, path = request_line.split(" ")[:2]
            body = await client_reader.readexactly(int(headers.get("content-length", "0")))
            if path.startswith("/__proxy/"):
                await control(path, method, faults, client_writer)
                continue
            faults.requests += 1
            if not counted:
                counted = True
                faults.current += 1
                faults.accepted += 1
                faults.max_connections = max(faults.max_connections, faults.current)
            a = faults.args
            if a.latency_ms:
                await asyncio.sleep(a.latency_ms / 1000)
            refusal = integrity_error(method, path, headers, body)
            if refusal:
                client_writer.write(error_response(400, path, refusal))
                await client_writer.drain()
                continue
            if a.fail_match in request_line and faults.take("failed", a.fail_first):
                client_writer.write(error_response(a.fail_status, path))
                await client_writer.drain()
                continue
            chaos = faults.draw_chaos(method)
            if chaos in ("status500", "slowdown503"):
                client_writer.write(error_response(500 if chaos == "status500" else 503, path))
                await client_writer.drain()
                continue
            if upstream_writer is None:
                upstream_reader, upstream_writer = await asyncio.open_connection(*upstream)
            if a.drop_request_header:
                head = without_header(head, a.drop_request_header.lower())
            upstream_writer.write(head + body)
            await upstream_writer.drain()
            response_head, status_line, response_headers = await read_head(upstream_reader)
            while status_line.split(" ")[1].startswith("1"):  # 100 Continue: the final head follows
                client_writer.write(response_head)
                response_head, status_line, response_headers = await read_head(upstream_reader)
            if faults.take("slowed", a.slow_first_byte_first):
                await asyncio.sleep(a.slow_first_byte_ms / 1000)
            if chaos == "slow_head":
                await asyncio.sleep(faults.rng.uniform(0.05, 0.4))
            client_writer.write(response_head)
            status = int(status_line.split(" ")[1])
            if method == "HEAD" or status in (204, 304):
                await client_writer.drain()
                continue
            if "chunked" in response_headers.get("transfer-encoding", ""):
                await copy_chunked(upstream_reader, client_writer)
                continue
            length = int(response_headers.get("content-length", "0"))
            cut_at = None
            if method == "GET" and length > a.reset_after_bytes and faults.take("resets", a.reset_first):
                cut_at = a.reset_after_bytes
            elif chaos == "reset" and length > 0:
                cut_at = faults.rng.randrange(length)
            complete = await copy_exact(upstream_reader, client_writer, length, cut_at, chaos == "slow_body")
            if not complete:
                reset_connection(client_writer)
                return
    except (ConnectionError, asyncio.IncompleteReadError):
        return
    finally:
        if counted:
            faults.current -= 1
        for writer in (client_writer, upstream_writer):
            if writer is not None:
                writer.close()


async def control(path, method, faults, writer):
    if path == "/__proxy/reset" and method == "POST":
        current = faults.current
        faults.reset()
        faults.current = faults.max_connections = current  # open connections stay open across a reset
    body = json.dumps({"requests": faults.requests, "current": faults.current, "accepted": faults.accepted,
                       "max_connections": faults.max_connections, "chaos": faults.chaos}).encode()
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    await writer.drain()


async def exit_when_parent_goes():
    """The test process holds our stdin open: EOF means it is gone (even if killed), so we go too."""
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.buffer.read)
    os._exit(0)


async def main():
    # A parent may spawn us with signals blocked; make SIGTERM work.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True, help="host:port of the S3 server")
    parser.add_argument("--latency-ms", type=int, default=0)
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--fail-status", type=int, default=503)
    parser.add_argument("--fail-match", default="")
    parser.add_argument("--reset-first", type=int, default=0)
    parser.add_argument("--reset-after-bytes", type=int, default=1 << 20)
    parser.add_argument("--slow-first-byte-first", type=int, default=0)
    parser.add_argument("--slow-first-byte-ms", type=int, default=0)
    parser.add_argument("--chaos", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--drop-request-header", default="",
                        help="forward requests without this header (a CDN that drops Origin)")
    args = parser.parse_args()
    host, port = args.upstream.rsplit(":", 1)
    faults = Faults(args)
    server = await asyncio.start_server(
        lambda r, w: handle(r, w, faults, (host, int(port))), "127.0.0.1", 0, limit=1 << 20)
    print("PORT", server.sockets[0].getsockname()[1], flush=True)
    watcher = asyncio.ensure_future(exit_when_parent_goes())
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())

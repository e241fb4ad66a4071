#!/usr/bin/python3
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A whole request cycle of ganglioside-server under valgrind: the server
# starts on loopback with a temporary SQLite database, answers /health, a
# login, a project creation, a push of items (rows of the real sample), a
# pull, a blob upload and download, a logout, and then stops on SIGTERM.
# Passes when every request gets the expected status, the server exits 0
# and valgrind reports no memory error and no definite or indirect leak
# (see valgrind.supp for the flags and the few suppressions).
#
# Usage: test-valgrind-server.py PATH/TO/ganglioside-server   (TAP output)

import csv
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

server_bin = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
shared = os.environ["GW_SHARED_DATA"]
tmp = tempfile.mkdtemp(prefix="gw-valgrind-server-")
n = 0
failed = 0


def tap(ok, name, *details):
    global n, failed
    n += 1
    if not ok:
        failed += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", n, name))
    for d in details:
        for line in str(d).splitlines():
            print("# " + line)
    sys.stdout.flush()
    return ok


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def request(port, method, path, token=None, body=None, headers=None, timeout=180):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    h = dict(headers or {})
    if token:
        h["Authorization"] = "Bearer " + token
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    conn.request(method, path, body=body, headers=h)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, data


def valgrind_errors(log):
    """The error and definite/indirect leak records of a valgrind log."""
    records, current = [], []
    for line in log.splitlines():
        text = line.split("== ", 1)[1] if "== " in line else ""
        if text.strip() == "":
            if current:
                records.append(current)
            current = []
        else:
            current.append(text)
    if current:
        records.append(current)
    keep = [r for r in records
            if "definitely lost" in r[0] or "indirectly lost" in r[0] or
            (r[0].startswith(("Invalid", "Conditional", "Use of uninit", "Syscall", "Mismatched"))) or
            r[0].startswith(("LEAK SUMMARY", "ERROR SUMMARY"))]
    return "\n\n".join("\n".join(r) for r in keep)[-20000:]


def main():
    port = free_port()
    conf = os.path.join(tmp, "server.conf")
    with open(conf, "w") as f:
        f.write("[server]\nlisten = 127.0.0.1\nport = %d\nworkers = 2\n"
                "[database]\nurl = sqlite://%s/server.db\nauto_migrate = true\n"
                "[limits]\nshutdown_grace = 60\n" % (port, tmp))

    # The user is made outside valgrind: hashing a password is not what
    # this test is about, and argon2 is slow under valgrind.
    p = subprocess.run([server_bin, "--config", conf, "user", "add", "alice"],
                       input=b"alice-password-1\n", capture_output=True)
    if not tap(p.returncode == 0, "user add", p.stdout.decode(), p.stderr.decode()):
        return

    vg_log = os.path.join(tmp, "valgrind.log")
    env = dict(os.environ)
    # GLib 2.74 still has its slice allocator, which hides leaks and
    # misuse from valgrind.
    env["G_SLICE"] = "always-malloc"
    env["G_DEBUG"] = "gc-friendly"
    cmd = ["valgrind", "--leak-check=full", "--error-exitcode=1",
           "--errors-for-leak-kinds=definite,indirect", "--show-leak-kinds=definite,indirect",
           "--suppressions=" + os.path.join(here, "valgrind.supp"),
           "--num-callers=30", "--log-file=" + vg_log,
           server_bin, "--config", conf]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, _ = request(port, "GET", "/health", timeout=30)
                break
            except OSError:
                time.sleep(0.5)
        tap(status == 200, "health answers 200 under valgrind", "status %s" % status)
        if status != 200:
            return

        status, data = request(port, "POST", "/api/v1/session",
                               body={"username": "alice", "password": "alice-password-1"})
        token = json.loads(data)["token"] if status == 201 else None
        tap(status == 201 and token, "login", status, data[:300])
        if not token:
            return

        project = "0d1b7a52-1a6e-4c59-9d0e-2f5a3c4b6e71"
        status, data = request(port, "POST", "/api/v1/projects", token,
                               {"id": project, "name": "valgrind"})
        tap(status == 201, "create a project", status, data[:300])

        rows = list(csv.DictReader(open(os.path.join(shared, "testwork_user.csv"))))
        blob = open(os.path.join(shared, "testwork_user.csv"), "rb").read()
        sha = hashlib.sha256(blob).hexdigest()
        half = len(blob) // 2
        s1, d1 = request(port, "PUT", "/api/v1/projects/%s/blobs/%s" % (project, sha), token,
                         blob[:half], {"Content-Type": "application/octet-stream",
                                       "Content-Range": "bytes 0-%d/%d" % (half - 1, len(blob))})
        s2, d2 = request(port, "PUT", "/api/v1/projects/%s/blobs/%s" % (project, sha), token,
                         blob[half:], {"Content-Type": "application/octet-stream",
                                       "Content-Range": "bytes %d-%d/%d" % (half, len(blob) - 1, len(blob))})
        tap(s1 == 202 and s2 == 201, "upload a blob in two pieces", s1, d1[:200], s2, d2[:200])
        status, data = request(port, "GET", "/api/v1/projects/%s/blobs/%s" % (project, sha), token)
        tap(status == 200 and data == blob, "download the blob", status)

        items = [{"uuid": "9a0c5f7e-0000-4000-8000-%012d" % i, "kind": "peak",
                  "created_at": "2026-11-26T16:00:00Z", "author": "alice",
                  "payload": {k: v for k, v in r.items()},
                  "blobs": [sha] if i == 0 else None}
                 for i, r in enumerate(rows[:50])]
        status, data = request(port, "POST", "/api/v1/projects/%s/items" % project, token,
                               {"items": items})
        ok = status == 200 and json.loads(data).get("head") == len(items)
        tap(ok, "push %d items" % len(items), status, data[:300])

        status, data = request(port, "GET", "/api/v1/projects/%s/items?since=0&limit=20" % project,
                               token)
        ok = status == 200 and len(json.loads(data).get("items", [])) == 20
        tap(ok, "pull 20 items", status, data[:300])

        status, data = request(port, "GET", "/api/v1/projects/%s/items?since=abc" % project, token)
        tap(status == 400, "a bad query is refused", status, data[:300])
        status, data = request(port, "DELETE", "/api/v1/session", token)
        tap(status == 204, "logout", status, data[:300])
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
        try:
            out, _ = server.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            server.kill()
            out, _ = server.communicate()
        log = open(vg_log).read() if os.path.exists(vg_log) else "(no valgrind log)"
        tap(server.returncode == 0, "the server exits 0 on SIGTERM with no valgrind error",
            "exit status %s" % server.returncode,
            "" if server.returncode == 0 else valgrind_errors(log),
            "" if server.returncode == 0 else out.decode(errors="replace")[-2000:])
        summary = [l for l in log.splitlines() if "ERROR SUMMARY" in l]
        tap(summary and " 0 errors" in summary[-1], "valgrind: no errors",
            summary[-1] if summary else "no summary")


try:
    main()
finally:
    shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % n)
sys.exit(1 if failed or n == 0 else 0)

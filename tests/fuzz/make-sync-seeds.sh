#!/bin/sh
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes the seeds of the fuzz-sync target into corpus/fuzz-sync/: the
# bodies of real replies of the real ganglioside-server, one per file.
# It starts the server on loopback with a SQLite database in a temporary
# folder, analyses the real sample (../shared/data/testwork_user.csv) into
# a project with the real `ganglioside` command and syncs it, so the
# items pages hold the real metadata, dataset (with its blob) and run
# (with its column rows) payloads; then it asks for every reply the
# client decodes, errors included, and the WebSocket's messages.
#
# Usage: tests/fuzz/make-sync-seeds.sh BUILD_DIR   (a normal build with
# src/server/ganglioside-server and src/cli/ganglioside built)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
shared=${GW_SHARED_DATA:-$here/../../../shared/data}
out=$here/corpus/fuzz-sync
server_bin=$build/src/server/ganglioside-server
cli=$build/src/cli/ganglioside

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gw-sync-seeds-XXXXXX")
pid=
cleanup () {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
cat > "$tmp/server.conf" <<EOF
[server]
listen = 127.0.0.1
port = $port
workers = 2
[database]
url = sqlite:$tmp/server.db
[limits]
rate_limit_per_second = 100000
rate_limit_burst = 100000
EOF
admin () { "$server_bin" --config "$tmp/server.conf" "$@" > /dev/null; }
echo alice-password | admin user add alice --admin
echo bob-password | admin user add bob
admin team add lab
admin team member add lab bob
"$server_bin" --config "$tmp/server.conf" > "$tmp/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  curl -sf "$url/health" > /dev/null && break
  sleep 0.1
done

mkdir -p "$out"
rm -f "$out"/*
# get NAME CURL_ARGS...: the body of one reply, whatever its status.
get () {
  name=$1; shift
  curl -s -o "$out/$name" "$@"
}
json () { printf '%s' "$1"; }

get session -X POST -H 'Content-Type: application/json' \
  -d '{"username":"alice","password":"alice-password"}' "$url/api/v1/session"
token=$(jq -r .token "$out/session")
bob=$(curl -s -X POST -H 'Content-Type: application/json' \
  -d '{"username":"bob","password":"bob-password"}' "$url/api/v1/session" | jq -r .token)
auth="Authorization: Bearer $token"
get error-wrong-password -X POST -H 'Content-Type: application/json' \
  -d '{"username":"alice","password":"nope"}' "$url/api/v1/session"
get error-no-token "$url/api/v1/projects"

# A real project: the sample analysed with both presets, synced and shared.
"$cli" analyze --project "$tmp/p.gwproject" "$shared/testwork_user.csv" > /dev/null
"$cli" analyze --preset classic --project "$tmp/p.gwproject" "$shared/testwork_user.csv" > /dev/null
GANGLIOSIDE_TOKEN=$token "$cli" sync "$tmp/p.gwproject" --server "$url" \
  --share lab --access write > /dev/null
get projects -H "$auth" "$url/api/v1/projects"
p=$(jq -r '.projects[0].id' "$out/projects")
get project -H "$auth" "$url/api/v1/projects/$p"
get project-create -X POST -H "$auth" -H 'Content-Type: application/json' \
  -d '{"id":"0a4e9a80-8d0e-4d6e-9f61-5f0d2c1b7a01","name":"GD1 series"}' "$url/api/v1/projects"
get projects-two -H "$auth" "$url/api/v1/projects"
get error-not-found -H "$auth" "$url/api/v1/projects/0a4e9a80-8d0e-4d6e-9f61-5f0d2c1b7a99"

# Items pages: the whole project, and pages of one and two items (the
# run is large; keep the seeds that hold it to one each).
get items-all -H "$auth" "$url/api/v1/projects/$p/items?since=0"
get items-page-1 -H "$auth" "$url/api/v1/projects/$p/items?since=0&limit=1"
get items-page-2 -H "$auth" "$url/api/v1/projects/$p/items?since=1&limit=2"
head=$(jq -r .head "$out/items-all")
get items-empty -H "$auth" "$url/api/v1/projects/$p/items?since=$head"
get error-bad-since -H "$auth" "$url/api/v1/projects/$p/items?since=abc"

# A push reply: a small item created, then the same item again (duplicate).
small=$(jq -c '{items: [.items[0] | del(.seq)]}' "$out/items-page-1")
curl -s -o /dev/null -X POST -H "$auth" -H 'Content-Type: application/json' -d "$small" \
  "$url/api/v1/projects/$p/items"
get push-duplicate -X POST -H "$auth" -H 'Content-Type: application/json' -d "$small" \
  "$url/api/v1/projects/$p/items"
fresh=$(jq -c '{items: [.items[0] | del(.seq) | .uuid = "3c2d4a10-0000-4000-8000-000000000001"
                         | .payload.row.uuid = "3c2d4a10-0000-4000-8000-000000000001"]}' "$out/items-page-1")
get push-created -X POST -H "$auth" -H 'Content-Type: application/json' -d "$fresh" \
  "$url/api/v1/projects/$p/items"
get error-push-bad -X POST -H "$auth" -H 'Content-Type: application/json' -d '{"items": [{"uuid": 1}]}' \
  "$url/api/v1/projects/$p/items"
get error-not-shared -X POST -H "Authorization: Bearer $bob" -H 'Content-Type: application/json' \
  -d "$small" "$url/api/v1/projects/0a4e9a80-8d0e-4d6e-9f61-5f0d2c1b7a01/items"
get share -X PUT -H "$auth" -H 'Content-Type: application/json' -d '{"access":"read"}' \
  "$url/api/v1/projects/0a4e9a80-8d0e-4d6e-9f61-5f0d2c1b7a01/shares/lab"
get error-read-only -X POST -H "Authorization: Bearer $bob" -H 'Content-Type: application/json' \
  -d "$small" "$url/api/v1/projects/0a4e9a80-8d0e-4d6e-9f61-5f0d2c1b7a01/items"

# Blob status: a blob the sync uploaded, one half uploaded, and the
# offset mismatch of a resumed upload.
sha=$(jq -r '[.items[].blobs[]?][0]' "$out/items-all")
get blob-complete -H "$auth" "$url/api/v1/projects/$p/blobs/$sha/status"
printf 'GM3(36:1;O2),5.0,100,2.5,T\n' > "$tmp/blob"
bsha=$(sha256sum "$tmp/blob" | cut -c1-64)
head -c 10 "$tmp/blob" > "$tmp/blob10"
tail -c 7 "$tmp/blob" > "$tmp/blob-tail"
curl -s -o /dev/null -X PUT -H "$auth" -H 'Content-Type: application/octet-stream' \
  -H 'Content-Range: bytes 0-9/27' --data-binary "@$tmp/blob10" "$url/api/v1/projects/$p/blobs/$bsha"
get blob-partial -H "$auth" "$url/api/v1/projects/$p/blobs/$bsha/status"
get error-offset-mismatch -X PUT -H "$auth" -H 'Content-Type: application/octet-stream' \
  -H 'Content-Range: bytes 20-26/27' --data-binary "@$tmp/blob-tail" "$url/api/v1/projects/$p/blobs/$bsha"
get error-blob-unknown -H "$auth" \
  "$url/api/v1/projects/$p/blobs/0000000000000000000000000000000000000000000000000000000000000000/status"

# The WebSocket: subscribed, changed (after a push), and an error.
/usr/bin/python3 - "$port" "$token" "$p" "$out" "$url" "$fresh" <<'EOF'
import base64, json, os, socket, struct, sys, urllib.request
port, token, project, out, url, fresh = sys.argv[1:]
s = socket.create_connection(("127.0.0.1", int(port)))
key = base64.b64encode(os.urandom(16)).decode()
s.sendall(("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nUpgrade: websocket\r\n"
           "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n"
           "Authorization: Bearer %s\r\n\r\n" % (port, key, token)).encode())
buf = b""
while b"\r\n\r\n" not in buf:
    buf += s.recv(4096)
assert b" 101 " in buf.split(b"\r\n")[0], buf
buf = buf.split(b"\r\n\r\n", 1)[1]
def send(text):
    data = text.encode(); mask = os.urandom(4)
    hdr = bytes([0x81]) + (bytes([0x80 | len(data)]) if len(data) < 126
                           else bytes([0xfe]) + struct.pack("!H", len(data)))
    s.sendall(hdr + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))
def recv():
    global buf
    while True:
        if len(buf) >= 2:
            n = buf[1] & 0x7f; off = 2
            if n == 126: n = struct.unpack("!H", buf[2:4])[0]; off = 4
            if len(buf) >= off + n:
                payload, buf = buf[off:off + n], buf[off + n:]
                return payload
        buf += s.recv(4096)
send(json.dumps({"type": "subscribe", "project": project}))
open(os.path.join(out, "event-subscribed"), "wb").write(recv())
send(json.dumps({"type": "subscribe", "project": "0a4e9a80-8d0e-4d6e-9f61-5f0d2c1b7a99"}))
open(os.path.join(out, "event-error"), "wb").write(recv())
item = json.loads(fresh)
item["items"][0]["uuid"] = item["items"][0]["payload"]["row"]["uuid"] = "3c2d4a10-0000-4000-8000-000000000002"
req = urllib.request.Request(url + "/api/v1/projects/%s/items" % project, json.dumps(item).encode(),
                             {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
urllib.request.urlopen(req).read()
open(os.path.join(out, "event-changed"), "wb").write(recv())
EOF

# Replies with an empty body (a 204) teach the fuzzer nothing.
find "$out" -type f -empty -delete
ls -l "$out"

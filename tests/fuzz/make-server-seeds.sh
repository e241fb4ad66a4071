#!/bin/sh
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes the seeds of the fuzz-server target into corpus/fuzz-server/:
# one raw HTTP/1.1 request per file, for every route of the API, with the
# token, user and project that fuzz-server.c sets up.  Item payloads and
# the blob are rows of the real sample, ../shared/data/testwork_user.csv.
#
# Usage: tests/fuzz/make-server-seeds.sh   (from anywhere)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
shared=${GW_SHARED_DATA:-$here/../../../shared/data}
out=$here/corpus/fuzz-server
mkdir -p "$out"
cd "$out"

P=6f1c2e3a-0000-4000-8000-000000000001
T=gwt_fuzz-seed-token

req () {
  # req FILE METHOD PATH BODY: AUTH=1 adds the bearer token.
  name=$1 method=$2 path=$3 body=$4
  {
    printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1:8765\r\n' "$method" "$path"
    if [ -n "${AUTH:-}" ]; then printf 'Authorization: Bearer %s\r\n' "$T"; fi
    if [ -n "$body" ]; then
      printf 'Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
        "$(printf %s "$body" | wc -c)" "$body"
    else
      printf '\r\n'
    fi
  } > "$name"
}

AUTH= req health GET /health ""
AUTH= req metrics GET /metrics ""
AUTH= req login POST /api/v1/session '{"username":"fuzz","password":"fuzz-password"}'
AUTH= req login-wrong POST /api/v1/session '{"username":"fuzz","password":"nope"}'
AUTH=1 req session-get GET /api/v1/session ""
AUTH=1 req teams GET /api/v1/teams ""
AUTH=1 req projects GET /api/v1/projects ""
AUTH=1 req project-create POST /api/v1/projects '{"id":"6f1c2e3a-0000-4000-8000-000000000002","name":"GD1 series"}'
AUTH=1 req project-get GET /api/v1/projects/$P ""

blob=$(head -4 "$shared/testwork_user.csv")
sha=$(printf %s "$blob" | sha256sum | cut -c1-64)
len=$(printf %s "$blob" | wc -c)
items=$(/usr/bin/python3 - "$shared/testwork_user.csv" "$P" "$sha" <<'EOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))[:3]
items = []
for i, r in enumerate(rows):
    items.append({"uuid": "3c2d4a10-0000-4000-8000-%012d" % i, "kind": "curation.event",
                  "created_at": "2026-11-26T15:00:0%dZ" % i, "author": "fuzz",
                  "project": sys.argv[2],
                  "payload": {"row": i, "name": r["Name"], "rt": float(r["RT"]), "status": "rejected",
                              "reason": "co-elutes with \"%s\"\n" % r["Name"]}})
items[2]["blobs"] = [sys.argv[3]]
print(json.dumps({"items": items}, separators=(',', ':')))
EOF
)
AUTH=1 req items-push POST /api/v1/projects/$P/items "$items"
AUTH=1 req items-pull GET "/api/v1/projects/$P/items?since=0&limit=2" ""
printf 'PUT /api/v1/projects/%s/blobs/%s HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer %s\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 0-%d/%d\r\nContent-Length: %d\r\n\r\n%s' \
  $P "$sha" $T $((len - 1)) "$len" "$len" "$blob" > blob-put
AUTH=1 req blob-status GET /api/v1/projects/$P/blobs/$sha/status ""
AUTH=1 req blob-get GET /api/v1/projects/$P/blobs/$sha ""
AUTH=1 req share PUT /api/v1/projects/$P/shares/lab '{"access":"read"}'
AUTH=1 req session-delete DELETE /api/v1/session ""

# Two pipelined requests, and a chunked body sent through a proxy.
cat health project-get > pipelined
{
  printf 'POST /api/v1/projects/%s/items HTTP/1.1\r\nHost: [::1]:8765\r\nX-Forwarded-For: 10.0.0.7, 192.168.1.2\r\nAuthorization: Bearer %s\r\nTransfer-Encoding: chunked\r\n\r\n' $P $T
  printf '%x\r\n%s\r\n0\r\n\r\n' "$(printf %s "$items" | wc -c)" "$items"
} > items-push-chunked

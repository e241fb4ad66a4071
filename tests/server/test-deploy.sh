#!/bin/sh
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The deployment files in data/server/: the example configuration passes
# --check-config, the systemd units verify cleanly, and the backup script
# keeps the newest N backups, which the restore script brings back.
#
# usage: test-deploy.sh SOURCE_DIR SERVER_BINARY
set -eu

src=$1
bin=$2
data="$src/data/server"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
fail () { n=$((n + 1)); echo "not ok $n - $1"; echo "1..$n"; exit 1; }

"$bin" --config "$data/server.conf.example" --check-config > "$tmp/out" 2>&1 ||
  { cat "$tmp/out"; fail "example config passes --check-config"; }
grep -q "configuration OK" "$tmp/out" || fail "example config passes --check-config"
! grep -q "unknown key" "$tmp/out" || fail "example config has only known keys"
ok "example config passes --check-config"

if command -v systemd-analyze >/dev/null 2>&1; then
  # Point ExecStart at files that exist here; keep everything else.
  sed "s|/usr/local/bin/ganglioside-server|$bin|" "$data/ganglioside-server.service" > "$tmp/ganglioside-server.service"
  sed "s|/usr/local/bin/ganglioside-server-backup|$data/ganglioside-server-backup|" \
    "$data/ganglioside-server-backup.service" > "$tmp/ganglioside-server-backup.service"
  cp "$data/ganglioside-server-backup.timer" "$tmp/"
  (cd "$tmp" && systemd-analyze verify ./ganglioside-server.service ./ganglioside-server-backup.service \
     ./ganglioside-server-backup.timer) > "$tmp/verify" 2>&1 || true
  if [ -s "$tmp/verify" ]; then
    cat "$tmp/verify"
    fail "systemd units verify without warnings"
  fi
  for key in NoNewPrivileges=yes ProtectSystem=strict PrivateTmp=yes Restart=on-failure User=ganglioside; do
    grep -q "^$key" "$data/ganglioside-server.service" || fail "the unit sets $key"
  done
  ok "systemd units verify and are hardened"
else
  ok "systemd units # SKIP systemd-analyze is not installed"
fi

for word in "return 301 https" "Strict-Transport-Security" "client_max_body_size 50m" "gzip on" \
            "proxy_set_header Upgrade" "ssl_protocols TLSv1.2 TLSv1.3"; do
  grep -q "$word" "$data/nginx-ganglioside-server.conf" || fail "nginx site has $word"
done
ok "nginx site has TLS, HSTS, the redirect, gzip, the body limit and WebSocket proxying"

# Backups with retention and a restore drill, on a SQLite database.
cat > "$tmp/server.conf" <<CONF
[database]
url = sqlite:$tmp/server.db
CONF
chmod 600 "$tmp/server.conf"
export GW_SERVER_BIN="$bin" GW_SERVER_CONFIG="$tmp/server.conf" GW_BACKUP_KEEP=2 GW_SERVER_SERVICE=
echo "first-password" | "$bin" --config "$tmp/server.conf" user add first > /dev/null
"$data/ganglioside-server-backup" "$tmp/backups" > /dev/null
echo "second-password" | "$bin" --config "$tmp/server.conf" user add second > /dev/null
"$data/ganglioside-server-backup" "$tmp/backups" > /dev/null
"$bin" --config "$tmp/server.conf" team add lab > /dev/null
"$data/ganglioside-server-backup" "$tmp/backups" > /dev/null
count=$(ls "$tmp/backups" | wc -l)
[ "$count" -eq 2 ] || fail "retention keeps 2 backups (found $count)"
newest=$(ls "$tmp/backups"/ganglioside-server-*.jsonl.gz | sort | tail -n 1)
oldest=$(ls "$tmp/backups"/ganglioside-server-*.jsonl.gz | sort | head -n 1)
gzip -dc "$oldest" | grep -q '"t":"users".*"second"' || fail "retention removed the oldest backup"
gzip -dc "$oldest" | grep -q '"t":"teams"' && fail "the second-newest backup predates the team"
[ "$(stat -c %a "$newest")" = 600 ] || fail "backups are private (mode $(stat -c %a "$newest"))"
ok "backup script keeps the newest GW_BACKUP_KEEP backups, private"

rm -f "$tmp/server.db" "$tmp/server.db-wal" "$tmp/server.db-shm"
[ -z "$("$bin" --config "$tmp/server.conf" user list)" ] || fail "the wipe emptied the database"
"$data/ganglioside-server-restore" "$newest" > "$tmp/restore.out" 2>&1 || { cat "$tmp/restore.out"; fail "restore runs"; }
"$bin" --config "$tmp/server.conf" user list > "$tmp/users"
printf 'first\t-\tactive\nsecond\t-\tactive\n' | cmp -s - "$tmp/users" || { cat "$tmp/users"; fail "restore brings the users back"; }
ls "$tmp/backups"/pre-restore-*.jsonl.gz > /dev/null 2>&1 || fail "restore keeps a safety copy of what it replaced"
ok "restore script brings a backup back and keeps a safety copy"

if "$data/ganglioside-server-restore" "$tmp/server.conf" > /dev/null 2>&1; then
  fail "restore refuses a file that is not a backup"
fi
[ "$("$bin" --config "$tmp/server.conf" user list | wc -l)" -eq 2 ] || fail "a refused restore changes nothing"
ok "restore refuses a file that is not a backup and changes nothing"

echo "1..$n"

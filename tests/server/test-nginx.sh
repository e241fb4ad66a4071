#!/bin/sh
# Copyright 2026 The Ganglioside Workbench authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The nginx site in data/server/ is valid nginx: `nginx -t` accepts it
# inside a minimal nginx.conf with a temporary prefix.  The certificate
# paths point at a self-signed certificate made here, and every path nginx
# opens (logs, pid, temporary folders) is in the temporary folder, so the
# check needs no root-owned file and changes nothing on the machine.
#
# usage: test-nginx.sh SOURCE_DIR
set -eu

src=$1
site="$src/data/server/nginx-ganglioside-server.conf"
n=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
fail () { n=$((n + 1)); echo "not ok $n - $1"; echo "1..$n"; exit 1; }

nginx=$(command -v nginx || true)
[ -n "$nginx" ] || nginx=/usr/sbin/nginx
if [ ! -x "$nginx" ]; then
  echo "ok 1 # SKIP nginx is not installed (build-aux/install-deps.sh installs it)"
  echo "1..1"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/logs" "$tmp/tmp" "$tmp/www"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -subj /CN=sync.lab.example.org -keyout "$tmp/privkey.pem" -out "$tmp/fullchain.pem" \
  > "$tmp/openssl.log" 2>&1 || { cat "$tmp/openssl.log"; fail "a self-signed certificate is made"; }

# The site as shipped, with only its machine paths moved into $tmp and
# its ports moved to loopback ports nobody uses: `nginx -t` binds the
# listening sockets, and 80/443 need root or may be taken.
for want in "listen 80;" "listen \[::\]:80;" "listen 443 ssl http2;" "listen \[::\]:443 ssl http2;"; do
  grep -q "^ *$want" "$site" || fail "the site has $want"
done
http_port=$((20000 + $$ % 20000))
https_port=$((http_port + 1))
sed -e "s|/etc/letsencrypt/live/sync.lab.example.org/|$tmp/|g" \
    -e "s|/var/log/nginx/|$tmp/logs/|g" \
    -e "s|/var/www/html|$tmp/www|g" \
    -e "s|listen 80;|listen 127.0.0.1:$http_port;|" \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|" \
    -e "/listen \[::\]:/d" \
    "$site" > "$tmp/site.conf"
if sed 's/#.*//' "$tmp/site.conf" | grep -n "/etc/\|/var/"; then
  fail "the site names no machine path besides the certificate, logs and webroot"
fi

cat > "$tmp/nginx.conf" <<CONF
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log;
events { worker_connections 64; }
http {
    access_log $tmp/logs/access.log;
    client_body_temp_path $tmp/tmp/body;
    proxy_temp_path $tmp/tmp/proxy;
    fastcgi_temp_path $tmp/tmp/fastcgi;
    uwsgi_temp_path $tmp/tmp/uwsgi;
    scgi_temp_path $tmp/tmp/scgi;
    include $tmp/site.conf;
}
CONF

if "$nginx" -t -q -p "$tmp" -c "$tmp/nginx.conf" -e "$tmp/logs/startup.log" > "$tmp/test.log" 2>&1; then
  ok "nginx -t accepts the site"
else
  cat "$tmp/test.log"
  fail "nginx -t accepts the site"
fi

# The check must be able to fail: a broken copy of the site is refused.
sed 's|proxy_pass http://ganglioside_server;|proxy_pass http://ganglioside_server|' "$tmp/site.conf" > "$tmp/broken.conf"
sed "s|$tmp/site.conf|$tmp/broken.conf|" "$tmp/nginx.conf" > "$tmp/nginx-broken.conf"
if "$nginx" -t -q -p "$tmp" -c "$tmp/nginx-broken.conf" -e "$tmp/logs/startup.log" > "$tmp/broken.log" 2>&1; then
  fail "nginx -t refuses a site with a syntax error"
fi
grep -q "broken.conf" "$tmp/broken.log" || { cat "$tmp/broken.log"; fail "the refusal names the file"; }
ok "nginx -t refuses a broken copy of the site"

echo "1..$n"

#!/usr/bin/env bash
# Prints an access token for a local account, obtained the way a real client does it: authorization
# code + PKCE (S256) against Identity.Service through the gateway, with the sign-in form and its
# anti-forgery token. For trying the APIs by hand (Users.Service.http, Orders.Service.http) and for benchmarks.
#
#   scripts/dev-token.sh [email] [password] [scope] [gateway-url]
#   TOKEN=$(scripts/dev-token.sh admin@backend.local 'Admin-Passw0rd!')
set -euo pipefail
email=${1:-customer@backend.local}
password=${2:-Customer-Passw0rd!}
scope=${3:-openid profile email roles users.read users.write orders.read orders.write}
base=${4:-http://localhost:5080}
redirect=http://localhost:5173/callback

jar=$(mktemp); trap 'rm -f "$jar"' EXIT
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
verifier=$(head -c 32 /dev/urandom | b64url)
challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | b64url)
enc() { python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$1" 2>/dev/null \
  || printf '%s' "$1" | sed 's/ /%20/g;s/:/%3A/g;s/\//%2F/g;s/+/%2B/g;s/@/%40/g;s/!/%21/g'; }

authorize="$base/connect/authorize?client_id=web&response_type=code&redirect_uri=$(enc "$redirect")&scope=$(enc "$scope")&code_challenge=$challenge&code_challenge_method=S256&state=dev"
login=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' "$authorize")
[ -n "$login" ] || { echo "error: the authorization endpoint did not redirect to the sign-in page" >&2; exit 1; }
form=$(curl -s -c "$jar" -b "$jar" "$login")
antiforgery=$(printf '%s' "$form" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//;s/"$//')
returnurl=$(printf '%s' "$form" | grep -o 'name="ReturnUrl" value="[^"]*"' | sed 's/.*value="//;s/"$//;s/&amp;/\&/g')
back=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' "$login" \
  --data-urlencode "__RequestVerificationToken=$antiforgery" --data-urlencode "ReturnUrl=$returnurl" \
  --data-urlencode "Email=$email" --data-urlencode "Password=$password")
[ -n "$back" ] || { echo "error: sign-in failed for $email" >&2; exit 1; }
callback=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' "$back")
code=$(printf '%s' "$callback" | sed -n 's/.*[?&]code=\([^&]*\).*/\1/p')
[ -n "$code" ] || { echo "error: no authorization code (got: $callback)" >&2; exit 1; }
curl -s "$base/connect/token" --data-urlencode grant_type=authorization_code --data-urlencode "code=$code" \
  --data-urlencode "redirect_uri=$redirect" --data-urlencode client_id=web --data-urlencode "code_verifier=$verifier" \
  | sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p'

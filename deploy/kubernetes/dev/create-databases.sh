#!/bin/bash
# Runs once, on an empty data directory: each service's database, owned by its own account, with the password
# from that service's Secret (the same Secret names and keys CloudNativePG writes in production).
set -euo pipefail
for service in identity users orders notifications; do
  password_var="${service^^}_DB_PASSWORD"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" \
    -v role="$service" -v password="${!password_var}" -v database="${service}db" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"database" OWNER :"role";
SQL
done

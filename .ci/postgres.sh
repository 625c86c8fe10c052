#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests: initdb + pg_ctl in a temp dir, on a free
# port of 127.0.0.1, trust auth, fsync off. Nothing outside DIR is touched.
#
#   .ci/postgres.sh install       apt-get the Debian `postgresql` package when initdb is missing
#   .ci/postgres.sh start DIR     start a server in DIR; prints its SQLAlchemy URL on stdout
#   .ci/postgres.sh stop DIR      stop it and remove DIR
#
# initdb refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail

pg_bindir() {
    local initdb
    initdb=$(command -v initdb 2>/dev/null || true)
    if [ -z "$initdb" ]; then
        initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
    fi
    [ -n "$initdb" ] && dirname "$(readlink -f "$initdb")"
}

as_owner() {
    if [ "$(id -u)" != 0 ]; then
        "$@"
        return
    fi
    local ru
    ru=$(command -v runuser || ls /usr/sbin/runuser /sbin/runuser 2>/dev/null | head -n 1 || true)
    if [ -n "$ru" ]; then
        "$ru" -u postgres -- "$@"
    else
        su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

cmd=${1:-}
case "$cmd" in
install)
    if [ -z "$(pg_bindir || true)" ]; then
        echo "postgres.sh: installing the postgresql package" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    fi
    ;;
start)
    dir=${2:?usage: postgres.sh start DIR}
    bin=$(pg_bindir) || { echo "postgres.sh: no initdb found (install postgresql)" >&2; exit 1; }
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || { echo "postgres.sh: running as root and no postgres user" >&2; exit 1; }
        chown postgres "$dir"
        chmod 755 "$dir"
    fi
    port=$(free_port)
    as_owner "$bin/initdb" -D "$dir/data" -U eventwatch --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { echo "postgres.sh: initdb failed, see $dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" \
        start >&2 || { cat "$dir/data/server.log" >&2 || true; exit 1; }
    echo "$port" >"$dir/port"
    echo "postgresql+psycopg://eventwatch@127.0.0.1:$port/postgres"
    ;;
stop)
    dir=${2:?usage: postgres.sh stop DIR}
    bin=$(pg_bindir) || exit 0
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: postgres.sh install | start DIR | stop DIR" >&2
    exit 2
    ;;
esac

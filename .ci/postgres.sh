#!/usr/bin/env bash
# A private PostgreSQL server on loopback for the store tests (SecurityReset.EntityFrameworkCore.Tests).
#
#   source .ci/postgres.sh && postgres_start    # starts it (or finds it running) and exports SECURITYRESET_POSTGRES
#   eval "$(bash .ci/postgres.sh start)"        # the same from a child process: it prints the export line
#   bash .ci/postgres.sh stop                   # stops it (postgres_stop when sourced)
#
# Runs as root without systemd: installs Debian's postgresql package only when no server is installed, keeps its
# data in a private directory owned by postgres, listens on 127.0.0.1 on a free port, and creates the role and the
# database only when missing, so running it twice is harmless. The connection string is also written to
# "$SECURITYRESET_PG_ROOT/env" (default root: /tmp/securityreset-postgres).

SECURITYRESET_PG_ROOT="${SECURITYRESET_PG_ROOT:-/tmp/securityreset-postgres}"

_pg_log() { echo "postgres.sh: $*" >&2; }

_pg_bin() {
    local initdb
    initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$initdb" ] && dirname "$initdb"
}

_pg_install() {
    if [ -n "$(_pg_bin)" ]; then
        return 0
    fi
    _pg_log "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 &&
        apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends postgresql >&2
}

_pg_free_port() {
    local port
    for port in $(seq 55432 55632); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

_pg_connection_string() {
    echo "Host=127.0.0.1;Port=$1;Username=securityreset;Password=securityreset;Database=securityreset;Include Error Detail=false"
}

postgres_start() {
    local bin data run port
    (
        cd / || exit 1
        _pg_install || { _pg_log "could not install postgresql"; exit 1; }
        bin="$(_pg_bin)"
        data="$SECURITYRESET_PG_ROOT/data"
        run="$SECURITYRESET_PG_ROOT/run"
        mkdir -p "$SECURITYRESET_PG_ROOT" "$run"
        chown postgres:postgres "$SECURITYRESET_PG_ROOT" "$run"
        chmod 700 "$SECURITYRESET_PG_ROOT"

        if [ ! -s "$data/PG_VERSION" ]; then
            rm -rf "$data"
            runuser -u postgres -- "$bin/initdb" -D "$data" -E UTF8 --locale=C --auth-local=peer --auth-host=scram-sha-256 >/dev/null ||
                { _pg_log "initdb failed"; exit 1; }
        fi

        if runuser -u postgres -- "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1 && [ -s "$SECURITYRESET_PG_ROOT/port" ]; then
            port="$(cat "$SECURITYRESET_PG_ROOT/port")"
        else
            port="$(_pg_free_port)" || { _pg_log "no free port"; exit 1; }
            runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$SECURITYRESET_PG_ROOT/postgres.log" -w -t 60 \
                -o "-c listen_addresses=127.0.0.1 -p $port -k $run" start >/dev/null ||
                { _pg_log "the server did not start; see $SECURITYRESET_PG_ROOT/postgres.log"; tail -n 20 "$SECURITYRESET_PG_ROOT/postgres.log" >&2; exit 1; }
            echo "$port" >"$SECURITYRESET_PG_ROOT/port"
        fi

        local_psql() { runuser -u postgres -- "$bin/psql" -h "$run" -p "$port" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
        if [ "$(local_psql -c "SELECT 1 FROM pg_roles WHERE rolname = 'securityreset'")" != "1" ]; then
            local_psql -c "CREATE ROLE securityreset LOGIN PASSWORD 'securityreset'" >/dev/null || exit 1
        fi
        if [ "$(local_psql -c "SELECT 1 FROM pg_database WHERE datname = 'securityreset'")" != "1" ]; then
            local_psql -c "CREATE DATABASE securityreset OWNER securityreset" >/dev/null || exit 1
        fi

        echo "export SECURITYRESET_POSTGRES='$(_pg_connection_string "$port")'" >"$SECURITYRESET_PG_ROOT/env"
        _pg_log "PostgreSQL is listening on 127.0.0.1:$port"
    ) || return 1
    # shellcheck disable=SC1091
    . "$SECURITYRESET_PG_ROOT/env"
    cat "$SECURITYRESET_PG_ROOT/env"
}

postgres_stop() {
    local bin
    bin="$(_pg_bin)"
    if [ -n "$bin" ] && [ -s "$SECURITYRESET_PG_ROOT/data/PG_VERSION" ]; then
        (cd / && runuser -u postgres -- "$bin/pg_ctl" -D "$SECURITYRESET_PG_ROOT/data" -m fast -w stop >/dev/null 2>&1) || true
    fi
    rm -f "$SECURITYRESET_PG_ROOT/port" "$SECURITYRESET_PG_ROOT/env"
    unset SECURITYRESET_POSTGRES
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    case "${1:-start}" in
        start) postgres_start ;;
        stop) postgres_stop ;;
        *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
    esac
fi

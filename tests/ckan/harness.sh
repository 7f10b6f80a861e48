#!/usr/bin/env bash
# Test harness: a real CKAN 2.12.0 (+ ckanext-dcat, ckanapi, the test-only
# "nosolr" plugin) on 127.0.0.1, with its own PostgreSQL cluster and Redis,
# for the integration tests in tests/ckan/ and bench/ckan_publish.py.
# Adapted from shared/ckan-dev/ckan-dev.sh. Never use this for a real portal.
#
# Commands:
#   install        apt packages (only if missing), CKAN venv from
#                  requirements-ckan.lock, nosolr plugin, config template.
#                  Idempotent; about a second when nothing changed.
#   start          start one instance: private PostgreSQL cluster (fresh
#                  database), Redis, ckan.ini, db init, sysadmin + API token,
#                  CKAN server. Prints CKAN_URL=... as its last line.
#   stop           stop everything `start` started and delete the instance
#                  (database included). Safe to run twice.
#   server-stop    stop only the CKAN server (SIGKILL with --kill)
#   server-start   start only the CKAN server again (same port, same data)
#   status         print the instance's env file if the server answers
#   lock           re-resolve the CKAN venv from the unpinned spec below and
#                  rewrite requirements-ckan.lock (maintainers only)
#
# Environment:
#   RATSDATEN_CKAN_HOME   venv + config template  (default $REPO/.cache/ckan)
#   RATSDATEN_CKAN_RUN    one instance's files    (default $RATSDATEN_CKAN_HOME/run)
#                         ckan.ini, storage/, pg/, *.log, *.pid, api-token, env
#   CKAN_PORT             CKAN port (default: a free port)
#   CKAN_DB_NAME          database name (default ckan_test; the cluster is
#                         private to the instance, so every start is fresh)
#   CKAN_PYTHON           interpreter for the venv (default /usr/bin/python3)
#   CKAN_START_TIMEOUT    seconds to wait for the server (default 90)
#   SKIP_APT=1            never call apt-get
#
# Secrets: the sysadmin token is written to $RUN/api-token (mode 600) and
# never printed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
HOME_DIR=${RATSDATEN_CKAN_HOME:-$REPO/.cache/ckan}
RUN=${RATSDATEN_CKAN_RUN:-$HOME_DIR/run}
VENV="$HOME_DIR/venv"
CKAN="$VENV/bin/ckan"
LOCK="$HERE/requirements-ckan.lock"
PLUGIN_SRC="$HERE/ckanext-nosolr"
TEMPLATE="$HOME_DIR/ckan.template.ini"
STAMP="$HOME_DIR/install.stamp"
INI="$RUN/ckan.ini"
DB_NAME=${CKAN_DB_NAME:-ckan_test}
DB_USER=ckan_default
START_TIMEOUT=${CKAN_START_TIMEOUT:-90}
# What the lock is resolved from (`harness.sh lock`).
SPEC=("ckan[requirements]==2.12.0" "ckanext-dcat==2.4.4" "ckanapi==4.11" "wheel")
APT_PACKAGES=(postgresql redis-server libpq-dev python3-dev python3-venv
              libmagic1 gcc curl)

log() { echo "== $*" >&2; }
die() { echo "harness: $*" >&2; exit 1; }
now() { date +%s.%N; }
# pip, minus the noise of find-links entries in this machine's pip.conf
vpip() { "$VENV/bin/pip" --disable-pip-version-check "$@" 2> >(grep -v "is neither a file nor a directory" >&2); }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }

pick_python() {
  if [ -n "${CKAN_PYTHON:-}" ]; then echo "$CKAN_PYTHON"
  elif [ -x /usr/bin/python3 ]; then echo /usr/bin/python3
  else command -v python3; fi
}

free_port() {
  "$(pick_python)" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

pg_bin() { echo "/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -V | tail -1)/bin"; }

# Run a command as the PostgreSQL owner (postgres when root, else ourselves).
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# ---------------------------------------------------------------- install
install_apt() {
  [ "${SKIP_APT:-0}" = 1 ] && return 0
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$p")
  done
  [ ${#missing[@]} = 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing Debian packages (need root): ${missing[*]}"
  log "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
  # Debian starts the packaged services on install; the harness runs its own.
  systemctl disable --now redis-server >/dev/null 2>&1 || true
}

stamp_value() {
  { cat "$LOCK"; find "$PLUGIN_SRC" -type f \( -name '*.py' -o -name '*.toml' \) \
      -print0 | sort -z | xargs -0 cat; "$(pick_python)" -VV; } | sha256sum | cut -d' ' -f1
}

install_python() {
  local t; t=$(now)
  [ -x "$VENV/bin/python" ] || "$(pick_python)" -m venv "$VENV"
  log "pip install -r requirements-ckan.lock (first time: minutes, psycopg2 compiles)"
  vpip install -q --no-deps -r "$LOCK"
  "$VENV/bin/pip" check >/dev/null || { "$VENV/bin/pip" check; die "CKAN venv inconsistent"; }
  install_plugin
  log "python packages installed in $(elapsed "$t")s"
}

install_plugin() {
  # A copy, so the build does not write into the source tree.
  local tmp; tmp=$(mktemp -d)
  cp -r "$PLUGIN_SRC" "$tmp/"
  vpip install -q --no-deps \
    --no-build-isolation --force-reinstall "$tmp/ckanext-nosolr"
  rm -rf "$tmp"
}

cmd_install() {
  local t; t=$(now)
  mkdir -p "$HOME_DIR"
  install_apt
  [ -f "$LOCK" ] || die "$LOCK missing (run '$0 lock' once)"
  if [ -f "$STAMP" ] && [ -x "$CKAN" ] && [ "$(cat "$STAMP")" = "$(stamp_value)" ] \
     && [ -f "$TEMPLATE" ]; then
    log "CKAN venv up to date ($VENV)"
    return 0
  fi
  install_python
  "$CKAN" generate config "$TEMPLATE" >/dev/null
  stamp_value > "$STAMP"
  log "install done in $(elapsed "$t")s"
}

cmd_lock() {
  mkdir -p "$HOME_DIR"
  install_apt
  [ -x "$VENV/bin/python" ] || "$(pick_python)" -m venv "$VENV"
  vpip install -q "${SPEC[@]}"
  {
    echo "# CKAN test venv for tests/ckan/harness.sh; regenerate with 'harness.sh lock'."
    echo "# Resolved from: ${SPEC[*]}  ($("$VENV/bin/python" -V))"
    vpip freeze --all --exclude ckanext-nosolr
  } > "$LOCK"
  rm -f "$STAMP"
  cmd_install
}

# ---------------------------------------------------------------- start/stop
write_env() {  # KEY=VALUE lines for the caller; never the token itself
  cat > "$RUN/env" <<EOF
CKAN_URL=http://127.0.0.1:$CKAN_PORT_
CKAN_PORT=$CKAN_PORT_
CKAN_INI=$INI
CKAN_TOKEN_FILE=$RUN/api-token
CKAN_SERVER_LOG=$RUN/server.log
CKAN_STORAGE=$RUN/storage
CKAN_PG_PORT=$PG_PORT
CKAN_REDIS_PORT=$REDIS_PORT
CKAN_DB_NAME=$DB_NAME
EOF
}

start_postgres() {
  local bin; bin=$(pg_bin)
  mkdir -p "$RUN/pg" "$RUN/pgsock"
  [ "$(id -u)" = 0 ] && chown postgres: "$RUN/pg" "$RUN/pgsock"
  as_pg "$bin/initdb" -D "$RUN/pg/data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$RUN/initdb.log" 2>&1 || { cat "$RUN/initdb.log" >&2; die "initdb failed"; }
  as_pg "$bin/pg_ctl" -D "$RUN/pg/data" -l "$RUN/pg/postgres.log" -w -t 30 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $RUN/pgsock -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { tail -20 "$RUN/pg/postgres.log" >&2; die "PostgreSQL did not start"; }
  "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE USER $DB_USER" >/dev/null
  "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres -O "$DB_USER" -E utf-8 "$DB_NAME"
}

start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes \
    --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log" --dir "$RUN" \
    --save '' --appendonly no
  for _ in $(seq 100); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  die "Redis did not start (log: $RUN/redis.log)"
}

configure() {
  cp "$TEMPLATE" "$INI"
  mkdir -p "$RUN/storage"
  "$CKAN" config-tool "$INI" \
    "sqlalchemy.url=postgresql://$DB_USER@127.0.0.1:$PG_PORT/$DB_NAME" \
    "ckan.site_url=http://127.0.0.1:$CKAN_PORT_" \
    "SECRET_KEY=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')" \
    "ckan.storage_path=$RUN/storage" \
    "ckan.max_resource_size=200" \
    "ckan.redis.url=redis://127.0.0.1:$REDIS_PORT/1" \
    "solr_url=http://127.0.0.1:9/solr/not-running" \
    "ckan.plugins=nosolr dcat" \
    "ckanext.dcat.rdf.profiles=euro_dcat_ap_3" \
    "ckan.locale_default=de" >/dev/null
}

init_db_and_admin() {
  "$CKAN" -c "$INI" db init >"$RUN/dbinit.log" 2>&1 \
    || { tail -30 "$RUN/dbinit.log" >&2; die "ckan db init failed"; }
  "$CKAN" -c "$INI" user add ckan_admin email=admin@example.org \
    password="$(head -c 18 /dev/urandom | base64)" >"$RUN/sysadmin.log" 2>&1 \
    || { cat "$RUN/sysadmin.log" >&2; die "creating the sysadmin failed"; }
  "$CKAN" -c "$INI" sysadmin add ckan_admin >>"$RUN/sysadmin.log" 2>&1
  (umask 077; "$CKAN" -c "$INI" user token add ckan_admin tests -q 2>>"$RUN/sysadmin.log" \
    | tail -1 > "$RUN/api-token")
  test -s "$RUN/api-token" || die "no API token written"
}

server_alive() { [ -f "$RUN/server.pid" ] && kill -0 "$(cat "$RUN/server.pid")" 2>/dev/null; }

server_start() {
  server_alive && die "CKAN server already running (pid $(cat "$RUN/server.pid"))"
  local url="http://127.0.0.1:$CKAN_PORT_" t code=000
  t=$(now)
  # setsid: the server is not in the caller's process group, so a Ctrl-C in
  # pytest does not kill it behind `stop`'s back; `stop` ends it by PID.
  ( cd "$RUN" && exec setsid "$CKAN" -c "$INI" run --host 127.0.0.1 --port "$CKAN_PORT_" \
      --disable-reloader --threaded >>"$RUN/server.log" 2>&1 < /dev/null ) &
  echo $! > "$RUN/server.pid"
  local deadline; deadline=$(( $(date +%s) + START_TIMEOUT ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$url/api/3/action/status_show" || true)
    [ "$code" = 200 ] && break
    server_alive || break
    sleep 0.2
  done
  if [ "$code" != 200 ]; then
    echo "---- tail of $RUN/server.log" >&2; tail -40 "$RUN/server.log" >&2
    die "CKAN did not answer on $url within ${START_TIMEOUT}s"
  fi
  log "CKAN answers on $url after $(elapsed "$t")s (pid $(cat "$RUN/server.pid"))"
}

server_stop() {  # [--kill]
  if server_alive; then
    local pid; pid=$(cat "$RUN/server.pid")
    if [ "${1:-}" = --kill ]; then kill -KILL "$pid"; else kill -TERM "$pid"; fi
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$RUN/server.pid"
}

load_env() {
  [ -f "$RUN/env" ] || die "no instance in $RUN (run '$0 start')"
  # shellcheck disable=SC1091
  . "$RUN/env"
  CKAN_PORT_=$CKAN_PORT; PG_PORT=$CKAN_PG_PORT; REDIS_PORT=$CKAN_REDIS_PORT
}

cmd_start() {
  [ -x "$CKAN" ] && [ -f "$TEMPLATE" ] || die "CKAN is not installed in $VENV (run '$0 install')"
  if [ -f "$RUN/.ratsdaten-ckan-run" ]; then
    log "stopping a previous instance left in $RUN"
    cmd_stop
  fi
  local t; t=$(now)
  mkdir -p "$RUN"; chmod 755 "$RUN"
  : > "$RUN/.ratsdaten-ckan-run"   # 'stop' deletes only directories carrying this marker
  : > "$RUN/server.log"
  CKAN_PORT_=${CKAN_PORT:-$(free_port)}
  PG_PORT=$(free_port); REDIS_PORT=$(free_port)
  write_env
  start_postgres
  start_redis
  configure
  init_db_and_admin
  server_start
  log "instance ready in $(elapsed "$t")s (files: $RUN)"
  echo "CKAN_URL=http://127.0.0.1:$CKAN_PORT_"
}

cmd_stop() {
  [ -f "$RUN/.ratsdaten-ckan-run" ] || return 0
  server_stop
  if [ -f "$RUN/redis.pid" ]; then
    local rp; rp=$(cat "$RUN/redis.pid")
    kill "$rp" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$rp" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ -f "$RUN/pg/data/postmaster.pid" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$RUN/pg/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$RUN"
}

case "${1:-}" in
  install) cmd_install ;;
  lock) cmd_lock ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  server-stop) load_env; server_stop "${2:-}" ;;
  server-start) load_env; server_start ;;
  status) load_env; server_alive && curl -sf -m 5 -o /dev/null "$CKAN_URL/api/3/action/status_show" \
            && cat "$RUN/env" || die "not running" ;;
  *) sed -n '2,35p' "$0"; exit 2 ;;
esac

#!/usr/bin/env bash
# Test harness: meine-stadt-transparent 0.2.14 (MIT), a real OParl consumer, in its own venv, for
# tests/oparl/test_consumer.py. Never use this for a real site.
#
# Commands:
#   install   Debian packages it builds against (only if missing), the venv from
#             requirements-mst.lock, and a migrated SQLite database to copy per test
#             (Django + Wagtail migrations take ~20 s, once). Idempotent; ~1 s when done.
#   lock      re-resolve the venv from the spec below and rewrite the lock (maintainers only)
#
# Environment:
#   RATSDATEN_MST_HOME   venv, template database, env template (default $REPO/.cache/mst)
#   MST_PYTHON           interpreter for the venv (default /usr/bin/python3)
#   SKIP_APT=1           never call apt-get
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
HOME_DIR=${RATSDATEN_MST_HOME:-$REPO/.cache/mst}
VENV="$HOME_DIR/venv"
LOCK="$HERE/requirements-mst.lock"
STAMP="$HOME_DIR/install.stamp"
TEMPLATE_DB="$HOME_DIR/template.sqlite3"
SPEC=("meine-stadt-transparent==0.2.14" "numpy<2")
# pip 24.1+ refuses the metadata of django-elasticsearch-dsl 7.x, which meine-stadt-transparent pins.
PIP="pip==24.0"
# mysqlclient and psycopg2 build from source; Wand loads ImageMagick's MagickWand at import.
APT_PACKAGES=(default-libmysqlclient-dev libmagickwand-dev libpq-dev pkg-config gcc python3-dev python3-venv)

log() { echo "== mst: $*" >&2; }
die() { echo "mst.sh: $*" >&2; exit 1; }
pick_python() { echo "${MST_PYTHON:-/usr/bin/python3}"; }
vpip() { "$VENV/bin/pip" --disable-pip-version-check "$@" 2> >(grep -v "is neither a file nor a directory" >&2); }

install_apt() {
  [ "${SKIP_APT:-0}" = 1 ] && return 0
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} = 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing Debian packages (need root): ${missing[*]}"
  log "apt-get install ${missing[*]}"
  local i
  for i in 1 2 3 4 5 6 7 8 9 10; do   # another installer may hold the dpkg lock for a while
    if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null; then
      return 0
    fi
    log "apt-get failed (lock held?), retry $i/10 in 15 s"
    sleep 15
  done
  die "could not install ${missing[*]}"
}

stamp_value() { { cat "$LOCK"; "$(pick_python)" -VV; echo "$PIP"; } | sha256sum | cut -d' ' -f1; }

# The settings meine-stadt-transparent reads (ENV_PATH); the tests write their own with their database.
write_env() {  # $1: file, $2: database path, $3: log directory
  cat > "$1" <<EOF
REAL_HOST=localhost
SECRET_KEY=test-only-not-a-secret
DATABASE_URL=sqlite:///$2
ELASTICSEARCH_ENABLED=False
LOG_DIRECTORY=$3
EOF
}

cmd_install() {
  mkdir -p "$HOME_DIR"
  install_apt
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(stamp_value)" ] && [ -f "$TEMPLATE_DB" ]; then
    log "venv up to date ($VENV)"
    return 0
  fi
  local t; t=$(date +%s)
  rm -rf "$VENV" "$TEMPLATE_DB"
  "$(pick_python)" -m venv "$VENV"
  vpip install -q "$PIP"
  log "pip install -r requirements-mst.lock (first time: a few minutes, mysqlclient and psycopg2 compile)"
  vpip install -q --no-deps -r "$LOCK"
  "$VENV/bin/pip" check >/dev/null || { "$VENV/bin/pip" check; die "meine-stadt-transparent venv inconsistent"; }
  mkdir -p "$HOME_DIR/log"
  write_env "$HOME_DIR/migrate.env" "$HOME_DIR/migrating.sqlite3" "$HOME_DIR/log"
  (cd "$HOME_DIR" && ENV_PATH="$HOME_DIR/migrate.env" "$VENV/bin/python" -m manage migrate -v 0 >/dev/null 2>"$HOME_DIR/migrate.log") \
    || { tail -20 "$HOME_DIR/migrate.log"; die "migrate failed"; }
  mv "$HOME_DIR/migrating.sqlite3" "$TEMPLATE_DB"
  stamp_value > "$STAMP"
  log "install done in $(( $(date +%s) - t ))s"
}

cmd_lock() {
  mkdir -p "$HOME_DIR"
  install_apt
  rm -rf "$VENV"
  "$(pick_python)" -m venv "$VENV"
  vpip install -q "$PIP"
  vpip install -q "${SPEC[@]}"
  {
    echo "# meine-stadt-transparent 0.2.14 for tests/oparl/test_consumer.py, installed by tests/oparl/mst.sh into its own venv."
    echo "# Resolved with $PIP (newer pip refuses django-elasticsearch-dsl 7.x's metadata) on $("$VENV/bin/python" -V) from:"
    echo "#   ${SPEC[*]}"
    vpip freeze
  } > "$LOCK"
  rm -f "$STAMP"
  cmd_install
}

case "${1:-}" in
  install) cmd_install ;;
  lock) cmd_lock ;;
  *) die "usage: $0 install|lock" ;;
esac

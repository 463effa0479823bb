#!/usr/bin/env bash
# The newcomer's path, checked by CI: an unprivileged user clones the checkout (its last
# commit), runs `make run` with no DATABASE_URL until the login page answers, stops it with
# SIGTERM to its process group (an editor's stop button), starts it again, stops it again.
# Every stop must leave no process and no PostgreSQL behind. Run as root: it creates the
# user, and removes it with everything it started, whatever happens.
set -euo pipefail
racine="$(cd "$(dirname "$0")/.." && pwd)"
utilisateur=tu_nouveau_venu  # fixed: a test account, removed at the end
DELAI_PREMIER=270  # the first run installs everything from PyPI
DELAI=90

if [ "$(id -u)" != 0 ]; then
  echo "test_nouveau_venu.sh : à lancer en root (il crée un utilisateur)." >&2
  exit 1
fi

debut=$SECONDS
etape() { printf '[nouveau venu, %3d s] %s\n' $((SECONDS - debut)) "$*"; }
echec() {
  etape "ÉCHEC : $*" >&2
  if [ -f "${journal:-}" ]; then
    echo "--- fin de la sortie de make run ---" >&2
    tail -n 40 "$journal" >&2
  fi
  exit 1
}

# State read from /proc: ps and pgrep are not on every Debian.
etat() {  # one-letter state of process $1, empty when gone
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
  stat="${stat##*) }"
  echo "${stat%% *}"
}
en_vie() { local e; e="$(etat "$1")"; [ -n "$e" ] && [ "$e" != Z ]; }
membres() {  # living processes of process group $1
  local f stat champs
  for f in /proc/[0-9]*/stat; do
    stat="$(cat "$f" 2>/dev/null)" || continue
    stat="${stat##*) }"
    read -ra champs <<<"$stat"
    if [ "${champs[2]}" = "$1" ] && [ "${champs[0]}" != Z ]; then
      f="${f#/proc/}"
      echo "${f%/stat}"
    fi
  done
}
postmaster() {  # pid of the embedded PostgreSQL of the clone, if it runs
  local fichier="$depot/var/pgdata/postmaster.pid" pid
  [ -f "$fichier" ] || return 0
  pid="$(head -n 1 "$fichier")"
  if en_vie "$pid"; then echo "$pid"; fi
}

groupe=""
depot=""
journal=""
nettoyer() {
  local code=$? pid
  trap - EXIT INT TERM
  set +e
  if [ -n "$groupe" ] && [ -n "$(membres "$groupe")" ]; then
    kill -KILL -- "-$groupe" 2>/dev/null || true
  fi
  pid=""
  if [ -n "$depot" ]; then pid="$(postmaster)"; fi
  if [ -n "$pid" ]; then
    kill -INT "$pid" 2>/dev/null || true  # fast shutdown
    for _ in $(seq 1 50); do en_vie "$pid" || break; sleep 0.2; done
  fi
  if id "$utilisateur" >/dev/null 2>&1; then
    rm -rf "/tmp/runtime-$(id -u "$utilisateur")"
    userdel -r "$utilisateur" 2>/dev/null || true
  fi
  rm -f "$journal"
  etape "utilisateur et processus de l'essai retirés"
  exit "$code"
}
trap nettoyer EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A fresh user every time: nothing cached from an earlier run.
if id "$utilisateur" >/dev/null 2>&1; then
  rm -rf "/tmp/runtime-$(id -u "$utilisateur")"
  userdel -r -f "$utilisateur" 2>/dev/null || true
fi
useradd --create-home --shell /bin/bash "$utilisateur"
maison="$(getent passwd "$utilisateur" | cut -d: -f6)"
depot="$maison/trait-union"
git clone --quiet "$racine" "$depot"
chown -R "$utilisateur:" "$depot"
journal="$(mktemp)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
etape "utilisateur $utilisateur créé, dépôt cloné dans $depot, port $port"

# A normal user's environment (no /sbin in PATH, no DATABASE_URL), plus the machine's
# network settings for pip and npm.
environnement=(HOME="$maison" USER="$utilisateur" LOGNAME="$utilisateur" SHELL=/bin/bash
  PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8)
while IFS='=' read -r nom _; do
  case "$nom" in
    PIP_* | http_proxy | https_proxy | no_proxy | HTTP_PROXY | HTTPS_PROXY | NO_PROXY)
      environnement+=("$nom=${!nom}") ;;
  esac
done < <(env)

lancer() {
  # setsid: a session and process group of its own, whose id is the pid.
  setsid setpriv --reuid="$utilisateur" --regid="$utilisateur" --init-groups -- \
    env -i "${environnement[@]}" make -C "$depot" run ADRESSE="127.0.0.1:$port" \
    >>"$journal" 2>&1 </dev/null &
  groupe=$!
}

page_de_connexion() {
  local reponse
  # bash's /dev/tcp: no curl needed.
  reponse="$(timeout 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port
    printf 'GET /connexion/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    cat <&3" 2>/dev/null)" || return 1
  [[ "$reponse" == "HTTP/1."?" 200 "* && "$reponse" == *'name="password"'* ]]
}

attendre_la_page() {  # $1: delay in seconds
  local fin=$((SECONDS + $1))
  until page_de_connexion; do
    en_vie "$groupe" || echec "make run s'est arrêté avant de servir la page de connexion."
    [ $SECONDS -lt $fin ] || echec "la page de connexion ne répond pas après $1 s."
    sleep 2
  done
}

arreter() {
  local fin
  kill -TERM -- "-$groupe"
  fin=$((SECONDS + 30))
  while [ -n "$(membres "$groupe")" ]; do
    [ $SECONDS -lt $fin ] || echec "des processus de make run restent en vie 30 s après SIGTERM."
    sleep 0.5
  done
  wait "$groupe" 2>/dev/null || true
  fin=$((SECONDS + 15))
  while [ -n "$(postmaster)" ]; do
    [ $SECONDS -lt $fin ] || echec "PostgreSQL embarqué toujours en marche après SIGTERM."
    sleep 0.5
  done
  if grep -q Traceback "$journal"; then echec "une erreur Python s'est produite."; fi
}

lancer
attendre_la_page "$DELAI_PREMIER"
etape "premier make run : la page de connexion répond"
if grep -q "Paquets Debian manquants" "$journal"; then echec "fausse alerte de paquets manquants."; fi
arreter
etape "arrêté par SIGTERM : plus aucun processus, PostgreSQL arrêté"

lancer
attendre_la_page "$DELAI"
etape "second make run : la page de connexion répond"
arreter
etape "arrêté par SIGTERM à nouveau"
groupe=""
echo "Parcours du nouveau venu réussi en $((SECONDS - debut)) s."

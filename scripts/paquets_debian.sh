#!/usr/bin/env bash
# The Debian packages the application and its tests need: installed when run as root,
# named in one line with the command to run otherwise. Used by make and by .ci/run.
#
# Usage: scripts/paquets_debian.sh [--muet] GROUPE...
#   python      Python >= 3.11 with venv (PYTHON, default python3)
#   pdf         WeasyPrint's libraries and the fonts of the PDF templates
#   tests       pdftotext and pdfinfo, read by the tests
#   navigateur  chromium and npm, for the browser tests
#   --muet      check only: no installing, no message; the exit status tells
# Exit status 0 when everything is there (after installing, as root), 1 otherwise.
set -u

PYTHON="${PYTHON:-python3}"
muet=0
manquants=()
autres=()  # what apt-get cannot fix, one sentence each

ajouter() { [[ " ${manquants[*]} " == *" $1 "* ]] || manquants+=("$1"); }

commande() { command -v "$1" >/dev/null 2>&1 || ajouter "$2"; }

# Asks the dynamic loader itself, as WeasyPrint will: works for any user, whatever the PATH
# (ldconfig lives in /sbin, outside a normal user's PATH).
bibliotheques() {  # pairs of soname and Debian package
  local python absentes
  python="$(command -v python3 || command -v "$PYTHON")"
  if [ -z "$python" ]; then
    while [ $# -gt 0 ]; do
      /sbin/ldconfig -p 2>/dev/null | grep -qF "$1 (" || ajouter "$2"
      shift 2
    done
    return
  fi
  absentes="$("$python" - "$@" <<'EOF'
import ctypes, sys
paires = sys.argv[1:]
for soname, paquet in zip(paires[::2], paires[1::2]):
    try:
        ctypes.CDLL(soname)
    except OSError:
        print(paquet)
EOF
)"
  for paquet in $absentes; do ajouter "$paquet"; done
}

verifier_python() {
  local version defaut
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    ajouter python3
    ajouter python3-venv
    return
  fi
  version="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    autres+=("Python ≥ 3.11 est nécessaire, $PYTHON est en $version (choisissez-en un autre : make run PYTHON=python3.12).")
    return
  fi
  # Debian splits ensurepip out of the standard library: without it, venv fails.
  if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    defaut="$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)"
    if [ "$version" = "$defaut" ]; then ajouter python3-venv; else ajouter "python$version-venv"; fi
  fi
}

verifier() {
  local groupe
  for groupe in "$@"; do
    case "$groupe" in
      python) verifier_python ;;
      pdf)
        bibliotheques libpango-1.0.so.0 libpango-1.0-0 \
          libpangoft2-1.0.so.0 libpangoft2-1.0-0 \
          libharfbuzz-subset.so.0 libharfbuzz-subset0
        # The PDF templates ask for DejaVu Sans.
        [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || ajouter fonts-dejavu-core
        ;;
      tests)
        commande pdftotext poppler-utils
        commande pdfinfo poppler-utils
        ;;
      navigateur)
        commande chromium chromium
        commande npm npm
        ;;
      *) echo "paquets_debian.sh : groupe inconnu « $groupe »" >&2; exit 2 ;;
    esac
  done
}

if [ "${1:-}" = "--muet" ]; then muet=1; shift; fi
verifier "$@"

if [ ${#autres[@]} -gt 0 ] && [ $muet = 0 ]; then printf '%s\n' "${autres[@]}" >&2; fi
if [ ${#manquants[@]} -eq 0 ]; then
  [ ${#autres[@]} -eq 0 ]
  exit
fi
if [ $muet = 1 ]; then exit 1; fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installation des paquets Debian manquants : ${manquants[*]} (apt-get, une à quelques minutes)…"
  journal="$(mktemp)"
  # The package lists are refreshed only now that something is missing.
  if ! { apt-get update -qq \
         && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
              "${manquants[@]}"; } >"$journal" 2>&1; then
    tail -n 20 "$journal" >&2
    rm -f "$journal"
    echo "L'installation de ${manquants[*]} a échoué (voir ci-dessus)." >&2
    exit 1
  fi
  rm -f "$journal"
  manquants=()
  verifier "$@"
  if [ ${#manquants[@]} -gt 0 ]; then
    echo "Toujours introuvables après installation : ${manquants[*]}." >&2
    exit 1
  fi
  [ ${#autres[@]} -eq 0 ]
  exit
fi

if [ "$(id -u)" = 0 ]; then
  echo "Paquets Debian manquants : ${manquants[*]} (apt-get introuvable : installez leurs équivalents)." >&2
elif command -v sudo >/dev/null 2>&1; then
  echo "Paquets Debian manquants : ${manquants[*]} — installez-les avec : sudo apt-get install ${manquants[*]}" >&2
else
  echo "Paquets Debian manquants : ${manquants[*]} — installez-les avec : su -c 'apt-get install ${manquants[*]}'" >&2
fi
exit 1

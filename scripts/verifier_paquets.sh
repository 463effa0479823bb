#!/usr/bin/env bash
# Checks the system libraries the application needs, and says in one line what is missing.
# Usage: scripts/verifier_paquets.sh [pdf] [navigateur]
set -u
manquants=()

bibliotheque() {  # $1 soname, $2 Debian package
  if ! ldconfig -p 2>/dev/null | grep -q "$1"; then manquants+=("$2"); fi
}

for besoin in "$@"; do
  case "$besoin" in
    pdf)
      bibliotheque "libpango-1.0.so.0" libpango-1.0-0
      bibliotheque "libpangoft2-1.0.so.0" libpangoft2-1.0-0
      bibliotheque "libharfbuzz-subset.so.0" libharfbuzz-subset0
      ;;
    navigateur)
      command -v chromium >/dev/null 2>&1 || manquants+=("chromium")
      command -v npm >/dev/null 2>&1 || manquants+=("npm")
      ;;
  esac
done

if [ ${#manquants[@]} -gt 0 ]; then
  echo "Paquets Debian manquants : ${manquants[*]} — installez-les avec : sudo apt-get install ${manquants[*]}" >&2
  exit 1
fi

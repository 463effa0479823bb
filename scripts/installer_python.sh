#!/usr/bin/env bash
# Creates the virtual environment and installs the Python dependencies, saying what it is
# doing: the first install downloads from PyPI for a minute or two.
# Usage: PYTHON=python3 scripts/installer_python.sh .venv
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${1:-.venv}"
export PYTHON="${PYTHON:-python3}"

scripts/paquets_debian.sh python

# A venv made without ensurepip has a python but no pip: made again.
if ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
  echo "Création de l'environnement Python $venv ($("$PYTHON" --version))…"
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
  premiere=1
else
  premiere=0
fi

journal="$venv/installation.log"
if [ $premiere = 1 ]; then
  echo "Installation des dépendances Python depuis PyPI (la première fois : une à deux minutes)…"
else
  echo "Mise à jour des dépendances Python dans $venv…"
fi
debut=$SECONDS

# One line that keeps count on a terminal; a line every ten packages in a log.
progression() {
  local ligne n=0
  while IFS= read -r ligne; do
    case "$ligne" in
      Collecting*)
        n=$((n + 1))
        if [ -t 1 ]; then printf '\r  %d paquets téléchargés ou trouvés en cache…' "$n"
        elif [ $((n % 10)) = 0 ]; then echo "  $n paquets téléchargés ou trouvés en cache…"; fi
        ;;
      "Installing collected packages"*)
        if [ -t 1 ]; then printf '\r\033[K'; fi
        echo "  installation des $n paquets…"
        ;;
    esac
  done
}

if ! { "$venv/bin/python" -m pip install --quiet --upgrade pip \
       && "$venv/bin/python" -m pip install --progress-bar off ".[test]"; } 2>&1 \
     | tee "$journal" | progression; then
  tail -n 25 "$journal" >&2
  echo "L'installation des dépendances Python a échoué (journal complet : $journal)." >&2
  exit 1
fi
echo "Dépendances Python installées en $((SECONDS - debut)) s."
touch "$venv/.installe"

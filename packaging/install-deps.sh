#!/usr/bin/env bash
# Installs what RaceScope needs on Debian 12, and only what is missing, so that
# `make run` and `make test` work on a fresh machine and cost nothing the second time.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  qt6-base-dev qt6-tools-dev qt6-svg-dev libqcustomplot-dev libgl1-mesa-dev
  liburcu-dev nlohmann-json3-dev libssl-dev libxxhash-dev libabsl-dev libbenchmark-dev
  xvfb xauth
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing missing packages: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

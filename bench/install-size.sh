#!/usr/bin/env bash
# Production install size and time: `npm ci --omit=dev --ignore-scripts` of the package files of a commit
# (BEFORE, default HEAD) and of the working tree, and of the working tree without optional packages.
# Usage: bash bench/install-size.sh [BEFORE_COMMIT]   (needs the npm registry; writes bench/results/install-size.txt)
set -u
cd "$(dirname "$0")/.."
mkdir -p bench/results; out=$PWD/bench/results/install-size.txt; : > "$out"
prep() { rm -rf /tmp/inst-$1; mkdir -p /tmp/inst-$1; }
prep before; git show "${1:-HEAD}":package.json > /tmp/inst-before/package.json; git show "${1:-HEAD}":package-lock.json > /tmp/inst-before/package-lock.json
prep after; cp package.json package-lock.json /tmp/inst-after/
cp -r /tmp/inst-after /tmp/inst-light
for v in before after light; do
  flags="--omit=dev"; [ $v = light ] && flags="--omit=dev --omit=optional"
  (cd /tmp/inst-$v
  s=$(date +%s.%N)
  ONNXRUNTIME_NODE_INSTALL_CUDA=skip ONNXRUNTIME_NODE_INSTALL=skip npm ci $flags --ignore-scripts --no-audit --no-fund >/tmp/inst-$v.log 2>&1; rc=$?
  e=$(date +%s.%N)
  echo "$v flags=[$flags] rc=$rc seconds=$(echo "$e - $s" | bc) size=$(du -sm node_modules | cut -f1)MiB packages=$(ls node_modules | wc -l) load=$(cut -d' ' -f1 /proc/loadavg)" >> "$out")
done
cat "$out"

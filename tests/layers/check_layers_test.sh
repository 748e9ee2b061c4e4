#!/usr/bin/env bash
# The layer check passes on the real tree and fails, naming each offence, on the fixture tree.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
"$repo/tools/check-layers" "$repo" || { echo "FAIL: the real tree has wrong-way includes"; exit 1; }
out=$("$repo/tools/check-layers" "$here/bad" 2>&1) && { echo "FAIL: fixture passed"; exit 1; }
for expect in "src/core/leak.h" "src/adapters/http/cross.cc" "src/bot/beast.cc" \
  "src/adapters/storage/sqlite/sodium.cc"; do
  grep -q "$expect" <<<"$out" || { echo "FAIL: not reported: $expect"; echo "$out"; exit 1; }
done
echo "check-layers test: ok"

#!/usr/bin/env bash
# Puts a Node 24 first on PATH when the machine's Node is older: the npm package `node@24`
# ships the binary. Source it: `. scripts/ensure-node24.sh`.
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 24 ]; then
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  tools="$root/.tools/node24"
  if [ ! -x "$tools/node_modules/node/bin/node" ]; then
    echo "Node $major found; installing Node 24 into .tools/node24" >&2
    npm install --silent --no-save --no-audit --no-fund --prefix "$tools" node@24 >&2
  fi
  export PATH="$tools/node_modules/node/bin:$PATH"
fi
node --version >&2

#!/usr/bin/env bash
# Puts a Node 24 first on PATH. Source it: `. infra/scripts/ensure-node.sh`.
# The system Node may be older (Debian ships 20); the npm registry's `node` package carries
# the official binary, so we install that into .tools/node when the system one is too old.
NODE_MAJOR_WANTED=24
NODE_PACKAGE_VERSION=${NODE_PACKAGE_VERSION:-24.21.0}
_repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
_node_dir="$_repo_root/.tools/node"

_node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(_node_major "$(command -v node || echo node)")" -lt "$NODE_MAJOR_WANTED" ]; then
  if [ ! -x "$_node_dir/node_modules/.bin/node" ] || [ "$(_node_major "$_node_dir/node_modules/.bin/node")" -lt "$NODE_MAJOR_WANTED" ]; then
    echo "[ensure-node] installing node@$NODE_PACKAGE_VERSION from the npm registry into .tools/node" >&2
    mkdir -p "$_node_dir"
    # A package.json of its own, or npm would walk up and install into the workspace root.
    [ -f "$_node_dir/package.json" ] || echo '{"private":true}' > "$_node_dir/package.json"
    (cd "$_node_dir" && npm install --no-save --no-package-lock --loglevel=error "node@$NODE_PACKAGE_VERSION" >&2)
  fi
  export PATH="$_node_dir/node_modules/.bin:$PATH"
fi
hash -r
unset _repo_root _node_dir

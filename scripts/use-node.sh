# Source this file (`. scripts/use-node.sh`, bash or zsh) before the README's commands when the machine's
# Node is not one AgentOS supports (22.13 or later in the 22 line, or 24): it puts Node 22 LTS from the
# npm registry on this shell's PATH (scripts/node-runtime.mjs downloads it once into ~/.cache/agentos)
# and points node-gyp at its headers. With a supported Node (22 or 24) it changes nothing. Set
# AGENTOS_NODE_VERSION to ask for another one.
_agentos_node_script="$(dirname -- "${BASH_SOURCE[0]:-$0}")/node-runtime.mjs"
if _agentos_node_dir="$(node "$_agentos_node_script")"; then
  if [ -n "$_agentos_node_dir" ]; then
    PATH="$_agentos_node_dir/bin:$PATH"
    # node-gyp builds better-sqlite3 against these headers (never a download, never another Node's).
    npm_config_nodedir="$_agentos_node_dir"
    export PATH npm_config_nodedir
  fi
  unset _agentos_node_script _agentos_node_dir
else
  unset _agentos_node_script _agentos_node_dir
  return 1 2>/dev/null || exit 1
fi

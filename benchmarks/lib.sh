# Shell functions shared by the benchmark scripts; they source this file.

# Sets keys in the properties file $1 from the "key = value" lines on standard input: each key's
# existing lines are removed and the new lines appended, since Spamfree stops at start when a key
# is set twice.
set_properties() {
  local file="$1" settings keys
  settings="$(cat)"
  keys="$(sed -nE 's/^[[:space:]]*([a-zA-Z0-9_.@-]+)[[:space:]]*=.*/\1/p' <<<"$settings" | paste -sd ' ' -)"
  awk -v keys="$keys" '
    BEGIN { count = split(keys, list, " "); for (i = 1; i <= count; i++) replaced[list[i]] = 1 }
    { key = $0; sub(/[ \t]*[=:].*$/, "", key); sub(/^[ \t]+/, "", key) }
    !(key in replaced) { print }
  ' "$file" >"$file.new" || return 1
  mv "$file.new" "$file" || return 1
  printf '%s\n' "$settings" >>"$file"
}

# Sourced by setup.sh and demo.sh: the language of their own lines, chosen as hasetup chooses it
# (src/i18n/lang.ts): HASETUP_LANG (set by demo.sh --lang), else the first of LC_ALL, LC_MESSAGES, LANG that is set.
script_lang() {
  local v=${HASETUP_LANG:-}
  if [ -z "$v" ]; then
    for v in "${LC_ALL:-}" "${LC_MESSAGES:-}" "${LANG:-}"; do [ -n "$v" ] && break; done
    case "$v" in zh_CN|zh_CN[.@]*|zh_SG|zh_SG[.@]*|zh_Hans*|zh-Hans*) v=zh-CN ;; *) v=en ;; esac
  fi
  case "$v" in zh-CN|zh_CN|zh|zh-cn) echo zh-CN ;; *) echo en ;; esac
}
# say "English text" "中文" : prints the one of the current language.
say() { if [ "$(script_lang)" = zh-CN ]; then printf '%s\n' "$2"; else printf '%s\n' "$1"; fi; }

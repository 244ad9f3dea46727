# bash completion for newsdex-index, newsdex-query and newsdex-serve (installed under each name).
# The options and the query field prefixes are read from the tool's own --help
# (once per shell), so they always match the installed tool; only the values of
# a few options are listed here.

_newsdex_help() {
    local var=_newsdex_help_${1//-/_}
    [[ -n ${!var} ]] || printf -v "$var" '%s' "$("$1" --help 2>/dev/null)"
    printf '%s\n' "${!var}"
}

_newsdex() {
    local tool=$1 cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    # --sort=newest: bash splits the word at '='.
    if [[ $cur == = ]]; then
        cur=""
    elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    fi
    local help
    help=$(_newsdex_help "$tool")
    COMPREPLY=()

    case $prev in
        --sort) COMPREPLY=($(compgen -W "relevance newest oldest" -- "$cur")); return ;;
        --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
        --language)
            # Xapian 1.4's Snowball stemmers.
            COMPREPLY=($(compgen -W "arabic armenian basque catalan danish dutch english finnish french german
                hungarian indonesian irish italian lithuanian nepali norwegian portuguese romanian russian
                spanish swedish tamil turkish" -- "$cur"))
            return ;;
        --db|--merge-into) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    esac
    # Any other option that takes a value ("--name arg" in --help): files, by default.
    if [[ $prev == --* ]] && grep -qE "^ +(-[a-zA-Z], )?$prev arg" <<<"$help"; then
        COMPREPLY=($(compgen -f -- "$cur"))
        return
    fi

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' <<<"$help" | grep -oE -- '--[a-z-]+')" -- "$cur"))
    elif [[ $tool == newsdex-query ]]; then
        # Field prefixes: the "    title:   words of the headline" lines of the query syntax.
        local fields
        fields=$(sed -nE 's/^    ([a-z]+):  .*/\1:/p' <<<"$help")
        COMPREPLY=($(compgen -W "$fields" -- "$cur"))
        [[ ${#COMPREPLY[@]} -gt 0 ]] && compopt -o nospace 2>/dev/null
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}

complete -o default -F _newsdex newsdex-index
complete -o default -F _newsdex newsdex-query
complete -o default -F _newsdex newsdex-serve

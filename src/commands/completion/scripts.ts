// The completion scripts: thin, the same for every version of career. Each asks
// `career __complete -- WORDS...` (the words after `career`, the one being typed last) and
// offers its answer, one candidate a line ("word" or "word<TAB>description"); with no
// answer it offers file names. Errors never reach the terminal (2>/dev/null).

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const BASH = `# career completion for bash. Load it with:  eval "$(career completion bash)"
_career_complete() {
  local IFS=$'\\n' line
  COMPREPLY=()
  while IFS= read -r line; do
    [ -n "$line" ] && COMPREPLY+=("\${line%%$'\\t'*}")
  done < <(career __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
}
complete -o default -F _career_complete career
`;

const ZSH = `#compdef career
# career completion for zsh. Load it with:  source <(career completion zsh)
# or save it as _career in a directory of your $fpath.
_career() {
  local -a lines words_out descriptions
  local line
  lines=("\${(@f)$(career __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  for line in "\${lines[@]}"; do
    [[ -z $line ]] && continue
    words_out+=("\${line%%$'\\t'*}")
    if [[ $line == *$'\\t'* ]]; then descriptions+=("\${line%%$'\\t'*} -- \${line#*$'\\t'}")
    else descriptions+=("\${line}"); fi
  done
  if (( \${#words_out} )); then
    compadd -l -d descriptions -a words_out
  else
    _files
  fi
}
if [[ "\${funcstack[1]}" == "_career" ]]; then _career "$@"; else compdef _career career; fi
`;

const FISH = `# career completion for fish. Load it with:  career completion fish | source
# or save it as ~/.config/fish/completions/career.fish
function __career_complete
    set -l words (commandline -opc) (commandline -ct)
    set -e words[1]
    set -l found (career __complete -- $words 2>/dev/null)
    if test (count $found) -gt 0
        printf '%s\\n' $found
    else
        __fish_complete_path (commandline -ct)
    end
end
complete -c career -f -a '(__career_complete)'
`;

export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell];
}

"""`unknot completion bash|zsh|fish`: Tab completion of commands, options and routine ids.

The scripts are written from the parser itself, so a new command or option is completed the day it
is added. Routine ids come from a hidden subcommand, `unknot _ids`, which lists routine file names
without reading them: a shell waits for it on every Tab, so it must answer in a blink, and an id is
a file's name by the format's own rule.
"""

from __future__ import annotations

import argparse
import shlex
from dataclasses import dataclass, field
from typing import Any

from tui.cli.common import EXIT_OK

SHELLS = ("bash", "zsh", "fish")
# The commands whose first argument is a routine (an id, or a file).
ROUTINE_COMMANDS = ("play", "show", "edit", "open", "export", "export-audio", "sounds")
IDS_COMMAND = "_ids"


@dataclass
class Option:
    flags: list[str]
    help: str
    takes_value: bool
    choices: list[str]


@dataclass
class Command:
    name: str
    help: str
    options: list[Option] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)  # of its first argument, if it has some


def describe(parser: argparse.ArgumentParser) -> tuple[list[Option], list[Command]]:
    """The top-level options and the visible commands with their options, read from the parser.

    argparse has no public way to walk a parser, so this reads its actions, the same way
    completion generators for argparse do; the test of every script keeps it honest.
    """
    top: list[Option] = []
    commands: list[Command] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                if name in helps:  # commands without help are hidden, like _ids
                    commands.append(Command(name, helps[name], options_of(sub), first_choices(sub)))
        elif action.option_strings:
            top.append(option_of(action))
    return top, commands


def options_of(parser: argparse.ArgumentParser) -> list[Option]:
    return [option_of(a) for a in parser._actions if a.option_strings]


def first_choices(parser: argparse.ArgumentParser) -> list[str]:
    positionals = [a for a in parser._actions if not a.option_strings]
    return [str(c) for c in positionals[0].choices or ()] if positionals else []


def option_of(action: argparse.Action) -> Option:
    return Option(
        flags=list(action.option_strings),
        help=(action.help or "").replace("%%", "%"),
        takes_value=action.nargs != 0,
        choices=[str(c) for c in action.choices or ()],
    )


def _words(items: list[str]) -> str:
    return " ".join(items)


def bash_script(parser: argparse.ArgumentParser) -> str:
    top, commands = describe(parser)
    names = [c.name for c in commands]
    top_flags = [f for o in top for f in o.flags]
    option_cases = []
    value_cases = []
    for command in commands:
        flags = [f for o in command.options for f in o.flags]
        option_cases.append(f"        {command.name}) opts={shlex.quote(_words(flags))} ;;")
        for option in command.options:
            if option.takes_value:
                words = shlex.quote(_words(option.choices))
                for flag in option.flags:
                    value_cases.append(f"        {command.name}:{flag}) printf %s {words} ;;")
    choice_cases = [
        f'        {c.name}) COMPREPLY=($(compgen -W {shlex.quote(_words(c.choices))} -- "$cur")) ;;'
        for c in commands
        if c.choices
    ]
    return f"""# unknot completion for bash. Load it with:
#   eval "$(unknot completion bash)"     (in ~/.bashrc)
# or save it as ~/.local/share/bash-completion/completions/unknot
_unknot_value() {{
    # The values an option of a command takes (none printed: a file); fails if it takes none.
    case "$1:$2" in
{chr(10).join(value_cases)}
        *) return 1 ;;
    esac
}}
_unknot() {{
    local cur prev cmd opts values i word positional=0 skip=0
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    cmd=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${{COMP_WORDS[i]}}"
        if [[ -z "$cmd" ]]; then
            [[ "$word" != -* ]] && cmd="$word"
        elif ((skip)); then
            skip=0
        elif [[ "$word" == -* ]]; then
            _unknot_value "$cmd" "$word" >/dev/null && skip=1
        else
            positional=$((positional + 1))
        fi
    done
    if [[ -z "$cmd" ]]; then
        COMPREPLY=($(compgen -W {shlex.quote(_words(names + top_flags))} -- "$cur"))
        return
    fi
    if [[ "$prev" == -* ]] && values="$(_unknot_value "$cmd" "$prev")"; then
        [[ -n "$values" ]] && COMPREPLY=($(compgen -W "$values" -- "$cur"))
        return
    fi
    case "$cmd" in
{chr(10).join(option_cases)}
        *) opts="" ;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    ((positional == 0)) || return
    case "$cmd" in
        {"|".join(ROUTINE_COMMANDS)})
            if [[ "$cur" != */* && "$cur" != .* ]]; then
                COMPREPLY=($(compgen -W "$(unknot {IDS_COMMAND} 2>/dev/null)" -- "$cur"))
            fi
            ;;
{chr(10).join(choice_cases)}
    esac
}}
complete -o default -o bashdefault -F _unknot unknot
"""


def _zsh_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("'", "'\\''").replace(":", "\\:")


def _zsh_option_specs(options: list[Option]) -> list[str]:
    specs = []
    for option in options:
        help_text = _zsh_escape(option.help.replace("[", "(").replace("]", ")"))
        value = ""
        if option.takes_value:
            action = f"({' '.join(option.choices)})" if option.choices else "_files"
            value = f":value:{action}"
        for flag in option.flags:
            specs.append(f"'{flag}[{help_text}]{value}'")
    return specs


def zsh_script(parser: argparse.ArgumentParser) -> str:
    top, commands = describe(parser)
    described = " ".join(f"'{c.name}:{_zsh_escape(c.help)}'" for c in commands)
    cases = []
    for command in commands:
        specs = " \\\n                ".join(_zsh_option_specs(command.options))
        if command.name in ROUTINE_COMMANDS:
            positional = "'1:routine:_unknot_routines' '*::file:_files'"
        elif command.choices:
            positional = f"'1:{command.name}:({' '.join(command.choices)})'"
        else:
            positional = "'*::file:_files'"
        cases.append(
            f"        {command.name})\n            _arguments -s {specs} \\\n"
            f"                {positional}\n            ;;"
        )
    top_specs = " ".join(_zsh_option_specs(top))
    return f"""#compdef unknot
# unknot completion for zsh. Load it with:
#   eval "$(unknot completion zsh)"      (in ~/.zshrc, after compinit)
# or save it as _unknot in a folder on your $fpath
_unknot_routines() {{
    local -a ids
    ids=(${{(f)"$(unknot {IDS_COMMAND} 2>/dev/null)"}})
    _alternative 'ids:routine id:compadd -a ids' 'files:routine file:_files -g "*.toml"'
}}
_unknot() {{
    local -a commands
    commands=({described})
    local curcontext="$curcontext" state line
    _arguments -C {top_specs} '1: :->command' '*:: :->args'
    case $state in
        command) _describe -t commands 'unknot command' commands ;;
        args)
            case $line[1] in
{chr(10).join(cases)}
            esac
            ;;
    esac
}}
if [[ "${{funcstack[1]}}" == _unknot ]]; then
    _unknot "$@"
else
    compdef _unknot unknot
fi
"""


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def fish_script(parser: argparse.ArgumentParser) -> str:
    top, commands = describe(parser)
    lines = [
        "# unknot completion for fish. Load it with:",
        "#   unknot completion fish | source",
        "# or save it as ~/.config/fish/completions/unknot.fish",
        "complete -c unknot -f",
    ]
    for command in commands:
        lines.append(
            f"complete -c unknot -n __fish_use_subcommand -a {command.name}"
            f" -d {_fish_quote(command.help)}"
        )
    for option in top:
        lines.append(_fish_option("__fish_use_subcommand", option))
    for command in commands:
        seen = f"'__fish_seen_subcommand_from {command.name}'"
        for option in command.options:
            lines.append(_fish_option(seen, option))
    routine_commands = " ".join(ROUTINE_COMMANDS)
    lines.append(
        f"complete -c unknot -n '__fish_seen_subcommand_from {routine_commands}'"
        f" -a '(unknot {IDS_COMMAND} 2>/dev/null)' -d 'routine'"
    )
    lines.append(f"complete -c unknot -n '__fish_seen_subcommand_from {routine_commands}' -F")
    lines.append("complete -c unknot -n '__fish_seen_subcommand_from validate import' -F")
    for command in commands:
        if command.choices:
            lines.append(
                f"complete -c unknot -n '__fish_seen_subcommand_from {command.name}'"
                f" -a {_fish_quote(' '.join(command.choices))}"
            )
    return "\n".join(lines) + "\n"


def _fish_option(condition: str, option: Option) -> str:
    parts = [f"complete -c unknot -n {condition}"]
    for flag in option.flags:
        if flag.startswith("--"):
            parts.append(f"-l {flag[2:]}")
        else:
            parts.append(f"-s {flag[1:]}")
    if option.takes_value:
        parts.append(f"-x -a {_fish_quote(' '.join(option.choices))}" if option.choices else "-r")
    parts.append(f"-d {_fish_quote(option.help)}")
    return " ".join(parts)


SCRIPTS = {"bash": bash_script, "zsh": zsh_script, "fish": fish_script}


def cmd_completion(args: argparse.Namespace) -> int:
    # The whole parser, with every command registered: main puts it in every command's arguments.
    print(SCRIPTS[args.shell](args.parser), end="")
    return EXIT_OK


def cmd_ids(args: argparse.Namespace) -> int:
    """Every routine id, one a line: the names of the routine files, none of them read."""
    from tui.core.paths import Locations, bundled_routines

    ids: set[str] = set()
    for folder in (bundled_routines(), Locations.current().routines):
        try:
            ids.update(p.stem for p in folder.iterdir() if p.suffix == ".toml")
        except OSError:
            continue
    print("\n".join(sorted(i for i in ids if not i.startswith("."))))
    return EXIT_OK


def register(commands: Any) -> None:
    """`completion` and the hidden `_ids` (no help, so argparse lists it nowhere)."""
    completion = commands.add_parser(
        "completion",
        help="print a Tab-completion script for bash, zsh or fish",
        description="Print a script that completes unknot's commands, options and routine ids. "
        'bash: eval "$(unknot completion bash)" in ~/.bashrc; zsh: eval "$(unknot completion '
        'zsh)" in ~/.zshrc after compinit; fish: unknot completion fish | source.',
    )
    completion.add_argument("shell", choices=SHELLS)
    completion.set_defaults(handler=cmd_completion)
    ids = commands.add_parser(IDS_COMMAND)
    ids.set_defaults(handler=cmd_ids)

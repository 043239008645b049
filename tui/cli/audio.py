"""`unknot sounds` and `unknot export-audio`: the cue sounds from the command line.

Registered by tui.cli.main through `register(commands)`. This module imports nothing heavy at
the top:
pydub and the audio package are imported inside the handlers, so `unknot list` never pays for
them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.core.routine import Routine

TEST_GAP = 0.4  # seconds of quiet between cues in `sounds --test`, so each is heard on its own
TEST_TIMEOUT = 10.0
BELL_WHY = {
    "ssh": "over SSH, cues ring the terminal bell: other sound would play on the remote machine",
    "": "no sound device or player program was found, so cues ring the terminal bell",
}

EXPORT_HELP = """\
Render a routine as one guided audio track (16-bit mono WAV): silence with every cue at its
planned time, and each step's name spoken where a speech engine exists and the routine (or
--voice) asks for it. The track lasts the planned length, to the sample, plus the tail of the
closing chime, which starts at the planned end. Manual steps take no time in the track: the cue
of what follows them sounds at once.
"""


def register(commands: Any) -> None:
    """Add `sounds` and `export-audio` to the `unknot` subcommands."""
    sounds = commands.add_parser(
        "sounds",
        help="the cue sounds and their files; --test plays each one",
        description="List the cue events and the file each plays (a routine's own where ID|FILE "
        "names one), and how sound is played here.",
    )
    sounds.add_argument("routine", nargs="?", metavar="ID|FILE", help="show this routine's sounds")
    sounds.add_argument(
        "--test", action="store_true", help="play each cue and say which way it went"
    )
    sounds.set_defaults(handler=cmd_sounds)

    export = commands.add_parser(
        "export-audio",
        help="render a routine as one guided audio track (WAV)",
        description=EXPORT_HELP,
    )
    export.add_argument("routine", metavar="ID|FILE")
    export.add_argument("out", metavar="OUT.wav", help="the WAV file to write")
    export.add_argument(
        "--voice",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="speak every step's name (--no-voice: none; default: as the routine says)",
    )
    export.set_defaults(handler=cmd_export_audio)


def _say(line: str) -> None:
    print(f"unknot: {line}", file=sys.stderr)


def _routine(target: str | None) -> Routine | None:
    if target is None:
        return None
    from tui.cli.common import load_library, resolve_routine

    return resolve_routine(target, load_library())


# ---- sounds ------------------------------------------------------------------------------------


def cmd_sounds(args: argparse.Namespace) -> int:
    from tui.audio.session import AudioOut
    from tui.audio.sounds import CUE_WHEN, DecodeError, bundled_file, decode, own_file
    from tui.audio.sounds import routine_folder as folder_of
    from tui.cli.common import EXIT_OK, print_table
    from tui.core.config import load_config
    from tui.core.routine import CueSettings

    routine = _routine(args.routine)
    settings = routine.cues if routine is not None else CueSettings()
    folder = folder_of(routine) if routine is not None else None
    config = load_config()
    audio = AudioOut.for_session(config, notice=_say)
    rows = [("CUE", "WHEN", "FILE")]
    for cue, when in CUE_WHEN.items():
        own = own_file(cue, settings, folder)
        shown = str(bundled_file(cue))
        if own is not None:
            try:
                decode(own)
                shown = f"{own} (the routine's own)"
            except DecodeError as exc:
                shown = f"{shown} ({own.name} will not decode: {exc})"
        rows.append((cue, when, shown))
    print_table(rows)
    print(f"\n{audio.label}  (config: {config.path})")
    if audio.backend == "bell" and config.sound.backend == "auto":
        print(BELL_WHY.get(audio.playback.reason, BELL_WHY[""]))
    if not args.test:
        audio.close()
        return EXIT_OK
    print()
    try:
        for cue in CUE_WHEN:
            job = audio.play_cue(cue, settings, folder)
            job.done.wait(TEST_TIMEOUT)
            print(f"{cue:<9} played by {job.went or 'nothing (it did not finish in time)'}")
            time.sleep(TEST_GAP)
    finally:
        audio.close()
    print(f"\n{audio.label}")
    return EXIT_OK


# ---- export-audio ------------------------------------------------------------------------------


def cmd_export_audio(args: argparse.Namespace) -> int:
    from tui.audio.render import render_track
    from tui.cli.common import EXIT_OK, UserError, library_timeline, load_library, resolve_routine
    from tui.core.durations import format_clock

    out = Path(args.out)
    if out.suffix.lower() != ".wav":
        raise UserError(f"{out} does not end in .wav; the track is written as WAV")
    if out.parent.exists() and not out.parent.is_dir():
        raise UserError(f"cannot write {out}: {out.parent} is a file, not a folder")
    if not out.parent.is_dir():
        raise UserError(f"the folder {out.parent} does not exist")
    if out.is_dir():
        raise UserError(f"cannot write {out}: it is a folder; name the .wav file to write")
    library = load_library()
    routine = resolve_routine(args.routine, library)
    timeline = library_timeline(library, routine)
    track = render_track(timeline, out, voice=args.voice, notice=_say)
    tail = track.seconds - track.planned
    names = f", {track.spoken} step names spoken" if track.spoken else ""
    print(
        f"wrote {out}: {format_clock(track.planned)} as planned with {len(track.cues)} cues"
        f"{names}, and the closing chime rings {tail:.1f} s past the end"
    )
    if timeline.manual_steps:
        print(f"{timeline.manual_steps} manual step(s) take no time in the track")
    return EXIT_OK

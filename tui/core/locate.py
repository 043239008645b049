"""Where each key of a TOML document stands: key path → line number.

tomllib gives values, not positions, and a problem that does not point at its line makes the
author hunt for it. This is a small lexer over text that tomllib has already accepted, so it can
assume well-formed TOML and only has to get strings, comments and brackets right.
"""

from __future__ import annotations

KeyPath = tuple[str | int, ...]

_BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def advance(self, n: int = 1) -> None:
        chunk = self.text[self.pos : self.pos + n]
        self.line += chunk.count("\n")
        self.pos += n

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def skip_blank(self, newlines: bool) -> None:
        while not self.at_end():
            char = self.peek()
            if char in " \t\r" or (newlines and char == "\n"):
                self.advance()
            elif char == "#":
                while not self.at_end() and self.peek() != "\n":
                    self.advance()
            else:
                return

    def read_string(self) -> str:
        """Read any of TOML's four string forms starting at the cursor; return its raw content."""
        for quote in ('"""', "'''"):
            if self.peek(3) == quote:
                self.advance(3)
                start = self.pos
                while not self.at_end():
                    if quote == '"""' and self.peek() == "\\":
                        self.advance(2)
                        continue
                    if self.peek(3) == quote:
                        # A closing run may hold up to two extra quotes that belong to the string.
                        while self.peek(4) == quote + quote[0]:
                            self.advance()
                        content = self.text[start : self.pos]
                        self.advance(3)
                        return content
                    self.advance()
                return self.text[start:]
        quote = self.peek()
        self.advance()
        chars: list[str] = []
        while not self.at_end() and self.peek() != quote and self.peek() != "\n":
            if quote == '"' and self.peek() == "\\":
                chars.append(self.peek(2))
                self.advance(2)
                continue
            chars.append(self.peek())
            self.advance()
        self.advance()
        return "".join(chars)

    def read_key(self) -> list[str]:
        """A dotted key: bare or quoted parts separated by dots."""
        parts: list[str] = []
        while not self.at_end():
            self.skip_blank(newlines=False)
            char = self.peek()
            if char in "\"'":
                parts.append(_unescape(self.read_string()) if char == '"' else self.read_string())
            else:
                start = self.pos
                while not self.at_end() and self.peek() in _BARE:
                    self.advance()
                parts.append(self.text[start : self.pos])
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.advance()
        return parts

    def skip_value(self) -> None:
        """Move past one value, however many lines its arrays or strings span."""
        depth = 0
        while not self.at_end():
            char = self.peek()
            if char in "\"'":
                self.read_string()
                continue
            if char == "#":
                self.skip_blank(newlines=False)
                continue
            if char in "[{":
                depth += 1
            elif char in "]}":
                if depth <= 0:
                    return  # the end of an enclosing inline table or array
                depth -= 1
            elif (char == "\n" and depth <= 0) or (char == "," and depth <= 0):
                return
            self.advance()


def _unescape(raw: str) -> str:
    try:
        return raw.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:
        return raw


def locate_keys(text: str) -> dict[KeyPath, int]:
    """Map every key path of a valid TOML document to the line it is defined on.

    Arrays of tables are numbered from 1, as problems name them (`steps[2].hold` → ("steps", 2,
    "hold")); a table header's own line is recorded for the table's path.
    """
    lexer = _Lexer(text)
    found: dict[KeyPath, int] = {}
    counts: dict[KeyPath, int] = {}
    table: KeyPath = ()

    def numbered(parts: list[str]) -> KeyPath:
        """Insert the current index after every array-of-tables prefix of `parts`."""
        path: list[str | int] = []
        for part in parts:
            path.append(part)
            if tuple(path) in counts:
                path.append(counts[tuple(path)])
        return tuple(path)

    while True:
        lexer.skip_blank(newlines=True)
        if lexer.at_end():
            return found
        line = lexer.line
        if lexer.peek() == "[":
            is_array = lexer.peek(2) == "[["
            lexer.advance(2 if is_array else 1)
            parts = lexer.read_key()
            lexer.advance(2 if is_array else 1)
            if is_array:
                base = (*numbered(parts[:-1]), parts[-1])
                counts[base] = counts.get(base, 0) + 1
                table = (*base, counts[base])
            else:
                table = numbered(parts)
            # The tables a header implies (`[a.b]` makes `a`; `[[steps]]` makes the array
            # `steps`) are located where they first appear, so a problem about them has a line.
            for cut in range(1, len(table) + 1):
                found.setdefault(table[:cut], line)
            continue
        parts = lexer.read_key()
        path = table + tuple(parts)
        for cut in range(len(table) + 1, len(path) + 1):
            found.setdefault(path[:cut], line)
        lexer.skip_blank(newlines=False)
        if lexer.peek() == "=":
            lexer.advance()
            lexer.skip_blank(newlines=False)
            _value(lexer, path, found)
        else:  # not a key line after all: move on rather than loop forever
            lexer.advance()


def _value(lexer: _Lexer, path: KeyPath, found: dict[KeyPath, int]) -> None:
    """Move past the value of `path`, recording the keys and items inside it."""
    if lexer.peek() == "{":
        _inline_table(lexer, path, found)
    elif lexer.peek() == "[":
        _array(lexer, path, found)
    else:
        lexer.skip_value()


def _array(lexer: _Lexer, base: KeyPath, found: dict[KeyPath, int]) -> None:
    """Record each item of an array at the line it starts on, numbered from 1 as problems name
    them (`areas[3]`), so an item of an array written over several lines is found on its own
    line; an inline table in it (`steps = [{ name = "a" }]`) has its keys found too."""
    lexer.advance()  # [
    index = 0
    while not lexer.at_end():
        lexer.skip_blank(newlines=True)
        char = lexer.peek()
        if char == "]":
            lexer.advance()
            return
        if char == ",":
            lexer.advance()
            continue
        index += 1
        path = (*base, index)
        found.setdefault(path, lexer.line)
        _value(lexer, path, found)


def _inline_table(lexer: _Lexer, base: KeyPath, found: dict[KeyPath, int]) -> None:
    """Record the keys of `{ a = 1, b = { c = 2 } }` at the lines they stand on."""
    lexer.advance()  # {
    while not lexer.at_end():
        lexer.skip_blank(newlines=True)
        if lexer.peek() == "}":
            lexer.advance()
            return
        if lexer.peek() == ",":
            lexer.advance()
            continue
        line = lexer.line
        path = base + tuple(lexer.read_key())
        for cut in range(len(base) + 1, len(path) + 1):  # `{ a.b = 1 }` also makes `a`
            found.setdefault(path[:cut], line)
        lexer.skip_blank(newlines=False)
        if lexer.peek() != "=":
            lexer.advance()
            continue
        lexer.advance()
        lexer.skip_blank(newlines=False)
        _value(lexer, path, found)


def line_of(found: dict[KeyPath, int], path: KeyPath) -> int | None:
    """The line of `path`, or of its nearest located parent (an array item → its array's key)."""
    for cut in range(len(path), 0, -1):
        if path[:cut] in found:
            return found[path[:cut]]
    return None

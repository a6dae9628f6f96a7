#!/usr/bin/env python3
"""Builds the Chinese word list the SDK's `text` module segments with.

Input: jieba's dict.txt ("word frequency tag" per line; MIT, see README.md),
e.g. from the jieba-rs crate (`src/data/dict.txt`), and zh-extra-words.txt.
Output: zh-words-1.txt .. zh-words-4.txt beside this script, one file per word
length in characters. Every line of a file has the same width, so the Rust
side binary-searches the file's bytes directly with no index to build:

    <word> <log-frequency, two digits><tag>\n

- word: 1-4 CJK ideographs (3 UTF-8 bytes each), the files sorted bytewise;
- log-frequency: round(7 * ln(frequency)), 00-99;
- tag: `v` when jieba tags the word as a verb (v, vd, vi, vn, ...), else `-`.

Usage: python3 make_zh_words.py path/to/dict.txt [word count, default 40000]
"""

import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAX_CHARS = 4
EXTRA_FREQUENCY = 300  # an extra word jieba lacks or ranks rarer than this
# Pronoun + verb run together as one word would hide the actor of a sentence
# (我会先沟通 must give 我 / 会 / 先 / 沟通), so these never enter the list.
LEFT_OUT = {"我会", "我心", "我行", "他用", "你老"}


def is_han(word):
    return all("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in word)


def main():
    source = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 40000
    words = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) < 2 or not is_han(fields[0]) or len(fields[0]) > MAX_CHARS or fields[0] in LEFT_OUT:
            continue
        tag = fields[2] if len(fields) > 2 else ""
        words[fields[0]] = (int(fields[1]), tag.startswith("v"))
    ranked = sorted(words.items(), key=lambda item: (-item[1][0], item[0]))
    chosen = dict(ranked[:count])
    for line in (HERE / "zh-extra-words.txt").read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        word = fields[0]
        assert is_han(word) and len(word) <= MAX_CHARS, word
        frequency, verb = words.get(word, (0, False))
        verb = verb or (len(fields) > 1 and fields[1] == "v")
        chosen[word] = (max(frequency, EXTRA_FREQUENCY), verb)
    for length in range(1, MAX_CHARS + 1):
        lines = []
        for word, (frequency, verb) in chosen.items():
            if len(word) != length:
                continue
            level = min(99, round(7 * math.log(max(frequency, 1))))
            lines.append(f"{word} {level:02}{'v' if verb else '-'}\n".encode("utf-8"))
        lines.sort()
        (HERE / f"zh-words-{length}.txt").write_bytes(b"".join(lines))


if __name__ == "__main__":
    main()

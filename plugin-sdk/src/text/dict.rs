//! The Chinese word list, as static data searched in place.
//!
//! `data/zh-words-N.txt` holds the words of N characters, one per line, sorted
//! bytewise, every line the same width: the word (N ideographs of 3 UTF-8
//! bytes), a space, its log-frequency as two digits, and `v` when it is a verb
//! or `-`. Fixed-width lines make each file an array that binary search can
//! index directly, so looking a word up builds nothing and allocates nothing;
//! a hash table of line numbers over each list is computed at compile time.
//! `data/make_zh_words.py` writes the files from jieba's dictionary.

/// Longest word in the list, in characters.
pub(crate) const MAX_WORD_CHARS: usize = 4;

/// UTF-8 length of every character in the list.
pub(crate) const HAN_BYTES: usize = 3;

/// The word lists, by length in characters (index 0: one character).
static WORDS_BY_LENGTH: [&[u8]; MAX_WORD_CHARS] = [
    include_bytes!("../../data/zh-words-1.txt"),
    include_bytes!("../../data/zh-words-2.txt"),
    include_bytes!("../../data/zh-words-3.txt"),
    include_bytes!("../../data/zh-words-4.txt"),
];

/// Bytes after the word on each line: space, two digits, tag, newline.
const LINE_SUFFIX: usize = 5;

/// What the list says about a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    /// `round(7 · ln(frequency))` in jieba's corpus, 0–99.
    pub log_frequency: u8,
    /// The word is a verb (jieba's `v*` tags).
    pub verb: bool,
}

/// The bytes of a word as two integers (its first eight bytes and the rest),
/// for hashing and comparing in a few instructions. Two `u64`s rather than a
/// `u128`, which WebAssembly emulates with several operations per shift.
const fn key<const BYTES: usize>(bytes: &[u8], at: usize) -> (u64, u64) {
    let (mut high, mut low) = (0u64, 0u64);
    let mut i = 0;
    while i < BYTES {
        if i < 8 {
            high = high << 8 | bytes[at + i] as u64;
        } else {
            low = low << 8 | bytes[at + i] as u64;
        }
        i += 1;
    }
    (high, low)
}

/// Multiplicative hashing (Fibonacci): the top bits of the key × 2⁶⁴/φ.
const fn slot_of(key: (u64, u64), slots: usize) -> usize {
    let folded = key.0 ^ key.1.rotate_left(29);
    (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - slots.trailing_zeros())) as usize
}

/// An open-addressing hash table over one list, built at compile time: each
/// slot holds 1 + the line of a word, or 0 when empty. With the table at most
/// half full, a lookup (most of them for words that are not there) probes one
/// or two slots: segmentation looks up about four candidate words per
/// character, so this is the hot path of text analysis.
const fn hash_table<const BYTES: usize, const SLOTS: usize>(list: &[u8]) -> [u16; SLOTS] {
    let width = BYTES + LINE_SUFFIX;
    let lines = list.len() / width;
    assert!(lines < u16::MAX as usize && lines * 2 <= SLOTS, "a word list outgrew its hash table");
    let mut table = [0u16; SLOTS];
    let mut line = 0;
    while line < lines {
        let mut slot = slot_of(key::<BYTES>(list, line * width), SLOTS);
        while table[slot] != 0 {
            slot = (slot + 1) % SLOTS;
        }
        table[slot] = line as u16 + 1;
        line += 1;
    }
    table
}

static TABLE_1: [u16; 1 << 14] = hash_table::<3, { 1 << 14 }>(WORDS_BY_LENGTH[0]);
static TABLE_2: [u16; 1 << 16] = hash_table::<6, { 1 << 16 }>(WORDS_BY_LENGTH[1]);
static TABLE_3: [u16; 1 << 14] = hash_table::<9, { 1 << 14 }>(WORDS_BY_LENGTH[2]);
static TABLE_4: [u16; 1 << 13] = hash_table::<12, { 1 << 13 }>(WORDS_BY_LENGTH[3]);

/// The entry for `word`, the UTF-8 bytes of one to four ideographs.
pub(crate) fn lookup(word: &[u8]) -> Option<Entry> {
    match word.len() {
        3 => find::<3>(word, &TABLE_1),
        6 => find::<6>(word, &TABLE_2),
        9 => find::<9>(word, &TABLE_3),
        12 => find::<12>(word, &TABLE_4),
        _ => None,
    }
}

fn find<const BYTES: usize>(word: &[u8], table: &[u16]) -> Option<Entry> {
    let list = WORDS_BY_LENGTH[BYTES / HAN_BYTES - 1];
    let width = BYTES + LINE_SUFFIX;
    let target = key::<BYTES>(word, 0);
    let mut slot = slot_of(target, table.len());
    loop {
        let line = usize::from(table[slot]).checked_sub(1)?;
        let candidate = key::<BYTES>(list, line * width);
        if candidate.0 == target.0 && candidate.1 == target.1 {
            let tail = &list[line * width + BYTES..(line + 1) * width];
            return Some(Entry { log_frequency: (tail[1] - b'0') * 10 + (tail[2] - b'0'), verb: tail[3] == b'v' });
        }
        slot = (slot + 1) % table.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_sorted_fixed_width_and_well_formed() {
        for (index, list) in WORDS_BY_LENGTH.iter().enumerate() {
            let chars = index + 1;
            let width = chars * HAN_BYTES + LINE_SUFFIX;
            assert_eq!(list.len() % width, 0, "zh-words-{chars}.txt has a line of the wrong width");
            let lines: Vec<&[u8]> = list.chunks(width).collect();
            assert!(lines.len() > 1000, "zh-words-{chars}.txt has only {} words", lines.len());
            for line in &lines {
                let word = std::str::from_utf8(&line[..chars * HAN_BYTES]).expect("UTF-8 word");
                assert!(word.chars().all(super::super::is_han), "{word} is not all ideographs");
                let suffix = &line[chars * HAN_BYTES..];
                assert!(suffix[0] == b' ' && suffix[1..3].iter().all(u8::is_ascii_digit), "{word}: bad line");
                assert!(matches!(suffix[3], b'v' | b'-') && suffix[4] == b'\n', "{word}: bad tag");
            }
            assert!(lines.windows(2).all(|pair| pair[0][..chars * HAN_BYTES] < pair[1][..chars * HAN_BYTES]));
        }
    }

    #[test]
    fn finds_words_with_their_frequency_and_verb_tag() {
        let entry = |word: &str| lookup(word.as_bytes());
        let fuze = entry("负责").expect("负责 is a word");
        assert!(fuze.verb);
        assert!(fuze.log_frequency > 50);
        assert!(entry("负责人").is_some_and(|e| !e.verb));
        assert!(entry("复盘").is_some(), "interview vocabulary is added");
        assert!(entry("我").is_some());
        assert_eq!(entry("负责了"), None);
        assert_eq!(entry("abc"), None);
        assert_eq!(entry(""), None);
    }

    #[test]
    fn the_first_and_last_words_of_each_list_are_found() {
        for (index, list) in WORDS_BY_LENGTH.iter().enumerate() {
            let width = (index + 1) * HAN_BYTES;
            let last = list.len() - width - LINE_SUFFIX;
            assert!(lookup(&list[..width]).is_some());
            assert!(lookup(&list[last..last + width]).is_some());
        }
    }
}

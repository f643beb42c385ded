//! Tests of the profile (split from `profile.rs`).

use super::*;

/// Byte classes as the profile's regexes see the accepted text: a letter (`LETTER`, with
/// `UPPER` for A-Z), a digit, or neither (0). Every byte of an accepted character
/// outside ASCII (a separator, space or apostrophe: `accepted_end`) is neither.
const LETTER: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 4;
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'A'..=b'Z' => LETTER | UPPER,
            b'a'..=b'z' => LETTER,
            b'0'..=b'9' => DIGIT,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// The byte loop `runs` replaced, what it is tested against.
fn runs_bytewise(bytes: &[u8]) -> (Vec<Span>, Vec<Span>) {
    let n = bytes.len();
    let mut letters = Vec::with_capacity(n / 6);
    let mut cased = Vec::with_capacity(n / 6);
    let class = |i: usize| CLASS[usize::from(bytes[i])];
    let mut i = 0;
    while i < n {
        if class(i) == 0 {
            i += 1;
            continue;
        }
        // An alphanumeric run from here: its letter runs; a cased word from its first
        // letter to its end.
        let mut first_letter = None;
        while i < n {
            let c = class(i);
            if c == 0 {
                break;
            }
            if c == DIGIT {
                i += 1;
                continue;
            }
            let s = i;
            first_letter.get_or_insert(s);
            i += 1;
            while i < n && class(i) & LETTER != 0 {
                i += 1;
            }
            if i - s >= 3 {
                letters.push((s, i));
            }
        }
        if let Some(s) = first_letter {
            cased.push((s, i));
        }
    }
    (letters, cased)
}

#[test]
fn runs_equal_the_byte_loop() {
    let alphabet = "aZq09 .,'-_\t\n\u{0}\u{7f}xyzAB\u{201c}\u{2019}".as_bytes();
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for round in 0..3_000 {
        let random = scan::random_bytes(alphabet, &mut seed, |s| (s % 300) as usize);
        let bytes = if round % 11 == 0 {
            b"Ab1".repeat(random.len() / 3)
        } else {
            random
        };
        assert_eq!(runs(&bytes), runs_bytewise(&bytes), "{bytes:?}");
    }
}

/// A huge story's profile buffers are given back; a usual story's are kept.
#[test]
fn scratch_trim_gives_back_only_outgrown_buffers() {
    let mut scratch = Scratch::default();
    scratch.lower.reserve(8 * 1024);
    scratch.trim();
    assert!(scratch.lower.capacity() >= 8 * 1024);
    scratch
        .lower
        .reserve(crate::fingerprint::SCRATCH_KEEP_BYTES + 1);
    scratch.tids.reserve(100_000);
    scratch.trim();
    assert_eq!((scratch.lower.capacity(), scratch.tids.capacity()), (0, 0));
}

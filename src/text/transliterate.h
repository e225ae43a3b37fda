// Transliteration and folding of names for search and matching.
//
// Names arrive in many scripts (Latin, Arabic, Persian, Urdu, Pashto, Thai,
// Sinhala, Tamil, Burmese, Bengali, Khmer, Lao, Chinese, ...). Search keys
// turn any of them into lower-case ASCII tokens so that "Somchai", "สมชาย"
// and "SOMCHAI" find each other. ICU's transforms do most scripts (Arabic,
// Persian, Urdu, Pashto, Tamil, Chinese, ...); the romanisers of romanise.h
// do Thai, Lao, Khmer, Sinhala, Bengali and Burmese, where ICU 72 has no
// transform or a poor one for names. Arabic-script names come out as
// consonants ("mhmd" for Mohammad): compare them with ConsonantSkeleton
// (resolve/name.h builds the name normaliser on top of this).
//
// Thread safety: all functions may be called concurrently (ICU transliterator
// instances are per thread).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace disrupt::text {

// Unicode-aware case folding and removal of diacritics, keeping the script:
// "Nguyễn" -> "nguyen", "محمد" stays Arabic.
std::string Fold(std::string_view s);

// Any script to lower-case ASCII Latin: "สมชาย" -> "somchai",
// "Muñoz" -> "munoz", "محمد" -> "mhmd". Non-letters become spaces;
// apostrophes vanish. Input is NFC-normalised first. Cost: linear in the
// length of `s`.
std::string ToLatin(std::string_view s);

// The words of ToLatin(s), split on anything that is not a letter or digit.
std::vector<std::string> LatinWords(std::string_view s);

// True when every byte is ASCII.
bool IsAscii(std::string_view s);

// The words of `s` as search tokens: folded original words and, for text not
// in Latin script, their Latin transliteration and consonant skeleton.
// Deduplicated, in a stable order.
std::vector<std::string> SearchTokens(std::string_view s);

// Arabic-script names as Persian, Dari, Urdu and Pashto speakers say them,
// for comparing names (not for search or display): in a text that holds a
// letter of those languages (پ چ ژ گ ک ی ے ہ ٹ ڈ ڑ ں ۀ), the Arabic letters
// ض ظ ذ (which they pronounce z) become ز, and ث (pronounced s) becomes س,
// so that ToLatin gives "zya" for ضیا (Zia), not "dya". Other text is
// returned unchanged. Cost: linear in the length of `s`.
std::string PersianLetterValues(std::string_view s);

// A consonant skeleton of an ASCII word ("mohammad" -> "mhmd"), used to
// match names written in scripts that omit short vowels (Arabic, Persian, Urdu).
std::string ConsonantSkeleton(std::string_view latin_word);

}  // namespace disrupt::text

// Rule-based romanisation of the scripts for which ICU 72's Any-Latin is
// missing or unhelpful for names: Thai and Lao (ICU writes Thai without its
// unwritten vowels, "smchay" for Somchai, and leaves Lao untouched), Khmer
// and Sinhala (left untouched), Burmese (ICU runs syllables together in a
// library transcription, "useinhcein" for U Thein Sein) and Bengali (ICU
// keeps every inherent vowel, "rahamana" for Rahman).
//
// The romanisations follow the conventions names are usually written with
// in passports and in the press of each country, simplified for matching:
// vowel length is not marked, there are no diacritics, and output is plain
// lower-case ASCII. They are not reversible and are not meant for display as
// an official romanisation.
//
//   Thai, Lao     syllable parsing with initial and final consonant values,
//                 preposed vowels reordered, unwritten "o"/"a" restored
//                 (RTGS-like: "สมชาย" -> "somchai");
//   Khmer         syllables with the two consonant series choosing the vowel
//                 value, subscript consonants ("ហ៊ុន សែន" -> "hun sen");
//   Sinhala       abugida with inherent "a" ("ගමගේ" -> "gamage");
//   Bengali       abugida with inherent "a" and schwa deletion
//                 ("রহমান" -> "rahman");
//   Burmese       one Latin word per syllable, conventional name spellings
//                 ("ဦးသိန်းစိန်" -> "u thein sein").
//
// Thread safety: pure functions over immutable tables.
#pragma once

#include <string>
#include <string_view>

namespace disrupt::text {

enum class Script { kOther, kThai, kLao, kKhmer, kSinhala, kBengali, kMyanmar };

// The script of a code point among those romanised here; kOther for any other.
Script ScriptOf(char32_t c);

// Appends the romanisation of `run` (code points all of script `script`,
// not kOther) to `out`. Unknown code points in the run are skipped.
void Romanise(Script script, std::u32string_view run, std::string& out);

// UTF-8 decoding and encoding helpers. Invalid bytes decode to U+FFFD.
std::u32string DecodeUtf8(std::string_view s);
void AppendUtf8(char32_t c, std::string& out);

}  // namespace disrupt::text

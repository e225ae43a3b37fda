// Personal names as the region writes them, reduced to comparable parts.
//
// A name arrives as given and family parts, or as one full string, in any
// script. ParseName transliterates it to Latin (text/transliterate.h; an
// Arabic-script name with Persian or Urdu letters with the values those
// languages give its letters, text::PersianLetterValues),
// removes honorifics (Haji, Mr, Dr, Sheikh, U, Daw, Khun, Nai, Datuk, ...),
// recognises patronymics ("Ahmad bin Ismail", "Siti binti Osman",
// "Kumar s/o Rajan", "ibn"), joins Arabic compounds ("Abdul Rahman" and
// "Abdulrahman" both become "abdulrahman", a standalone article "al-" is
// dropped), and maps common alternative romanisations to one canonical
// spelling (Mohammad, Muhammad, Mohamed, "mhmd" -> "muhammad"; Hossein,
// Hussain -> "hussain"). A single name (common in Indonesia and Myanmar)
// has given parts only.
//
// PhoneticKey is a consonant key suited to the region: aspirates and
// digraphs folded (kh, gh, ph, th, dh, sh), vowels and semivowels dropped,
// doubled letters collapsed, so that an Arabic-script name romanised by ICU
// without its short vowels ("rhymy") meets its usual spelling ("Rahimi").
//
// Thread safety: all functions may be called concurrently.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace disrupt::resolve {

struct PersonName {
  std::vector<std::string> given;       // canonical Latin tokens, in written order
  std::vector<std::string> family;      // surname, or the father's name of a patronymic
  std::vector<std::string> honorifics;  // titles removed, canonical ("haji", "dr", "u")
  std::string relation;                 // "bin", "binti", "s/o", "d/o", ... when a patronymic was written
  bool patronymic = false;

  bool empty() const { return given.empty() && family.empty(); }
  // given then family tokens.
  std::vector<std::string> Tokens() const;
};

// Parses a name from its parts. When `given` or `family` is non-empty they
// are used (honorifics and particles are still removed); otherwise `full`
// is split: tokens after a patronymic particle are the family part, else
// the last token is the family name and the others are given names.
PersonName ParseName(std::string_view given, std::string_view family, std::string_view full);

// The canonical spelling of one lower-case Latin name token ("mohamed" ->
// "muhammad"); the token itself when it has no known variants.
std::string CanonicalToken(std::string_view token);

// True for a title or honorific ("haji", "mr", "dr", "u", "daw", "khun").
bool IsHonorific(std::string_view token);

// The regional consonant key of a lower-case Latin token (see above).
// Tokens made only of vowels are their own key.
std::string PhoneticKey(std::string_view token);

// Similarity in [0, 1] of two canonical tokens: 1 when equal; 0.9 for an
// initial against a name it begins; for the same phonetic key, at least
// 0.95 when one token has no vowels (a consonant-only form from Arabic
// script), at least 0.9 when the key has three consonants or more and at
// least 0.8 when it has two, or one and a token has no vowels and both
// begin alike ("wly", ICU's Vali, and "vali"); 0.8 when the keys of three consonants or more differ
// only in voicing (d/t, g/k, b/p: "Rahmat" and "Rahmad", "Qasim" and
// "Ghasem"); otherwise Jaro-Winkler.
double TokenSimilarity(std::string_view a, std::string_view b);

// TokenSimilarity with the phonetic keys already computed (hot loops).
double TokenSimilarity(std::string_view a, std::string_view a_key, std::string_view b, std::string_view b_key);

// Similarity in [0, 1] of two lists of tokens regardless of their order
// (each token of the shorter list against its best match in the other,
// averaged), or of their concatenations when that is higher ("xiao ming" vs
// "xiaoming"). -1 when either list is empty.
double PartSimilarity(const std::vector<std::string>& a, const std::vector<std::string>& b);
// The same with the tokens' phonetic keys already computed (parallel vectors).
double PartSimilarity(const std::vector<std::string>& a, const std::vector<std::string>& a_keys,
                      const std::vector<std::string>& b, const std::vector<std::string>& b_keys);

}  // namespace disrupt::resolve

// Table-driven romanisers for Thai, Lao, Khmer, Sinhala, Bengali and
// Burmese; see romanise.h for the conventions. Each script has a sorted
// table of its letters (class, Latin value, final or second-series value)
// and one of three parsers: Tai syllables (Thai, Lao), Khmer syllables,
// Indic aksharas (Sinhala, Bengali) and Burmese syllables.
#include "text/romanise.h"

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

// GCC 12 at -O3 reports a false -Wrestrict inside libstdc++'s string
// assignment (GCC bug 105651); the code here only assigns short literals.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

namespace disrupt::text {

namespace {

enum class Cls : uint8_t {
  kConsonant,
  kIndependent,  // independent vowel letter
  kVowel,        // dependent vowel sign written after (or around) its consonant
  kPreVowel,     // Thai/Lao vowel written before its consonant
  kVirama,       // kills the inherent vowel (Sinhala al-lakuna, Bengali hasanta, Burmese asat)
  kStack,        // Burmese virama: the consonant before closes this syllable, the next opens one
  kSign,         // appended as is (anusvara, visarga, nikahit, reahmuk)
  kIgnore,       // tone marks, length marks, joiners
  kSilencer,     // Thai thanthakhat, Khmer toandakhiat: the letter it sits on is silent
  kCoeng,        // Khmer subscript marker: the next consonant joins the onset
  kMedial,       // Burmese medial consonant sign
  kShift1,       // Khmer: consonant becomes first series
  kShift2,       // Khmer: consonant becomes second series
};

struct Letter {
  char32_t cp;
  Cls cls;
  const char* latin;
  const char* alt;  // consonants: value as a final; Khmer vowels: value after a second-series consonant
  uint8_t series;   // Khmer consonants: 1 or 2
};

constexpr Letter C(char32_t cp, const char* latin, const char* fin = nullptr, uint8_t series = 0) {
  return {cp, Cls::kConsonant, latin, fin, series};
}
constexpr Letter V(char32_t cp, const char* latin, const char* alt = nullptr) {
  return {cp, Cls::kVowel, latin, alt, 0};
}
constexpr Letter P(char32_t cp, const char* latin) { return {cp, Cls::kPreVowel, latin, nullptr, 0}; }
constexpr Letter I(char32_t cp, const char* latin) { return {cp, Cls::kIndependent, latin, nullptr, 0}; }
constexpr Letter S(char32_t cp, const char* latin) { return {cp, Cls::kSign, latin, nullptr, 0}; }
constexpr Letter X(char32_t cp, Cls cls) { return {cp, cls, "", nullptr, 0}; }

// Thai: initial value, final value.
constexpr Letter kThai[] = {
    C(0x0E01, "k", "k"),   C(0x0E02, "kh", "k"), C(0x0E03, "kh", "k"),  C(0x0E04, "kh", "k"),
    C(0x0E05, "kh", "k"),  C(0x0E06, "kh", "k"), C(0x0E07, "ng", "ng"), C(0x0E08, "ch", "t"),
    C(0x0E09, "ch", "t"),  C(0x0E0A, "ch", "t"), C(0x0E0B, "s", "t"),   C(0x0E0C, "ch", "t"),
    C(0x0E0D, "y", "n"),   C(0x0E0E, "d", "t"),  C(0x0E0F, "t", "t"),   C(0x0E10, "th", "t"),
    C(0x0E11, "th", "t"),  C(0x0E12, "th", "t"), C(0x0E13, "n", "n"),   C(0x0E14, "d", "t"),
    C(0x0E15, "t", "t"),   C(0x0E16, "th", "t"), C(0x0E17, "th", "t"),  C(0x0E18, "th", "t"),
    C(0x0E19, "n", "n"),   C(0x0E1A, "b", "p"),  C(0x0E1B, "p", "p"),   C(0x0E1C, "ph", "p"),
    C(0x0E1D, "f", "p"),   C(0x0E1E, "ph", "p"), C(0x0E1F, "f", "p"),   C(0x0E20, "ph", "p"),
    C(0x0E21, "m", "m"),   C(0x0E22, "y", "i"),  C(0x0E23, "r", "n"),   I(0x0E24, "rue"),
    C(0x0E25, "l", "n"),   I(0x0E26, "lue"),     C(0x0E27, "w", "o"),   C(0x0E28, "s", "t"),
    C(0x0E29, "s", "t"),   C(0x0E2A, "s", "t"),  C(0x0E2B, "h", ""),    C(0x0E2C, "l", "n"),
    C(0x0E2D, "", "o"),    C(0x0E2E, "h", ""),   V(0x0E30, "a"),        V(0x0E31, "a"),
    V(0x0E32, "a"),        V(0x0E33, "am"),      V(0x0E34, "i"),        V(0x0E35, "i"),
    V(0x0E36, "ue"),       V(0x0E37, "ue"),      V(0x0E38, "u"),        V(0x0E39, "u"),
    X(0x0E3A, Cls::kIgnore), P(0x0E40, "e"),     P(0x0E41, "ae"),       P(0x0E42, "o"),
    P(0x0E43, "ai"),       P(0x0E44, "ai"),      X(0x0E45, Cls::kIgnore), X(0x0E46, Cls::kIgnore),
    X(0x0E47, Cls::kIgnore), X(0x0E48, Cls::kIgnore), X(0x0E49, Cls::kIgnore), X(0x0E4A, Cls::kIgnore),
    X(0x0E4B, Cls::kIgnore), X(0x0E4C, Cls::kSilencer), X(0x0E4D, Cls::kIgnore), X(0x0E4E, Cls::kIgnore),
};

// Lao: initial value, final value.
constexpr Letter kLao[] = {
    C(0x0E81, "k", "k"),   C(0x0E82, "kh", "k"),  C(0x0E84, "kh", "k"),  C(0x0E86, "kh", "k"),
    C(0x0E87, "ng", "ng"), C(0x0E88, "ch", "t"),  C(0x0E8A, "s", "t"),   C(0x0E8D, "ny", "i"),
    C(0x0E94, "d", "t"),   C(0x0E95, "t", "t"),   C(0x0E96, "th", "t"),  C(0x0E97, "th", "t"),
    C(0x0E99, "n", "n"),   C(0x0E9A, "b", "p"),   C(0x0E9B, "p", "p"),   C(0x0E9C, "ph", "p"),
    C(0x0E9D, "f", "p"),   C(0x0E9E, "ph", "p"),  C(0x0E9F, "f", "p"),   C(0x0EA1, "m", "m"),
    C(0x0EA2, "y", "i"),   C(0x0EA3, "r", "n"),   C(0x0EA5, "l", "n"),   C(0x0EA7, "v", "o"),
    C(0x0EAA, "s", "t"),   C(0x0EAB, "h", ""),    C(0x0EAD, "", "o"),    C(0x0EAE, "h", ""),
    V(0x0EB0, "a"),        V(0x0EB1, "a"),        V(0x0EB2, "a"),        V(0x0EB3, "am"),
    V(0x0EB4, "i"),        V(0x0EB5, "i"),        V(0x0EB6, "ue"),       V(0x0EB7, "ue"),
    V(0x0EB8, "u"),        V(0x0EB9, "u"),        X(0x0EBA, Cls::kIgnore), V(0x0EBB, "o"),
    X(0x0EBC, Cls::kIgnore), V(0x0EBD, "ia"),     P(0x0EC0, "e"),        P(0x0EC1, "ae"),
    P(0x0EC2, "o"),        P(0x0EC3, "ai"),       P(0x0EC4, "ai"),       X(0x0EC6, Cls::kIgnore),
    X(0x0EC8, Cls::kIgnore), X(0x0EC9, Cls::kIgnore), X(0x0ECA, Cls::kIgnore), X(0x0ECB, Cls::kIgnore),
    X(0x0ECC, Cls::kSilencer), X(0x0ECD, Cls::kIgnore), C(0x0EDC, "n", "n"), C(0x0EDD, "m", "m"),
    C(0x0EDE, "g", "k"),   C(0x0EDF, "ny", "i"),
};

// Khmer: consonants with their final value and series; vowels with their
// first- and second-series values.
constexpr Letter kKhmer[] = {
    C(0x1780, "k", "k", 1),   C(0x1781, "kh", "k", 1),  C(0x1782, "k", "k", 2),   C(0x1783, "kh", "k", 2),
    C(0x1784, "ng", "ng", 2), C(0x1785, "ch", "ch", 1), C(0x1786, "chh", "ch", 1), C(0x1787, "ch", "ch", 2),
    C(0x1788, "chh", "ch", 2), C(0x1789, "nh", "nh", 2), C(0x178A, "d", "t", 1),  C(0x178B, "th", "t", 1),
    C(0x178C, "d", "t", 2),   C(0x178D, "th", "t", 2),  C(0x178E, "n", "n", 1),   C(0x178F, "t", "t", 1),
    C(0x1790, "th", "t", 1),  C(0x1791, "t", "t", 2),   C(0x1792, "th", "t", 2),  C(0x1793, "n", "n", 2),
    C(0x1794, "b", "p", 1),   C(0x1795, "ph", "p", 1),  C(0x1796, "p", "p", 2),   C(0x1797, "ph", "p", 2),
    C(0x1798, "m", "m", 2),   C(0x1799, "y", "y", 2),   C(0x179A, "r", "r", 2),   C(0x179B, "l", "l", 2),
    C(0x179C, "v", "v", 2),   C(0x179D, "s", "s", 1),   C(0x179E, "s", "s", 1),   C(0x179F, "s", "s", 1),
    C(0x17A0, "h", "h", 1),   C(0x17A1, "l", "l", 1),   C(0x17A2, "", "", 1),     I(0x17A3, "a"),
    I(0x17A4, "a"),           I(0x17A5, "e"),           I(0x17A6, "ei"),          I(0x17A7, "o"),
    I(0x17A8, "ou"),          I(0x17A9, "ou"),          I(0x17AA, "ov"),          I(0x17AB, "rue"),
    I(0x17AC, "rueu"),        I(0x17AD, "lue"),         I(0x17AE, "lueu"),        I(0x17AF, "ae"),
    I(0x17B0, "ai"),          I(0x17B1, "ao"),          I(0x17B2, "ao"),          I(0x17B3, "au"),
    X(0x17B4, Cls::kIgnore),  X(0x17B5, Cls::kIgnore),  V(0x17B6, "a", "ea"),     V(0x17B7, "e", "i"),
    V(0x17B8, "ei", "i"),     V(0x17B9, "oe", "ue"),    V(0x17BA, "eu", "eu"),    V(0x17BB, "o", "u"),
    V(0x17BC, "ou", "u"),     V(0x17BD, "uo", "uo"),    V(0x17BE, "aeu", "eu"),   V(0x17BF, "oea", "oea"),
    V(0x17C0, "ie", "ie"),    V(0x17C1, "e", "e"),      V(0x17C2, "e", "e"),      V(0x17C3, "ai", "ey"),
    V(0x17C4, "ao", "o"),     V(0x17C5, "au", "ov"),    S(0x17C6, "m"),           S(0x17C7, "h"),
    X(0x17C8, Cls::kIgnore),  X(0x17C9, Cls::kShift1),  X(0x17CA, Cls::kShift2),  X(0x17CB, Cls::kIgnore),
    X(0x17CC, Cls::kIgnore),  X(0x17CD, Cls::kSilencer), X(0x17CE, Cls::kIgnore), X(0x17CF, Cls::kIgnore),
    X(0x17D0, Cls::kIgnore),  X(0x17D1, Cls::kIgnore),  X(0x17D2, Cls::kCoeng),   X(0x17D3, Cls::kIgnore),
    X(0x17DD, Cls::kIgnore),
};

// Sinhala: inherent vowel "a"; ව as "w" as in Sinhala names (Wijesinghe).
constexpr Letter kSinhala[] = {
    S(0x0D82, "n"),    S(0x0D83, "h"),    I(0x0D85, "a"),    I(0x0D86, "a"),    I(0x0D87, "ae"),   I(0x0D88, "ae"),
    I(0x0D89, "i"),    I(0x0D8A, "i"),    I(0x0D8B, "u"),    I(0x0D8C, "u"),    I(0x0D8D, "ri"),   I(0x0D8E, "ri"),
    I(0x0D8F, "li"),   I(0x0D90, "li"),   I(0x0D91, "e"),    I(0x0D92, "e"),    I(0x0D93, "ai"),   I(0x0D94, "o"),
    I(0x0D95, "o"),    I(0x0D96, "au"),   C(0x0D9A, "k"),    C(0x0D9B, "kh"),   C(0x0D9C, "g"),    C(0x0D9D, "gh"),
    C(0x0D9E, "ng"),   C(0x0D9F, "ng"),   C(0x0DA0, "ch"),   C(0x0DA1, "chh"),  C(0x0DA2, "j"),    C(0x0DA3, "jh"),
    C(0x0DA4, "ny"),   C(0x0DA5, "gn"),   C(0x0DA6, "nj"),   C(0x0DA7, "t"),    C(0x0DA8, "th"),   C(0x0DA9, "d"),
    C(0x0DAA, "dh"),   C(0x0DAB, "n"),    C(0x0DAC, "nd"),   C(0x0DAD, "t"),    C(0x0DAE, "th"),   C(0x0DAF, "d"),
    C(0x0DB0, "dh"),   C(0x0DB1, "n"),    C(0x0DB3, "nd"),   C(0x0DB4, "p"),    C(0x0DB5, "ph"),   C(0x0DB6, "b"),
    C(0x0DB7, "bh"),   C(0x0DB8, "m"),    C(0x0DB9, "mb"),   C(0x0DBA, "y"),    C(0x0DBB, "r"),    C(0x0DBD, "l"),
    C(0x0DC0, "w"),    C(0x0DC1, "sh"),   C(0x0DC2, "sh"),   C(0x0DC3, "s"),    C(0x0DC4, "h"),    C(0x0DC5, "l"),
    C(0x0DC6, "f"),    X(0x0DCA, Cls::kVirama), V(0x0DCF, "a"), V(0x0DD0, "ae"), V(0x0DD1, "ae"),  V(0x0DD2, "i"),
    V(0x0DD3, "i"),    V(0x0DD4, "u"),    V(0x0DD6, "u"),    V(0x0DD8, "ru"),   V(0x0DD9, "e"),    V(0x0DDA, "e"),
    V(0x0DDB, "ai"),   V(0x0DDC, "o"),    V(0x0DDD, "o"),    V(0x0DDE, "au"),   V(0x0DDF, "lu"),   V(0x0DF2, "ru"),
    V(0x0DF3, "lu"),
};

// Bengali: inherent vowel "a" with schwa deletion; ফ as "f" and য as "j" as in names.
constexpr Letter kBengali[] = {
    X(0x0981, Cls::kIgnore), S(0x0982, "ng"), S(0x0983, "h"),  I(0x0985, "a"),   I(0x0986, "a"),   I(0x0987, "i"),
    I(0x0988, "i"),    I(0x0989, "u"),    I(0x098A, "u"),    I(0x098B, "ri"),   I(0x098C, "li"),   I(0x098F, "e"),
    I(0x0990, "oi"),   I(0x0993, "o"),    I(0x0994, "ou"),   C(0x0995, "k"),    C(0x0996, "kh"),   C(0x0997, "g"),
    C(0x0998, "gh"),   C(0x0999, "ng"),   C(0x099A, "ch"),   C(0x099B, "chh"),  C(0x099C, "j"),    C(0x099D, "jh"),
    C(0x099E, "n"),    C(0x099F, "t"),    C(0x09A0, "th"),   C(0x09A1, "d"),    C(0x09A2, "dh"),   C(0x09A3, "n"),
    C(0x09A4, "t"),    C(0x09A5, "th"),   C(0x09A6, "d"),    C(0x09A7, "dh"),   C(0x09A8, "n"),    C(0x09AA, "p"),
    C(0x09AB, "f"),    C(0x09AC, "b"),    C(0x09AD, "bh"),   C(0x09AE, "m"),    C(0x09AF, "j", "y"), C(0x09B0, "r"),
    C(0x09B2, "l"),    C(0x09B6, "sh"),   C(0x09B7, "sh"),   C(0x09B8, "s"),    C(0x09B9, "h"),    X(0x09BC, Cls::kIgnore),
    V(0x09BE, "a"),    V(0x09BF, "i"),    V(0x09C0, "i"),    V(0x09C1, "u"),    V(0x09C2, "u"),    V(0x09C3, "ri"),
    V(0x09C4, "ri"),   V(0x09C7, "e"),    V(0x09C8, "oi"),   V(0x09CB, "o"),    V(0x09CC, "ou"),   X(0x09CD, Cls::kVirama),
    C(0x09CE, "t"),    X(0x09D7, Cls::kIgnore), C(0x09DC, "r"), C(0x09DD, "rh"), C(0x09DF, "y"),
};

// Burmese: consonants with their conventional name spellings (စ "s", သ "th",
// ရ "y"); vowel signs; finals are resolved by the rhyme table below.
constexpr Letter kMyanmar[] = {
    C(0x1000, "k"),    C(0x1001, "kh"),   C(0x1002, "g"),    C(0x1003, "g"),    C(0x1004, "ng"),   C(0x1005, "s"),
    C(0x1006, "s"),    C(0x1007, "z"),    C(0x1008, "z"),    C(0x1009, "ny"),   C(0x100A, "ny"),   C(0x100B, "t"),
    C(0x100C, "ht"),   C(0x100D, "d"),    C(0x100E, "d"),    C(0x100F, "n"),    C(0x1010, "t"),    C(0x1011, "ht"),
    C(0x1012, "d"),    C(0x1013, "d"),    C(0x1014, "n"),    C(0x1015, "p"),    C(0x1016, "ph"),   C(0x1017, "b"),
    C(0x1018, "b"),    C(0x1019, "m"),    C(0x101A, "y"),    C(0x101B, "y"),    C(0x101C, "l"),    C(0x101D, "w"),
    C(0x101E, "th"),   C(0x101F, "h"),    C(0x1020, "l"),    C(0x1021, ""),     I(0x1023, "i"),    I(0x1024, "i"),
    I(0x1025, "u"),    I(0x1026, "u"),    I(0x1027, "e"),    I(0x1029, "aw"),   I(0x102A, "aw"),   V(0x102B, "a"),
    V(0x102C, "a"),    V(0x102D, "i"),    V(0x102E, "i"),    V(0x102F, "u"),    V(0x1030, "u"),    V(0x1031, "e"),
    V(0x1032, "e"),    S(0x1036, "n"),    X(0x1037, Cls::kIgnore), X(0x1038, Cls::kIgnore), X(0x1039, Cls::kStack),
    X(0x103A, Cls::kVirama), X(0x103B, Cls::kMedial), X(0x103C, Cls::kMedial), X(0x103D, Cls::kMedial),
    X(0x103E, Cls::kMedial),
};

const Letter* Find(std::span<const Letter> table, char32_t c) {
  auto it = std::lower_bound(table.begin(), table.end(), c, [](const Letter& l, char32_t v) { return l.cp < v; });
  return it != table.end() && it->cp == c ? &*it : nullptr;
}

// A view over one run with lookups that skip unknown code points.
class Run {
 public:
  Run(std::span<const Letter> table, std::u32string_view run) {
    for (char32_t c : run) {
      if (const Letter* l = Find(table, c)) letters_.push_back(l);
    }
  }
  size_t size() const { return letters_.size(); }
  const Letter* at(size_t i) const { return i < letters_.size() ? letters_[i] : nullptr; }
  bool Is(size_t i, Cls cls) const { return i < letters_.size() && letters_[i]->cls == cls; }
  bool IsCp(size_t i, char32_t cp) const { return i < letters_.size() && letters_[i]->cp == cp; }
  // First index at or after i that is not an ignorable mark.
  size_t SkipIgnorable(size_t i) const {
    while (Is(i, Cls::kIgnore)) ++i;
    return i;
  }

 private:
  std::vector<const Letter*> letters_;
};

// ---------------------------------------------------------------- Thai, Lao

struct TaiLetters {
  char32_t e, ae, o_pre, a_long, ii, uee, o_carrier, y, w, r, l, h, sara_a, mai_han, lao_o, lao_y;
};
constexpr TaiLetters kThaiLetters{0x0E40, 0x0E41, 0x0E42, 0x0E32, 0x0E35, 0x0E37, 0x0E2D, 0x0E22,
                                  0x0E27, 0x0E23, 0x0E25, 0x0E2B, 0x0E30, 0x0E31, 0,      0};
constexpr TaiLetters kLaoLetters{0x0EC0, 0x0EC1, 0x0EC2, 0x0EB2, 0x0EB5, 0x0EB7, 0x0EAD, 0x0EA2,
                                 0x0EA7, 0x0EA3, 0x0EA5, 0x0EAB, 0x0EB0, 0x0EB1, 0x0EBB, 0x0E8D};

bool IsSonorant(const Letter* l) {
  if (!l || l->cls != Cls::kConsonant) return false;
  std::string_view v = l->latin;
  return v == "ng" || v == "n" || v == "m" || v == "y" || v == "ny" || v == "r" || v == "l" || v == "w" || v == "v";
}

bool CanCluster(const Letter* first) {
  std::string_view v = first->latin;
  return v == "k" || v == "kh" || v == "p" || v == "ph" || v == "t" || v == "th" || v == "s" || v == "b" ||
         v == "f" || v == "d";
}

void RomaniseTai(std::span<const Letter> table, const TaiLetters& k, std::u32string_view text, std::string& out) {
  Run run(table, text);
  const size_t n = run.size();
  // True when the consonant at i, with the vowels and marks after it, is
  // silenced by a thanthakhat.
  auto silenced = [&](size_t i) {
    size_t j = i + 1;
    while (run.Is(j, Cls::kVowel) || run.Is(j, Cls::kIgnore)) ++j;
    return run.Is(j, Cls::kSilencer);
  };
  auto followed_by_vowel = [&](size_t i) { return run.Is(run.SkipIgnorable(i + 1), Cls::kVowel); };
  // A consonant at i closes the current syllable when nothing vowel-like follows it.
  auto is_coda = [&](size_t i) {
    if (!run.Is(i, Cls::kConsonant) || followed_by_vowel(i) || silenced(i)) return false;
    // Of two bare consonants, the second closes the syllable: "ขนม" is kha-nom.
    size_t after = run.SkipIgnorable(i + 1);
    return !run.Is(after, Cls::kConsonant) || followed_by_vowel(after) || silenced(after);
  };

  const Letter* pre = nullptr;
  size_t i = 0;
  while (i < n) {
    const Letter* l = run.at(i);
    switch (l->cls) {
      case Cls::kPreVowel:
        pre = l;
        ++i;
        continue;
      case Cls::kIndependent:
      case Cls::kVowel:
        out += l->latin;
        ++i;
        continue;
      case Cls::kConsonant:
        break;
      default:
        ++i;
        continue;
    }
    if (silenced(i)) {
      ++i;
      while (i < n && !run.Is(i, Cls::kSilencer)) ++i;
      ++i;
      continue;
    }
    // Onset, with a silent leading h (or Thai o-carrier before y) and clusters.
    std::string onset = l->latin;
    size_t j = i + 1;
    const Letter* next = run.at(j);
    if ((l->cp == k.h || l->cp == k.o_carrier) && !pre && IsSonorant(next) && !followed_by_vowel(i)) {
      onset = next->latin;
      ++j;
    } else if (next && (next->cp == k.r || next->cp == k.l || next->cp == k.w) && CanCluster(l) &&
               followed_by_vowel(j) && !followed_by_vowel(i)) {
      onset += next->latin;
      ++j;
    }
    // Nucleus.
    std::vector<const Letter*> posts;
    j = run.SkipIgnorable(j);
    while (run.Is(j, Cls::kVowel)) {
      posts.push_back(run.at(j));
      j = run.SkipIgnorable(j + 1);
    }
    auto has = [&](char32_t cp) {
      return std::any_of(posts.begin(), posts.end(), [&](const Letter* p) { return p->cp == cp; });
    };
    std::string vowel;
    bool explicit_vowel = pre || !posts.empty();
    if (pre) {
      if (pre->cp == k.e && has(k.a_long)) {
        vowel = "ao";
      } else if (pre->cp == k.e && has(k.ii) && run.IsCp(j, k.y)) {
        vowel = "ia";
        j = run.SkipIgnorable(j + 1);
      } else if (pre->cp == k.e && k.lao_y && posts.empty() && run.IsCp(j, k.lao_y)) {
        vowel = "ia";
        j = run.SkipIgnorable(j + 1);
      } else if (pre->cp == k.e && has(k.uee) && run.IsCp(j, k.o_carrier)) {
        vowel = "uea";
        j = run.SkipIgnorable(j + 1);
      } else if (pre->cp == k.e && posts.empty() && run.IsCp(j, k.o_carrier) && !followed_by_vowel(j)) {
        vowel = "oe";
        j = run.SkipIgnorable(j + 1);
      } else {
        vowel = pre->latin;
        for (const Letter* p : posts) {
          if (p->cp != k.sara_a && p->cp != k.lao_o) vowel += p->latin;
        }
      }
      pre = nullptr;
    } else if (!posts.empty()) {
      if ((has(k.mai_han) || (k.lao_o && has(k.lao_o))) && run.IsCp(j, k.w) && !followed_by_vowel(j)) {
        vowel = "ua";
        j = run.SkipIgnorable(j + 1);
      } else {
        for (const Letter* p : posts) vowel += p->latin;
      }
    } else if (run.IsCp(j, k.w) && j + 1 < n && is_coda(run.SkipIgnorable(j + 1)) && !followed_by_vowel(j)) {
      vowel = "ua";
      j = run.SkipIgnorable(j + 1);
      explicit_vowel = true;
    } else if (run.IsCp(j, k.o_carrier) && !followed_by_vowel(j)) {
      vowel = "o";
      j = run.SkipIgnorable(j + 1);
      explicit_vowel = true;
    } else if (run.IsCp(j, k.r) && !followed_by_vowel(j) && run.SkipIgnorable(j + 1) >= n) {
      vowel = "on";
      j = run.SkipIgnorable(j + 1);
      explicit_vowel = true;
    }
    // Coda.
    std::string coda;
    if (is_coda(j)) {
      coda = run.at(j)->alt ? run.at(j)->alt : run.at(j)->latin;
      j = run.SkipIgnorable(j + 1);
    }
    if (!explicit_vowel) vowel = coda.empty() ? "a" : "o";
    out += onset;
    out += vowel;
    out += coda;
    i = j;
  }
}

// -------------------------------------------------------------------- Khmer

void RomaniseKhmer(std::u32string_view text, std::string& out) {
  Run run(kKhmer, text);
  const size_t n = run.size();
  auto opens_syllable = [&](size_t i) {
    size_t j = run.SkipIgnorable(i + 1);
    return run.Is(j, Cls::kVowel) || run.Is(j, Cls::kCoeng) || run.Is(j, Cls::kShift1) || run.Is(j, Cls::kShift2);
  };
  size_t i = 0;
  while (i < n) {
    const Letter* l = run.at(i);
    if (l->cls == Cls::kIndependent || l->cls == Cls::kSign) {
      out += l->latin;
      ++i;
      continue;
    }
    if (l->cls != Cls::kConsonant) {
      ++i;
      continue;
    }
    int series = l->series;
    std::string onset = l->latin;
    size_t j = i + 1;
    while (run.Is(j, Cls::kCoeng) && run.Is(j + 1, Cls::kConsonant)) {
      onset += run.at(j + 1)->latin;
      j += 2;
    }
    std::string vowel;
    bool has_vowel = false;
    for (;; ++j) {
      if (run.Is(j, Cls::kShift1)) {
        series = 1;
      } else if (run.Is(j, Cls::kShift2)) {
        series = 2;
      } else if (run.Is(j, Cls::kVowel)) {
        vowel += series == 2 ? run.at(j)->alt : run.at(j)->latin;
        has_vowel = true;
      } else if (run.Is(j, Cls::kSign)) {
        vowel += run.at(j)->latin;
      } else if (!run.Is(j, Cls::kIgnore)) {
        break;
      }
    }
    std::string coda;
    // A bare consonant closes this syllable unless the next one is bare too
    // (then that one closes it and this one takes the inherent vowel).
    size_t after = run.SkipIgnorable(j + 1);
    bool next_bare = run.Is(after, Cls::kConsonant) && !opens_syllable(after);
    if (run.Is(j, Cls::kConsonant) && !opens_syllable(j) && !next_bare) {
      coda = run.at(j)->alt;
      ++j;
      while (run.Is(j, Cls::kIgnore) || run.Is(j, Cls::kSign) || run.Is(j, Cls::kSilencer)) {
        if (run.Is(j, Cls::kSign)) coda += run.at(j)->latin;
        ++j;
      }
    }
    if (!has_vowel) vowel.insert(0, series == 2 ? "o" : "a");
    out += onset;
    out += vowel;
    out += coda;
    i = j;
  }
}

// ---------------------------------------------------------- Sinhala, Bengali

struct Akshara {
  std::string consonants;
  std::string vowel;
  std::string tail;
  bool inherent = false;
};

void RomaniseIndic(std::span<const Letter> table, bool schwa_deletion, std::u32string_view text, std::string& out) {
  Run run(table, text);
  const size_t n = run.size();
  std::vector<Akshara> units;
  size_t i = 0;
  while (i < n) {
    const Letter* l = run.at(i);
    Akshara u;
    if (l->cls == Cls::kIndependent) {
      u.vowel = l->latin;
      ++i;
    } else if (l->cls == Cls::kConsonant) {
      u.consonants = l->latin;
      size_t j = run.SkipIgnorable(i + 1);
      bool killed = false;
      while (run.Is(j, Cls::kVirama)) {
        size_t k = run.SkipIgnorable(j + 1);
        if (run.Is(k, Cls::kConsonant)) {
          const Letter* c = run.at(k);
          u.consonants += c->alt ? c->alt : c->latin;  // second member of a conjunct
          j = run.SkipIgnorable(k + 1);
        } else {
          killed = true;
          j = k;
          break;
        }
      }
      if (!killed) {
        if (run.Is(j, Cls::kVowel)) {
          while (run.Is(j, Cls::kVowel)) {
            u.vowel += run.at(j)->latin;
            j = run.SkipIgnorable(j + 1);
          }
        } else {
          u.vowel = "a";
          u.inherent = true;
        }
      }
      i = j;
    } else if (l->cls == Cls::kSign && !units.empty()) {
      units.back().tail += l->latin;
      ++i;
      continue;
    } else {
      ++i;
      continue;
    }
    while (run.Is(i, Cls::kSign) || run.Is(i, Cls::kIgnore)) {
      u.tail += run.at(i)->latin;
      ++i;
    }
    units.push_back(std::move(u));
  }
  if (schwa_deletion) {
    // A word-final inherent vowel is silent, and so is one between a
    // syllable with a vowel and a consonant with a written vowel sign.
    for (size_t k = 1; k < units.size(); ++k) {
      Akshara& u = units[k];
      if (!u.inherent || !u.tail.empty()) continue;
      bool last = k + 1 == units.size();
      bool before_written = !last && !units[k + 1].inherent && !units[k + 1].consonants.empty();
      bool after_vowel = !units[k - 1].vowel.empty();
      if (last || (before_written && after_vowel)) u.vowel.clear();
    }
  }
  for (const Akshara& u : units) {
    out += u.consonants;
    out += u.vowel;
    out += u.tail;
  }
}

// ------------------------------------------------------------------ Burmese

// The rhyme of a syllable from its vowel signs and final consonant.
std::string BurmeseRhyme(const std::u32string& vowels, char32_t final, bool medial_w) {
  auto v = [&](std::u32string_view s) { return vowels == s; };
  std::string fin;
  if (final) {
    switch (final) {
      case 0x1000: fin = "k"; break;                             // က
      case 0x1004: case 0x1009: case 0x1014: case 0x1019:        // င ဉ န မ
      case 0x1036: fin = final == 0x1004 ? "ng" : "n"; break;    // ံ
      case 0x1005: case 0x1010: case 0x1015: fin = "t"; break;   // စ တ ပ
      case 0x100A: fin = "y"; break;                             // ည
      case 0x101A: fin = "e"; break;                             // ယ
      default: fin = "n"; break;
    }
  }
  if (fin.empty()) {
    if (vowels.empty()) return "a";
    if (v(U"\u1031\u102C") || v(U"\u1031\u102B")) return "aw";
    if (v(U"\u102D\u102F")) return "o";
    if (v(U"\u1031")) return "e";
    if (v(U"\u1032")) return "e";
    if (v(U"\u102D") || v(U"\u102E")) return "i";
    if (v(U"\u102F") || v(U"\u1030")) return "u";
    return "a";
  }
  bool nasal = fin == "n" || fin == "ng";
  if (vowels.empty()) {
    if (medial_w) return nasal ? "un" : "ut";
    if (fin == "k") return "et";
    if (fin == "ng") return "in";
    if (fin == "y") return "i";
    if (fin == "e") return "e";
    if (final == 0x1005) return "it";
    return nasal ? "an" : "at";
  }
  if (v(U"\u102D")) return nasal ? "ein" : "eik";
  if (v(U"\u102F")) return nasal ? "oun" : "ok";
  if (v(U"\u1031\u102C") || v(U"\u1031\u102B")) return fin == "ng" ? "aung" : "auk";
  if (v(U"\u102D\u102F")) return fin == "ng" ? "aing" : "aik";
  return fin.insert(0, "a");
}

void RomaniseMyanmar(std::u32string_view text, std::string& out) {
  Run run(kMyanmar, text);
  const size_t n = run.size();
  bool first = true;
  size_t i = 0;
  while (i < n) {
    const Letter* l = run.at(i);
    if (l->cls != Cls::kConsonant && l->cls != Cls::kIndependent) {
      ++i;
      continue;
    }
    if (!first) out += ' ';
    first = false;
    if (l->cls == Cls::kIndependent) {
      out += l->latin;
      i = run.SkipIgnorable(i + 1);
      continue;
    }
    std::string onset = l->latin;
    bool medial_w = false, medial_h = false;
    size_t j = i + 1;
    for (; run.Is(j, Cls::kMedial); ++j) {
      switch (run.at(j)->cp) {
        case 0x103B: case 0x103C: onset += "y"; break;
        case 0x103D: medial_w = true; break;
        case 0x103E: medial_h = true; break;
        default: break;
      }
    }
    if (medial_h) onset.insert(0, "h");
    std::u32string vowels;
    char32_t final = 0;
    for (;;) {
      j = run.SkipIgnorable(j);
      if (run.Is(j, Cls::kVowel)) {
        vowels.push_back(run.at(j)->cp);
        ++j;
      } else if (run.Is(j, Cls::kSign)) {
        final = run.at(j)->cp;
        ++j;
      } else if (run.Is(j, Cls::kVirama)) {
        ++j;  // asat on a vowel: a tone, not a final
      } else if (run.Is(j, Cls::kConsonant)) {
        size_t k = run.SkipIgnorable(j + 1);
        if (run.Is(k, Cls::kVirama)) {
          final = run.at(j)->cp;
          j = k + 1;
        } else if (run.Is(k, Cls::kStack)) {
          final = run.at(j)->cp;
          j = k + 1;
          break;
        } else {
          break;
        }
      } else {
        break;
      }
    }
    if (medial_w && vowels.empty() && !final) onset += "w";
    out += onset;
    out += BurmeseRhyme(vowels, final, medial_w);
    i = j;
  }
}

}  // namespace

Script ScriptOf(char32_t c) {
  if (c >= 0x0E01 && c <= 0x0E4F) return Script::kThai;
  if (c >= 0x0E81 && c <= 0x0EDF) return Script::kLao;
  if (c >= 0x1780 && c <= 0x17DD) return Script::kKhmer;
  if (c >= 0x0D81 && c <= 0x0DF4) return Script::kSinhala;
  if (c >= 0x0981 && c <= 0x09E3) return Script::kBengali;
  if (c >= 0x1000 && c <= 0x103F) return Script::kMyanmar;
  return Script::kOther;
}

void Romanise(Script script, std::u32string_view run, std::string& out) {
  switch (script) {
    case Script::kThai: RomaniseTai(kThai, kThaiLetters, run, out); break;
    case Script::kLao: RomaniseTai(kLao, kLaoLetters, run, out); break;
    case Script::kKhmer: RomaniseKhmer(run, out); break;
    case Script::kSinhala: RomaniseIndic(kSinhala, false, run, out); break;
    case Script::kBengali: RomaniseIndic(kBengali, true, run, out); break;
    case Script::kMyanmar: RomaniseMyanmar(run, out); break;
    case Script::kOther: break;
  }
}

std::u32string DecodeUtf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      unsigned char cb = static_cast<unsigned char>(s[i + k]);
      if ((cb & 0xC0) != 0x80) ok = false;
      c = (c << 6) | (cb & 0x3F);
    }
    if (!ok) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(c);
    i += len;
  }
  return out;
}

void AppendUtf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

}  // namespace disrupt::text

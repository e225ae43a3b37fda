// Folding and transliteration of names: ICU transforms for most scripts,
// the rule-based romanisers of romanise.h for Thai, Lao, Khmer, Sinhala,
// Bengali and Burmese; see transliterate.h.
#include "text/transliterate.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>

#include "text/romanise.h"

namespace disrupt::text {

namespace {

enum class Transform { kFold, kLatin };

// One transliterator per thread: ICU Transliterator is not thread-safe.
icu::Transliterator* Get(Transform which) {
  struct Cache {
    std::unique_ptr<icu::Transliterator> fold, latin;
  };
  thread_local Cache cache;
  auto& slot = which == Transform::kFold ? cache.fold : cache.latin;
  if (!slot) {
    UErrorCode status = U_ZERO_ERROR;
    const char* rules = which == Transform::kFold
                            ? "NFKD; [:Nonspacing Mark:] Remove; Lower; NFC"
                            : "Any-Latin; Latin-ASCII; NFKD; [:Nonspacing Mark:] Remove; Lower; NFC";
    slot.reset(icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(rules), UTRANS_FORWARD, status));
    if (U_FAILURE(status)) slot.reset();
  }
  return slot.get();
}

std::string Apply(Transform which, std::string_view s) {
  icu::Transliterator* t = Get(which);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (t) t->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string Nfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(s);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString n = nfc->normalize(u, status);
  if (U_FAILURE(status)) return std::string(s);
  std::string out;
  n.toUTF8String(out);
  return out;
}

// Lower-case ASCII letters and digits; apostrophes vanish (ICU writes
// "moham'mada", "ʿabd"); anything else becomes a space.
void AppendAsciiWords(std::string_view latin, std::string& out) {
  for (char ch : latin) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || c == '\'') continue;
    if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
    else out.push_back(' ');
  }
}

std::vector<std::string> Words(const std::string& s, bool ascii_only) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(std::move(cur));
    cur.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) cur.push_back(static_cast<char>(std::tolower(c)));
      else flush();
    } else if (!ascii_only) {
      cur.push_back(static_cast<char>(c));
    }
  }
  flush();
  return words;
}

}  // namespace

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string Fold(std::string_view s) {
  if (IsAscii(s)) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }
  return Apply(Transform::kFold, s);
}

std::string ToLatin(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  if (IsAscii(s)) {
    AppendAsciiWords(s, out);
    return out;
  }
  std::u32string cps = DecodeUtf8(Nfc(s));
  std::string other;  // text for ICU, flushed at each change of script
  auto flush_other = [&] {
    if (other.empty()) return;
    AppendAsciiWords(IsAscii(other) ? other : Apply(Transform::kLatin, other), out);
    other.clear();
  };
  size_t i = 0;
  while (i < cps.size()) {
    Script script = ScriptOf(cps[i]);
    if (script == Script::kOther) {
      AppendUtf8(cps[i], other);
      ++i;
      continue;
    }
    flush_other();
    size_t j = i;
    while (j < cps.size() && (ScriptOf(cps[j]) == script || cps[j] == 0x200C || cps[j] == 0x200D)) ++j;
    std::string latin;
    Romanise(script, std::u32string_view(cps).substr(i, j - i), latin);
    AppendAsciiWords(latin, out);
    i = j;
  }
  flush_other();
  return out;
}

std::vector<std::string> LatinWords(std::string_view s) { return Words(ToLatin(s), true); }

std::string PersianLetterValues(std::string_view s) {
  if (IsAscii(s)) return std::string(s);
  std::u32string text = DecodeUtf8(s);
  constexpr std::u32string_view kPersian = U"\u067E\u0686\u0698\u06AF\u06A9\u06CC\u06D2\u06C1\u0679\u0688\u0691"
                                           U"\u06BA\u06C0";
  if (text.find_first_of(kPersian) == std::u32string::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (char32_t c : text) {
    switch (c) {
      case U'\u0636':  // dad
      case U'\u0638':  // za
      case U'\u0630':  // dhal
        c = U'\u0632';  // ze
        break;
      case U'\u062B':  // theh
        c = U'\u0633';  // seen
        break;
      default: break;
    }
    AppendUtf8(c, out);
  }
  return out;
}

std::string ConsonantSkeleton(std::string_view w) {
  std::string out;
  for (char c : w) {
    if (std::string_view("aeiouwy'").find(c) != std::string_view::npos) continue;
    if (!out.empty() && out.back() == c) continue;  // doubled letters
    out.push_back(c);
  }
  return out;
}

std::vector<std::string> SearchTokens(std::string_view s) {
  std::vector<std::string> tokens;
  auto add = [&](std::string t) {
    if (!t.empty() && std::find(tokens.begin(), tokens.end(), t) == tokens.end()) tokens.push_back(std::move(t));
  };
  std::string folded = Fold(s);
  for (auto& w : Words(folded, false)) add(w);
  if (!IsAscii(s)) {
    for (auto& w : Words(ToLatin(s), true)) add(w);
  }
  return tokens;
}

}  // namespace disrupt::text

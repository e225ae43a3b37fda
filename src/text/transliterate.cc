// Transliteration with ICU plus consonant skeletons; see transliterate.h.
#include "text/transliterate.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>

namespace disrupt::text {

namespace {

// One transliterator per thread: ICU Transliterator is not thread-safe.
icu::Transliterator* Get(const char* id) {
  struct Cache {
    std::unique_ptr<icu::Transliterator> fold, latin;
  };
  thread_local Cache cache;
  auto& slot = std::string_view(id) == "fold" ? cache.fold : cache.latin;
  if (!slot) {
    UErrorCode status = U_ZERO_ERROR;
    const char* rules = std::string_view(id) == "fold"
                            ? "NFKD; [:Nonspacing Mark:] Remove; Lower; NFC"
                            : "Any-Latin; Latin-ASCII; NFKD; [:Nonspacing Mark:] Remove; Lower; NFC";
    slot.reset(icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(rules), UTRANS_FORWARD, status));
    if (U_FAILURE(status)) slot.reset();
  }
  return slot.get();
}

std::string Apply(const char* id, std::string_view s) {
  icu::Transliterator* t = Get(id);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (t) t->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
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
  return Apply("fold", s);
}

std::string ToLatin(std::string_view s) {
  std::string latin = IsAscii(s) ? std::string(s) : Apply("latin", s);
  std::string out;
  out.reserve(latin.size());
  for (char ch : latin) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x80 && std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
    else if (c < 0x80) out.push_back(' ');
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

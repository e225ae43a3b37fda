// Name parsing, canonical spellings and the regional phonetic key; see name.h.
#include "resolve/name.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "resolve/similarity.h"
#include "text/transliterate.h"

namespace disrupt::resolve {

namespace {

// Alternative romanisations, canonical spelling first. Consonant-only forms
// are the way ICU writes the name from Arabic script.
constexpr const char* kVariants[][14] = {
    {"muhammad", "mohammad", "mohammed", "muhammed", "mohamed", "mohamad", "muhamad", "mohd", "mhd", "mhmd",
     "muhamed", "mahomed", "mohamud", nullptr},
    {"hussain", "hossein", "husain", "hussein", "husein", "hosain", "hossain", "husayn", "hussien", "hsyn", "hsn",
     nullptr},
    {"ahmad", "ahmed", "ahmet", "ahamed", "achmad", "ahmd", nullptr},
    {"abdullah", "abdallah", "abdulla", "abdollah", "abdulah", nullptr},
    {"hassan", "hasan", "hasaan", "hassane", nullptr},
    {"mustafa", "mostafa", "moustafa", "mustapha", nullptr},
    {"yusuf", "yousef", "yusof", "yousuf", "youssef", "yousif", "yosef", "yusuff", nullptr},
    {"ibrahim", "ebrahim", "ibraheem", "ibrahem", nullptr},
    {"karim", "kareem", "kerim", nullptr},
    {"rahim", "raheem", nullptr},
    {"rahman", "rehman", "rahaman", "rahmaan", nullptr},
    {"nur", "noor", "nour", "noer", nullptr},
    {"mahmud", "mahmood", "mahmoud", nullptr},
    {"hamid", "hameed", nullptr},
    {"rashid", "rasheed", "rachid", nullptr},
    {"jafar", "jaffar", "jafer", "jaafar", nullptr},
    {"fatima", "fatema", "fatimah", "fathima", "fatemeh", nullptr},
    {"aisha", "ayesha", "aysha", "aishah", "aesha", nullptr},
    {"reza", "riza", "raza", "rida", nullptr},
    {"omar", "umar", "omer", nullptr},
    {"usman", "osman", "uthman", "othman", "osmane", nullptr},
    {"zainab", "zaynab", "zeinab", "zainap", nullptr},
    {"khalid", "khaled", "kaled", nullptr},
    {"tariq", "tarek", "tarik", "tareq", nullptr},
    {"saeed", "said", "saied", "sayeed", "saeid", nullptr},
    {"hosseini", "husseini", "husaini", "hosaini", nullptr},
    {"mohammadi", "muhammadi", "mohamadi", nullptr},
    {"ali", "aly", nullptr},
    {"abdul", "abdel", "abdal", "abdoul", "abdool", "abdu", "abd", nullptr},
    {"siti", "sitti", nullptr},
    {"thein", "thien", nullptr},
    {"kyaw", "kyau", nullptr},
};

constexpr const char* kHonorifics[] = {
    "haji",  "hajji",  "hj",     "hadji",   "alhaj",  "alhaji", "mr",      "mrs",     "ms",    "miss",
    "mister", "dr",    "doctor", "sheikh",  "shaikh", "sheik",  "shaykh",  "u",       "daw",   "ko",
    "khun",  "nai",    "nang",   "nangsao", "tuan",   "puan",   "encik",   "cik",     "datuk", "dato",
    "datin", "pak",    "bapak",  "ibu",     "mullah", "mulla",  "maulvi",  "mawlawi", "maulana", "hafiz",
    "sahib", "prof",   "capt",   "captain", "col",    "gen",    "lt",      "sgt",     "rev",   "ven",
    "thero", "hon",    "tan",
};

// Particles that introduce the father's name, with the relation recorded.
constexpr std::pair<const char*, const char*> kPatronymics[] = {
    {"bin", "bin"},    {"binti", "binti"}, {"binte", "binti"}, {"bint", "binti"}, {"bte", "binti"},
    {"bt", "binti"},   {"ibn", "bin"},     {"ben", "bin"},     {"anak", "anak"},  {"zzso", "s/o"},
    {"zzdo", "d/o"},   {"zzwo", "w/o"},    {"zzal", "a/l"},    {"zzap", "a/p"},
};

struct Tables {
  std::unordered_map<std::string, std::string> canonical;
  std::unordered_set<std::string> honorifics;
  Tables() {
    for (const auto& group : kVariants) {
      for (const char* const* v = group; *v; ++v) canonical.emplace(*v, group[0]);
    }
    for (const char* h : kHonorifics) honorifics.emplace(h);
  }
};

const Tables& GetTables() {
  static const Tables tables;
  return tables;
}

// The relation written with a slash ("s/o", "d/o", "w/o", "a/l", "a/p")
// before transliteration would split it: mark it as one word.
std::string MarkSlashRelations(std::string_view raw) {
  std::string s(raw);
  std::string lower = AsciiLower(s);
  static constexpr std::pair<const char*, const char*> kSlash[] = {
      {"s/o", " zzso "}, {"d/o", " zzdo "}, {"w/o", " zzwo "}, {"a/l", " zzal "}, {"a/p", " zzap "}};
  for (const auto& [from, to] : kSlash) {
    size_t pos = 0;
    while ((pos = lower.find(from, pos)) != std::string::npos) {
      bool left_ok = pos == 0 || !std::isalnum(static_cast<unsigned char>(lower[pos - 1]));
      bool right_ok = pos + 3 >= lower.size() || !std::isalnum(static_cast<unsigned char>(lower[pos + 3]));
      if (left_ok && right_ok) {
        s.replace(pos, 3, to);
        lower.replace(pos, 3, to);
      }
      pos += 3;
    }
  }
  return s;
}

// Canonical tokens of one name string: transliterated, compounds joined,
// articles dropped, variants mapped. Slash relations keep their marker
// word only when `keep_relations`.
std::vector<std::string> NameWords(std::string_view raw, bool keep_relations) {
  std::string persian = text::PersianLetterValues(raw);
  std::vector<std::string> words = text::LatinWords(keep_relations ? MarkSlashRelations(persian) : persian);
  std::vector<std::string> out;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string w = words[i];
    if ((w == "al" || w == "el") && i + 1 < words.size()) continue;  // Arabic article
    std::string c = CanonicalToken(w);
    if (c == "abdul" && i + 1 < words.size()) {
      size_t j = i + 1;
      if ((words[j] == "al" || words[j] == "el" || words[j] == "ul") && j + 1 < words.size()) ++j;
      out.push_back("abdul" + CanonicalToken(words[j]));
      i = j;
      continue;
    }
    if (c.size() > 5 && (c.rfind("abdul", 0) == 0 || c.rfind("abdel", 0) == 0 || c.rfind("abdal", 0) == 0)) {
      c = "abdul" + CanonicalToken(c.substr(5));
    }
    out.push_back(std::move(c));
  }
  return out;
}

void StripHonorifics(std::vector<std::string>& words, std::vector<std::string>& removed) {
  while (words.size() > 1 && IsHonorific(words.front())) {
    removed.push_back(words.front());
    words.erase(words.begin());
  }
}

const char* RelationOf(std::string_view w) {
  for (const auto& [word, relation] : kPatronymics) {
    if (w == word) return relation;
  }
  return nullptr;
}

}  // namespace

std::vector<std::string> PersonName::Tokens() const {
  std::vector<std::string> t = given;
  t.insert(t.end(), family.begin(), family.end());
  return t;
}

std::string CanonicalToken(std::string_view token) {
  const auto& map = GetTables().canonical;
  auto it = map.find(std::string(token));
  return it == map.end() ? std::string(token) : it->second;
}

bool IsHonorific(std::string_view token) { return GetTables().honorifics.count(std::string(token)) > 0; }

PersonName ParseName(std::string_view given, std::string_view family, std::string_view full) {
  PersonName name;
  bool has_parts = !Trim(given).empty() || !Trim(family).empty();
  if (has_parts) {
    name.given = NameWords(given, false);
    StripHonorifics(name.given, name.honorifics);
    std::vector<std::string> fam = NameWords(family, true);
    if (!fam.empty() && RelationOf(fam.front()) && fam.size() > 1) {
      name.relation = RelationOf(fam.front());
      name.patronymic = true;
      fam.erase(fam.begin());
    }
    name.family = std::move(fam);
    if (name.given.empty() && name.family.size() > 1 && !name.patronymic) {
      // Everything was written in the family field.
      name.given.assign(name.family.begin(), name.family.end() - 1);
      name.family.erase(name.family.begin(), name.family.end() - 1);
    }
    return name;
  }
  std::vector<std::string> words = NameWords(full, true);
  StripHonorifics(words, name.honorifics);
  for (size_t i = 1; i + 1 < words.size(); ++i) {
    if (const char* relation = RelationOf(words[i])) {
      name.relation = relation;
      name.patronymic = true;
      name.given.assign(words.begin(), words.begin() + i);
      name.family.assign(words.begin() + i + 1, words.end());
      return name;
    }
  }
  // No patronymic: drop a leftover article and split off the last token.
  words.erase(std::remove_if(words.begin(), words.end(),
                             [](const std::string& w) { return w == "al" || w == "el"; }),
              words.end());
  if (words.size() == 1) {
    name.given = std::move(words);
  } else if (!words.empty()) {
    name.family.push_back(words.back());
    words.pop_back();
    name.given = std::move(words);
  }
  return name;
}

std::string PhoneticKey(std::string_view token) {
  std::string folded;
  folded.reserve(token.size());
  for (size_t i = 0; i < token.size(); ++i) {
    char c = token[i];
    char n = i + 1 < token.size() ? token[i + 1] : '\0';
    if (n == 'h' && std::string_view("kgptdsczb").find(c) != std::string_view::npos) {
      folded.push_back(c == 'p' ? 'f' : c == 'z' ? 'j' : c);  // "ch" stays 'c', single c becomes k
      ++i;
      continue;
    }
    switch (c) {
      case 'q': folded.push_back('k'); break;
      case 'c': folded.push_back(n == 'k' ? '\0' : 'k'); break;
      case 'z': folded.push_back('s'); break;
      case 'x': folded += "ks"; break;
      case 'v': folded.push_back('w'); break;
      default: folded.push_back(c);
    }
  }
  std::string key;
  for (char c : folded) {
    if (c == '\0' || std::string_view("aeiouyw").find(c) != std::string_view::npos) continue;
    if (!key.empty() && key.back() == c) continue;
    key.push_back(c);
  }
  return key.empty() ? std::string(token) : key;
}

bool Vowelless(std::string_view t) { return t.find_first_of("aeiou") == std::string_view::npos; }

// Two phonetic keys equal once voiced consonants are devoiced (d-t, g-k, b-p): one
// name romanised by different ears or systems differs in voicing ("Rahmat",
// "Rahmad"; "Wardak", "Wardag"; "Qasim", "Ghasem").
bool SameDevoiced(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  auto devoice = [](char c) {
    switch (c) {
      case 'd': return 't';
      case 'g': return 'k';
      case 'b': return 'p';
      default: return c;
    }
  };
  for (size_t i = 0; i < a.size(); ++i) {
    if (devoice(a[i]) != devoice(b[i])) return false;
  }
  return true;
}

double TokenSimilarity(std::string_view a, std::string_view a_key, std::string_view b, std::string_view b_key) {
  if (a.empty() || b.empty()) return 0.0;
  if (a == b) return 1.0;
  if (a.size() == 1 || b.size() == 1) return a[0] == b[0] ? 0.9 : 0.0;
  double jw = JaroWinkler(a, b);
  if (jw < 0.8 && a_key != b_key && a_key.size() >= 3 && SameDevoiced(a_key, b_key)) {
    // The weakest agreement: the model learns from the data what it is worth.
    return 0.8;
  }
  auto first = [](char c) { return c == 'v' ? 'w' : c; };
  if (a_key == b_key && a_key.size() == 1 && (Vowelless(a) || Vowelless(b)) && first(a[0]) == first(b[0])) {
    // A one-consonant name from Arabic script ("wly" for Vali or Wali, "zya"
    // for Zia), beginning alike: the weakest agreement.
    return std::max(jw, 0.8);
  }
  if (a_key == b_key) {
    // A consonant-only form (a name from Arabic script) against a spelling
    // with vowels: the skeleton is all there is to compare, and it agrees.
    if (a_key.size() >= 2 && (Vowelless(a) || Vowelless(b))) return std::max(jw, 0.95);
    // Two spellings with vowels that sound alike ("Farooq", "Faruk"):
    // similar, but short skeletons are shared by too many names to say more.
    if (a_key.size() >= 3) return std::max(jw, 0.9);
    // Short skeletons ("Kim" and "Keum", "Gul" and "Gol"): similar, the
    // weakest agreement, whose weight the model learns from the data.
    if (a_key.size() == 2) return std::max(jw, 0.8);
  }
  return jw;
}

double TokenSimilarity(std::string_view a, std::string_view b) {
  return TokenSimilarity(a, PhoneticKey(a), b, PhoneticKey(b));
}

double PartSimilarity(const std::vector<std::string>& a, const std::vector<std::string>& a_keys,
                      const std::vector<std::string>& b, const std::vector<std::string>& b_keys) {
  if (a.empty() || b.empty()) return -1.0;
  bool a_short = a.size() <= b.size();
  const auto& shorter = a_short ? a : b;
  const auto& shorter_keys = a_short ? a_keys : b_keys;
  const auto& longer = a_short ? b : a;
  const auto& longer_keys = a_short ? b_keys : a_keys;
  double total = 0;
  for (size_t i = 0; i < shorter.size(); ++i) {
    double best = 0;
    for (size_t j = 0; j < longer.size() && best < 1.0; ++j) {
      best = std::max(best, TokenSimilarity(shorter[i], shorter_keys[i], longer[j], longer_keys[j]));
    }
    total += best;
  }
  double tokens = total / shorter.size();
  if ((a.size() == 1 && b.size() == 1) || tokens >= 1.0) return tokens;
  // The concatenations, on the stack when they fit (names are short).
  char a_buffer[128], b_buffer[128];
  std::string a_long, b_long;
  auto join = [](const std::vector<std::string>& parts, char* buffer, std::string& fallback) {
    size_t size = 0;
    for (const auto& t : parts) size += t.size();
    if (size > 128) {
      for (const auto& t : parts) fallback += t;
      return std::string_view(fallback);
    }
    size_t at = 0;
    for (const auto& t : parts) {
      std::memcpy(buffer + at, t.data(), t.size());
      at += t.size();
    }
    return std::string_view(buffer, size);
  };
  std::string_view ja = join(a, a_buffer, a_long), jb = join(b, b_buffer, b_long);
  return std::max(tokens, ja == jb ? 1.0 : JaroWinkler(ja, jb) * 0.97);
}

double PartSimilarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> ak, bk;
  for (const auto& t : a) ak.push_back(PhoneticKey(t));
  for (const auto& t : b) bk.push_back(PhoneticKey(t));
  return PartSimilarity(a, ak, b, bk);
}

}  // namespace disrupt::resolve

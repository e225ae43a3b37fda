// Search tokens shared by the stores; see search_tokens.h.
#include "store/search_tokens.h"

#include <cctype>
#include <mutex>
#include <set>
#include <unordered_map>

#include "core/text.h"
#include "model/schema.h"
#include "text/transliterate.h"

namespace disrupt::store {

namespace {

// text::SearchTokens of text outside ASCII goes through ICU and the
// romanisers, which costs tens of microseconds a value; names recur across
// records (the same person reported by several members, common given and
// family names), so the tokens of the values seen are kept, in one cache for
// the process (shared by the threads that write). ASCII text is
// cheap and not cached. The cache is emptied when it reaches
// kMaxCachedValues, which bounds its memory to a few tens of MiB.
constexpr size_t kMaxCachedValues = 100000;

class TokenCache {
 public:
  std::vector<std::string> Tokens(const std::string& value) {
    {
      std::lock_guard lock(mu_);
      if (auto it = cache_.find(value); it != cache_.end()) return it->second;
    }
    std::vector<std::string> tokens = text::SearchTokens(value);  // outside the lock: the slow part
    std::lock_guard lock(mu_);
    if (cache_.size() >= kMaxCachedValues) cache_.clear();
    cache_.emplace(value, tokens);
    return tokens;
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::vector<std::string>> cache_;  // guarded by mu_
};

std::vector<std::string> CachedSearchTokens(const std::string& value) {
  if (text::IsAscii(value)) return text::SearchTokens(value);
  static TokenCache cache;
  return cache.Tokens(value);
}

// `word` without characters of the Basic Multilingual Plane's private-use
// area (U+E000..U+F8FF: UTF-8 EE 80 80 .. EF A3 BF).
std::string StripPrivateUse(const std::string& word) {
  std::string out;
  out.reserve(word.size());
  for (size_t i = 0; i < word.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(word[i]);
    if (i + 2 < word.size()) {
      const auto b1 = static_cast<unsigned char>(word[i + 1]);
      if (b0 == 0xEE || (b0 == 0xEF && b1 < 0xA4)) {
        i += 2;
        continue;
      }
    }
    out.push_back(word[i]);
  }
  return out;
}

}  // namespace

RecordTokens RecordSearchTokens(const model::Record& r, const FieldProtection* protection) {
  std::set<std::string> exact, skeleton;
  std::vector<std::string> blind;
  auto add_text = [&](const std::string& value, bool protect) {
    for (auto& t : CachedSearchTokens(value)) {
      std::string s = text::IsAscii(t) ? text::ConsonantSkeleton(t) : std::string();
      if (protect) {
        blind.clear();
        protection->AppendWordTokens(t, blind);
        for (auto& b : blind) exact.insert(std::move(b));
        if (s.size() >= 2) skeleton.insert(protection->SkeletonToken(s));
        continue;
      }
      if (s.size() >= 2) skeleton.insert(std::move(s));
      exact.insert(std::move(t));
    }
  };
  if (const model::Schema* schema = model::FindSchema(r.type)) {
    for (const auto& spec : schema->properties) {
      if (!spec.searchable) continue;
      auto it = r.properties.find(spec.name);
      if (it == r.properties.end()) continue;
      const bool protect = protection && FieldProtection::Protects(r, spec);
      for (const auto& v : it->second) add_text(v.value, protect);
    }
  }
  add_text(r.id, false);
  return RecordTokens{{exact.begin(), exact.end()}, {skeleton.begin(), skeleton.end()}};
}

std::vector<std::vector<TokenVariant>> QueryWords(const std::string& text, const FieldProtection* protection) {
  // Split the folded text into words first, so that each word's variants
  // form one group.
  std::string folded = text::Fold(text);
  std::vector<std::string> words;
  std::string cur;
  for (char c : folded) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == ';' || c == '"' || c == '(' || c == ')' ||
        c == '-' || c == '.' || c == '/') {
      if (!cur.empty()) words.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) words.push_back(cur);
  // Private-use characters mark keyed tokens (field_protection.cc): never
  // part of a query word.
  for (auto& w : words) w = StripPrivateUse(w);
  std::vector<std::vector<TokenVariant>> out;
  for (const auto& w : words) {
    std::vector<TokenVariant> variants;
    for (auto& t : text::SearchTokens(w)) {
      bool ascii = text::IsAscii(t);
      std::string skeleton = ascii ? text::ConsonantSkeleton(t) : std::string();
      bool prefix = t.size() >= 2;
      if (protection) {
        variants.push_back(TokenVariant{TokenVariant::Column::kExact, protection->QueryWordToken(t), false});
        if (skeleton.size() >= 2) {
          variants.push_back(TokenVariant{TokenVariant::Column::kSkeleton, protection->SkeletonToken(skeleton), false});
        }
      }
      variants.push_back(TokenVariant{TokenVariant::Column::kExact, std::move(t), prefix});
      if (skeleton.size() >= 2) {
        variants.push_back(TokenVariant{TokenVariant::Column::kSkeleton, std::move(skeleton), false});
      }
    }
    if (!variants.empty()) out.push_back(std::move(variants));
  }
  return out;
}

std::string BuildMatchQuery(const std::string& text, const FieldProtection* protection) {
  std::vector<std::string> clauses;
  for (const auto& word : QueryWords(text, protection)) {
    std::vector<std::string> parts;
    for (const auto& v : word) {
      // Strings here are appended piece by piece: GCC 12 at -O3 warns
      // (-Wrestrict, wrongly) on the equivalent chains of operator+.
      std::string part = v.column == TokenVariant::Column::kExact ? "exact:\"" : "skeleton:\"";
      part.append(v.token).append("\"");
      if (v.prefix) part.append(" *");
      parts.push_back(std::move(part));
    }
    std::string clause = "(";
    clause.append(Join(parts, " OR ")).append(")");
    clauses.push_back(std::move(clause));
  }
  return Join(clauses, " AND ");
}

}  // namespace disrupt::store

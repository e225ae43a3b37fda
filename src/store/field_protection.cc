// Field encryption at rest and blind-index tokens for the stores; see
// field_protection.h.
#include "store/field_protection.h"

#include <algorithm>

namespace disrupt::store {

namespace {

// Token domains: distinct so that a word and a skeleton never share a token.
constexpr std::string_view kPrefixDomain = "search-prefix";
constexpr std::string_view kSkeletonDomain = "search-skeleton";
// Every keyed token starts with a private-use character (U+E000), which the
// search tokenizers keep inside a token but folded words never contain, so a
// word typed in a search can never prefix-match a keyed token.
constexpr std::string_view kTokenMark = "\xEE\x80\x80";
// Hex characters kept of each 128-bit token: 80 bits make collisions between
// distinct words negligible and keep the index small.
constexpr size_t kTokenHexChars = 20;
// Minimum prefix indexed, in characters.
constexpr size_t kMinPrefixChars = 2;

std::string AssociatedData(const model::Record& record, std::string_view property) {
  std::string ad;
  ad.reserve(record.id.size() + property.size() + 1);
  ad.append(record.id).append("/").append(property);
  return ad;
}

// Byte offsets where the UTF-8 characters of `word` end, in order.
std::vector<size_t> CharacterEnds(std::string_view word) {
  std::vector<size_t> ends;
  for (size_t i = 1; i <= word.size(); ++i) {
    if (i == word.size() || (static_cast<unsigned char>(word[i]) & 0xC0) != 0x80) ends.push_back(i);
  }
  return ends;
}

}  // namespace

FieldProtection::FieldProtection(const crypto::SecretKey& field_key) : cipher_(field_key), index_(field_key) {}

bool FieldProtection::Protects(const model::Record& record, const model::PropertySpec& property) {
  if (property.sensitive) return true;
  if (property.type != model::PropertyType::kText && property.type != model::PropertyType::kName) return false;
  return record.IsVictimRecord();
}

bool FieldProtection::HasProtectedValues(const model::Record& record) {
  const model::Schema* schema = model::FindSchema(record.type);
  if (!schema) return false;
  for (const auto& [name, values] : record.properties) {
    if (values.empty()) continue;
    const model::PropertySpec* spec = schema->Find(name);
    if (spec && Protects(record, *spec)) return true;
  }
  return false;
}

model::Record FieldProtection::Seal(const model::Record& record) const {
  model::Record sealed = record;
  const model::Schema* schema = model::FindSchema(record.type);
  if (!schema) return sealed;
  for (auto& [name, values] : sealed.properties) {
    const model::PropertySpec* spec = schema->Find(name);
    if (!spec || !Protects(record, *spec)) continue;
    const std::string ad = AssociatedData(record, name);
    for (auto& v : values) v.value = cipher_.Encrypt(v.value, ad);
  }
  return sealed;
}

Status FieldProtection::Reveal(model::Record& record) const {
  const model::Schema* schema = model::FindSchema(record.type);
  if (!schema) return Status::Ok();
  for (auto& [name, values] : record.properties) {
    const model::PropertySpec* spec = schema->Find(name);
    if (!spec || !Protects(record, *spec)) continue;
    std::string ad;
    for (auto& v : values) {
      if (!crypto::FieldCipher::IsEncrypted(v.value)) continue;
      if (ad.empty()) ad = AssociatedData(record, name);
      auto plain = cipher_.Decrypt(v.value, ad);
      if (!plain.ok()) {
        return Status::DataLoss("record " + record.id + ", property " + name + ": " + plain.status().message());
      }
      v.value = std::move(plain).value();
    }
  }
  return Status::Ok();
}

std::string FieldProtection::Token(std::string_view domain, std::string_view term) const {
  std::string token(kTokenMark);
  token.append(std::string_view(index_.Token(domain, term)).substr(0, kTokenHexChars));
  return token;
}

void FieldProtection::AppendWordTokens(std::string_view word, std::vector<std::string>& out) const {
  std::vector<size_t> ends = CharacterEnds(word);
  if (ends.empty()) return;
  if (ends.size() < kMinPrefixChars) {
    out.push_back(Token(kPrefixDomain, word));
    return;
  }
  const size_t last = std::min(ends.size(), kMaxPrefixChars);
  for (size_t chars = kMinPrefixChars; chars <= last; ++chars) {
    out.push_back(Token(kPrefixDomain, word.substr(0, ends[chars - 1])));
  }
}

std::string FieldProtection::SkeletonToken(std::string_view skeleton) const {
  return Token(kSkeletonDomain, skeleton);
}

std::string FieldProtection::QueryWordToken(std::string_view word) const {
  std::vector<size_t> ends = CharacterEnds(word);
  if (ends.size() > kMaxPrefixChars) word = word.substr(0, ends[kMaxPrefixChars - 1]);
  return Token(kPrefixDomain, word);
}

}  // namespace disrupt::store

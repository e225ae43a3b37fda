// FieldProtection: sensitive fields encrypted at rest in the catalogue, with
// search kept working through blind-index tokens.
//
// What is protected: every value of a property the schema marks `sensitive`
// (names and aliases of persons, dates of birth, phone and document numbers,
// account numbers and handles, ...), and for victim data (a Person with
// victim = true, and victim links such as `exploited`) every free-text and
// name property as well (notes, place of birth, labels). Ids, types, links'
// ends, dates of validity, provenance and handling stay in clear: the store
// filters and the policy decides on them.
//
// How: each protected value is replaced in the stored record by
// crypto::FieldCipher's ciphertext bound to "record-id/property", so a value
// copied to another record or property no longer decrypts. The search index
// holds, for protected values, keyed tokens (crypto::BlindIndex) instead of
// words: one per prefix of each folded word (two characters and up, at most
// kMaxPrefixChars), so that prefix search keeps working, and one per
// consonant skeleton. A query word is looked up through the same tokens, so
// whoever holds the key searches as before; a copy of the database alone
// shows neither the values nor the words (it shows which records share a
// word, the price of searching).
//
// The catalogue records the fingerprint of the key it is protected with
// (setting kProtectionSetting); a store opened without the key, or with
// another key, refuses to open (see Store::Open).
//
// Thread safety: immutable after construction; share freely.
// Cost: about a microsecond per protected value to seal or reveal, and one
// keyed hash per indexed prefix.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "crypto/field_cipher.h"
#include "crypto/keys.h"
#include "model/record.h"

namespace disrupt::store {

// The setting that holds the protecting key's fingerprint.
inline constexpr const char* kProtectionSetting = "field_key_fingerprint";

class FieldProtection {
 public:
  // Longest word prefix indexed (in characters); a query word longer than
  // this matches the words that share its first kMaxPrefixChars characters.
  static constexpr size_t kMaxPrefixChars = 24;

  explicit FieldProtection(const crypto::SecretKey& field_key);

  // Whether the values of `property` of `record` are protected (see above).
  static bool Protects(const model::Record& record, const model::PropertySpec& property);
  // Whether `record` has any protected value.
  static bool HasProtectedValues(const model::Record& record);

  // A copy of `record` with every protected value encrypted.
  model::Record Seal(const model::Record& record) const;
  // Decrypts, in place, the protected values of a record read back from the
  // store; values still in clear (written before protection was turned on)
  // are kept as they are. kDataLoss naming the record and property when a
  // ciphertext was altered, moved or made under another key.
  Status Reveal(model::Record& record) const;

  // Index tokens of one folded word of a protected value: its prefixes.
  void AppendWordTokens(std::string_view word, std::vector<std::string>& out) const;
  // Index token of a consonant skeleton of a protected value.
  std::string SkeletonToken(std::string_view skeleton) const;
  // The token a query word is looked up by (a whole word, or a prefix).
  std::string QueryWordToken(std::string_view word) const;

  const std::string& key_fingerprint() const { return cipher_.key_fingerprint(); }

 private:
  std::string Token(std::string_view domain, std::string_view term) const;

  crypto::FieldCipher cipher_;
  crypto::BlindIndex index_;
};

}  // namespace disrupt::store

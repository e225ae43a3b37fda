// Field encryption at rest and blind-index search tokens.
//
// FieldCipher protects the sensitive properties of a record (names, document
// and phone numbers, victim data: the properties flagged `sensitive` in the
// schema) in the catalogue database with XChaCha20-Poly1305 (libsodium's
// IETF AEAD construction), under a key held outside the database (keys.h).
// Each value gets a fresh random 192-bit nonce, so equal plaintexts give
// different ciphertexts. The associated data binds a ciphertext to its place
// (e.g. "record-id/property"): a ciphertext copied to another record or
// property no longer decrypts.
//
// Because ciphertexts reveal nothing, the store cannot index them for search.
// BlindIndex gives the store deterministic keyed tokens instead: the store
// keeps Token(folded word) beside each encrypted value, and a search for a
// word looks up Token(folded query word). Without the key the tokens cannot
// be computed or reversed by dictionary attack. Tokens reveal equality of
// words to whoever reads the database, which is the price of searching; they
// are computed on folded words (text/), so matching across scripts works as
// it does in the clear.
//
// Both are derived from one master key with libsodium's KDF (distinct
// contexts), so an operator manages one field key.
//
// Stored form of a ciphertext (ToText): "enc1:" + base64url(key fingerprint
// (8 bytes) || nonce (24 bytes) || ciphertext || tag (16 bytes)). IsEncrypted
// recognises it, so a store can migrate clear values lazily.
//
// Thread safety: both classes are immutable after construction; share freely.
// Cost: O(n) in the value's length; ~1 microsecond for a short name.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "crypto/keys.h"

namespace disrupt::crypto {

class FieldCipher {
 public:
  explicit FieldCipher(const SecretKey& master_key);

  // Encrypts `plaintext`, bound to `associated_data`. Never fails.
  std::string Encrypt(std::string_view plaintext, std::string_view associated_data) const;
  // Decrypts a value made by Encrypt with the same associated data.
  // kDataLoss when the value was altered, truncated, made under another key
  // (the message says so, with the key fingerprint) or bound to other data.
  Result<std::string> Decrypt(std::string_view stored, std::string_view associated_data) const;
  // True when `stored` has the form Encrypt produces.
  static bool IsEncrypted(std::string_view stored);

  const std::string& key_fingerprint() const { return fingerprint_; }

 private:
  SecretKey key_;
  std::string fingerprint_;      // hex, for messages
  std::string fingerprint_raw_;  // 8 bytes, stored in each ciphertext
};

class BlindIndex {
 public:
  explicit BlindIndex(const SecretKey& master_key);

  // Keyed BLAKE2b token (16 bytes, hex) of `term` in the given `domain` (e.g.
  // "name", "document_number"), so equal words in different fields give
  // different tokens. Callers fold and tokenise first; Token does not.
  std::string Token(std::string_view domain, std::string_view term) const;

 private:
  SecretKey key_;
};

}  // namespace disrupt::crypto

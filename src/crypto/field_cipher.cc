// Field encryption (XChaCha20-Poly1305) and blind-index tokens (keyed
// BLAKE2b), both under subkeys of one master key. See field_cipher.h.
#include "crypto/field_cipher.h"

#include <sodium.h>

#include "core/text.h"

namespace disrupt::crypto {

namespace {

constexpr std::string_view kPrefix = "enc1:";
constexpr size_t kFingerprintBytes = 8;
constexpr uint64_t kCipherSubkey = 1;
constexpr uint64_t kIndexSubkey = 2;
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES] = {'d', 'i', 's', 'r', 'f', 'l', 'd', '1'};

SecretKey DeriveSubkey(const SecretKey& master, uint64_t id) {
  std::array<uint8_t, kKeyBytes> sub{};
  crypto_kdf_derive_from_key(sub.data(), sub.size(), id, kKdfContext, master.data());
  SecretKey k = SecretKey::FromBytes(sub);
  sodium_memzero(sub.data(), sub.size());
  return k;
}

std::string_view AsView(const SecretKey& k) { return {reinterpret_cast<const char*>(k.data()), k.size()}; }

}  // namespace

FieldCipher::FieldCipher(const SecretKey& master_key) : key_(DeriveSubkey(master_key, kCipherSubkey)) {
  fingerprint_raw_ = Blake2b("disrupt-field-key", 16, AsView(key_)).substr(0, kFingerprintBytes);
  fingerprint_ = ToHex(fingerprint_raw_.data(), fingerprint_raw_.size());
}

std::string FieldCipher::Encrypt(std::string_view plaintext, std::string_view associated_data) const {
  const size_t nonce_bytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string raw = fingerprint_raw_;
  raw.resize(kFingerprintBytes + nonce_bytes + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  auto* nonce = reinterpret_cast<unsigned char*>(raw.data() + kFingerprintBytes);
  randombytes_buf(nonce, nonce_bytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + nonce_bytes, &written, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(associated_data.data()), associated_data.size(), nullptr, nonce,
      key_.data());
  raw.resize(kFingerprintBytes + nonce_bytes + written);
  return std::string(kPrefix) + ToBase64Url(raw);
}

Result<std::string> FieldCipher::Decrypt(std::string_view stored, std::string_view associated_data) const {
  if (!IsEncrypted(stored)) return Status::DataLoss("not an encrypted value");
  auto raw = FromBase64Url(stored.substr(kPrefix.size()));
  const size_t nonce_bytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  const size_t overhead = kFingerprintBytes + nonce_bytes + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (!raw.ok() || raw->size() < overhead) return Status::DataLoss("encrypted value is truncated or malformed");
  std::string_view bytes = *raw;
  if (!ConstantTimeEquals(bytes.substr(0, kFingerprintBytes), fingerprint_raw_)) {
    return Status::DataLoss("value was encrypted under another key (fingerprint " +
                            ToHex(bytes.data(), kFingerprintBytes) + ", this key " + fingerprint_ + ")");
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(bytes.data() + kFingerprintBytes);
  const auto* cipher = nonce + nonce_bytes;
  const size_t cipher_len = bytes.size() - kFingerprintBytes - nonce_bytes;
  std::string plain(cipher_len - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long plain_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plain_len, nullptr, cipher, cipher_len,
          reinterpret_cast<const unsigned char*>(associated_data.data()), associated_data.size(), nonce,
          key_.data()) != 0) {
    return Status::DataLoss("encrypted value fails authentication: altered, or bound to another field");
  }
  plain.resize(plain_len);
  return plain;
}

bool FieldCipher::IsEncrypted(std::string_view stored) { return StartsWith(stored, kPrefix); }

BlindIndex::BlindIndex(const SecretKey& master_key) : key_(DeriveSubkey(master_key, kIndexSubkey)) {}

std::string BlindIndex::Token(std::string_view domain, std::string_view term) const {
  // Length-prefix the domain so ("ab", "c") and ("a", "bc") differ.
  std::string input = std::to_string(domain.size()) + ":" + std::string(domain) + std::string(term);
  std::string digest = Blake2b(input, 16, AsView(key_));
  return ToHex(digest.data(), digest.size());
}

}  // namespace disrupt::crypto

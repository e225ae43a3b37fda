// Argon2id password hashing through libsodium. See password.h for the
// choice of parameters.
#include "auth/password.h"

#include <sodium.h>

#include "core/text.h"
#include "crypto/keys.h"

namespace disrupt::auth {

Status CheckPasswordRules(std::string_view password) {
  if (!IsValidUtf8(password)) return Status::InvalidArgument("password is not valid UTF-8", "password");
  if (password.size() > kMaxPasswordBytes) {
    return Status::InvalidArgument("password longer than " + std::to_string(kMaxPasswordBytes) + " bytes", "password");
  }
  size_t chars = 0;
  for (unsigned char c : password) chars += (c & 0xC0) != 0x80;
  if (chars < kMinPasswordChars) {
    return Status::InvalidArgument("password shorter than " + std::to_string(kMinPasswordChars) + " characters",
                                   "password");
  }
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password, const PasswordCost& cost) {
  crypto::EnsureSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::ResourceExhausted("not enough memory to hash a password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  crypto::EnsureSodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES || !StartsWith(hash, "$argon2id$")) return false;
  std::string h(hash);  // NUL-terminated copy
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

bool NeedsRehash(std::string_view hash, const PasswordCost& cost) {
  crypto::EnsureSodium();
  std::string h(hash);
  return crypto_pwhash_str_needs_rehash(h.c_str(), cost.ops, cost.memory_bytes) != 0;
}

std::string GeneratePassword(size_t chars) {
  // No 0/O, 1/l/I: passwords are read out and typed by people.
  static constexpr std::string_view kAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  crypto::EnsureSodium();
  std::string out;
  for (size_t i = 0; i < chars; ++i) out.push_back(kAlphabet[randombytes_uniform(kAlphabet.size())]);
  return out;
}

}  // namespace disrupt::auth

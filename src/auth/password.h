// Password hashing with Argon2id (libsodium crypto_pwhash).
//
// Cost parameters: the OWASP Password Storage Cheat Sheet's first Argon2id
// configuration, m = 19 MiB, t = 2, p = 1 (libsodium's Argon2id always uses
// one lane). We chose it over libsodium's MODERATE (256 MiB, t = 3) because a
// portal server verifying several sign-ins at once on a 2-core machine
// cannot afford 256 MiB and ~0.7 s per attempt; 19 MiB/t=2 takes ~40 ms and
// still costs an attacker's GPU dearly. The parameters are stored inside each
// hash (PHC string "$argon2id$v=19$m=...,t=...,p=1$salt$hash"), so raising
// them later only affects new hashes; NeedsRehash tells when to re-hash an
// old one at the next successful sign-in.
//
// Thread safety: stateless; each call allocates its own memory (m bytes).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace disrupt::auth {

struct PasswordCost {
  unsigned long long ops = 2;                  // t
  size_t memory_bytes = 19ull * 1024 * 1024;   // m
};
inline constexpr PasswordCost kOwaspCost{};

// Passwords shorter than this are refused; longer than kMaxPasswordBytes too
// (to bound hashing work per request).
inline constexpr size_t kMinPasswordChars = 12;
inline constexpr size_t kMaxPasswordBytes = 1024;

// Checks length and UTF-8. kInvalidArgument naming the rule broken.
Status CheckPasswordRules(std::string_view password);

// The PHC-format hash of `password`. kResourceExhausted when memory runs out.
Result<std::string> HashPassword(std::string_view password, const PasswordCost& cost = kOwaspCost);
// True when `password` matches `hash`; false on mismatch or a malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);
// True when `hash` was made with parameters other than `cost`.
bool NeedsRehash(std::string_view hash, const PasswordCost& cost = kOwaspCost);
// A random password of `chars` characters from an unambiguous alphabet.
std::string GeneratePassword(size_t chars = 20);

}  // namespace disrupt::auth

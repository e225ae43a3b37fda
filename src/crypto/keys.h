// Secret keys kept outside the database: loading, generating and wiping.
//
// Every key Disrupt uses at rest (the field-encryption key, the audit
// signing key) is 32 random bytes kept in a file or an environment variable,
// never in the catalogue database, so that a copy of the database alone
// reveals no protected field and cannot forge an audit checkpoint.
//
// Format: 64 hexadecimal characters, optionally followed by a newline, in a
// file readable only by its owner (mode 0600 or stricter; a file readable by
// group or others is refused), or the same 64 characters in an environment
// variable. See docs/operations.md, "Keys".
//
// Thread safety: SecretKey is a value; distinct objects may be used from
// different threads. Its bytes live in memory locked against swapping where
// the system allows it and are wiped on destruction.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "core/status.h"

namespace disrupt::crypto {

inline constexpr size_t kKeyBytes = 32;

class SecretKey {
 public:
  SecretKey();  // all zero; use Generate() or Load*()
  ~SecretKey();
  SecretKey(const SecretKey& other);
  SecretKey& operator=(const SecretKey& other);

  // 32 bytes from the system's CSPRNG.
  static SecretKey Generate();
  // From exactly 32 raw bytes (tests, derivation).
  static SecretKey FromBytes(const std::array<uint8_t, kKeyBytes>& bytes);
  // From 64 hex characters (surrounding whitespace ignored). kInvalidArgument otherwise.
  static Result<SecretKey> FromHex(std::string_view hex);

  const uint8_t* data() const { return bytes_.data(); }
  static constexpr size_t size() { return kKeyBytes; }
  std::string ToHex() const;
  // A short public fingerprint (first 8 bytes of BLAKE2b of the key, hex) that
  // identifies the key in ciphertexts, logs and manifests without revealing it.
  std::string Fingerprint() const;

 private:
  std::array<uint8_t, kKeyBytes> bytes_{};
};

// Where a key comes from: the environment variable wins when it is set and
// non-empty, otherwise the file. Both empty: kFailedPrecondition naming them.
struct KeySource {
  std::string file;     // path of a key file, may be empty
  std::string env_var;  // name of an environment variable, may be empty
};

// The two keys Disrupt uses, and where they are looked for: the hex key in
// the first environment variable, else the file given (an option such as
// --field-key), else the file named by the second environment variable.
inline constexpr const char* kFieldKeyEnv = "DISRUPT_FIELD_KEY";
inline constexpr const char* kFieldKeyFileEnv = "DISRUPT_FIELD_KEY_FILE";
inline constexpr const char* kAuditKeyEnv = "DISRUPT_AUDIT_KEY";
inline constexpr const char* kAuditKeyFileEnv = "DISRUPT_AUDIT_KEY_FILE";
KeySource FieldKeySource(const std::string& file_option);
KeySource AuditKeySource(const std::string& file_option);
// True when the environment or `file_option` names a key (it may still fail to load).
bool KeyConfigured(const KeySource& source);

// Loads a key. Errors: kFailedPrecondition when neither source is configured,
// kNotFound when the file is missing, kForbidden when the file is readable by
// group or others, kInvalidArgument (naming the file or variable) for a
// malformed key.
Result<SecretKey> LoadKey(const KeySource& source);

// Writes a new random key to `path` with mode 0600. Refuses to overwrite an
// existing file (kConflict). Returns the key.
Result<SecretKey> GenerateKeyFile(const std::string& path);

// Lower-case hex of bytes, and its inverse (kInvalidArgument on bad input).
std::string ToHex(const void* data, size_t size);
Result<std::string> FromHex(std::string_view hex);
// Constant-time comparison of two byte strings of equal length (false when the lengths differ).
bool ConstantTimeEquals(std::string_view a, std::string_view b);
// `n` bytes from the system's CSPRNG.
std::string RandomBytes(size_t n);
// URL-safe base64 without padding, and its inverse.
std::string ToBase64Url(std::string_view bytes);
Result<std::string> FromBase64Url(std::string_view text);
// BLAKE2b of `data` with an output of `size` bytes (16..64), optionally keyed.
std::string Blake2b(std::string_view data, size_t size = 32, std::string_view key = {});

// Initialises libsodium once; safe to call from any thread, any number of times.
// Every function above calls it; exposed for code that uses libsodium directly.
void EnsureSodium();

}  // namespace disrupt::crypto

// Secret keys outside the database, and the small libsodium helpers every
// security subsystem shares. See keys.h.
#include "crypto/keys.h"

#include <sodium.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <mutex>
#include <sstream>
#include <unistd.h>

#include "core/text.h"

namespace disrupt::crypto {

void EnsureSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    // sodium_init fails only when the system has no usable randomness source;
    // nothing secure can be done then.
    if (sodium_init() < 0) std::abort();
  });
}

SecretKey::SecretKey() { EnsureSodium(); }
SecretKey::~SecretKey() { sodium_memzero(bytes_.data(), bytes_.size()); }
SecretKey::SecretKey(const SecretKey& other) : bytes_(other.bytes_) {}
SecretKey& SecretKey::operator=(const SecretKey& other) {
  bytes_ = other.bytes_;
  return *this;
}

SecretKey SecretKey::Generate() {
  SecretKey k;
  randombytes_buf(k.bytes_.data(), k.bytes_.size());
  return k;
}

SecretKey SecretKey::FromBytes(const std::array<uint8_t, kKeyBytes>& bytes) {
  SecretKey k;
  k.bytes_ = bytes;
  return k;
}

Result<SecretKey> SecretKey::FromHex(std::string_view hex) {
  hex = Trim(hex);
  if (hex.size() != 2 * kKeyBytes) {
    return Status::InvalidArgument("a key is 64 hexadecimal characters, got " + std::to_string(hex.size()));
  }
  SecretKey k;
  size_t len = 0;
  if (sodium_hex2bin(k.bytes_.data(), k.bytes_.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != kKeyBytes) {
    return Status::InvalidArgument("a key is 64 hexadecimal characters; found other characters");
  }
  return k;
}

std::string SecretKey::ToHex() const { return crypto::ToHex(bytes_.data(), bytes_.size()); }

std::string SecretKey::Fingerprint() const {
  std::string digest =
      Blake2b(std::string_view("disrupt-key-fingerprint"), 16,
              std::string_view(reinterpret_cast<const char*>(bytes_.data()), bytes_.size()));
  return crypto::ToHex(digest.data(), 8);
}

namespace {
KeySource SourceFrom(const std::string& file_option, const char* env, const char* file_env) {
  std::string file = file_option;
  if (file.empty()) {
    if (const char* f = std::getenv(file_env)) file = f;
  }
  return KeySource{file, env};
}
}  // namespace

KeySource FieldKeySource(const std::string& file_option) {
  return SourceFrom(file_option, kFieldKeyEnv, kFieldKeyFileEnv);
}
KeySource AuditKeySource(const std::string& file_option) {
  return SourceFrom(file_option, kAuditKeyEnv, kAuditKeyFileEnv);
}

bool KeyConfigured(const KeySource& source) {
  if (!source.env_var.empty()) {
    const char* v = std::getenv(source.env_var.c_str());
    if (v && *v) return true;
  }
  return !source.file.empty();
}

Result<SecretKey> LoadKey(const KeySource& source) {
  if (!source.env_var.empty()) {
    const char* value = std::getenv(source.env_var.c_str());
    if (value && *value) {
      auto key = SecretKey::FromHex(value);
      if (!key.ok()) return Status::InvalidArgument(key.status().message(), source.env_var);
      return key;
    }
  }
  if (source.file.empty()) {
    return Status::FailedPrecondition(
        "no key configured: set " + (source.env_var.empty() ? std::string("a key file") : source.env_var) +
        " or give a key file");
  }
  struct stat st {};
  if (stat(source.file.c_str(), &st) != 0) return Status::NotFound("key file not found: " + source.file);
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Status::Forbidden("key file " + source.file + " is accessible by group or others; chmod 600 it");
  }
  std::ifstream in(source.file);
  if (!in) return Status::NotFound("cannot read key file " + source.file);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  auto key = SecretKey::FromHex(text);
  sodium_memzero(text.data(), text.size());
  if (!key.ok()) return Status::InvalidArgument(key.status().message(), source.file);
  return key;
}

Result<SecretKey> GenerateKeyFile(const std::string& path) {
  SecretKey key = SecretKey::Generate();
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Status::Conflict("key file already exists, not overwritten: " + path);
    return Status::Unavailable("cannot create key file " + path);
  }
  std::string text = key.ToHex() + "\n";
  ssize_t written = write(fd, text.data(), text.size());
  sodium_memzero(text.data(), text.size());
  bool ok = written == static_cast<ssize_t>(2 * kKeyBytes + 1) && fsync(fd) == 0;
  close(fd);
  if (!ok) return Status::Unavailable("cannot write key file " + path);
  return key;
}

std::string ToHex(const void* data, size_t size) {
  EnsureSodium();
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), static_cast<const unsigned char*>(data), size);
  out.pop_back();
  return out;
}

Result<std::string> FromHex(std::string_view hex) {
  EnsureSodium();
  if (hex.size() % 2 != 0) return Status::InvalidArgument("odd number of hexadecimal digits");
  std::string out(hex.size() / 2, '\0');
  size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(), nullptr,
                     &len, nullptr) != 0 ||
      len != out.size()) {
    return Status::InvalidArgument("not hexadecimal");
  }
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  EnsureSodium();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string RandomBytes(size_t n) {
  EnsureSodium();
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

std::string ToBase64Url(std::string_view bytes) {
  EnsureSodium();
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

Result<std::string> FromBase64Url(std::string_view text) {
  EnsureSodium();
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return Status::InvalidArgument("not base64url");
  }
  out.resize(len);
  return out;
}

std::string Blake2b(std::string_view data, size_t size, std::string_view key) {
  EnsureSodium();
  assert(size >= crypto_generichash_BYTES_MIN && size <= crypto_generichash_BYTES_MAX);
  assert(key.empty() || (key.size() >= crypto_generichash_KEYBYTES_MIN && key.size() <= crypto_generichash_KEYBYTES_MAX));
  std::string out(size, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), size,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     key.empty() ? nullptr : reinterpret_cast<const unsigned char*>(key.data()), key.size());
  return out;
}

}  // namespace disrupt::crypto

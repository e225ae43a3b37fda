// RFC 6238 TOTP over RFC 4226 HOTP with HMAC-SHA-1 (OpenSSL), base32 and
// otpauth:// URIs. See totp.h.
#include "auth/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "crypto/keys.h"

namespace disrupt::auth {

namespace {

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string UriEscape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string GenerateTotpSecret() { return crypto::RandomBytes(20); }

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kBase32[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kBase32[(buffer << (5 - bits)) & 31]);
  return out;
}

Result<std::string> Base32Decode(std::string_view text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char ch : text) {
    if (ch == ' ' || ch == '=' || ch == '-') continue;
    char up = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 32) : ch;
    size_t v = kBase32.find(up);
    if (v == std::string_view::npos) return Status::InvalidArgument("not base32", "secret");
    buffer = (buffer << 5) | static_cast<unsigned>(v);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  return out;
}

std::string Hotp(std::string_view secret, uint64_t counter, int digits) {
  unsigned char msg[8];
  for (int i = 7; i >= 0; --i) {
    msg[i] = static_cast<unsigned char>(counter & 0xff);
    counter >>= 8;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), msg, sizeof msg, mac, &mac_len);
  const int offset = mac[mac_len - 1] & 0x0f;
  const uint32_t binary = (static_cast<uint32_t>(mac[offset] & 0x7f) << 24) |
                          (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                          (static_cast<uint32_t>(mac[offset + 2]) << 8) | mac[offset + 3];
  uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  return std::string(digits - code.size(), '0') + code;
}

std::string Totp(std::string_view secret, long long unix_seconds, int digits) {
  return Hotp(secret, static_cast<uint64_t>(unix_seconds / kTotpStepSeconds), digits);
}

std::optional<long long> MatchTotp(std::string_view secret, std::string_view code, long long unix_seconds) {
  if (code.size() != static_cast<size_t>(kTotpDigits)) return std::nullopt;
  for (char c : code)
    if (c < '0' || c > '9') return std::nullopt;
  const long long step = unix_seconds / kTotpStepSeconds;
  std::optional<long long> found;
  // Check every step in the window, so timing does not reveal which matched.
  for (long long s = step - kTotpWindow; s <= step + kTotpWindow; ++s) {
    if (s < 0) continue;
    if (crypto::ConstantTimeEquals(Hotp(secret, static_cast<uint64_t>(s)), code) && !found) found = s;
  }
  return found;
}

std::string OtpAuthUri(std::string_view issuer, std::string_view account, std::string_view secret) {
  return "otpauth://totp/" + UriEscape(issuer) + ":" + UriEscape(account) + "?secret=" + Base32Encode(secret) +
         "&issuer=" + UriEscape(issuer) + "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
         "&period=" + std::to_string(kTotpStepSeconds);
}

}  // namespace disrupt::auth

// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): the second
// factor every account needs except the demo's.
//
// Parameters as authenticator apps expect them: HMAC-SHA-1, 6 digits, a
// 30-second step, and a window of one step either side for clock drift.
// Secrets are 20 random bytes (160 bits, RFC 4226's recommendation), shown
// to the user once as base32 inside an otpauth:// URI for enrolment.
// Replay of a code is refused by the caller remembering the last step
// accepted (Authenticator keeps it in the database).
//
// Thread safety: stateless.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace disrupt::auth {

inline constexpr int kTotpDigits = 6;
inline constexpr long long kTotpStepSeconds = 30;
inline constexpr int kTotpWindow = 1;

// A new random 20-byte secret.
std::string GenerateTotpSecret();
// RFC 4648 base32 (upper case, no padding) and its inverse (case-insensitive,
// spaces and padding ignored; kInvalidArgument otherwise).
std::string Base32Encode(std::string_view bytes);
Result<std::string> Base32Decode(std::string_view text);

// HOTP value (RFC 4226) of `secret` at `counter`, as a zero-padded string of `digits`.
std::string Hotp(std::string_view secret, uint64_t counter, int digits = kTotpDigits);
// TOTP value at Unix time `unix_seconds`.
std::string Totp(std::string_view secret, long long unix_seconds, int digits = kTotpDigits);
// The time step `code` is valid for within ±kTotpWindow of `unix_seconds`, or
// nullopt. Constant-time comparison; refuses codes that are not 6 digits.
std::optional<long long> MatchTotp(std::string_view secret, std::string_view code, long long unix_seconds);

// "otpauth://totp/Disrupt:alice?secret=...&issuer=Disrupt&algorithm=SHA1&digits=6&period=30"
std::string OtpAuthUri(std::string_view issuer, std::string_view account, std::string_view secret);

}  // namespace disrupt::auth

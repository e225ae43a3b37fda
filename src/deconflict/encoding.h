// Privacy-preserving encodings for deconfliction (hit/no-hit).
//
// `disrupt encode` runs at a member's own site: every person record becomes
// an EncodedRecord that holds no readable data, only
//   - keyed hashes (HMAC-SHA256, truncated to 128 bits) of its exact
//     identifiers: the E.164 phone number and the document number (with
//     misreadings folded, resolve/identifiers.h);
//   - a 1,024-bit Bloom-filter encoding (cryptographic long-term key, CLK)
//     of its name and date of birth: the name's Latin bigrams and the
//     regional phonetic key of each name token, and the birth year and the
//     unordered day/month pair, each hashed into the filter k times by
//     double hashing with two keyed HMACs (bit_i = h1 + i·h2 mod 1024).
// The keys derive from a secret shared by the Working Group's members
// (HMAC-SHA256(secret, purpose label), one key per field and per hash), so
// only holders of the secret can compute encodings to compare, and nobody
// can test a guess against an encoding without it. The portal, which never
// holds the secret, sees encodings and record references only.
//
// Thread safety: an Encoder is immutable after construction; Encode may run
// concurrently.
#pragma once

#include <array>
#include <cstdint>
#include <istream>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "core/status.h"
#include "deconflict/dice.h"
#include "resolve/record.h"

namespace disrupt::deconflict {

// The group's shared secret: at least 32 bytes.
class GroupSecret {
 public:
  // From the contents of a secret file: 64+ hex digits, or 32+ raw bytes.
  // kInvalidArgument when too short.
  static Result<GroupSecret> FromFileContents(const std::string& contents);
  // A fresh random secret (libsodium/OpenSSL random bytes), hex-encoded for a file.
  static std::string GenerateHex();

  // A key for one purpose ("phone", "clk-h1", ...): HMAC-SHA256(secret, label).
  std::array<uint8_t, 32> DeriveKey(const std::string& purpose) const;
  // A short public fingerprint of the secret, so files made with different
  // secrets are refused before matching (16 hex digits).
  std::string KeyId() const;

 private:
  std::string bytes_;
};

struct EncodedRecord {
  std::string ref;                            // the member's reference for the record
  std::map<std::string, std::string> exact;   // field -> hex HMAC ("phone", "passport_no")
  Clk clk;                                    // name and date of birth; all zero when neither is known
  bool has_clk = false;
};

struct EncoderOptions {
  int name_bigram_hashes = 15;   // k for each name bigram
  int name_key_hashes = 20;      // k for each token's phonetic key
  int dob_hashes = 20;           // k for each date-of-birth token
};

class Encoder {
 public:
  Encoder(const GroupSecret& secret, EncoderOptions options = {});
  // Encodes one record; fields that cannot be normalised are left out.
  EncodedRecord Encode(const resolve::PersonRecord& record) const;
  // The keyed hash of one normalised exact identifier.
  std::string ExactHash(const std::string& field, const std::string& normalised) const;

 private:
  void AddToken(Clk& clk, const std::string& token, int k) const;
  std::array<uint8_t, 32> phone_key_, document_key_, h1_key_, h2_key_;
  EncoderOptions options_;
};

// An encoding file: a header line then one JSON object per record.
struct EncodingFile {
  std::string member;
  std::string key_id;
  std::vector<EncodedRecord> records;
};

void WriteEncodingFile(std::ostream& out, const EncodingFile& file);
// kInvalidArgument naming "source:line" for a malformed line, an unknown
// format or version, or a CLK of the wrong size.
Result<EncodingFile> ReadEncodingFile(std::istream& in, const std::string& source);

}  // namespace disrupt::deconflict

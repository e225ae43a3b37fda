// Keyed encodings of person records; see encoding.h.
#include "deconflict/encoding.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace disrupt::deconflict {

namespace {

constexpr const char* kFormat = "disrupt-encodings";
constexpr int kVersion = 1;

std::array<uint8_t, 32> Hmac(const void* key, size_t key_len, const std::string& data) {
  std::array<uint8_t, 32> out{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key, static_cast<int>(key_len), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
       out.data(), &len);
  return out;
}

std::string Hex(const uint8_t* p, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[p[i] >> 4]);
    out.push_back(kDigits[p[i] & 15]);
  }
  return out;
}

uint64_t Load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

std::string Base64(const Clk& clk) {
  unsigned char buf[4 * (kClkBits / 8 + 2) / 3 + 4];
  int n = EVP_EncodeBlock(buf, reinterpret_cast<const unsigned char*>(clk.words.data()), kClkBits / 8);
  return std::string(reinterpret_cast<char*>(buf), n);
}

bool FromBase64(const std::string& s, Clk& clk) {
  if (s.size() != 4 * ((kClkBits / 8 + 2) / 3)) return false;
  unsigned char buf[kClkBits / 8 + 3];
  int n = EVP_DecodeBlock(buf, reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()));
  if (n < kClkBits / 8) return false;
  std::memcpy(clk.words.data(), buf, kClkBits / 8);
  return true;
}

}  // namespace

Result<GroupSecret> GroupSecret::FromFileContents(const std::string& contents) {
  std::string_view trimmed = Trim(contents);
  bool hex = !trimmed.empty() && trimmed.size() % 2 == 0 &&
             std::all_of(trimmed.begin(), trimmed.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  GroupSecret s;
  if (hex) {
    for (size_t i = 0; i < trimmed.size(); i += 2) {
      s.bytes_.push_back(static_cast<char>(std::stoi(std::string(trimmed.substr(i, 2)), nullptr, 16)));
    }
  } else {
    s.bytes_ = contents;
  }
  if (s.bytes_.size() < 32) return Status::InvalidArgument("the group secret must hold at least 32 bytes", "secret");
  return s;
}

std::string GroupSecret::GenerateHex() {
  uint8_t bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return "";
  return Hex(bytes, sizeof bytes);
}

std::array<uint8_t, 32> GroupSecret::DeriveKey(const std::string& purpose) const {
  return Hmac(bytes_.data(), bytes_.size(), "disrupt deconfliction v1: " + purpose);
}

std::string GroupSecret::KeyId() const {
  auto k = DeriveKey("key id");
  return Hex(k.data(), 8);
}

Encoder::Encoder(const GroupSecret& secret, EncoderOptions options)
    : phone_key_(secret.DeriveKey("phone")),
      document_key_(secret.DeriveKey("passport_no")),
      h1_key_(secret.DeriveKey("clk-h1")),
      h2_key_(secret.DeriveKey("clk-h2")),
      options_(options) {}

std::string Encoder::ExactHash(const std::string& field, const std::string& normalised) const {
  const auto& key = field == "phone" ? phone_key_ : document_key_;
  auto mac = Hmac(key.data(), key.size(), normalised);
  return Hex(mac.data(), 16);
}

void Encoder::AddToken(Clk& clk, const std::string& token, int k) const {
  auto a = Hmac(h1_key_.data(), h1_key_.size(), token);
  auto b = Hmac(h2_key_.data(), h2_key_.size(), token);
  uint64_t h1 = Load64(a.data()), h2 = Load64(b.data()) | 1;
  for (int i = 0; i < k; ++i) clk.Set(static_cast<uint32_t>((h1 + static_cast<uint64_t>(i) * h2) % kClkBits));
}

EncodedRecord Encoder::Encode(const resolve::PersonRecord& record) const {
  EncodedRecord e;
  e.ref = record.id;
  resolve::NormalisedRecord n = resolve::Normalise(record, nullptr);
  if (!n.phone.empty()) e.exact["phone"] = ExactHash("phone", n.phone);
  if (!n.document.empty()) e.exact["passport_no"] = ExactHash("passport_no", n.document);
  auto add_name = [&](const std::vector<std::string>& tokens, const std::vector<std::string>& keys) {
    for (size_t t = 0; t < tokens.size(); ++t) {
      std::string padded = "_" + tokens[t] + "_";
      for (size_t i = 0; i + 1 < padded.size(); ++i) AddToken(e.clk, "n:" + padded.substr(i, 2), options_.name_bigram_hashes);
      AddToken(e.clk, "k:" + keys[t], options_.name_key_hashes);
      e.has_clk = true;
    }
  };
  add_name(n.given, n.given_keys);
  add_name(n.family, n.family_keys);
  if (!n.dob.empty()) {
    AddToken(e.clk, "y:" + std::to_string(n.dob.year), options_.dob_hashes);
    if (n.dob.complete()) {
      // Unordered, so that a swapped day and month still agree.
      auto [lo, hi] = std::minmax(n.dob.month, n.dob.day);
      AddToken(e.clk, "md:" + std::to_string(lo) + "-" + std::to_string(hi), options_.dob_hashes);
    }
    e.has_clk = true;
  }
  return e;
}

void WriteEncodingFile(std::ostream& out, const EncodingFile& file) {
  nlohmann::json header{{"format", kFormat},      {"version", kVersion},
                        {"member", file.member},  {"key_id", file.key_id},
                        {"clk_bits", kClkBits},   {"records", file.records.size()}};
  out << header.dump() << "\n";
  for (const auto& r : file.records) {
    nlohmann::json j{{"ref", r.ref}};
    if (r.has_clk) j["clk"] = Base64(r.clk);
    if (!r.exact.empty()) j["exact"] = r.exact;
    out << j.dump() << "\n";
  }
}

Result<EncodingFile> ReadEncodingFile(std::istream& in, const std::string& source) {
  EncodingFile file;
  std::string line;
  int n = 0;
  if (!std::getline(in, line)) return Status::InvalidArgument("empty encoding file", source);
  ++n;
  auto header = nlohmann::json::parse(line, nullptr, false);
  if (header.is_discarded() || !header.is_object() || header.value("format", "") != kFormat) {
    return Status::InvalidArgument("not a disrupt encoding file", source + ":1");
  }
  if (header.value("version", 0) != kVersion || header.value("clk_bits", 0) != kClkBits) {
    return Status::InvalidArgument("unsupported encoding version or size", source + ":1");
  }
  file.member = header.value("member", "");
  file.key_id = header.value("key_id", "");
  while (std::getline(in, line)) {
    ++n;
    if (Trim(line).empty()) continue;
    std::string where = source + ":" + std::to_string(n);
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("ref") || !j["ref"].is_string()) {
      return Status::InvalidArgument("malformed encoded record", where);
    }
    EncodedRecord r;
    r.ref = j["ref"].get<std::string>();
    if (j.contains("clk")) {
      if (!j["clk"].is_string() || !FromBase64(j["clk"].get<std::string>(), r.clk)) {
        return Status::InvalidArgument("malformed clk", where + ":clk");
      }
      r.has_clk = true;
    }
    if (j.contains("exact")) {
      if (!j["exact"].is_object()) return Status::InvalidArgument("malformed exact keys", where + ":exact");
      for (const auto& [field, value] : j["exact"].items()) {
        if (!value.is_string()) return Status::InvalidArgument("malformed exact key", where + ":exact." + field);
        r.exact[field] = value.get<std::string>();
      }
    }
    file.records.push_back(std::move(r));
  }
  return file;
}

}  // namespace disrupt::deconflict

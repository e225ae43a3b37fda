// Tests of keys and field encryption: round trips, tamper and wrong-key
// detection, binding to associated data, key files and their permissions,
// and blind-index tokens. Expected values are properties (round trip, change
// detected), plus the published BLAKE2b-512 test vector for the empty string.
#include <sys/stat.h>

#include <cstdlib>

#include <gtest/gtest.h>

#include "crypto/field_cipher.h"
#include "crypto/keys.h"
#include "testing.h"

namespace disrupt::crypto {
namespace {

TEST(Keys, HexRoundTripAndErrors) {
  SecretKey k = SecretKey::Generate();
  auto back = SecretKey::FromHex(k.ToHex() + "\n");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->ToHex(), k.ToHex());
  EXPECT_FALSE(SecretKey::FromHex("abcd").ok());
  EXPECT_FALSE(SecretKey::FromHex(std::string(64, 'z')).ok());
}

TEST(Keys, Blake2bMatchesPublishedVector) {
  // BLAKE2b-512 of the empty string (RFC 7693 reference implementation output).
  std::string d = Blake2b("", 64);
  EXPECT_EQ(ToHex(d.data(), d.size()),
            "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
            "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce");
}

TEST(Keys, FileIsCreatedPrivateAndLoaded) {
  testing::TempDir dir;
  auto key = GenerateKeyFile(dir.File("field.key"));
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  struct stat st {};
  ASSERT_EQ(stat(dir.File("field.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto loaded = LoadKey({dir.File("field.key"), ""});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->ToHex(), key->ToHex());
  // Never overwritten.
  EXPECT_EQ(GenerateKeyFile(dir.File("field.key")).status().code(), StatusCode::kConflict);
}

TEST(Keys, RefusesKeyFileReadableByOthers) {
  testing::TempDir dir;
  ASSERT_TRUE(GenerateKeyFile(dir.File("k")).ok());
  ASSERT_EQ(chmod(dir.File("k").c_str(), 0644), 0);
  EXPECT_EQ(LoadKey({dir.File("k"), ""}).status().code(), StatusCode::kForbidden);
}

TEST(Keys, EnvironmentWinsOverFileAndErrorsNameTheSource) {
  SecretKey k = SecretKey::Generate();
  setenv("DISRUPT_TEST_KEY", k.ToHex().c_str(), 1);
  auto loaded = LoadKey({"/nonexistent/key", "DISRUPT_TEST_KEY"});
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->ToHex(), k.ToHex());
  setenv("DISRUPT_TEST_KEY", "nothex", 1);
  auto bad = LoadKey({"", "DISRUPT_TEST_KEY"});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "DISRUPT_TEST_KEY");
  unsetenv("DISRUPT_TEST_KEY");
  EXPECT_EQ(LoadKey({"", "DISRUPT_TEST_KEY"}).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(LoadKey({"/nonexistent/key", ""}).status().code(), StatusCode::kNotFound);
}

TEST(FieldCipher, RoundTripsAndHidesEquality) {
  FieldCipher cipher(SecretKey::Generate());
  const std::string name = "Nguyễn Văn An / نگوین";
  std::string a = cipher.Encrypt(name, "P-1/name");
  std::string b = cipher.Encrypt(name, "P-1/name");
  EXPECT_TRUE(FieldCipher::IsEncrypted(a));
  EXPECT_NE(a, b);  // fresh nonce each time
  EXPECT_EQ(a.find("Nguy"), std::string::npos);
  auto plain = cipher.Decrypt(a, "P-1/name");
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(*plain, name);
  auto empty = cipher.Decrypt(cipher.Encrypt("", "x"), "x");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
}

TEST(FieldCipher, DetectsEveryAlteredByte) {
  FieldCipher cipher(SecretKey::Generate());
  std::string stored = cipher.Encrypt("passport X1234567", "P-9/document_number");
  for (size_t i = 5; i < stored.size(); ++i) {
    std::string altered = stored;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    auto r = cipher.Decrypt(altered, "P-9/document_number");
    EXPECT_FALSE(r.ok()) << "byte " << i;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
    }
  }
  EXPECT_FALSE(cipher.Decrypt(stored.substr(0, stored.size() - 3), "P-9/document_number").ok());
  EXPECT_FALSE(cipher.Decrypt("enc1:", "P-9/document_number").ok());
  EXPECT_FALSE(cipher.Decrypt("clear text", "P-9/document_number").ok());
}

TEST(FieldCipher, BoundToItsPlaceAndKey) {
  SecretKey master = SecretKey::Generate();
  FieldCipher cipher(master);
  std::string stored = cipher.Encrypt("+61 400 000 000", "P-1/phone");
  EXPECT_FALSE(cipher.Decrypt(stored, "P-2/phone").ok());  // copied to another record
  FieldCipher other(SecretKey::Generate());
  auto r = other.Decrypt(stored, "P-1/phone");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("another key"), std::string::npos);
  FieldCipher same(master);  // same key loaded again
  EXPECT_TRUE(same.Decrypt(stored, "P-1/phone").ok());
}

TEST(BlindIndex, DeterministicKeyedAndDomainSeparated) {
  SecretKey master = SecretKey::Generate();
  BlindIndex index(master), again(master), other(SecretKey::Generate());
  EXPECT_EQ(index.Token("name", "nguyen"), again.Token("name", "nguyen"));
  EXPECT_NE(index.Token("name", "nguyen"), index.Token("name", "nguyan"));
  EXPECT_NE(index.Token("name", "nguyen"), index.Token("document", "nguyen"));
  EXPECT_NE(index.Token("ab", "c"), index.Token("a", "bc"));
  EXPECT_NE(index.Token("name", "nguyen"), other.Token("name", "nguyen"));
  EXPECT_EQ(index.Token("name", "nguyen").size(), 32u);
  // The cipher and the index use different subkeys: a token is not a MAC the cipher would accept.
  EXPECT_EQ(index.Token("name", "x").find(master.ToHex().substr(0, 8)), std::string::npos);
}

}  // namespace
}  // namespace disrupt::crypto

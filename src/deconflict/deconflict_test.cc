// Tests of encodings, hit/no-hit matching and watchlists. Expectations are
// properties a member relies on: the same person written differently still
// hits, other people do not, nothing readable is in an encoding file, and a
// file made with another secret is refused.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <tuple>

#include "deconflict/encoding.h"
#include "deconflict/match.h"
#include "deconflict/watchlist.h"

namespace disrupt::deconflict {
namespace {

const std::string kSecretHex = "8f1d5c2a9b7e4f6031a2c4e6f8091b3d5e7f9a1c3e5d7b9f2a4c6e8d0b1f3a5c";

GroupSecret Secret(const std::string& hex = kSecretHex) { return GroupSecret::FromFileContents(hex).value(); }

resolve::PersonRecord Person(std::string id, std::string member, std::string full, std::string dob,
                             std::string phone = "", std::string passport = "", std::string nat = "") {
  resolve::PersonRecord r;
  r.id = std::move(id);
  r.member = std::move(member);
  r.full_name = std::move(full);
  r.dob = std::move(dob);
  r.phone = std::move(phone);
  r.passport_no = std::move(passport);
  r.nationality = std::move(nat);
  return r;
}

TEST(EncodingTest, SamePersonWrittenDifferentlyEncodesClose) {
  Encoder enc(Secret());
  auto a = enc.Encode(Person("a", "AUS", "Mohammad Rahimi", "1985-03-04"));
  auto b = enc.Encode(Person("b", "MYS", "Muhammad Rahimi", "04/03/1985"));
  auto c = enc.Encode(Person("c", "THA", "محمد رحيمي", "1985-14-03"));   // impossible date: left out
  auto d = enc.Encode(Person("d", "IDN", "Somchai Srisuk", "1990-07-01"));
  auto e = enc.Encode(Person("e", "NZL", "Rahimi Mohammad", "1985-04-03"));  // family first, day/month swapped
  EXPECT_GE(Dice(a.clk, b.clk), 0.95);
  EXPECT_GE(Dice(a.clk, e.clk), 0.95);
  EXPECT_LT(Dice(a.clk, d.clk), 0.5);
  EXPECT_TRUE(c.has_clk);
  EXPECT_GT(Dice(a.clk, c.clk), Dice(a.clk, d.clk));
}

TEST(EncodingTest, ExactIdentifiersHashAfterNormalisation) {
  Encoder enc(Secret());
  auto a = enc.Encode(Person("a", "AUS", "X Y", "", "0412 345 678", "pa-0123456"));
  auto b = enc.Encode(Person("b", "NZL", "X Y", "", "+61412345678", "PAO123456"));
  EXPECT_EQ(a.exact.at("phone"), b.exact.at("phone"));
  EXPECT_EQ(a.exact.at("passport_no"), b.exact.at("passport_no"));
  EXPECT_EQ(a.exact.at("phone").size(), 32u);
  // Per-field keys: the same digits as phone and as document do not collide.
  EXPECT_NE(enc.ExactHash("phone", "61412345678"), enc.ExactHash("passport_no", "61412345678"));
}

TEST(EncodingTest, AnotherSecretGivesUnrelatedEncodings) {
  Encoder ours(Secret());
  Encoder theirs(Secret("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"));
  auto p = Person("a", "AUS", "Mohammad Rahimi", "1985-03-14", "+61412345678");
  auto a = ours.Encode(p), b = theirs.Encode(p);
  EXPECT_NE(a.exact.at("phone"), b.exact.at("phone"));
  EXPECT_LT(Dice(a.clk, b.clk), 0.6);
  EXPECT_NE(Secret().KeyId(), Secret("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff").KeyId());
  EXPECT_FALSE(GroupSecret::FromFileContents("abcd").ok());
  EXPECT_EQ(GroupSecret::GenerateHex().size(), 64u);
}

TEST(EncodingFileTest, RoundTripHoldsNoReadableData) {
  Encoder enc(Secret());
  EncodingFile f{"AUS", Secret().KeyId(), {enc.Encode(Person("AUS-1", "AUS", "Mohammad Rahimi", "1985-03-14", "+61412345678"))}};
  std::stringstream s;
  WriteEncodingFile(s, f);
  std::string text = s.str();
  EXPECT_EQ(text.find("Rahimi"), std::string::npos);
  EXPECT_EQ(text.find("rahimi"), std::string::npos);
  EXPECT_EQ(text.find("1985"), std::string::npos);
  EXPECT_EQ(text.find("412345678"), std::string::npos);
  auto back = ReadEncodingFile(s, "aus.jsonl");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->member, "AUS");
  ASSERT_EQ(back->records.size(), 1u);
  EXPECT_EQ(back->records[0].clk, f.records[0].clk);
  EXPECT_EQ(back->records[0].exact, f.records[0].exact);
}

TEST(EncodingFileTest, MalformedLinesAreNamed) {
  std::stringstream bad("{\"format\":\"disrupt-encodings\",\"version\":1,\"clk_bits\":1024}\n{\"ref\":\"x\",\"clk\":\"AAAA\"}\n");
  auto r = ReadEncodingFile(bad, "x.jsonl");
  EXPECT_EQ(r.status().field(), "x.jsonl:2:clk");
  std::stringstream other("{\"hello\":1}\n");
  EXPECT_EQ(ReadEncodingFile(other, "y.jsonl").status().field(), "y.jsonl:1");
}

EncodingFile FileOf(const std::string& member, const std::vector<resolve::PersonRecord>& people,
                    const GroupSecret& secret = Secret()) {
  Encoder enc(secret);
  EncodingFile f{member, secret.KeyId(), {}};
  for (const auto& p : people) f.records.push_back(enc.Encode(p));
  return f;
}

TEST(MatchTest, HitsWithoutData) {
  auto aus = FileOf("AUS", {Person("AUS-1", "AUS", "Mohammad Rahimi", "1985-03-14", "0412 345 678"),
                            Person("AUS-2", "AUS", "Nimal Perera", "1979-11-02", "", "N7654321"),
                            Person("AUS-3", "AUS", "Ahmad bin Ismail", "1970")});
  auto mys = FileOf("MYS", {Person("MYS-9", "MYS", "Muhammad Rahimi", "14/03/1985"),
                            Person("MYS-4", "MYS", "Kumar s/o Rajan", "1982-01-01", "", "N76S4321"),
                            Person("MYS-5", "MYS", "Siti binti Osman", "1990-01-01", "+61 412 345 678")});
  MatchStats stats;
  auto hits = MatchEncodings({aus, mys}, {0.85, 2}, &stats);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  std::set<std::tuple<std::string, std::string, std::string>> got;
  for (const auto& h : *hits) got.insert({h.ref_a, h.ref_b, h.kind});
  std::set<std::tuple<std::string, std::string, std::string>> expected = {
      {"AUS-1", "MYS-9", "name_dob"}, {"AUS-1", "MYS-5", "phone"}, {"AUS-2", "MYS-4", "passport_no"}};
  EXPECT_EQ(got, expected);
  EXPECT_EQ(stats.exact_hits, 2);
}

TEST(MatchTest, RefusesMixedSecretsAndRepeatedMembers) {
  auto aus = FileOf("AUS", {Person("AUS-1", "AUS", "A B", "1980")});
  auto other = FileOf("MYS", {Person("MYS-1", "MYS", "A B", "1980")},
                      Secret("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"));
  EXPECT_EQ(MatchEncodings({aus, other}, {}).status().field(), "key_id");
  EXPECT_EQ(MatchEncodings({aus, aus}, {}).status().field(), "member");
  EXPECT_FALSE(MatchEncodings({aus}, {}).ok());
}

TEST(WatchlistTest, AlertsAcrossSpellingsScriptsAndFormats) {
  Watchlist w;
  ASSERT_TRUE(w.Add({"S1", "AUS", SelectorKind::kName, "Haji Mohammad Rahimi", ""}).ok());
  ASSERT_TRUE(w.Add({"S2", "AUS", SelectorKind::kPhone, "0412 345 678", "AUS"}).ok());
  ASSERT_TRUE(w.Add({"S3", "NZL", SelectorKind::kDocument, "PA0123456", ""}).ok());
  ASSERT_TRUE(w.Add({"S4", "IDN", SelectorKind::kVessel, "IMO 9074729", ""}).ok());
  ASSERT_TRUE(w.Add({"S5", "THA", SelectorKind::kAccount, "TH12 3456 7890 1234", ""}).ok());
  ASSERT_TRUE(w.Add({"S6", "LKA", SelectorKind::kName, "สมชาย ศรีสุข", ""}).ok());

  auto alerts = w.Check({"MYS-1", "MYS", "MYS",
                         {{SelectorKind::kName, "محمد رحيمي"},
                          {SelectorKind::kPhone, "+61412345678"},
                          {SelectorKind::kDocument, "PAO12345G"},
                          {SelectorKind::kVessel, "9074729"},
                          {SelectorKind::kAccount, "th12-3456-7890-1234"},
                          {SelectorKind::kName, "Somchai Srisuk"}}});
  std::set<std::string> ids;
  for (const auto& a : alerts) ids.insert(a.selector_id);
  EXPECT_EQ(ids, (std::set<std::string>{"S1", "S2", "S3", "S4", "S5", "S6"}));  // S3: O read for 0, G for 6
  for (const auto& a : alerts) EXPECT_EQ(a.record_ref, "MYS-1");
}

TEST(WatchlistTest, NoAlertForAPartOfTheNameOrOtherPeople) {
  Watchlist w;
  ASSERT_TRUE(w.Add({"S1", "AUS", SelectorKind::kName, "Mohammad Rahimi", ""}).ok());
  EXPECT_TRUE(w.Check({"r", "MYS", "", {{SelectorKind::kName, "Mohammad Karimi Jan"}}}).empty());
  EXPECT_TRUE(w.Check({"r", "MYS", "", {{SelectorKind::kName, "Muhammad"}}}).empty());
  EXPECT_TRUE(w.Check({"r", "MYS", "", {{SelectorKind::kPhone, "not a phone"}}}).empty());
  ASSERT_TRUE(w.Remove("S1").ok());
  EXPECT_TRUE(w.Check({"r", "MYS", "", {{SelectorKind::kName, "Mohammad Rahimi"}}}).empty());
  EXPECT_EQ(w.Remove("S1").code(), StatusCode::kNotFound);
}

TEST(WatchlistTest, RefusesSelectorsThatCannotMatch) {
  Watchlist w;
  EXPECT_EQ(w.Add({"V", "AUS", SelectorKind::kVessel, "IMO 9074728", ""}).field(), "V:value");  // bad check digit
  EXPECT_FALSE(w.Add({"P", "AUS", SelectorKind::kPhone, "0412 345 678", ""}).ok());              // local, no country
  EXPECT_FALSE(w.Add({"N", "AUS", SelectorKind::kName, " - ", ""}).ok());
  ASSERT_TRUE(w.Add({"A", "AUS", SelectorKind::kAccount, "1234567", ""}).ok());
  EXPECT_FALSE(w.Add({"A", "AUS", SelectorKind::kAccount, "7654321", ""}).ok());  // id taken
  EXPECT_EQ(w.size(), 1u);
}

}  // namespace
}  // namespace disrupt::deconflict

// ParseRecordJson against the general path (nlohmann::json, then
// model::RecordFromJson) as the oracle: the records it reads must be exactly
// the general path's, it must read the common shapes (or imports lose their
// speed silently), and on thousands of mutated texts it must either step
// aside or agree with the oracle, never accept what the oracle refuses.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "model/record_parser.h"

namespace disrupt::model {
namespace {

using disrupt::Interval;
using disrupt::PartialDate;

model::Record Sample() {
  model::Record r;
  r.id = "AUS-AFP-P-000123";
  r.type = "Person";
  r.Add("name", "Mohammad \"Abu\" Rahimi");
  r.Add("name", "محمد رحیمی", Interval{PartialDate{2019}, {}});
  r.Add("birth_date", "1985-03", Interval{PartialDate{2001, 1, 2}, PartialDate{2002, 3, 4}});
  r.Add("nationality", "AFG");
  r.networks = {"NET-1"};
  r.valid = Interval{PartialDate{2018}, {}};
  r.provenance = model::Provenance{"AUS", "AFP", "OP-1", PartialDate{2024, 3, 1}, 'B', 2};
  r.handling.releasable_to = {"ALL_MEMBERS", "IDN"};
  r.handling.review_date = PartialDate{2030, 1, 1};
  r.handling.codes = {model::HandlingCode::kCrimeFightingOnly};
  r.handling.restrictions = "tab\there";
  r.handling.compartment = "C1";
  return r;
}

// The oracle's reading, or nullopt when it refuses the text.
std::optional<model::Record> Oracle(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  auto r = model::RecordFromJson(j);
  if (!r.ok()) return std::nullopt;
  return r.value();
}

// When the fast parser accepts `text`, the oracle must accept it too and
// read the same record.
void ExpectAgreement(const std::string& text) {
  if (FindInvalidUtf8(text) != std::string::npos) return;  // the caller's precondition
  model::Record fast;
  if (!ParseRecordJson(text, fast)) return;
  auto slow = Oracle(text);
  ASSERT_TRUE(slow.has_value()) << "accepted what the general path refuses: " << text;
  EXPECT_EQ(fast, *slow) << text;
}

void ExpectReadAndEqual(const std::string& text) {
  model::Record fast;
  ASSERT_TRUE(ParseRecordJson(text, fast)) << text;
  auto slow = Oracle(text);
  ASSERT_TRUE(slow.has_value()) << text;
  EXPECT_EQ(fast, *slow) << text;
}

TEST(RecordParserTest, ReadsTheProjectsOwnFormCompactAndIndented) {
  model::Record r = Sample();
  ExpectReadAndEqual(model::ToJson(r).dump());
  ExpectReadAndEqual(model::ToJson(r).dump(2));
  model::Record link;
  link.id = "L1";
  link.type = "member_of";
  link.kind = model::RecordKind::kLink;
  link.source = "P1";
  link.target = "NET-1";
  link.provenance = r.provenance;
  link.handling = r.handling;
  link.handling.originator_control = true;
  ExpectReadAndEqual(model::ToJson(link).dump());
}

TEST(RecordParserTest, ReadsOtherCommonShapes) {
  // Scalars instead of arrays, integers and booleans, escapes of every kind,
  // a credibility given as text, no kind, members the reader ignores.
  ExpectReadAndEqual(R"({"id":"X\u00e9\ud83d\ude00\/\n","type":"Vessel","properties":{"name":"Sea \"Star\"",
    "gross_tonnage":1200,"imo":["IMO 9074729"]},"version":4,"updated_at":"2024-01-01T00:00:00Z",
    "extra":{"a":[1,2.5e3,-0,true,false,null,{"b":"c"}]},
    "provenance":{"originator":"IDN","agency":"POLRI","reported":"2023","reliability":"c","credibility":"3"},
    "handling":{"classification":"RESTRICTED","tlp":"TLP:GREEN","releasable_to":[],"review_date":"2029-12-31",
    "codes":[],"originator_control":false}})");
}

TEST(RecordParserTest, StepsAsideForWhatOnlyTheGeneralPathDecides) {
  const std::string base = model::ToJson(Sample()).dump();
  model::Record out;
  for (const std::string& text : std::vector<std::string>{
           base + "x",                                                   // trailing text
           base.substr(0, base.size() - 1),                              // truncated
           R"({"id":"a","id":"b"})",                                     // duplicate member
           R"({"id":null})",                                             // null
           R"({"id":"a","type":"Nope","provenance":{},"handling":{}})",  // unknown schema
       }) {
    EXPECT_FALSE(ParseRecordJson(text, out)) << text;
  }
  // A fractional property value and a null in properties.
  nlohmann::json j = model::ToJson(Sample());
  j["properties"]["height"] = 1.75;
  EXPECT_FALSE(ParseRecordJson(j.dump(), out));
  j = model::ToJson(Sample());
  j["properties"]["alias"] = nullptr;
  EXPECT_FALSE(ParseRecordJson(j.dump(), out));
}

TEST(RecordParserTest, AgreesWithTheGeneralPathOnMutatedTexts) {
  const std::string base = model::ToJson(Sample()).dump();
  static const char kBytes[] = {'"', '\\', ',', '}', ']', 'x', '0'};
  for (size_t i = 0; i < base.size(); ++i) {
    ExpectAgreement(base.substr(0, i));
    ExpectAgreement(base.substr(0, i) + base.substr(i + 1));
    for (char c : kBytes) {
      std::string t = base;
      t[i] = c;
      ExpectAgreement(t);
    }
  }
}

}  // namespace
}  // namespace disrupt::model

// AppendStoredJson writes exactly what nlohmann::json writes for
// model::ToJson(record) without "version" and "updated_at", and
// AppendRecordJson exactly what it writes with them: the oracle here is
// nlohmann's own serialiser, on records that exercise every optional member,
// every escape and value intervals of every shape. ReadStoredJson reads back
// what was stored, and what the general path alone accepts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store/record_json.h"

namespace disrupt::store {
namespace {

using disrupt::Interval;
using disrupt::PartialDate;

std::string Expected(const model::Record& r) {
  nlohmann::json j = model::ToJson(r);
  j.erase("version");
  j.erase("updated_at");
  return j.dump();
}

std::string Direct(const model::Record& r) {
  std::string out = "prefix";  // appends, never overwrites
  AppendStoredJson(r, out);
  EXPECT_EQ(out.substr(0, 6), "prefix");
  return out.substr(6);
}

model::Record Base(const std::string& id, const std::string& type, model::RecordKind kind) {
  model::Record r;
  r.id = id;
  r.type = type;
  r.kind = kind;
  r.provenance = model::Provenance{"AUS", "AFP", "", PartialDate{2024, 3, 1}, 'B', 2};
  r.handling.releasable_to = {"ALL_MEMBERS", "IDN"};
  r.handling.review_date = PartialDate{2030, 1, 1};
  return r;
}

TEST(RecordJsonTest, MinimalEntity) {
  model::Record r = Base("AUS-1", "Person", model::RecordKind::kEntity);
  r.handling.releasable_to.clear();
  EXPECT_EQ(Direct(r), Expected(r));
}

TEST(RecordJsonTest, EveryOptionalMemberAndValueInterval) {
  model::Record r = Base("AUS-2", "Person", model::RecordKind::kEntity);
  r.Add("name", "Mohammad \"Abu\" Rahimi");
  r.Add("name", "محمد رحیمی", Interval{PartialDate{2019}, {}});
  r.Add("alias", "M.R.", Interval{{}, PartialDate{2021, 6}});
  r.Add("birth_date", "1985-03", Interval{PartialDate{2001, 1, 2}, PartialDate{2002, 3, 4}});
  r.Add("nationality", "AFG");
  r.networks = {"NET-1", "NET-2"};
  r.valid = Interval{PartialDate{2018}, PartialDate{2024, 2, 29}};
  r.provenance.case_ref = "OP-SOVEREIGN/7";
  r.handling.codes = {model::HandlingCode::kNoOnwardDissemination, model::HandlingCode::kCrimeFightingOnly};
  r.handling.compartment = "VICTIMS";
  r.handling.legal_basis = "Crimes Act 1914 s3ZQ";
  r.handling.restrictions = "Not to be shared with\\nthird parties\ttoday";
  r.handling.originator_control = true;
  r.version = 7;
  r.updated_at = 1700000000;
  EXPECT_EQ(Direct(r), Expected(r));
}

TEST(RecordJsonTest, LinkWithEnds) {
  model::Record r = Base("AUS-L-1", "member_of", model::RecordKind::kLink);
  r.source = "AUS-2";
  r.target = "NET-1";
  r.valid = Interval{PartialDate{2020, 5, 1}, {}};
  EXPECT_EQ(Direct(r), Expected(r));
}

TEST(RecordJsonTest, ControlCharactersAndNonAsciiAreEscapedAsNlohmannDoes) {
  model::Record r = Base("ctl-\x01-\x1f-\x7f", "Person", model::RecordKind::kEntity);
  r.Add("name", std::string("a\"b\\c\bd\fe\nf\rg\th\x02i") + "\xE0\xB8\xAA\xE0\xB8\xA1 / \xF0\x9F\x98\x80");
  r.Add("notes", "</script>&'");
  EXPECT_EQ(Direct(r), Expected(r));
}

TEST(RecordJsonTest, TextReadsBackAsTheSameRecord) {
  model::Record r = Base("AUS-3", "Person", model::RecordKind::kEntity);
  r.Add("name", "Nguyễn Văn An");
  r.Add("alias", "An", Interval{PartialDate{2010}, PartialDate{2012}});
  auto back = model::RecordFromJson(nlohmann::json::parse(Direct(r)));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back.value(), r);
}

TEST(RecordJsonTest, RecordJsonWithVersionAndUpdateTimeIsNlohmannsText) {
  model::Record r = Base("AUS-4", "Person", model::RecordKind::kEntity);
  r.Add("name", "Ahmad \"the doctor\" Karimi");
  r.valid = Interval{PartialDate{2019}, PartialDate{2023, 6}};
  r.version = 7;
  r.updated_at = 1764460800;
  std::string out = "[";
  AppendRecordJson(r, out);
  EXPECT_EQ(out, "[" + model::ToJson(r).dump());
  model::Record fresh = Base("AUS-5", "Vessel", model::RecordKind::kEntity);  // version 0: no member
  out.clear();
  AppendRecordJson(fresh, out);
  EXPECT_EQ(out, model::ToJson(fresh).dump());
  EXPECT_EQ(out.find("version"), std::string::npos);
}

TEST(RecordJsonTest, StoredTextReadsBackThroughEitherPath) {
  model::Record r = Base("AUS-6", "Person", model::RecordKind::kEntity);
  r.Add("name", "ສົມສັກ");
  r.Add("alias", "Som", Interval{PartialDate{2010}, PartialDate{2012}});
  r.networks = {"NET-1"};
  std::string text;
  AppendStoredJson(r, text);
  auto back = ReadStoredJson(text);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back.value(), r);
  // Pretty-printed text is not the stored shape's spacing only: the general path reads it too.
  auto pretty = ReadStoredJson(nlohmann::json::parse(text).dump(2));
  ASSERT_TRUE(pretty.ok()) << pretty.status().ToString();
  EXPECT_EQ(pretty.value(), r);
}

TEST(RecordJsonTest, DamagedStoredTextIsDataLoss) {
  EXPECT_EQ(ReadStoredJson("{\"id\":").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(ReadStoredJson("{\"id\":\"AUS-1\"}").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(ReadStoredJson("\xff\xfe").status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace disrupt::store

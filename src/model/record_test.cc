// Tests of the record model: schema validation, handling rules, JSON round trip.
#include "model/record.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "model/countries.h"
#include "model/vocabulary.h"

namespace disrupt::model {
namespace {

Record ValidPerson() {
  Record r;
  r.id = "AUS-AFP-P-1";
  r.kind = RecordKind::kEntity;
  r.type = "Person";
  r.Add("name", "Ahmad Karimi");
  r.Add("alias", "احمد کریمی");
  r.Add("birth_date", "1984");
  r.Add("nationality", "AFG");
  r.Add("gender", "male");
  r.provenance = Provenance{"AUS", "AFP", "OP-KESTREL", PartialDate{2024, 3, 1}, 'B', 2};
  r.handling.classification = Classification::kRestricted;
  r.handling.tlp = Tlp::kAmber;
  r.handling.releasable_to = {"NZL", "IDN"};
  r.handling.review_date = PartialDate{2030, 1, 1};
  return r;
}

TEST(RecordValidation, AcceptsAWellFormedPerson) {
  auto v = Vocabularies::Defaults();
  EXPECT_TRUE(Validate(ValidPerson(), &v).ok());
}

TEST(RecordValidation, RefusesMissingMandatoryHandlingAndProvenance) {
  auto v = Vocabularies::Defaults();
  Record r = ValidPerson();
  r.handling.review_date = {};
  Status s = Validate(r, &v);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "handling.review_date");

  r = ValidPerson();
  r.provenance.originator.clear();
  EXPECT_EQ(Validate(r, &v).field(), "provenance.originator");

  r = ValidPerson();
  r.provenance.reliability = 'G';
  EXPECT_EQ(Validate(r, &v).field(), "provenance.reliability");

  r = ValidPerson();
  r.provenance.credibility = 7;
  EXPECT_EQ(Validate(r, &v).field(), "provenance.credibility");
}

TEST(RecordValidation, NamesTheBadProperty) {
  auto v = Vocabularies::Defaults();
  Record r = ValidPerson();
  r.Set("birth_date", "1984-13-01");
  EXPECT_EQ(Validate(r, &v).field(), "properties.birth_date");
  r = ValidPerson();
  r.Set("nationality", "XXX");
  EXPECT_EQ(Validate(r, &v).field(), "properties.nationality");
  r = ValidPerson();
  r.Set("gender", "unicorn");
  EXPECT_EQ(Validate(r, &v).field(), "properties.gender");
  r = ValidPerson();
  r.Add("imo", "9074729");
  EXPECT_EQ(Validate(r, &v).field(), "properties.imo");
  r = ValidPerson();
  r.properties.erase("name");
  EXPECT_EQ(Validate(r, &v).field(), "properties.name");
}

TEST(RecordValidation, LinksNeedBothEnds) {
  Record l;
  l.id = "L1";
  l.kind = RecordKind::kLink;
  l.type = "directs";
  l.source = "P1";
  l.provenance = ValidPerson().provenance;
  l.handling = ValidPerson().handling;
  EXPECT_EQ(Validate(l, nullptr).field(), "target");
  l.target = "P2";
  EXPECT_TRUE(Validate(l, nullptr).ok());
  l.type = "Person";
  EXPECT_EQ(Validate(l, nullptr).field(), "kind");
}

TEST(RecordJson, RoundTripsEveryField) {
  Record r = ValidPerson();
  r.Add("alias", "Haji Ahmad", Interval{PartialDate{2019, 0, 0}, PartialDate{2021, 6, 0}});
  r.networks = {"NET-1"};
  r.valid = Interval{PartialDate{2018, 1, 1}, {}};
  r.handling.codes = {HandlingCode::kNoOnwardDissemination, HandlingCode::kOtherRestrictions};
  r.handling.restrictions = "not for visa decisions";
  r.handling.originator_control = true;
  r.handling.compartment = "KESTREL";
  auto back = RecordFromJson(ToJson(r));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back.value(), r);
}

TEST(RecordJson, ErrorsNameTheField) {
  auto j = ToJson(ValidPerson());
  j["handling"].erase("releasable_to");
  EXPECT_EQ(RecordFromJson(j).status().field(), "handling.releasable_to");
  j = ToJson(ValidPerson());
  j["provenance"]["reported"] = "yesterday";
  EXPECT_EQ(RecordFromJson(j).status().field(), "provenance.reported");
  j = ToJson(ValidPerson());
  j["type"] = "Spaceship";
  EXPECT_EQ(RecordFromJson(j).status().field(), "type");
}

TEST(RecordAsOf, KeepsOnlyValuesValidThatDay) {
  Record r = ValidPerson();
  r.properties.erase("alias");
  r.Add("alias", "Old Alias", Interval{{}, PartialDate{2019, 12, 31}});
  r.Add("alias", "New Alias", Interval{PartialDate{2020, 1, 1}, {}});
  auto day = PartialDate{2021, 5, 5}.EarliestDay();
  EXPECT_EQ(r.GetAllAsOf("alias", day), std::vector<std::string>{"New Alias"});
  day = PartialDate{2019, 5, 5}.EarliestDay();
  EXPECT_EQ(r.GetAllAsOf("alias", day), std::vector<std::string>{"Old Alias"});
}

TEST(Handling, MostRestrictiveCombination) {
  Handling a, b;
  a.classification = Classification::kRestricted;
  b.classification = Classification::kSecret;
  a.tlp = Tlp::kRed;
  b.tlp = Tlp::kGreen;
  a.releasable_to = {"NZL", "IDN", "ALL_MEMBERS"};
  b.releasable_to = {"IDN", "THA", "ALL_MEMBERS"};
  a.review_date = PartialDate{2030, 1, 1};
  b.review_date = PartialDate{2028, 1, 1};
  b.originator_control = true;
  Handling h = MostRestrictive(a, b);
  EXPECT_EQ(h.classification, Classification::kSecret);
  EXPECT_EQ(h.tlp, Tlp::kRed);
  EXPECT_EQ(h.releasable_to, (std::vector<std::string>{"IDN", "ALL_MEMBERS"}));
  EXPECT_EQ(h.review_date, (PartialDate{2028, 1, 1}));
  EXPECT_TRUE(h.originator_control);
  EXPECT_EQ(WeakestGrade({'A', 2}, {'C', 1}).reliability, 'C');
  EXPECT_EQ(WeakestGrade({'A', 2}, {'C', 1}).credibility, 2);
}

TEST(Countries, KnowsIsoCodesAndLoadsMembers) {
  EXPECT_TRUE(IsCountryCode("AFG"));
  EXPECT_TRUE(IsCountryCode("TZA"));
  EXPECT_FALSE(IsCountryCode("XXX"));
  EXPECT_EQ(CountryCodes().size(), 249u);
}

}  // namespace
}  // namespace disrupt::model

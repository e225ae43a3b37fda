// Tests of the synthetic data generator: identifiers with their check
// digits (against the worked examples of ICAO Doc 9303 and the IMO), and
// whole generated data sets: determinism, validity of every record,
// references pointing backwards, the direct JSON serialiser agreeing with
// model::ToJson on every record, ground truth consistent with the data, and
// the configured countries, roles, scripts and handling variety present.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/csv.h"
#include "core/text.h"
#include "generate/draft.h"
#include "generate/generator.h"
#include "generate/identifiers.h"
#include "generate/rng.h"
#include "model/record.h"
#include "model/vocabulary.h"
#include "testing.h"

namespace disrupt::generate {
namespace {

using disrupt::testing::ReadFile;
using disrupt::testing::TempDir;

// ---- Identifiers ----

TEST(Identifiers, ImoCheckDigitMatchesThePublishedExample) {
  // IMO 9074729: 9*7 + 0*6 + 7*5 + 4*4 + 7*3 + 2*2 = 139, check digit 9.
  EXPECT_EQ(ImoCheckDigit(907472), 9);
  EXPECT_EQ(ImoNumber(907472), "9074729");
}

TEST(Identifiers, MrzCheckDigitsMatchTheIcaoSpecimen) {
  // ICAO Doc 9303 Part 4, specimen passport of Anna Maria Eriksson (Utopia):
  // P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<
  // L898902C36UTO7408122F1204159ZE184226B<<<<<10
  EXPECT_EQ(MrzCheckDigit("L898902C3"), 6);
  EXPECT_EQ(MrzCheckDigit("740812"), 2);
  EXPECT_EQ(MrzCheckDigit("120415"), 9);
  EXPECT_EQ(MrzCheckDigit("ZE184226B<<<<<"), 1);
  EXPECT_EQ(MrzCheckDigit("L898902C36" "7408122" "1204159ZE184226B<<<<<1"), 0);
  EXPECT_EQ(MrzCheckDigit("abc"), -1);
}

// An independent reading of a TD3 second line: recomputes every check digit.
bool MrzLineValid(const std::string& line) {
  if (line.size() != 44) return false;
  auto check = [](const std::string& field) {
    static const int w[3] = {7, 3, 1};
    int sum = 0;
    for (size_t i = 0; i < field.size(); ++i) {
      char c = field[i];
      int v = c == '<' ? 0 : (c >= '0' && c <= '9') ? c - '0' : c - 'A' + 10;
      sum += v * w[i % 3];
    }
    return static_cast<char>('0' + sum % 10);
  };
  return check(line.substr(0, 9)) == line[9] && check(line.substr(13, 6)) == line[19] &&
         check(line.substr(21, 6)) == line[27] && check(line.substr(28, 14)) == line[42] &&
         check(line.substr(0, 10) + line.substr(13, 7) + line.substr(21, 22)) == line[43];
}

TEST(Identifiers, MrzLineHasValidCheckDigits) {
  std::string line = MrzLine2("AB1234567", "PAK", "850314", 'M', "300101");
  EXPECT_EQ(line.size(), 44u);
  EXPECT_EQ(line.substr(0, 9), "AB1234567");
  EXPECT_EQ(line.substr(10, 3), "PAK");
  EXPECT_TRUE(MrzLineValid(line)) << line;
  // A short number is padded with '<' before its check digit is computed.
  EXPECT_TRUE(MrzLineValid(MrzLine2("N123456", "LKA", "900101", 'F', "290909")));
}

TEST(Identifiers, PhoneFormats) {
  EXPECT_EQ(FormatPhone("92", "3001234567", "0", 3, PhoneStyle::kInternational), "+92 300 1234567");
  EXPECT_EQ(FormatPhone("92", "3001234567", "0", 3, PhoneStyle::kLocal), "0300 1234567");
  EXPECT_EQ(FormatPhone("92", "3001234567", "0", 3, PhoneStyle::kInternationalCompact), "+923001234567");
  EXPECT_EQ(FormatPhone("92", "3001234567", "0", 3, PhoneStyle::kLocalCompact), "03001234567");
  EXPECT_EQ(FormatPhone("92", "3001234567", "0", 3, PhoneStyle::kDoubleZero), "0092 300 1234567");
}

TEST(Rng, StreamsAreReproducibleAndDistinct) {
  Rng a = Rng::Stream(7, 3), b = Rng::Stream(7, 3), c = Rng::Stream(7, 4), d = Rng::Stream(8, 3);
  uint64_t x = a.Next();
  EXPECT_EQ(x, b.Next());
  EXPECT_NE(x, c.Next());
  EXPECT_NE(x, d.Next());
  Rng r(1);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_LT(r.Below(7), 7u);
    int v = r.Range(-3, 3);
    EXPECT_GE(v, -3);
    EXPECT_LE(v, 3);
  }
}

// ---- The direct serialiser ----

TEST(Draft, SerialisesLikeModelToJson) {
  Draft d;
  d.Begin(model::RecordKind::kLink, "pays", "AUS-AFP-L-000001-00001");
  d.SetEnds("A \"quoted\" id", "B\\id\n");
  d.SetValid(PartialDate{2020, 3, 0}, PartialDate{2021, 0, 0});
  d.Add("role", "broker\t\x01");
  d.Add("amount", "1200.00");
  d.Add("currency", "USD");
  d.Add("notes", "محمد สมชาย");
  d.Add("notes", "second");
  d.AddNetwork("AUS-AFP-N-000001-00001");
  static const std::string_view kRel[] = {"AUS", "IDN"};
  d.provenance = {"AUS", "AFP", "AFP/2020/0001", PartialDate{2020, 5, 1}, 'B', 2};
  d.handling.codes = 0b1101;
  d.handling.restrictions = "Source protection";
  d.handling.releasable_to = kRel;
  d.handling.originator_control = true;
  d.handling.compartment = "OP-HERON";
  d.handling.review_date = PartialDate{2030, 5, 1};
  std::string line;
  d.AppendJson(line);
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  line.pop_back();
  auto parsed = model::RecordFromJson(nlohmann::json::parse(line));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(model::ToJson(parsed.value()).dump(), line);
  EXPECT_EQ(parsed->source, "A \"quoted\" id");
  EXPECT_EQ(parsed->GetAll("notes"), (std::vector<std::string>{"محمد สมชาย", "second"}));
  EXPECT_TRUE(parsed->handling.codes.count(model::HandlingCode::kOtherRestrictions));
  EXPECT_FALSE(parsed->handling.codes.count(model::HandlingCode::kNoJudicialUse));
}

// ---- Whole data sets ----

struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  size_t Col(const std::string& name) const {
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return i;
    }
    ADD_FAILURE() << "no column " << name;
    return 0;
  }
};

Csv ReadCsv(const std::string& path) {
  Csv csv;
  auto reader = CsvReader::Open(path);
  EXPECT_TRUE(reader.ok()) << path;
  if (!reader.ok()) return csv;
  std::vector<std::string> fields;
  bool first = true;
  while (reader.value()->Next(fields)) {
    EXPECT_TRUE(reader.value()->error().ok()) << path << ":" << reader.value()->line();
    if (first) csv.header = fields;
    else csv.rows.push_back(fields);
    first = false;
  }
  return csv;
}

GenerationSummary Generate(const std::string& dir, long long entities, uint64_t seed, int threads = 2) {
  GeneratorOptions o;
  o.entities = entities;
  o.seed = seed;
  o.out_dir = dir;
  o.threads = threads;
  Generator g(o);
  EXPECT_TRUE(g.status().ok()) << g.status().ToString();
  Status s = g.Run();
  EXPECT_TRUE(s.ok()) << s.ToString();
  return g.summary();
}

const char* const kFiles[] = {"records.jsonl",        "resolve_records.csv",    "edges.csv",
                               "truth/persons.csv",    "truth/actors.csv",       "truth/variations.csv",
                               "truth/networks.csv",   "truth/organisers.csv",   "truth/summary.json"};

TEST(Generator, RejectsBadOptions) {
  GeneratorOptions o;
  o.out_dir = "x";
  o.entities = 10;
  EXPECT_EQ(Generator(o).status().field(), "entities");
  o.entities = 1000;
  o.years = 0;
  EXPECT_EQ(Generator(o).status().field(), "years");
  o.years = 7;
  o.out_dir.clear();
  EXPECT_EQ(Generator(o).status().field(), "out");
  o.out_dir = "x";
  o.duplicate_rate = -1;
  EXPECT_EQ(Generator(o).status().field(), "duplicates");
}

TEST(Generator, SameSeedGivesIdenticalBytesWhateverTheThreads) {
  TempDir a, b, c;
  Generate(a.path().string(), 1200, 42, 2);
  Generate(b.path().string(), 1200, 42, 1);
  Generate(c.path().string(), 1200, 43, 2);
  for (const char* f : kFiles) {
    std::string x = ReadFile(a.File(f));
    ASSERT_FALSE(x.empty()) << f;
    EXPECT_EQ(x, ReadFile(b.File(f))) << f;
  }
  EXPECT_NE(ReadFile(a.File("records.jsonl")), ReadFile(c.File("records.jsonl")));
  EXPECT_NE(ReadFile(a.File("resolve_records.csv")), ReadFile(c.File("resolve_records.csv")));
}

TEST(Generator, ScalesWithTheRequestedNumberOfEntities) {
  for (long long n : {1000LL, 4000LL}) {
    TempDir dir;
    GenerationSummary s = Generate(dir.path().string(), n, 5);
    EXPECT_GE(s.entities, n * 85 / 100) << n;
    EXPECT_LE(s.entities, n * 120 / 100) << n;
    EXPECT_GE(s.networks, 3) << n;
    EXPECT_GT(s.links, s.entities / 2) << n;
    EXPECT_GT(s.events, 0) << n;
  }
}

// One generated data set, read back and checked in detail.
class GeneratedDataSet : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    summary_ = new GenerationSummary(Generate(dir_->path().string(), 3000, 2024));
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete summary_;
  }
  static std::string File(const std::string& name) { return dir_->File(name); }
  static TempDir* dir_;
  static GenerationSummary* summary_;
};
TempDir* GeneratedDataSet::dir_ = nullptr;
GenerationSummary* GeneratedDataSet::summary_ = nullptr;

TEST_F(GeneratedDataSet, EveryRecordIsValidAndRefersOnlyToEarlierRecords) {
  const auto vocabularies = model::Vocabularies::Defaults();
  std::ifstream in(File("records.jsonl"));
  std::string line;
  std::set<std::string> seen;
  std::map<std::string, std::string> type_of;
  std::set<std::string> case_refs_used, case_refs;
  long long lineno = 0, entities = 0, links = 0, events = 0;
  bool links_started = false;
  std::map<std::string, int> releasable;
  int orcon = 0, compartments = 0;
  std::set<char> reliabilities;
  while (std::getline(in, line)) {
    ++lineno;
    auto json = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(json.is_discarded()) << "line " << lineno;
    auto record = model::RecordFromJson(json);
    ASSERT_TRUE(record.ok()) << "line " << lineno << ": " << record.status().ToString();
    const model::Record& r = record.value();
    Status valid = model::Validate(r, &vocabularies);
    ASSERT_TRUE(valid.ok()) << "line " << lineno << " (" << r.id << "): " << valid.ToString();
    // The direct serialiser writes exactly what model::ToJson would.
    ASSERT_EQ(model::ToJson(r).dump(), line) << "line " << lineno;
    for (const auto& ref : r.References()) {
      ASSERT_TRUE(seen.count(ref)) << "line " << lineno << " (" << r.id << ") refers to " << ref
                                   << " not written before it";
    }
    ASSERT_TRUE(seen.insert(r.id).second) << "duplicate id " << r.id;
    type_of[r.id] = r.type;
    if (r.kind == model::RecordKind::kEntity) ++entities;
    if (r.kind == model::RecordKind::kLink) ++links;
    if (r.kind == model::RecordKind::kEvent) ++events;
    if (r.kind != model::RecordKind::kEntity) links_started = true;
    if (r.type == "Case") case_refs.insert(r.Get("reference"));
    if (!r.provenance.case_ref.empty()) case_refs_used.insert(r.provenance.case_ref);
    if (r.type == "Vessel" && !r.Get("imo").empty()) {
      const std::string imo = r.Get("imo");
      ASSERT_EQ(imo.size(), 7u);
      int sum = 0;
      for (int i = 0; i < 6; ++i) sum += (imo[i] - '0') * (7 - i);
      EXPECT_EQ(sum % 10, imo[6] - '0') << imo;
    }
    if (r.type == "Vessel" && !r.Get("mmsi").empty()) {
      EXPECT_EQ(r.Get("mmsi").size(), 9u);
    }
    if (r.type == "IdentityDocument") {
      const std::string notes = r.Get("notes");
      if (notes.rfind("MRZ line 2: ", 0) == 0) {
        EXPECT_TRUE(MrzLineValid(notes.substr(12))) << notes;
        EXPECT_EQ(notes.substr(12, r.Get("number").size()), r.Get("number"));
      }
    }
    const auto& h = r.handling;
    if (h.releasable_to.empty()) releasable["originator_only"]++;
    else if (h.releasable_to.size() == 1 && h.releasable_to[0] == "ALL_MEMBERS") releasable["all"]++;
    else if (h.releasable_to.size() == 1) releasable["group"]++;
    else releasable["partners"]++;
    orcon += h.originator_control;
    compartments += !h.compartment.empty();
    reliabilities.insert(r.provenance.reliability);
  }
  EXPECT_EQ(entities, summary_->entities);
  EXPECT_EQ(links, summary_->links);
  EXPECT_EQ(events, summary_->events);
  EXPECT_TRUE(links_started);
  // Every case reference in provenance names a Case entity of the data set.
  for (const auto& ref : case_refs_used) EXPECT_TRUE(case_refs.count(ref)) << ref;
  // Handling varies as it does between real members.
  for (const char* kind : {"originator_only", "all", "group", "partners"}) {
    EXPECT_GT(releasable[kind], lineno / 50) << kind;
  }
  EXPECT_GT(orcon, 0);
  EXPECT_GT(compartments, 0);
  EXPECT_EQ(reliabilities.size(), 6u);
  for (const char* type : {"Person", "Phone", "BankAccount", "OnlineAccount", "IdentityDocument", "Place", "Case",
                           "Network", "Organisation", "Vessel", "member_of", "directs", "recruits", "holds",
                           "finances", "communicated_with", "Movement", "Payment", "Communication", "Meeting"}) {
    EXPECT_GT(summary_->by_type[type], 0) << type;
  }
}

TEST_F(GeneratedDataSet, GroundTruthMatchesTheRecords) {
  Csv persons = ReadCsv(File("truth/persons.csv"));
  Csv resolve = ReadCsv(File("resolve_records.csv"));
  Csv variations = ReadCsv(File("truth/variations.csv"));
  Csv actors = ReadCsv(File("truth/actors.csv"));
  ASSERT_EQ(resolve.header, (std::vector<std::string>{"record_id", "member", "given_name", "family_name", "full_name",
                                                      "dob", "gender", "nationality", "passport_no", "phone",
                                                      "address"}));
  // Every Person record, and only those, has a truth row.
  std::set<std::string> person_records;
  {
    std::ifstream in(File("records.jsonl"));
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line);
      if (j["type"] == "Person") person_records.insert(j["id"].get<std::string>());
    }
  }
  EXPECT_EQ(static_cast<long long>(person_records.size()), summary_->person_records);
  ASSERT_EQ(persons.rows.size(), person_records.size());
  ASSERT_EQ(resolve.rows.size(), person_records.size());
  ASSERT_EQ(variations.rows.size(), person_records.size());
  std::map<std::string, std::string> person_of;
  for (const auto& row : persons.rows) {
    EXPECT_TRUE(person_records.count(row[0])) << row[0];
    EXPECT_TRUE(person_of.emplace(row[0], row[1]).second) << row[0];
  }
  std::set<std::string> actor_ids;
  for (const auto& row : actors.rows) actor_ids.insert(row[0]);
  for (const auto& [record, person] : person_of) EXPECT_TRUE(actor_ids.count(person)) << person;
  EXPECT_EQ(static_cast<long long>(actor_ids.size()), summary_->persons);

  // Records of one person agree on what does not vary, so a correct resolver can link them.
  std::map<std::string, std::vector<const std::vector<std::string>*>> by_person;
  for (const auto& row : resolve.rows) by_person[person_of.at(row[0])].push_back(&row);
  size_t dob = resolve.Col("dob"), nat = resolve.Col("nationality"), gender = resolve.Col("gender"),
         passport = resolve.Col("passport_no"), phone = resolve.Col("phone"), member = resolve.Col("member");
  auto digits_tail = [](const std::string& s) {
    std::string d;
    for (char c : s) {
      if (c >= '0' && c <= '9') d += c;
    }
    return d.size() > 7 ? d.substr(d.size() - 7) : d;
  };
  int multi = 0, multi_member = 0, linked_by_identifier = 0;
  for (const auto& [person, rows] : by_person) {
    if (rows.size() < 2) continue;
    ++multi;
    std::set<std::string> members;
    bool identifier = false;
    for (const auto* a : rows) {
      members.insert((*a)[member]);
      for (const auto* b : rows) {
        if (a == b) continue;
        if (!(*a)[dob].empty() && !(*b)[dob].empty()) {
          EXPECT_EQ((*a)[dob].substr(0, 4), (*b)[dob].substr(0, 4)) << person;
        }
        if (!(*a)[nat].empty() && !(*b)[nat].empty()) {
          EXPECT_EQ((*a)[nat], (*b)[nat]) << person;
        }
        if (!(*a)[gender].empty() && !(*b)[gender].empty()) {
          EXPECT_EQ((*a)[gender], (*b)[gender]) << person;
        }
        if (!(*a)[passport].empty() && !(*b)[passport].empty()) {
          EXPECT_EQ((*a)[passport], (*b)[passport]) << person;
          identifier = true;
        }
        if (!(*a)[phone].empty() && !(*b)[phone].empty()) {
          EXPECT_EQ(digits_tail((*a)[phone]), digits_tail((*b)[phone])) << person;
          identifier = true;
        }
      }
    }
    multi_member += members.size() > 1;
    linked_by_identifier += identifier;
  }
  EXPECT_GT(multi, 50);
  EXPECT_GT(multi_member, multi / 2);
  EXPECT_GT(linked_by_identifier, 0);

  // Variation kinds and scripts.
  std::map<std::string, int> kinds;
  std::set<std::string> scripts;
  for (const auto& row : variations.rows) {
    scripts.insert(row[variations.Col("script")]);
    for (const auto& k : Split(row[variations.Col("variations")], ';')) kinds[k]++;
  }
  for (const char* k : {"romanisation", "native_script", "typo", "dob_year_only", "dob_missing", "honorific",
                        "upper_case", "phone_format"}) {
    EXPECT_GT(kinds[k], 0) << k;
  }
  EXPECT_GE(scripts.size(), 4u);
  EXPECT_TRUE(scripts.count("Latn"));
  EXPECT_TRUE(scripts.count("Arab"));
}

TEST_F(GeneratedDataSet, NetworksHaveTheConfiguredCountriesRolesAndOrganisers) {
  Csv networks = ReadCsv(File("truth/networks.csv"));
  Csv actors = ReadCsv(File("truth/actors.csv"));
  Csv organisers = ReadCsv(File("truth/organisers.csv"));
  Csv edges = ReadCsv(File("edges.csv"));
  EXPECT_EQ(static_cast<long long>(networks.rows.size()), summary_->networks);
  std::set<std::string> countries, roles, network_ids;
  for (const auto& row : networks.rows) {
    network_ids.insert(row[0]);
    for (const auto& c : Split(row[networks.Col("countries")], ';')) countries.insert(c);
  }
  for (const auto& row : actors.rows) roles.insert(row[actors.Col("role")]);
  for (const char* c : {"MYS", "IDN"}) EXPECT_TRUE(countries.count(c)) << c;
  EXPECT_TRUE(countries.count("AUS") || countries.count("NZL"));
  for (const char* r : {"organiser", "lieutenant", "recruiter", "money_broker", "document_forger", "client"}) {
    EXPECT_TRUE(roles.count(r)) << r;
  }
  std::map<std::string, std::string> organiser_flag;
  for (const auto& row : actors.rows) organiser_flag[row[0]] = row[actors.Col("organiser")];
  std::set<std::string> with_organiser;
  for (const auto& row : organisers.rows) {
    EXPECT_TRUE(network_ids.count(row[0])) << row[0];
    EXPECT_EQ(organiser_flag[row[1]], "true") << row[1];
    with_organiser.insert(row[0]);
  }
  EXPECT_EQ(with_organiser, network_ids);
  ASSERT_FALSE(edges.rows.empty());
  for (const auto& row : edges.rows) {
    EXPECT_TRUE(organiser_flag.count(row[0])) << row[0];
    EXPECT_TRUE(organiser_flag.count(row[1])) << row[1];
    long long w = 0;
    EXPECT_TRUE(ParseInt64(row[2], w) && w > 0);
  }
}

}  // namespace
}  // namespace disrupt::generate

// Tests of the readers, the importer and the exporter against an in-memory
// store (memory_store_test.h). Expected values are written out by hand from
// the input texts in each test (what an analyst would expect the record to
// say), never taken from the code under test.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../../tests/support/testing.h"
#include "ingest/csv_mapping.h"
#include "ingest/exporter.h"
#include "ingest/ftm.h"
#include "ingest/importer.h"
#include "ingest/memory_store_test.h"

namespace disrupt::ingest {
namespace {

using disrupt::testing::TempDir;
using disrupt::testing::WriteFile;
using testing::MemoryStore;

// Provenance and handling in the project's JSON form, for test records.
const char* kMarks =
    R"("provenance":{"originator":"AUS","agency":"AFP","reported":"2024-03-01","reliability":"B","credibility":2},)"
    R"("handling":{"classification":"RESTRICTED","tlp":"AMBER","codes":["crime_fighting_only"],)"
    R"("releasable_to":["ALL_MEMBERS"],"review_date":"2030-01-01"})";

std::string Person(const std::string& id, const std::string& name) {
  return R"({"id":")" + id + R"(","type":"Person","properties":{"name":[")" + name + R"("]},)" + kMarks + "}";
}
std::string Link(const std::string& id, const std::string& type, const std::string& s, const std::string& t) {
  return R"({"id":")" + id + R"(","type":")" + type + R"(","source":")" + s + R"(","target":")" + t + R"(",)" + kMarks +
         "}";
}

struct Run {
  Status status;
  ImportSummary summary;
};

Run Import(MemoryStore& store, const std::string& path, Format format, ImportOptions options = {},
           ReaderOptions reader_options = {}) {
  static const model::Vocabularies vocab = model::Vocabularies::Defaults();
  auto reader = OpenReader(path, format, reader_options);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return {reader.status(), {}};
  auto importer = Importer::Open(store, vocab, std::move(options));
  EXPECT_TRUE(importer.ok());
  Status s = importer.value()->Run(*reader.value());
  return {s, importer.value()->summary()};
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

// ---- Disrupt JSON ----

TEST(JsonImport, LinesAndArrayGiveTheSameRecords) {
  TempDir dir;
  WriteFile(dir.File("a.jsonl"), Person("P1", "Ahmad Karimi") + "\n\n" + Person("P2", "Siti Rahma") + "\n" +
                                     Link("L1", "associate_of", "P1", "P2") + "\n");
  WriteFile(dir.File("b.json"), "[\n" + Person("P1", "Ahmad Karimi") + ",\n" + Person("P2", "Siti Rahma") + ",\n" +
                                    Link("L1", "associate_of", "P1", "P2") + "\n]\n");
  MemoryStore lines, array;
  auto a = Import(lines, dir.File("a.jsonl"), Format::kAuto);
  auto b = Import(array, dir.File("b.json"), Format::kAuto);
  ASSERT_TRUE(a.status.ok()) << a.status.ToString();
  ASSERT_TRUE(b.status.ok()) << b.status.ToString();
  EXPECT_EQ(a.summary.written, 3u);
  EXPECT_EQ(lines.records, array.records);
  EXPECT_EQ(lines.records.at("P1").Get("name"), "Ahmad Karimi");
  EXPECT_EQ(lines.records.at("L1").source, "P1");
}

TEST(JsonImport, EachKindOfProblemIsNamedWithLineAndField) {
  TempDir dir;
  std::string bad_utf8 = Person("P3", "Bad\xC3(name");
  std::string wrong_type = R"({"id":"P4","type":"Person","properties":{"name":["X"],"birth_date":["14/03/1985"]},)" +
                           std::string(kMarks) + "}";
  std::string unknown_schema = R"({"id":"S1","type":"Spaceship","properties":{},)" + std::string(kMarks) + "}";
  std::string no_handling =
      R"({"id":"P5","type":"Person","properties":{"name":["Y"]},"provenance":{"originator":"AUS","agency":"AFP",)"
      R"("reported":"2024-03-01","reliability":"B","credibility":2}})";
  std::string dangling = Link("L9", "associate_of", "P1", "NOBODY");
  WriteFile(dir.File("bad.jsonl"), Person("P1", "Good") + "\n" + bad_utf8 + "\n" + wrong_type + "\n" + unknown_schema +
                                       "\n" + no_handling + "\n" + dangling + "\n{not json\n");
  MemoryStore store;
  auto run = Import(store, dir.File("bad.jsonl"), Format::kJson);
  EXPECT_EQ(run.status.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(store.records.empty()) << "nothing of a bad batch is written";
  ASSERT_EQ(run.summary.problems.size(), 6u);
  auto text = [&](size_t i) { return run.summary.problems[i].ToString(); };
  const std::string f = dir.File("bad.jsonl");
  EXPECT_EQ(text(0), f + ":2: properties.name: invalid UTF-8 at byte " + std::to_string(bad_utf8.find("\xC3(") + 1));
  EXPECT_EQ(run.summary.problems[1].line, 3u);
  EXPECT_EQ(run.summary.problems[1].field, "properties.birth_date");
  EXPECT_EQ(text(2), f + ":4: type: unknown schema 'Spaceship'");
  EXPECT_EQ(text(3), f + ":5: handling: missing handling");
  EXPECT_EQ(text(4), f + ":6: target: dangling reference: entity 'NOBODY' is neither in this import batch nor in "
                         "the catalogue");
  EXPECT_EQ(run.summary.problems[5].line, 7u);
  EXPECT_NE(run.summary.problems[5].message.find("not valid JSON"), std::string::npos);
}

TEST(JsonImport, ABadBatchStopsTheImportAndEarlierBatchesStay) {
  TempDir dir;
  // Batches of two: {P1,P2} {P3,bad} {P5,P6}.
  WriteFile(dir.File("x.jsonl"), Person("P1", "A") + "\n" + Person("P2", "B") + "\n" + Person("P3", "C") + "\n" +
                                     Person("P4", "") + "\n" + Person("P5", "E") + "\n" + Person("P6", "F") + "\n");
  MemoryStore store;
  ImportOptions options;
  options.batch_size = 2;
  auto run = Import(store, dir.File("x.jsonl"), Format::kJson, options);
  EXPECT_FALSE(run.status.ok());
  EXPECT_TRUE(run.summary.stopped);
  EXPECT_EQ(store.records.size(), 2u);
  EXPECT_TRUE(store.records.count("P1") && store.records.count("P2"));
  ASSERT_EQ(run.summary.problems.size(), 1u);
  EXPECT_EQ(run.summary.problems[0].line, 4u);
  EXPECT_EQ(run.summary.problems[0].field, "properties.name");
}

TEST(JsonImport, SkipBadWritesRejectsWithReasonsAndImportsTheRest) {
  TempDir dir;
  WriteFile(dir.File("x.jsonl"), Person("P1", "A") + "\n" + Person("P2", "") + "\n" +
                                     Link("L1", "associate_of", "P1", "P2") + "\n" +
                                     Link("L2", "associate_of", "P1", "P3") + "\n" + Person("P3", "C") + "\n");
  MemoryStore store;
  ImportOptions options;
  options.rejects_path = dir.File("rejects.jsonl");
  auto run = Import(store, dir.File("x.jsonl"), Format::kJson, options);
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  // P2 is bad; L1 then refers to a rejected entity; L2 refers to P3 later in the same batch.
  EXPECT_EQ(store.records.size(), 3u);
  EXPECT_TRUE(store.records.count("P1") && store.records.count("P3") && store.records.count("L2"));
  EXPECT_EQ(run.summary.rejected, 2u);
  auto lines = ReadLines(dir.File("rejects.jsonl"));
  ASSERT_EQ(lines.size(), 2u);
  auto r0 = nlohmann::json::parse(lines[0]);
  auto r1 = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(r0["line"], 2);
  EXPECT_EQ(r0["field"], "properties.name");
  EXPECT_EQ(r0["input"], Person("P2", ""));
  EXPECT_EQ(r1["line"], 3);
  EXPECT_EQ(r1["field"], "target");
  EXPECT_NE(r1["reason"].get<std::string>().find("'P2'"), std::string::npos);
}

TEST(JsonImport, LinksMayReferToEntitiesOfEarlierBatches) {
  TempDir dir;
  WriteFile(dir.File("x.jsonl"),
            Person("P1", "A") + "\n" + Person("P2", "B") + "\n" + Link("L1", "associate_of", "P1", "P2") + "\n");
  MemoryStore store;
  ImportOptions options;
  options.batch_size = 2;
  auto run = Import(store, dir.File("x.jsonl"), Format::kJson, options);
  ASSERT_TRUE(run.status.ok()) << run.status.ToString();
  EXPECT_EQ(run.summary.batches, 2u);
  EXPECT_EQ(store.put_calls, 2);
  EXPECT_EQ(store.records.size(), 3u);
}

TEST(JsonImport, RejectsToCsvHaveAReasonColumn) {
  TempDir dir;
  WriteFile(dir.File("x.jsonl"), Person("P1", "A") + "\n" + Link("L1", "associate_of", "P1", "GHOST") + "\n");
  MemoryStore store;
  ImportOptions options;
  options.rejects_path = dir.File("rejects.csv");
  auto run = Import(store, dir.File("x.jsonl"), Format::kJson, options);
  ASSERT_TRUE(run.status.ok());
  auto csv = CsvReader::Open(dir.File("rejects.csv"));
  ASSERT_TRUE(csv.ok());
  std::vector<std::string> row;
  ASSERT_TRUE(csv.value()->Next(row));
  EXPECT_EQ(row, (std::vector<std::string>{"file", "line", "field", "reason", "input"}));
  ASSERT_TRUE(csv.value()->Next(row));
  EXPECT_EQ(row[1], "2");
  EXPECT_EQ(row[2], "target");
  EXPECT_NE(row[3].find("'GHOST'"), std::string::npos);
  EXPECT_EQ(row[4], Link("L1", "associate_of", "P1", "GHOST"));
}

// ---- FollowTheMoney ----

Defaults AgencyDefaults() {
  Defaults d;
  for (auto [f, v] : std::vector<std::pair<const char*, const char*>>{{"originator", "NZL"},
                                                                      {"agency", "NZ Police"},
                                                                      {"reported", "2024-05-02"},
                                                                      {"reliability", "C"},
                                                                      {"credibility", "3"},
                                                                      {"classification", "RESTRICTED"},
                                                                      {"tlp", "GREEN"},
                                                                      {"releasable-to", "ALL_MEMBERS"},
                                                                      {"review-date", "2029-12-31"}}) {
    EXPECT_TRUE(d.Set(f, v).ok()) << f;
  }
  return d;
}

TEST(FtmImport, MapsSchemataPropertiesAndCountries) {
  TempDir dir;
  WriteFile(dir.File("ftm.jsonl"),
            R"({"id":"p1","schema":"Person","properties":{"name":["Kyaw Min"],"alias":["Ko Kyaw"],)"
            R"("nationality":["mm"],"birthDate":["1979-04-12"],"gender":["male"],"phone":["+95 9 4500 1234"],)"
            R"("website":["http://example.org"]}})"
            "\n"
            R"({"id":"o1","schema":"Company","properties":{"name":["Golden Wave Travel"],"jurisdiction":["th"]}})"
            "\n"
            R"({"id":"m1","schema":"Membership","properties":{"member":["p1"],"organization":["o1"],)"
            R"("role":["recruiter"],"startDate":["2019"]}})"
            "\n"
            R"({"id":"d1","schema":"Passport","properties":{"number":["MA123456"],"country":["mm"],"holder":["p1"]}})"
            "\n");
  MemoryStore store;
  ReaderOptions ro;
  ro.defaults = AgencyDefaults();
  ASSERT_TRUE(ro.defaults.SetProperty("IdentityDocument.status", "genuine").ok());
  auto run = Import(store, dir.File("ftm.jsonl"), Format::kAuto, {}, ro);
  ASSERT_TRUE(run.status.ok()) << run.status.ToString()
                               << (run.summary.problems.empty() ? "" : run.summary.problems[0].ToString());
  const auto& p = store.records.at("p1");
  EXPECT_EQ(p.type, "Person");
  EXPECT_EQ(p.GetAll("nationality"), std::vector<std::string>{"MMR"});
  EXPECT_EQ(p.Get("birth_date"), "1979-04-12");
  EXPECT_EQ(p.Get("alias"), "Ko Kyaw");
  EXPECT_EQ(p.provenance.originator, "NZL");
  EXPECT_EQ(p.handling.tlp, model::Tlp::kGreen);
  EXPECT_EQ(store.records.at("o1").type, "Organisation");
  EXPECT_EQ(store.records.at("o1").Get("country"), "THA");
  const auto& m = store.records.at("m1");
  EXPECT_EQ(m.type, "member_of");
  EXPECT_EQ(m.source, "p1");
  EXPECT_EQ(m.target, "o1");
  EXPECT_EQ(m.valid.from.year, 2019);
  const auto& d = store.records.at("d1");
  EXPECT_EQ(d.Get("document_type"), "passport");
  EXPECT_EQ(d.Get("issuing_country"), "MMR");
  // The holder became a holds link, the phone a Phone entity and a holds link.
  EXPECT_EQ(store.records.at("d1:holder:p1").type, "holds");
  EXPECT_EQ(store.records.at("d1:holder:p1").source, "p1");
  EXPECT_EQ(store.records.at("phone:+95945001234").Get("number"), "+95 9 4500 1234");
  EXPECT_EQ(store.records.at("p1:phone:+95945001234").target, "phone:+95945001234");
  EXPECT_EQ(store.records.size(), 7u);  // 4 entities, the holder link, the phone and its link
  // The website has no place in the catalogue: said, not silently dropped.
  bool noted = false;
  for (const auto& n : run.summary.notes) noted |= n.find("Person.website") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(FtmImport, MissingHandlingAndUnknownSchemaAreNamed) {
  TempDir dir;
  WriteFile(dir.File("ftm.jsonl"), R"({"id":"p1","schema":"Person","properties":{"name":["A"]}})"
                                   "\n"
                                   R"({"id":"s1","schema":"Sanction","properties":{"entity":["p1"]}})"
                                   "\n");
  MemoryStore store;
  auto run = Import(store, dir.File("ftm.jsonl"), Format::kFtm);
  EXPECT_FALSE(run.status.ok());
  ASSERT_EQ(run.summary.problems.size(), 2u);
  EXPECT_EQ(run.summary.problems[0].field, "provenance.originator");
  EXPECT_NE(run.summary.problems[0].message.find("--originator"), std::string::npos);
  EXPECT_EQ(run.summary.problems[1].ToString(),
            dir.File("ftm.jsonl") + ":2: schema: FollowTheMoney schema 'Sanction' has no counterpart in the catalogue");
}

TEST(FtmCountries, AlphaTwoAndAlphaThree) {
  EXPECT_EQ(CountryToAlpha3("lk"), "LKA");
  EXPECT_EQ(CountryToAlpha3("AF"), "AFG");
  EXPECT_EQ(CountryToAlpha3("IDN"), "IDN");
  EXPECT_EQ(CountryToAlpha3("zz"), "");
  EXPECT_EQ(CountryToAlpha2("BGD"), "bd");
}

// ---- CSV with a mapping ----

const char* kMapping = R"({
  "name": "test agency export",
  "date_format": "DD/MM/YYYY",
  "defaults": {"provenance": {"originator": "MYS", "agency": "PDRM", "reliability": "B", "credibility": 2},
               "handling": {"classification": "RESTRICTED", "tlp": "AMBER", "releasable_to": ["ALL_MEMBERS"],
                            "review_date": "2031-01-01"}},
  "provenance": {"reported": {"column": "Reported"}},
  "records": [
    {"key": "person", "type": "Person", "id": {"template": "PDRM-{Subject}"},
     "properties": {"name": "Name", "alias": {"column": "Aliases", "separator": ";"},
                    "birth_date": {"column": "DOB"}, "gender": {"column": "Sex", "map": {"M": "male", "F": "female"}},
                    "nationality": {"column": "Nationality", "case": "upper"}}},
    {"key": "phone", "type": "Phone", "when": "Mobile", "id": {"template": "PHONE-{Mobile}"},
     "properties": {"number": "Mobile"}},
    {"type": "holds", "source": "person", "target": "phone"}
  ]})";

TEST(CsvImport, OneRowMakesAPersonAPhoneAndTheirLink) {
  TempDir dir;
  WriteFile(dir.File("m.json"), kMapping);
  WriteFile(dir.File("x.csv"),
            "Subject,Name,Aliases,DOB,Sex,Nationality,Mobile,Reported\n"
            "0001,Mohammad Rahim,Rahim; Abu Rahim,05/11/1982,M,afg,+60 12 345 6789,02/02/2024\n"
            "0002,Nur Aisyah,,1990,F,IDN,,03/02/2024\n");
  MemoryStore store;
  ReaderOptions ro;
  ro.mapping_path = dir.File("m.json");
  auto run = Import(store, dir.File("x.csv"), Format::kCsv, {}, ro);
  ASSERT_TRUE(run.status.ok()) << run.status.ToString()
                               << (run.summary.problems.empty() ? "" : run.summary.problems[0].ToString());
  ASSERT_EQ(store.records.size(), 4u);
  const auto& p = store.records.at("PDRM-0001");
  EXPECT_EQ(p.Get("birth_date"), "1982-11-05");
  EXPECT_EQ(p.GetAll("alias"), (std::vector<std::string>{"Rahim", "Abu Rahim"}));
  EXPECT_EQ(p.Get("gender"), "male");
  EXPECT_EQ(p.Get("nationality"), "AFG");
  EXPECT_EQ(p.provenance.reported.ToString(), "2024-02-02");
  EXPECT_EQ(p.provenance.originator, "MYS");
  const auto& link = store.records.at("PDRM-0001:holds:PHONE-+60 12 345 6789");
  EXPECT_EQ(link.source, "PDRM-0001");
  EXPECT_EQ(link.target, "PHONE-+60 12 345 6789");
  // No mobile in the second row: no phone and no link, and a year-only birth date.
  EXPECT_EQ(store.records.at("PDRM-0002").Get("birth_date"), "1990");
}

TEST(CsvImport, BadCellsNameTheColumnAndTheWholeRowIsRejected) {
  TempDir dir;
  WriteFile(dir.File("m.json"), kMapping);
  WriteFile(dir.File("x.csv"),
            "Subject,Name,Aliases,DOB,Sex,Nationality,Mobile,Reported\n"
            "0001,Mohammad Rahim,,31/02/1982,M,AFG,+60 12 345 6789,02/02/2024\n"
            "0002,Nur Aisyah,,,F,XXX,+62 811 000,03/02/2024\n"
            "0003,Ok Person,,,F,IDN,+62 811 001,03/02/2024\n");
  MemoryStore store;
  ReaderOptions ro;
  ro.mapping_path = dir.File("m.json");
  ImportOptions options;
  options.rejects_path = dir.File("rejects.csv");
  auto run = Import(store, dir.File("x.csv"), Format::kCsv, options, ro);
  ASSERT_TRUE(run.status.ok());
  ASSERT_EQ(run.summary.problems.size(), 2u);
  EXPECT_EQ(run.summary.problems[0].line, 2u);
  EXPECT_EQ(run.summary.problems[0].field, "column 'DOB'");
  EXPECT_EQ(run.summary.problems[1].line, 3u);
  EXPECT_EQ(run.summary.problems[1].field, "column 'Nationality' (properties.nationality)");
  // Row 3's phone was fine, but it goes with its row: only row 4's three records are in.
  EXPECT_EQ(store.records.size(), 3u);
  EXPECT_TRUE(store.records.count("PDRM-0003"));
  auto lines = ReadLines(dir.File("rejects.csv"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[2].find("0002,Nur Aisyah"), std::string::npos);
}

TEST(CsvImport, AMappingThatNamesAMissingColumnIsRefused) {
  TempDir dir;
  WriteFile(dir.File("m.json"), kMapping);
  WriteFile(dir.File("x.csv"), "Subject,Name,Reported\n1,A,2024-01-01\n");
  ReaderOptions ro;
  ro.mapping_path = dir.File("m.json");
  auto reader = OpenReader(dir.File("x.csv"), Format::kCsv, ro);
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find("column 'Aliases' is not in the header"), std::string::npos);
}

TEST(DateFormats, ParseAsWritten) {
  EXPECT_EQ(ParseDateWithFormat("05/11/1982", "DD/MM/YYYY")->ToString(), "1982-11-05");
  EXPECT_EQ(ParseDateWithFormat("11/05/1982", "MM/DD/YYYY")->ToString(), "1982-11-05");
  EXPECT_EQ(ParseDateWithFormat("5.3.1999", "D.M.YYYY")->ToString(), "1999-03-05");
  EXPECT_EQ(ParseDateWithFormat("14 Mar 1985", "DD MON YYYY")->ToString(), "1985-03-14");
  EXPECT_EQ(ParseDateWithFormat("03/1985", "MM/YYYY")->ToString(), "1985-03");
  EXPECT_EQ(ParseDateWithFormat("19850314", "YYYYMMDD")->ToString(), "1985-03-14");
  EXPECT_EQ(ParseDateWithFormat("1985", "DD/MM/YYYY")->ToString(), "1985");  // partial ISO always accepted
  EXPECT_FALSE(ParseDateWithFormat("29/02/2023", "DD/MM/YYYY").ok());        // not a leap year
  EXPECT_FALSE(ParseDateWithFormat("2023/02/01", "DD/MM/YYYY").ok());
  EXPECT_FALSE(CheckDateFormat("DD/QQ/YYYY").ok());
}

// ---- Export ----

// The store's records in the project's JSON form, one per line, for readable comparisons.
std::string Dump(const MemoryStore& store) {
  std::string out;
  for (const auto& [id, r] : store.records) out += model::ToJson(r).dump() + "\n";
  return out;
}

TEST(Export, JsonRoundTripGivesTheSameCatalogue) {
  TempDir dir;
  std::string network =
      R"({"id":"N1","type":"Network","properties":{"name":["Southern route"],"network_status":["active"]},)" +
      std::string(kMarks) + "}";
  std::string member = R"({"id":"P1","type":"Person","networks":["N1"],"valid_from":"2020",)"
                       R"("properties":{"name":["Ali Reza",{"value":"Ali Rezaei","valid_from":"2019-01"}]},)" +
                       std::string(kMarks) + "}";
  WriteFile(dir.File("in.jsonl"), network + "\n" + member + "\n" + Person("P2", "Tran Van Minh") + "\n" +
                                      Link("L1", "directs", "P1", "P2") + "\n");
  MemoryStore first;
  ASSERT_TRUE(Import(first, dir.File("in.jsonl"), Format::kJson).status.ok());
  for (auto format : {ExportFormat::kJson, ExportFormat::kCsv, ExportFormat::kFtm}) {
    ExportOptions eo;
    eo.format = format;
    eo.out_path = dir.File("out." + std::string(ToString(format)));
    auto summary = Export(first, eo);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    EXPECT_EQ(summary->entities, 3u);
    EXPECT_EQ(summary->links, 1u);
    MemoryStore second;
    auto run = Import(second, eo.out_path, format == ExportFormat::kCsv ? Format::kCsv : Format::kAuto);
    ASSERT_TRUE(run.status.ok()) << ToString(format) << ": " << run.status.ToString()
                                 << (run.summary.problems.empty() ? "" : run.summary.problems[0].ToString());
    EXPECT_EQ(Dump(first), Dump(second)) << ToString(format);
  }
}

TEST(Export, FileStatesTheMostRestrictiveHandling) {
  TempDir dir;
  std::string secret = Person("P2", "B");
  // P2 is CONFIDENTIAL, TLP:RED, releasable to AUS and ALL_MEMBERS.
  secret.replace(secret.find("RESTRICTED"), 10, "CONFIDENTIAL");
  secret.replace(secret.find("AMBER"), 5, "RED");
  secret.replace(secret.find(R"(["ALL_MEMBERS"])"), 15, R"(["AUS","ALL_MEMBERS"])");
  WriteFile(dir.File("in.jsonl"), Person("P1", "A") + "\n" + secret + "\n");
  MemoryStore store;
  ASSERT_TRUE(Import(store, dir.File("in.jsonl"), Format::kJson).status.ok());
  ExportOptions eo;
  eo.format = ExportFormat::kJson;
  eo.out_path = dir.File("out.jsonl");
  ASSERT_TRUE(Export(store, eo).ok());
  auto header = nlohmann::json::parse(ReadLines(eo.out_path).at(0));
  const auto& h = header["disrupt_export"]["handling"];
  EXPECT_EQ(h["classification"], "CONFIDENTIAL");
  EXPECT_EQ(h["tlp"], "TLP:RED");
  EXPECT_EQ(h["releasable_to"], nlohmann::json::array({"ALL_MEMBERS"}));
  EXPECT_EQ(header["disrupt_export"]["marking"],
            "CONFIDENTIAL TLP:RED crime_fighting_only REL TO ALL_MEMBERS REVIEW BY 2030-01-01");
  for (auto format : {ExportFormat::kGraphMl, ExportFormat::kGexf, ExportFormat::kAnx, ExportFormat::kCsv}) {
    eo.format = format;
    eo.out_path = dir.File("out." + std::string(ToString(format)));
    ASSERT_TRUE(Export(store, eo).ok());
    auto lines = ReadLines(eo.out_path);
    std::string top = lines.size() > 1 ? lines[0] + lines[1] : "";
    EXPECT_NE(top.find("CONFIDENTIAL TLP:RED"), std::string::npos) << ToString(format);
  }
}

TEST(Export, NetworkFilterKeepsOnlyLinksInsideTheNetwork) {
  TempDir dir;
  std::string network = R"({"id":"N1","type":"Network","properties":{"name":["Route"],"network_status":["active"]},)" +
                        std::string(kMarks) + "}";
  auto member = [&](const std::string& id) {
    std::string p = Person(id, id);
    return p.insert(1, R"("networks":["N1"],)");
  };
  WriteFile(dir.File("in.jsonl"), network + "\n" + member("P1") + "\n" + member("P2") + "\n" + Person("P3", "Out") +
                                      "\n" + Link("L1", "associate_of", "P1", "P2") + "\n" +
                                      Link("L2", "associate_of", "P1", "P3") + "\n");
  MemoryStore store;
  ASSERT_TRUE(Import(store, dir.File("in.jsonl"), Format::kJson).status.ok());
  // Put L1 in the network too, as an analyst would; L2 leaves it.
  store.records.at("L1").networks = {"N1"};
  store.records.at("L2").networks = {"N1"};
  ExportOptions eo;
  eo.format = ExportFormat::kGraphMl;
  eo.out_path = dir.File("n.graphml");
  eo.network = "N1";
  auto summary = Export(store, eo);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->entities, 3u);  // N1, P1, P2
  EXPECT_EQ(summary->links, 1u);
  EXPECT_EQ(summary->outside_filter, 1u);
  eo.network = "NOPE";
  EXPECT_EQ(Export(store, eo).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace disrupt::ingest

// Entity-resolution and deconfliction benchmarks (bench/resolve.sh runs them):
//
//   resolve_bench febrl DIR        precision and recall on FEBRL datasets 1, 2, 3 and 4a+4b
//   resolve_bench scale N          N synthetic person records (with known duplicates):
//                                  resolution time, peak memory, precision and recall
//   resolve_bench generated DIR    `disrupt generate` output: resolve_records.csv against
//                                  truth/persons.csv, broken down by script and variation
//   resolve_bench dice N           N x N CLK matching: Dice comparisons per second with
//                                  popcount pruning and the best kernel, against a plain
//                                  popcount loop over every pair in the same run
//
// Each prints one JSON object per result line. Accuracy is pairwise: a
// predicted pair is two records in one cluster; a true pair two records of
// one person in the ground truth.
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/text.h"
#include "deconflict/dice.h"
#include "deconflict/encoding.h"
#include "resolve/csv_input.h"
#include "resolve/resolver.h"

using namespace disrupt;
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// CPU seconds used by the process (all threads): on a shared machine, wall
// time includes waiting for a core; CPU time does not.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

long PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

// Pairwise precision and recall, from cluster and truth labels per record.
struct Pairs {
  long long predicted = 0, truth = 0, both = 0;
  double precision() const { return predicted ? double(both) / predicted : 1.0; }
  double recall() const { return truth ? double(both) / truth : 1.0; }
};

template <typename Label>
Pairs CountPairs(const std::vector<Label>& cluster, const std::vector<Label>& truth) {
  // Predicted pairs: pairs within clusters; true: within truth groups; both: within (cluster, truth) cells.
  auto within = [](const auto& counts) {
    long long n = 0;
    for (const auto& [_, c] : counts) n += c * (c - 1) / 2;
    return n;
  };
  std::map<Label, long long> c, t;
  std::map<std::pair<Label, Label>, long long> ct;
  for (size_t i = 0; i < cluster.size(); ++i) {
    ++c[cluster[i]];
    ++t[truth[i]];
    ++ct[{cluster[i], truth[i]}];
  }
  return {within(c), within(t), within(ct)};
}

// ------------------------------------------------------------------ FEBRL

std::vector<resolve::PersonRecord> LoadFebrl(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<resolve::PersonRecord> out;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto f = Split(line, ',');
    if (f.size() != 11) continue;
    for (auto& x : f) x = std::string(Trim(x));
    resolve::PersonRecord r;
    r.id = f[0];
    r.given_name = f[1];
    r.family_name = f[2];
    r.address = f[3] + " " + f[4] + " " + f[5] + " " + f[6] + " " + f[7] + " " + f[8];
    r.dob = f[9];
    out.push_back(r);
  }
  return out;
}

int Febrl(const std::string& dir) {
  const std::vector<std::vector<std::string>> sets = {
      {"dataset1.csv"}, {"dataset2.csv"}, {"dataset3.csv"}, {"dataset4a.csv", "dataset4b.csv"}};
  for (const auto& files : sets) {
    std::vector<resolve::PersonRecord> records;
    for (const auto& f : files) {
      auto part = LoadFebrl(dir + "/" + f);
      records.insert(records.end(), part.begin(), part.end());
    }
    auto start = Clock::now();
    resolve::Resolver resolver;
    if (!resolver.Add(records).ok() || !resolver.Run().ok()) return 1;
    double secs = Seconds(start);
    if (std::getenv("DISRUPT_BENCH_PRINT_MODEL")) std::cerr << resolver.model().ToJson().dump() << "\n";
    std::vector<std::string> cluster, truth;
    for (const auto& [id, c] : resolver.Assignments()) {
      cluster.push_back(c);
      truth.push_back(Split(id, '-')[1]);
    }
    Pairs p = CountPairs(cluster, truth);
    nlohmann::json j{{"bench", "febrl"},          {"data", Join(files, "+")},
                     {"records", records.size()}, {"true_pairs", p.truth},
                     {"predicted_pairs", p.predicted}, {"precision", p.precision()},
                     {"recall", p.recall()},      {"candidate_pairs", resolver.stats().candidate_pairs},
                     {"review_items", resolver.review().size()}, {"seconds", secs}};
    std::cout << j.dump() << std::endl;
  }
  return 0;
}

// ------------------------------------------------------------- synthetic

constexpr const char* kGiven[] = {
    "mohammad", "ali",     "ahmad",   "hussain", "reza",    "fatima",  "zainab",  "imran",   "ayesha",  "bilal",
    "somchai",  "malee",   "niran",   "kanya",   "arun",    "priya",   "kumar",   "nimal",   "sunil",   "chamari",
    "thein",    "aung",    "kyaw",    "hla",     "min",     "sok",     "dara",    "sophal",  "vanna",   "bounmy",
    "khamla",   "somsak",  "siti",    "nur",     "agus",    "budi",    "dewi",    "rina",    "joko",    "wati",
    "rahim",    "karim",   "shafiq",  "nasrin",  "farhana", "tanvir",  "abdul",   "omar",    "yusuf",   "ibrahim",
    "hamid",    "rashid",  "jamal",   "samira",  "leila",   "parisa",  "mehdi",   "hassan",  "nadia",   "tariq",
    "wei",      "li",      "ming",    "xiao",    "jun",     "hong",    "mei",     "lan",     "chen",    "hui",
    "john",     "james",   "mary",    "sarah",   "david",   "peter",   "anna",    "lucy",    "mark",    "paul",
    "rajesh",   "anil",    "deepa",   "lakshmi", "ravi",    "suresh",  "meena",   "gopal",   "vijay",   "asha",
    "thu",      "linh",    "minh",    "hoa",     "tuan",    "lan",     "hung",    "mai",     "nam",     "phuong"};
constexpr const char* kFamily[] = {
    "rahimi",   "karimi",   "hosseini",  "ahmadi",     "mohammadi", "khan",      "qureshi",  "malik",     "chaudhry",
    "butt",     "srisuk",   "wongsa",    "chaiyaporn", "boonmee",   "saetang",   "perera",   "fernando", "silva",
    "jayasinghe", "bandara", "gamage",   "wijesinghe", "rajapaksa", "dissanayake", "ranasinghe", "htun",   "win",
    "oo",       "naing",    "zaw",       "chea",       "sok",       "kim",       "heng",     "meas",      "phommavong",
    "sisavath", "vongsa",   "keomany",   "santoso",    "wijaya",    "susanto",   "hidayat",  "saputra",   "rahman",
    "hossain",  "islam",    "uddin",     "akter",      "begum",     "chowdhury", "sarkar",   "das",       "barua",
    "wang",     "li",       "zhang",     "liu",        "chen",      "yang",      "huang",    "zhao",      "nguyen",
    "tran",     "le",       "pham",      "hoang",      "phan",      "vu",        "dang",     "bui",       "do",
    "smith",    "jones",    "williams",  "brown",      "taylor",    "wilson",    "johnson",  "white",     "martin",
    "kumar",    "singh",    "sharma",    "patel",      "reddy",     "nair",      "pillai",   "iyer",      "menon",
    "haidari",  "sultani",  "noori",     "azizi",      "safi",      "amiri",     "jalali",   "rezaei",    "sadeghi",
    "tehrani"};
constexpr const char* kCountries[] = {"AFG", "PAK", "IRN", "LKA", "MMR", "BGD", "KHM", "LAO",
                                      "MYS", "THA", "IDN", "AUS", "NZL", "VNM", "CHN", "IND"};

struct Person {
  std::string given, family, nationality, passport, phone;
  int y, m, d;
  char gender;
};

std::string Typo(std::string s, std::mt19937_64& rng) {
  if (s.size() < 3) return s;
  size_t i = 1 + rng() % (s.size() - 2);
  switch (rng() % 3) {
    case 0: std::swap(s[i], s[i + 1]); break;
    case 1: s.erase(i, 1); break;
    default: s.insert(i, 1, static_cast<char>('a' + rng() % 26)); break;
  }
  return s;
}

// A name pool: the common names above, then names built from syllables up
// to `size`, drawn with weight 1/(rank + 10) so that a few names are common
// (the commonest about 1.5% of draws) and most are rare, as in real data.
class NamePool {
 public:
  template <size_t N>
  NamePool(const char* const (&common)[N], size_t size, std::mt19937_64& rng) {
    static constexpr const char* kSyllables[] = {"ka", "ri", "mo", "ha", "na", "si", "ta", "lu", "de", "pa", "wi",
                                                 "ro", "sa", "ni", "ma", "ku", "be", "ya", "zu", "fo", "chai", "ng",
                                                 "sh", "kh", "an", "el", "om", "ur", "in", "ab"};
    std::set<std::string> seen(std::begin(common), std::end(common));
    names_.assign(std::begin(common), std::end(common));
    while (names_.size() < size) {
      std::string name;
      int parts = 2 + static_cast<int>(rng() % 2);
      for (int p = 0; p < parts; ++p) name += kSyllables[rng() % std::size(kSyllables)];
      if (seen.insert(name).second) names_.push_back(name);
    }
    std::vector<double> weights;
    for (size_t r = 0; r < names_.size(); ++r) weights.push_back(1.0 / (r + 10));
    dist_ = std::discrete_distribution<size_t>(weights.begin(), weights.end());
  }
  const std::string& Draw(std::mt19937_64& rng) { return names_[dist_(rng)]; }

 private:
  std::vector<std::string> names_;
  std::discrete_distribution<size_t> dist_;
};

// Synthetic persons with 1-3 records each; `truth` gets the person index per record.
std::vector<resolve::PersonRecord> Synthetic(size_t n, uint64_t seed, std::vector<uint32_t>& truth) {
  std::mt19937_64 rng(seed);
  NamePool given_pool(kGiven, 3000, rng), family_pool(kFamily, 20000, rng);
  std::vector<resolve::PersonRecord> out;
  out.reserve(n);
  truth.reserve(n);
  uint32_t person_id = 0;
  char buf[64];
  while (out.size() < n) {
    Person p;
    p.given = given_pool.Draw(rng);
    if (rng() % 3 == 0) p.given += " " + given_pool.Draw(rng);
    p.family = family_pool.Draw(rng);
    p.nationality = kCountries[rng() % std::size(kCountries)];
    p.y = 1950 + static_cast<int>(rng() % 56);
    p.m = 1 + static_cast<int>(rng() % 12);
    p.d = 1 + static_cast<int>(rng() % 28);
    p.gender = rng() % 2 ? 'M' : 'F';
    std::snprintf(buf, sizeof buf, "N%08llu", static_cast<unsigned long long>(rng() % 100000000));
    p.passport = buf;
    std::snprintf(buf, sizeof buf, "+614%08llu", static_cast<unsigned long long>(rng() % 100000000));
    p.phone = buf;
    int copies = 1 + (rng() % 100 < 35) + (rng() % 100 < 15);
    for (int c = 0; c < copies && out.size() < n; ++c) {
      resolve::PersonRecord r;
      // Built in place: GCC 12 at -O3 warns (-Wrestrict) on "R" + std::to_string(...).
      std::snprintf(buf, sizeof buf, "R%zu", out.size());
      r.id = buf;
      r.member = kCountries[rng() % std::size(kCountries)];
      r.given_name = p.given;
      r.family_name = p.family;
      r.nationality = p.nationality;
      r.gender = std::string(1, p.gender);
      int dy = p.y, dm = p.m, dd = p.d;
      if (c > 0) {
        unsigned v = rng() % 100;
        if (v < 25) r.given_name = Typo(r.given_name, rng);
        else if (v < 45) r.family_name = Typo(r.family_name, rng);
        else if (v < 55) std::swap(r.given_name, r.family_name);
        unsigned w = rng() % 100;
        if (w < 10 && dd <= 12) std::swap(dm, dd);
        else if (w < 20) dm = dd = 0;
      }
      if (dm) std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", dy, dm, dd);
      else std::snprintf(buf, sizeof buf, "%04d", dy);
      r.dob = buf;
      if (rng() % 100 < 50) r.phone = p.phone;
      if (rng() % 100 < 40) r.passport_no = p.passport;
      out.push_back(std::move(r));
      truth.push_back(person_id);
    }
    ++person_id;
  }
  return out;
}

int Scale(size_t n) {
  std::vector<uint32_t> truth;
  auto records = Synthetic(n, 42, truth);
  long rss_before = PeakRssMb();
  auto start = Clock::now();
  double cpu_start = CpuSeconds();
  resolve::ResolverOptions options;
  if (const char* mb = std::getenv("DISRUPT_BENCH_MAX_BLOCK")) options.max_block = std::stoul(mb);
  resolve::Resolver resolver(options);
  if (!resolver.Add(std::move(records)).ok()) return 1;
  if (Status s = resolver.Run(); !s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 1;
  }
  double secs = Seconds(start);
  double cpu = CpuSeconds() - cpu_start;
  std::vector<uint32_t> cluster;
  for (const auto& [id, c] : resolver.Assignments()) cluster.push_back(static_cast<uint32_t>(std::stoul(c.substr(1))));
  if (const char* path = std::getenv("DISRUPT_BENCH_ASSIGNMENTS")) {
    // Diagnosis: the cluster of every record, to compare two builds' results.
    std::ofstream out(path);
    for (size_t i = 0; i < cluster.size(); ++i) out << i << ',' << cluster[i] << '\n';
  }
  Pairs p = CountPairs(cluster, truth);
  const auto& st = resolver.stats();
  nlohmann::json j{{"bench", "scale"},
                   {"records", n},
                   {"seconds", secs},
                   {"peak_rss_mb", PeakRssMb()},
                   {"rss_mb_before_resolving", rss_before},
                   {"candidate_pairs", st.candidate_pairs},
                   {"skipped_blocks", st.skipped_blocks},
                   {"largest_block", st.largest_block},
                   {"max_block", options.max_block},
                   {"clusters", st.clusters},
                   {"precision", p.precision()},
                   {"recall", p.recall()},
                   {"true_pairs", p.truth},
                   {"threads", 2},
                   {"cpu_seconds", cpu},
                   {"phase_seconds_wall_cpu",
                    {{"normalise", {st.normalise.wall, st.normalise.cpu}},
                     {"blocking", {st.blocking.wall, st.blocking.cpu}},
                     {"compare", {st.compare.wall, st.compare.cpu}},
                     {"estimate", {st.estimate.wall, st.estimate.cpu}},
                     {"score", {st.score.wall, st.score.cpu}},
                     {"cluster", {st.cluster.wall, st.cluster.cpu}}}}};
  std::cout << j.dump() << std::endl;
  if (std::getenv("DISRUPT_BENCH_PRINT_MODEL")) std::cerr << resolver.model().ToJson().dump() << "\n";
  return 0;
}

// ------------------------------------------------------------ generated

int Generated(const std::string& dir) {
  auto records = resolve::ReadPersonCsv(dir + "/resolve_records.csv");
  if (!records.ok()) {
    std::cerr << records.status().ToString() << "\n";
    return 1;
  }
  std::unordered_map<std::string, std::string> person_of, script_of, variations_of;
  for (const char* file : {"/truth/persons.csv", "/truth/variations.csv"}) {
    auto reader = CsvReader::Open(dir + file);
    if (!reader.ok()) return 1;
    std::vector<std::string> f;
    (*reader)->Next(f);
    CsvHeader h(f);
    while ((*reader)->Next(f)) {
      if (std::string_view(file) == "/truth/persons.csv") {
        person_of[f[h.Find("record_id")]] = f[h.Find("person_id")];
      } else {
        script_of[f[h.Find("record_id")]] = f[h.Find("script")];
        variations_of[f[h.Find("record_id")]] = f[h.Find("variations")];
      }
    }
  }
  auto start = Clock::now();
  resolve::ResolverOptions options;
  if (const char* p = std::getenv("DISRUPT_BENCH_MATCH_PROBABILITY")) options.match_probability = std::stod(p);
  if (const char* p = std::getenv("DISRUPT_BENCH_REVIEW_PROBABILITY")) options.review_probability = std::stod(p);
  resolve::Resolver resolver(options);
  size_t n = records->size();
  if (!resolver.Add(std::move(*records)).ok() || !resolver.Run().ok()) return 1;
  double secs = Seconds(start);
  std::vector<std::string> cluster, truth, ids;
  for (const auto& [id, c] : resolver.Assignments()) {
    ids.push_back(id);
    cluster.push_back(c);
    truth.push_back(person_of.count(id) ? person_of[id] : "?" + id);
  }
  Pairs all = CountPairs(cluster, truth);
  if (std::getenv("DISRUPT_BENCH_PRINT_MODEL")) std::cerr << resolver.model().ToJson().dump() << "\n";
  if (const char* show = std::getenv("DISRUPT_BENCH_SHOW_WRONG")) {
    // Diagnosis: links that joined two different persons, with both records
    // and the explanation (stderr, so the JSON lines stay clean).
    std::unordered_map<std::string, size_t> row;
    for (size_t i = 0; i < resolver.records().size(); ++i) row[resolver.records()[i].id] = i;
    auto describe = [&](const std::string& id) {
      const auto& r = resolver.records()[row[id]];
      return id + " [" + script_of[id] + " " + variations_of[id] + "] g=" + r.given_name + " f=" + r.family_name +
             " full=" + r.full_name + " dob=" + r.dob + " " + r.gender + " " + r.nationality + " doc=" +
             r.passport_no + " ph=" + r.phone;
    };
    long long left = std::stoll(show);
    for (const auto& [_, links] : resolver.cluster_links()) {
      for (const auto& l : links) {
        if (left <= 0 || person_of[l.a] == person_of[l.b]) continue;
        --left;
        std::cerr << "WRONG p=" << l.probability << "\n  " << describe(l.a) << "\n  " << describe(l.b) << "\n ";
        if (auto e = resolver.Explain(l.a, l.b); e.ok()) {
          std::cerr << " prior " << e->prior;
          for (const auto& f : e->fields) {
            std::cerr << " | " << resolve::ComparisonName(f.comparison) << ":" << resolve::LevelName(f.comparison, f.level)
                      << " " << f.weight;
          }
        }
        std::cerr << "\n";
      }
    }
  }
  if (std::getenv("DISRUPT_BENCH_CALIBRATION")) {
    // Diagnosis: share of true matches among the scored pairs, by match probability.
    std::map<int, std::array<long long, 2>> bins;
    for (const auto& l : resolver.Links()) {
      double p = 1 / (1 + std::exp2(-l.weight));
      int bin = p >= 0.99 ? 10 : static_cast<int>(p * 10);
      bins[bin][0] += person_of[l.a] == person_of[l.b];
      bins[bin][1] += 1;
    }
    for (const auto& [bin, c] : bins) std::cerr << "p>=" << bin / 10.0 << ": " << c[0] << "/" << c[1] << "\n";
  }
  if (const char* show = std::getenv("DISRUPT_BENCH_SHOW_MISSED")) {
    // Diagnosis: true pairs left in different clusters, with their explanation.
    long long left = std::stoll(show);
    std::map<std::string, std::vector<size_t>> members_of;
    for (size_t i = 0; i < ids.size(); ++i) members_of[truth[i]].push_back(i);
    for (const auto& [_, m] : members_of) {
      for (size_t x = 0; x < m.size() && left > 0; ++x) {
        for (size_t y = x + 1; y < m.size() && left > 0; ++y) {
          if (cluster[m[x]] == cluster[m[y]]) continue;
          --left;
          const auto& a = resolver.records()[m[x]];
          const auto& b = resolver.records()[m[y]];
          auto line = [&](const resolve::PersonRecord& r) {
            return r.id + " [" + script_of[r.id] + " " + variations_of[r.id] + "] g=" + r.given_name + " f=" +
                   r.family_name + " full=" + r.full_name + " dob=" + r.dob + " " + r.gender + " " + r.nationality +
                   " doc=" + r.passport_no + " ph=" + r.phone + " addr=" + r.address;
          };
          std::cerr << "MISSED\n  " << line(a) << "\n  " << line(b) << "\n ";
          if (auto e = resolver.Explain(a.id, b.id); e.ok()) {
            std::cerr << " p=" << e->score.probability << " prior " << e->prior;
            for (const auto& f : e->fields) {
              std::cerr << " | " << resolve::ComparisonName(f.comparison) << ":"
                        << resolve::LevelName(f.comparison, f.level) << " " << f.weight;
            }
          }
          std::cerr << "\n";
        }
      }
    }
  }
  nlohmann::json j{{"bench", "generated"}, {"records", n},           {"seconds", secs},
                   {"precision", all.precision()}, {"recall", all.recall()}, {"true_pairs", all.truth},
                   {"predicted_pairs", all.predicted}};
  std::cout << j.dump() << std::endl;
  // Per script and per variation: over the pairs in which one record has it.
  std::map<std::string, std::vector<size_t>> by_person;
  for (size_t i = 0; i < ids.size(); ++i) by_person[truth[i]].push_back(i);
  std::map<std::string, std::array<long long, 2>> recall_by;      // true pairs found / true pairs
  std::map<std::string, std::array<long long, 2>> precision_by;   // predicted pairs true / predicted
  auto tags = [&](size_t i) {
    std::set<std::string> t{"script:" + script_of[ids[i]]};
    for (const auto& v : Split(variations_of[ids[i]], ';')) t.insert("variation:" + v);
    return t;
  };
  for (const auto& [_, members] : by_person) {
    for (size_t x = 0; x < members.size(); ++x) {
      for (size_t y = x + 1; y < members.size(); ++y) {
        auto t = tags(members[x]);
        auto u = tags(members[y]);
        t.insert(u.begin(), u.end());
        bool found = cluster[members[x]] == cluster[members[y]];
        for (const auto& tag : t) {
          recall_by[tag][0] += found;
          recall_by[tag][1] += 1;
        }
      }
    }
  }
  std::map<std::string, std::vector<size_t>> by_cluster;
  for (size_t i = 0; i < ids.size(); ++i) by_cluster[cluster[i]].push_back(i);
  for (const auto& [_, members] : by_cluster) {
    for (size_t x = 0; x < members.size(); ++x) {
      for (size_t y = x + 1; y < members.size(); ++y) {
        auto t = tags(members[x]);
        auto u = tags(members[y]);
        t.insert(u.begin(), u.end());
        bool correct = truth[members[x]] == truth[members[y]];
        for (const auto& tag : t) {
          precision_by[tag][0] += correct;
          precision_by[tag][1] += 1;
        }
      }
    }
  }
  for (const auto& [tag, r] : recall_by) {
    const auto& p = precision_by[tag];
    nlohmann::json row{{"bench", "generated-breakdown"}, {"tag", tag}, {"true_pairs", r[1]},
                       {"recall", r[1] ? double(r[0]) / r[1] : 1.0}, {"predicted_pairs", p[1]},
                       {"precision", p[1] ? double(p[0]) / p[1] : 1.0}};
    std::cout << row.dump() << std::endl;
  }
  return 0;
}

// ------------------------------------------------------------------ Dice

int DiceBench(size_t n) {
  std::vector<uint32_t> truth;
  auto people = Synthetic(2 * n, 7, truth);
  auto secret = deconflict::GroupSecret::FromFileContents(std::string(64, 'a')).value();
  deconflict::Encoder encoder(secret);
  std::vector<deconflict::Clk> a, b;
  for (size_t i = 0; i < people.size(); ++i) (i % 2 ? b : a).push_back(encoder.Encode(people[i]).clk);
  a.resize(n);
  b.resize(n);
  const double threshold = 0.85;
  auto best = deconflict::BestKernel();
  deconflict::DiceIndex index(b, best);
  struct Run {
    double wall, cpu;
    deconflict::DiceStats stats;
    size_t hits;
  };
  auto run = [&](const deconflict::DiceIndex& idx, bool prune) {
    Run r{};
    auto start = Clock::now();
    double cpu = CpuSeconds();
    r.hits = idx.SearchAll(a, threshold, 2, r.stats, prune).size();
    r.wall = Seconds(start);
    r.cpu = CpuSeconds() - cpu;
    return r;
  };
  Run pruned = run(index, true);
  // Peer in the same run: a plain popcount loop (POPCNT, 16 words) over every pair, two threads.
  deconflict::DiceIndex plain_index(b, deconflict::PopcountKernel::kPopcnt);
  Run plain = run(plain_index, false);
  // The best kernel on every pair, without pruning: the kernel's own speed.
  Run unpruned = run(index, false);
  auto rates = [](const Run& r) {
    double pairs = static_cast<double>(r.stats.pairs_considered);
    // Per second of wall time, and per second of 2 cores' CPU time (what the
    // two cores reach when no other process competes for them).
    return nlohmann::json{{"wall_seconds", r.wall},
                          {"cpu_seconds", r.cpu},
                          {"comparisons_per_wall_second", pairs / r.wall},
                          {"comparisons_per_second_on_2_free_cores", 2 * pairs / r.cpu},
                          {"hits", r.hits}};
  };
  nlohmann::json j{{"bench", "dice"},
                   {"encodings_per_side", n},
                   {"threshold", threshold},
                   {"kernel", deconflict::ToString(best)},
                   {"pairs", pruned.stats.pairs_considered},
                   {"pairs_in_popcount_window", pruned.stats.pairs_computed},
                   {"pruned_best_kernel", rates(pruned)},
                   {"unpruned_best_kernel", rates(unpruned)},
                   {"plain_popcount_loop", rates(plain)},
                   {"hits_agree", pruned.hits == plain.hits && pruned.hits == unpruned.hits},
                   {"threads", 2}};
  std::cout << j.dump() << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: resolve_bench febrl DIR | scale N | generated DIR | dice N\n";
    return 2;
  }
  std::string mode = argv[1];
  if (mode == "febrl") return Febrl(argv[2]);
  if (mode == "scale") return Scale(std::stoul(argv[2]));
  if (mode == "generated") return Generated(argv[2]);
  if (mode == "dice") return DiceBench(std::stoul(argv[2]));
  std::cerr << "unknown mode " << mode << "\n";
  return 2;
}

// Comparisons, Fellegi–Sunter weights and their estimation; see model.h.
#include "resolve/model.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "resolve/dob.h"
#include "resolve/name.h"
#include "resolve/name_cache.h"
#include "resolve/similarity.h"

namespace disrupt::resolve {

namespace {

struct ComparisonInfo {
  std::string_view name;
  std::array<std::string_view, kMaxLevels> levels;
  int count;
};

constexpr ComparisonInfo kInfo[kComparisons] = {
    {"given_name", {"different", "similar", "close", "exact"}, 4},
    {"family_name", {"different", "similar", "close", "exact"}, 4},
    {"dob",
     {"different", "year one apart", "same year", "partial (year or month only)", "one digit apart",
      "day and month swapped", "exact"},
     7},
    {"gender", {"different", "same"}, 2},
    {"nationality", {"different", "same"}, 2},
    {"passport_no", {"different", "one character apart", "exact"}, 3},
    {"phone", {"different", "exact"}, 2},
    {"address", {"different", "similar", "close", "exact"}, 4},
};

// Typical m and u of each level, from person records of the kind members
// hold (FEBRL's and the generator's data): the starting point of the
// estimation, and what a small data set, which cannot teach the model much,
// falls back to. Each weighs as kPriorPairs pairs against the data.
struct Typical {
  std::array<double, kMaxLevels> m, u;
};
constexpr Typical kTypical[kComparisons] = {
    {{0.05, 0.1, 0.15, 0.7}, {0.97, 0.02, 0.005, 0.005}},                  // given_name
    {{0.05, 0.1, 0.15, 0.7}, {0.97, 0.02, 0.005, 0.005}},                  // family_name
    {{0.02, 0.01, 0.02, 0.12, 0.02, 0.02, 0.79}, {0.93, 0.045, 0.018, 0.0067, 0.001, 0.0002, 0.0003}},  // dob
    {{0.02, 0.98}, {0.5, 0.5}},                                            // gender
    {{0.03, 0.97}, {0.8, 0.2}},                                            // nationality
    {{0.05, 0.05, 0.9}, {0.9998, 0.0001, 0.0001}},                         // passport_no
    {{0.15, 0.85}, {0.9999, 0.0001}},                                      // phone
    {{0.1, 0.2, 0.2, 0.5}, {0.97, 0.02, 0.008, 0.002}},                    // address
};
constexpr double kPriorPairs = 20;

int8_t NameLevel(double s) {
  if (s < 0) return kMissing;
  if (s >= 1.0) return 3;
  if (s >= 0.92) return 2;
  if (s >= 0.8) return 1;
  return 0;
}

double Log2(double x) { return std::log2(std::max(x, 1e-300)); }

// Dice coefficient over address words, a word counting as shared when it
// is equal or, failing that, close (Jaro-Winkler >= 0.88) to an unused
// word of the other address: robust to a missing street number, a split
// word and typing errors. Both lists are sorted.
double AddressSimilarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  std::vector<bool> used_a(a.size()), used_b(b.size());
  size_t shared = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) {
      used_a[i++] = used_b[j++] = true;
      ++shared;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (used_a[i] || a[i].size() < 3) continue;
    for (size_t j = 0; j < b.size(); ++j) {
      if (used_b[j] || b[j].size() < 3 || JaroWinkler(a[i], b[j]) < 0.88) continue;
      used_a[i] = used_b[j] = true;
      ++shared;
      break;
    }
  }
  return 2.0 * shared / (a.size() + b.size());
}

}  // namespace

bool SamePhone(std::string_view a, std::string_view b) {
  if (a == b) return true;
  // A foreign number written the local way ("0722061533" recorded in
  // Indonesia for an Afghan mobile) is read in the wrong country: the
  // subscriber's digits still agree.
  return a.size() >= kPhoneTail && b.size() >= kPhoneTail &&
         a.substr(a.size() - kPhoneTail) == b.substr(b.size() - kPhoneTail);
}

std::string_view ComparisonName(Comparison c) { return kInfo[static_cast<int>(c)].name; }
int LevelCount(Comparison c) { return kInfo[static_cast<int>(c)].count; }
std::string_view LevelName(Comparison c, int level) {
  if (level == kMissing) return "missing";
  return kInfo[static_cast<int>(c)].levels[level];
}

namespace {

// PartSimilarity of two name parts with their interned ids (0: not
// interned): equal ids are equal token lists (similarity 1), and the cache
// is asked before computing. `tokens` builds the second part's token lists
// when they must be computed.
template <typename Tokens>
double CachedPartSimilarity(PartSimilarityCache* cache, uint32_t a_id, const std::vector<std::string>& a,
                            const std::vector<std::string>& a_keys, uint32_t b_id, Tokens tokens) {
  if (a_id != 0 && a_id == b_id) return 1.0;
  double s;
  const bool cached = cache && a_id && b_id;
  if (cached && cache->Find(a_id, b_id, s)) return s;
  s = tokens([&](const std::vector<std::string>& b, const std::vector<std::string>& b_keys) {
    return PartSimilarity(a, a_keys, b, b_keys);
  });
  if (cached) cache->Put(a_id, b_id, s);
  return s;
}


}  // namespace

namespace {

uint64_t HashOf(const std::string& s) {
  if (s.empty()) return 0;
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h | 1;  // never 0, which means empty
}

}  // namespace

CompactRecord Compact(const NormalisedRecord& r) {
  CompactRecord c;
  c.given_id = r.given_id;
  c.family_id = r.family_id;
  c.all_id = r.all_id;
  c.has_given = !r.given.empty();
  c.has_family = !r.family.empty();
  c.gender = r.gender;
  c.dob = r.dob;
  c.nationality = HashOf(r.nationality);
  c.document = HashOf(r.document);
  c.phone = HashOf(r.phone);
  c.address = HashOf(r.address);
  if (r.phone.size() >= kPhoneTail) std::memcpy(&c.phone_tail, r.phone.data() + r.phone.size() - kPhoneTail, kPhoneTail);
  return c;
}

Pattern Compare(const NormalisedRecord& a, const NormalisedRecord& b, PartSimilarityCache* cache) {
  return Compare(a, Compact(a), b, Compact(b), cache);
}

Pattern Compare(const NormalisedRecord& a, const CompactRecord& ca, const NormalisedRecord& b, const CompactRecord& cb,
                PartSimilarityCache* cache) {
  static_assert(kPhoneTail == sizeof(uint64_t), "the phone tail is packed in 64 bits");
  Pattern p;
  p.fill(kMissing);
  // Names: given against given and family against family, or crossed when
  // one member wrote the parts the other way round (family name first).
  // Each part's similarity is -1 when either is empty.
  auto part = [&](bool a_given, bool b_given) -> double {
    bool a_has = a_given ? ca.has_given : ca.has_family, b_has = b_given ? cb.has_given : cb.has_family;
    if (!a_has || !b_has) return -1.0;
    uint32_t a_id = a_given ? ca.given_id : ca.family_id, b_id = b_given ? cb.given_id : cb.family_id;
    const auto& bt = b_given ? b.given : b.family;
    const auto& bk = b_given ? b.given_keys : b.family_keys;
    return CachedPartSimilarity(cache, a_id, a_given ? a.given : a.family, a_given ? a.given_keys : a.family_keys,
                                b_id, [&](const auto& similarity) { return similarity(bt, bk); });
  };
  double sg = part(true, true);
  double sf = part(false, false);
  const bool all_parts = ca.has_given && ca.has_family && cb.has_given && cb.has_family;
  if (sg < 0.8 && sf < 0.8 && all_parts) {
    double cg = part(true, false);
    double cf = part(false, true);
    if (cg + cf > sg + sf + 0.2) {
      sg = cg;
      sf = cf;
    }
  }
  if ((!ca.has_family || !cb.has_family) && ca.has_given && cb.has_given) {
    // A single name against a full one: the single name against every part.
    const bool a_single = !ca.has_family;
    const auto& single = a_single ? a : b;
    const auto& other = a_single ? b : a;
    const auto& single_c = a_single ? ca : cb;
    const auto& other_c = a_single ? cb : ca;
    double s = CachedPartSimilarity(cache, single_c.given_id, single.given, single.given_keys, other_c.all_id,
                                    [&](const auto& similarity) {
                                      std::vector<std::string> all = other.given, all_keys = other.given_keys;
                                      all.insert(all.end(), other.family.begin(), other.family.end());
                                      all_keys.insert(all_keys.end(), other.family_keys.begin(),
                                                      other.family_keys.end());
                                      return similarity(all, all_keys);
                                    });
    sg = std::max(sg, s);
  }
  p[static_cast<int>(Comparison::kGiven)] = NameLevel(sg);
  p[static_cast<int>(Comparison::kFamily)] = NameLevel(sf);

  switch (CompareDob(ca.dob, cb.dob)) {
    case DobAgreement::kExact: p[2] = 6; break;
    case DobAgreement::kSwapped: p[2] = 5; break;
    case DobAgreement::kClose: p[2] = 4; break;
    case DobAgreement::kPartial: p[2] = 3; break;
    case DobAgreement::kSameYear: p[2] = 2; break;
    case DobAgreement::kNearYear: p[2] = 1; break;
    case DobAgreement::kDifferent: p[2] = 0; break;
    case DobAgreement::kMissing: break;
  }
  if (ca.gender && cb.gender) p[3] = ca.gender == cb.gender ? 1 : 0;
  // Equal hashes are confirmed on the strings.
  if (ca.nationality && cb.nationality) p[4] = ca.nationality == cb.nationality && a.nationality == b.nationality ? 1 : 0;
  if (ca.document && cb.document) {
    if (ca.document == cb.document && a.document == b.document) p[5] = 2;
    else p[5] = BoundedLevenshtein(a.document, b.document, 1) <= 1 ? 1 : 0;
  }
  if (ca.phone && cb.phone) {
    bool same = (ca.phone == cb.phone && a.phone == b.phone) ||
                (ca.phone_tail && ca.phone_tail == cb.phone_tail && SamePhone(a.phone, b.phone));
    p[6] = same ? 1 : 0;
  }
  if (ca.address && cb.address) {
    if (ca.address == cb.address && a.address == b.address) {
      p[7] = 3;
    } else {
      double s = AddressSimilarity(a.address_tokens, b.address_tokens);
      p[7] = s >= 0.8 ? 2 : s >= 0.6 ? 1 : 0;
    }
  }
  return p;
}

Model::Model() {
  for (int k = 0; k < kComparisons; ++k) {
    for (int l = 0; l < kMaxLevels; ++l) params_.m[k][l] = params_.u[k][l] = params_.u_random[k][l] = 1.0 / kMaxLevels;
  }
  params_.lambda = 0.5;
  ComputeWeights();
}

void Model::ComputeWeights() {
  for (int k = 0; k < kComparisons; ++k) {
    for (int l = 0; l < kMaxLevels; ++l) weight_[k][l] = Log2(params_.m[k][l]) - Log2(params_.u[k][l]);
  }
  prior_ = Log2(params_.lambda) - Log2(1 - params_.lambda);
}

void Model::CountTermFrequencies(const std::vector<NormalisedRecord>& records, size_t from) {
  // Names recur: count by interned id, then look each distinct name up once.
  std::vector<uint32_t> given_count, family_count;
  std::vector<const std::string*> value_of;
  std::vector<uint64_t> full;
  full.reserve(records.size() - std::min(from, records.size()));
  auto count = [&](std::vector<uint32_t>& counts, uint32_t id, const std::string& value) {
    if (id >= counts.size()) {
      counts.resize(std::max<size_t>(id + 1, counts.size() * 2));
      value_of.resize(std::max(value_of.size(), counts.size()));
    }
    ++counts[id];
    value_of[id] = &value;
  };
  for (size_t i = from; i < records.size(); ++i) {
    const auto& r = records[i];
    if (r.given_id) count(given_count, r.given_id, r.given_value);
    else if (!r.given_value.empty()) ++given_tf_[r.given_value];
    if (r.family_id) count(family_count, r.family_id, r.family_value);
    else if (!r.family_value.empty()) ++family_tf_[r.family_value];
    if (!r.given_value.empty() && !r.family_value.empty()) full.push_back(FullNameKey(r));
    ++tf_total_;
  }
  for (size_t id = 0; id < given_count.size(); ++id) {
    if (given_count[id]) given_tf_[*value_of[id]] += given_count[id];
  }
  for (size_t id = 0; id < family_count.size(); ++id) {
    if (family_count[id]) family_tf_[*value_of[id]] += family_count[id];
  }
  std::sort(full.begin(), full.end());
  for (size_t i = 0; i < full.size();) {
    size_t j = i;
    while (j < full.size() && full[j] == full[i]) ++j;
    full_tf_[full[i]] += static_cast<uint32_t>(j - i);
    i = j;
  }
}

Status Model::Estimate(const std::vector<NormalisedRecord>& records,
                       const std::map<Pattern, double>& patterns, long long random_pairs, uint64_t seed, int threads) {
  if (records.size() < 2) return Status::InvalidArgument("at least two records are needed to estimate the model");
  given_tf_.clear();
  family_tf_.clear();
  full_tf_.clear();
  tf_total_ = 0;
  CountTermFrequencies(records, 0);

  // u: level frequencies among random pairs, with add-one smoothing.
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, records.size() - 1);
  std::array<std::array<double, kMaxLevels>, kComparisons> ucount{};
  long long n = std::min<long long>(random_pairs, static_cast<long long>(records.size()) * (records.size() - 1) / 2);
  // The pairs are drawn in order, then compared on the threads; the counts
  // are whole numbers, so their sums do not depend on the split.
  std::vector<std::pair<uint32_t, uint32_t>> sample;
  sample.reserve(static_cast<size_t>(n));
  for (long long s = 0; s < n; ++s) {
    size_t i = pick(rng), j = pick(rng);
    if (i != j) sample.emplace_back(static_cast<uint32_t>(i), static_cast<uint32_t>(j));
  }
  threads = std::max(1, std::min<int>(threads, static_cast<int>(sample.size() / 1000 + 1)));
  std::vector<std::array<std::array<double, kMaxLevels>, kComparisons>> partial(threads);
  {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        PartSimilarityCache cache(16);
        auto& counts = partial[t];
        for (size_t s = sample.size() * t / threads; s < sample.size() * (t + 1) / threads; ++s) {
          Pattern p = Compare(records[sample[s].first], records[sample[s].second], &cache);
          for (int k = 0; k < kComparisons; ++k) {
            if (p[k] != kMissing) counts[k][p[k]] += 1;
          }
        }
      });
    }
    for (auto& th : pool) th.join();
  }
  for (const auto& counts : partial) {
    for (int k = 0; k < kComparisons; ++k) {
      for (int l = 0; l < kMaxLevels; ++l) ucount[k][l] += counts[k][l];
    }
  }
  for (int k = 0; k < kComparisons; ++k) {
    int levels = kInfo[k].count;
    double total = kPriorPairs;
    for (int l = 0; l < levels; ++l) total += ucount[k][l];
    for (int l = 0; l < kMaxLevels; ++l) {
      params_.u[k][l] = l < levels ? (ucount[k][l] + kPriorPairs * kTypical[k].u[l]) / total : 1.0;
    }
  }
  params_.u_random = params_.u;
  params_.random_pairs = n;

  // m: expectation-maximisation in two sessions over the distinct patterns
  // of the candidate pairs. Blocking gathered the candidates by name, so
  // among them names agree far more often than among random pairs; an EM
  // that let names vote would take "same name" for "same person" (and did:
  // a different date of birth came to weigh nothing). Each session therefore
  // conditions on a group of fields, leaves them out of the likelihood and
  // estimates the others, with u fixed at u_random where the conditioning
  // does not change it.
  params_.candidate_pairs = 0;
  for (const auto& entry : patterns) params_.candidate_pairs += static_cast<long long>(entry.second);
  for (int k = 0; k < kComparisons; ++k) {
    for (int l = 0; l < kMaxLevels; ++l) params_.m[k][l] = l < kInfo[k].count ? kTypical[k].m[l] : 1.0;
  }
  const int given = static_cast<int>(Comparison::kGiven), family = static_cast<int>(Comparison::kFamily);
  const int dob = static_cast<int>(Comparison::kDob);
  const int gender = static_cast<int>(Comparison::kGender), nationality = static_cast<int>(Comparison::kNationality);
  const int close = 2, dob_exact = 6;
  auto names_agree = [&](const Pattern& p) {
    return p[given] >= close && (p[family] == kMissing || p[family] >= close);
  };
  int iterations = 0;
  // Session 1, pairs whose names agree: m of every other field. Gender,
  // nationality and address go with the name (a name belongs to a region,
  // its towns and streets, and mostly to one sex), so their u is estimated
  // here too: it is the u that matters, the one among people who share a
  // name. Dates of birth, documents and phones are independent of names
  // among different people, so their u stays u_random, which anchors the
  // estimate.
  std::array<bool, kComparisons> in1{}, free_u1{};
  for (int k = 0; k < kComparisons; ++k) in1[k] = k != given && k != family;
  const int address = static_cast<int>(Comparison::kAddress);
  free_u1[gender] = free_u1[nationality] = free_u1[address] = true;
  RunEm(patterns, names_agree, in1, in1, free_u1, iterations);
  // Session 2, pairs born on the same day: m of the names, against u_random
  // (a date of birth says nothing about the name of a different person).
  std::array<bool, kComparisons> in2{}, free_m2{}, no_u{};
  for (int k = 0; k < kComparisons; ++k) in2[k] = k != dob;
  free_m2[given] = free_m2[family] = true;
  auto params1 = params_;
  for (int k : {gender, nationality, address}) params_.u[k] = params_.u_random[k];
  RunEm(patterns, [&](const Pattern& p) { return p[dob] == dob_exact; }, in2, free_m2, no_u, iterations);
  for (int k : {gender, nationality, address}) params_.u[k] = params1.u[k];
  params_.em_iterations = iterations;

  // λ: the probability that two records drawn at random are the same
  // person, such that the expected matches among the candidates (scored
  // with it) are λ times all pairs; pairs not compared contribute nothing.
  ComputeWeights();
  const double all_pairs = static_cast<double>(records.size()) * (records.size() - 1) / 2;
  double lambda = std::min(0.5, 0.1 * params_.candidate_pairs / all_pairs);
  for (int it = 0; it < 100; ++it) {
    double prior = Log2(lambda) - Log2(1 - lambda), expected = 0;
    for (const auto& [p, count] : patterns) {
      double w = prior;
      for (int k = 0; k < kComparisons; ++k) {
        if (p[k] != kMissing) w += weight_[k][p[k]];
      }
      expected += count / (1 + std::exp2(-w));
    }
    double next = std::clamp(expected / all_pairs, 1e-12, 0.5);
    bool converged = std::abs(next - lambda) <= 1e-6 * lambda;
    lambda = next;
    if (converged) break;
  }
  params_.lambda = lambda;
  ComputeWeights();
  return Status::Ok();
}

double Model::RunEm(const std::map<Pattern, double>& patterns, const std::function<bool(const Pattern&)>& select,
                    const std::array<bool, kComparisons>& in_likelihood, const std::array<bool, kComparisons>& free_m,
                    const std::array<bool, kComparisons>& free_u, int& iterations) {
  double lambda = 0.1, selected = 0;
  for (const auto& [p, count] : patterns) selected += select(p) ? count : 0;
  if (selected < kMinSessionPairs) return lambda;  // too few pairs: the fields keep their starting m
  for (int iteration = 0; iteration < 100; ++iteration, ++iterations) {
    std::array<std::array<double, kMaxLevels>, kComparisons> num{}, unum{};
    double matched = 0, total = 0;
    for (const auto& [p, count] : patterns) {
      if (!select(p)) continue;
      double lm = Log2(lambda), lu = Log2(1 - lambda);
      for (int k = 0; k < kComparisons; ++k) {
        if (p[k] == kMissing || !in_likelihood[k]) continue;
        lm += Log2(params_.m[k][p[k]]);
        lu += Log2(params_.u[k][p[k]]);
      }
      double posterior = 1.0 / (1.0 + std::exp2(lu - lm));
      matched += count * posterior;
      total += count;
      for (int k = 0; k < kComparisons; ++k) {
        if (p[k] == kMissing) continue;
        num[k][p[k]] += count * posterior;
        unum[k][p[k]] += count * (1 - posterior);
      }
    }
    double next_lambda = std::clamp(matched / total, 1e-6, 1 - 1e-6);
    for (int k = 0; k < kComparisons; ++k) {
      int levels = kInfo[k].count;
      double den = 0, uden = 0;
      for (int l = 0; l < levels; ++l) {
        den += num[k][l] + 0.01;
        uden += unum[k][l] + 0.01;
      }
      den += kPriorPairs - 0.01 * levels;
      uden -= 0.01 * levels;
      for (int l = 0; l < levels; ++l) {
        // m is drawn towards the typical value by kPriorPairs pseudo-pairs,
        // which matters only when a session holds few pairs.
        if (free_m[k]) params_.m[k][l] = (num[k][l] + kPriorPairs * kTypical[k].m[l]) / den;
        // u is drawn towards u_random by kUPriorPairs pseudo-pairs: where
        // the session holds few non-matches (names that are rare, so that
        // nearly every pair agreeing on them is one person) their u says
        // little and u_random stands.
        if (free_u[k]) {
          params_.u[k][l] = (unum[k][l] + kUPriorPairs * params_.u_random[k][l]) / (uden + kUPriorPairs);
        }
      }
    }
    bool converged = std::abs(next_lambda - lambda) < 1e-7;
    lambda = next_lambda;
    if (converged) break;
  }
  return lambda;
}

double Model::TermWeight(int k, const std::string& value) const {
  const auto& tf = k == 0 ? given_tf_ : family_tf_;
  double base = weight_[k][3];
  auto it = tf.find(value);
  if (it == tf.end() || tf_total_ == 0) return base;
  double average = params_.u_random[k][3];
  double freq = std::max(static_cast<double>(it->second) / tf_total_, average / 20);
  return base + Log2(average) - Log2(freq);
}

double Model::FullNameWeight(const NormalisedRecord& r) const {
  double base = weight_[0][3] + weight_[1][3];
  auto it = full_tf_.find(FullNameKey(r));
  if (it == full_tf_.end() || tf_total_ == 0) return base;
  double average = params_.u_random[0][3] * params_.u_random[1][3];
  double freq = std::max(static_cast<double>(it->second) / tf_total_, average / 20);
  return base + Log2(average) - Log2(freq);
}

Model::ExactNameWeights Model::ExactWeights(const NormalisedRecord& r) const {
  return {static_cast<float>(TermWeight(0, r.given_value)), static_cast<float>(TermWeight(1, r.family_value)),
          static_cast<float>(FullNameWeight(r))};
}

uint64_t Model::FullNameKey(const NormalisedRecord& r) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a over "given|family"
  auto mix = [&](std::string_view part) {
    for (char c : part) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
  };
  mix(r.given_value);
  mix("|");
  mix(r.family_value);
  return h;
}

// The weights of the given and family names of a pair that agrees exactly
// on both: each name's term-frequency weight, unless the full name is
// commoner than its parts suggest (names of one community go together:
// "Hasan Khan" is commoner than "Hasan" times "Khan"), in which case the
// full name's frequency decides and the family name carries the difference.
static std::pair<double, double> BothNamesExact(const Model::ExactNameWeights& a, const Model::ExactNameWeights& b) {
  double given = std::min(a.given, b.given), family = std::min(a.family, b.family);
  double full = std::min(a.full, b.full);
  if (full < given + family) family = full - given;
  return {given, family};
}

PairScore Model::Score(const Pattern& p, ExactNameWeights a, ExactNameWeights b) const {
  double w = prior_;
  for (int k = 0; k < kComparisons; ++k) {
    if (p[k] == kMissing || ((k == 0 || k == 1) && p[k] == 3)) continue;
    w += weight_[k][p[k]];
  }
  if (p[0] == 3 && p[1] == 3) {
    auto [given, family] = BothNamesExact(a, b);
    w += given + family;
  } else if (p[0] == 3) {
    w += std::min(a.given, b.given);  // the commoner of the two spellings: the conservative choice
  } else if (p[1] == 3) {
    w += std::min(a.family, b.family);
  }
  return {w, 1.0 / (1.0 + std::exp2(-w))};
}

PairScore Model::Score(const NormalisedRecord& a, const NormalisedRecord& b, const Pattern& p) const {
  return Score(p, ExactWeights(a), ExactWeights(b));
}

Explanation Model::Explain(const NormalisedRecord& a, const NormalisedRecord& b) const {
  Pattern p = Compare(a, b);
  Explanation e;
  e.prior = prior_;
  ExactNameWeights wa = ExactWeights(a), wb = ExactWeights(b);
  e.score = Score(p, wa, wb);
  auto [both_given, both_family] = BothNamesExact(wa, wb);
  for (int k = 0; k < kComparisons; ++k) {
    FieldWeight f{static_cast<Comparison>(k), p[k], 0.0, false};
    if (p[k] != kMissing) {
      f.weight = weight_[k][p[k]];
      if ((k == 0 || k == 1) && p[k] == 3) {
        f.term_frequency = true;
        if (p[0] == 3 && p[1] == 3) f.weight = k == 0 ? both_given : both_family;
        else f.weight = k == 0 ? std::min(wa.given, wb.given) : std::min(wa.family, wb.family);
      }
    }
    e.fields.push_back(f);
  }
  return e;
}

nlohmann::json Model::ToJson() const {
  nlohmann::json j;
  j["version"] = params_.version;
  j["lambda"] = params_.lambda;
  j["em_iterations"] = params_.em_iterations;
  j["random_pairs"] = params_.random_pairs;
  j["candidate_pairs"] = params_.candidate_pairs;
  nlohmann::json comparisons = nlohmann::json::array();
  for (int k = 0; k < kComparisons; ++k) {
    nlohmann::json c;
    c["field"] = kInfo[k].name;
    for (int l = 0; l < kInfo[k].count; ++l) {
      c["m"].push_back(params_.m[k][l]);
      c["u"].push_back(params_.u[k][l]);
      c["u_random"].push_back(params_.u_random[k][l]);
      c["levels"].push_back(kInfo[k].levels[l]);
    }
    comparisons.push_back(c);
  }
  j["comparisons"] = comparisons;
  return j;
}

Result<Model> Model::FromJson(const nlohmann::json& j) {
  Model model;
  try {
    model.params_.version = j.value("version", 1);  // 1: saved before versions were recorded
    // Parameters of another version need not have today's comparisons and
    // levels, and are not used (a state of another version is resolved
    // again, resolution_store.h): only the version is read.
    if (model.params_.version != kResolutionVersion) return model;
    model.params_.lambda = j.at("lambda").get<double>();
    model.params_.em_iterations = j.value("em_iterations", 0);
    model.params_.random_pairs = j.value("random_pairs", 0LL);
    model.params_.candidate_pairs = j.value("candidate_pairs", 0LL);
    const auto& comparisons = j.at("comparisons");
    if (!comparisons.is_array() || comparisons.size() != kComparisons) {
      return Status::InvalidArgument("model needs one entry per comparison", "comparisons");
    }
    for (int k = 0; k < kComparisons; ++k) {
      const auto& c = comparisons[k];
      if (c.at("field").get<std::string>() != kInfo[k].name) {
        return Status::InvalidArgument("unexpected comparison", "comparisons[" + std::to_string(k) + "].field");
      }
      for (int l = 0; l < kInfo[k].count; ++l) {
        double m = c.at("m").at(l).get<double>(), u = c.at("u").at(l).get<double>();
        double ur = c.at("u_random").at(l).get<double>();
        if (!(m > 0 && m <= 1 && u > 0 && u <= 1 && ur > 0 && ur <= 1)) {
          return Status::InvalidArgument("probabilities must be in (0, 1]", "comparisons[" + std::to_string(k) + "]");
        }
        model.params_.m[k][l] = m;
        model.params_.u[k][l] = u;
        model.params_.u_random[k][l] = ur;
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("malformed model: ") + e.what(), "model");
  }
  if (!(model.params_.lambda > 0 && model.params_.lambda < 1)) {
    return Status::InvalidArgument("lambda must be in (0, 1)", "lambda");
  }
  model.ComputeWeights();
  return model;
}

}  // namespace disrupt::resolve

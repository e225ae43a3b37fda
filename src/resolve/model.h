// The Fellegi–Sunter model of resolve/: how two normalised records are
// compared field by field, and how much each outcome says for or against
// their being the same person.
//
// Each comparison has ordered agreement levels (0 = disagree, higher =
// closer agreement) or is missing when either record lacks the field. For
// each level the model holds m (probability of that level when the records
// are the same person) and u (when they are not); a level's match weight is
// log2(m/u), the weights of the fields add up with the prior log-odds
// log2(λ/(1-λ)) to the pair's match weight, and the match probability is
// 2^w / (1 + 2^w). Missing fields weigh nothing.
//
// Estimation (Estimate): m, u and λ by expectation-maximisation over the
// candidate pairs that blocking produced — a two-class mixture of matches
// and non-matches among the candidates — on the distinct agreement patterns
// (so its cost does not grow with the number of pairs). u starts from the
// level frequencies among random pairs of records (nearly all different
// people), kept as u_random; m starts from a prior that favours agreement.
// Because the candidates already agree on a blocking key, their u (not
// u_random) is the right one for weighing them.
//
// Term frequencies: an exact agreement on a common name says less than one
// on a rare name. For given and family names, an exact agreement on value v
// weighs log2(m/u) + log2(u_random / tf(v)), where tf(v) is v's share of the
// records (bounded below by u_random/20): a name as common as the average
// keeps the field's weight, a rarer one weighs more, a commoner one less.
// When both names agree exactly, the full name's own frequency is used
// instead if it gives less: names of one community go together, so a full
// name can be much commoner than the product of its parts' frequencies.
//
// Thread safety: a Model is immutable once estimated; Compare and Score may
// run concurrently.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/status.h"
#include "resolve/record.h"

namespace disrupt::resolve {

enum class Comparison : uint8_t { kGiven, kFamily, kDob, kGender, kNationality, kDocument, kPhone, kAddress };
inline constexpr int kComparisons = 8;
inline constexpr int kMaxLevels = 7;
inline constexpr int8_t kMissing = -1;

// The field name and the label of each level of a comparison, for explanations.
std::string_view ComparisonName(Comparison c);
int LevelCount(Comparison c);
std::string_view LevelName(Comparison c, int level);

// Agreement levels of one pair, one per comparison (kMissing when unknown).
using Pattern = std::array<int8_t, kComparisons>;
static_assert(sizeof(Pattern) == 8, "patterns are packed into 64 bits");

// Two E.164 numbers are the same phone when they are equal or end in the
// same kPhoneTail digits (a number read in the wrong country keeps them).
inline constexpr size_t kPhoneTail = 8;
bool SamePhone(std::string_view a, std::string_view b);

class PartSimilarityCache;

// What Compare reads of a record, packed in 64 bytes so that comparing many
// pairs reads one cache line per record: name ids (record.h), the date of
// birth, and 64-bit hashes of the other fields (equal hashes are confirmed
// on the strings, so a collision cannot make two values agree).
struct CompactRecord {
  uint32_t given_id = 0, family_id = 0, all_id = 0;
  uint8_t has_given = 0, has_family = 0;
  char gender = 0;
  PartialDate dob;
  uint64_t nationality = 0, document = 0, phone = 0, address = 0;  // hashes, 0 when empty
  uint64_t phone_tail = 0;  // the last kPhoneTail characters packed, 0 when shorter
};
CompactRecord Compact(const NormalisedRecord& r);

// Compares two normalised records. Cost: a few string similarities on short
// strings; with a cache (name_cache.h, one per thread) and interned names,
// a name part equal by id costs nothing and a pair of parts seen before one
// lookup. The result does not depend on the cache.
Pattern Compare(const NormalisedRecord& a, const NormalisedRecord& b, PartSimilarityCache* cache = nullptr);
// The same with the records' compact forms (Compact(a), Compact(b)): the
// full records are read only for what the compact ones cannot decide (a
// pair of name parts not in the cache, documents or addresses that differ).
Pattern Compare(const NormalisedRecord& a, const CompactRecord& ca, const NormalisedRecord& b, const CompactRecord& cb,
                PartSimilarityCache* cache);

// How much one field's outcome weighed in a pair's score.
struct FieldWeight {
  Comparison comparison;
  int level;           // kMissing when either record lacks the field
  double weight;       // log2 Bayes factor, 0 when missing
  bool term_frequency; // weight adjusted for how common the value is
};

struct PairScore {
  double weight = 0;       // prior + field weights
  double probability = 0;  // 2^w / (1 + 2^w)
};

struct Explanation {
  double prior = 0;
  std::vector<FieldWeight> fields;
  PairScore score;
};

// The version of what a model's parameters and scores depend on: the
// normalisation of names, dates and identifiers, the comparisons and their
// levels, and the scoring. Raised whenever any of these changes. A resolved
// state saved under another version (resolution_store.h) is resolved again
// from its records when loaded: its scores and parameters do not mean the
// same under the new code. Analysts' decisions are kept apart and replayed.
//   1  states saved before versions were recorded
//   2  the first version recorded in saved states
//   3  Arabic-script names read with Persian and Urdu letter values; keys
//      that differ only in voicing are similar; dates of birth: a partial
//      date, one digit apart and day and month swapped are levels of their own
//   4  blocking: a name whose phonetic key has fewer than three consonants
//      is keyed by its spelling, and by its key only with the birth year
//      (other candidate pairs, so a model estimated on other pairs)
inline constexpr int kResolutionVersion = 4;

struct ModelParameters {
  int version = kResolutionVersion;  // of the code that estimated them (kResolutionVersion)
  double lambda = 1e-4;  // prior probability that a candidate pair is a match
  std::array<std::array<double, kMaxLevels>, kComparisons> m{};
  std::array<std::array<double, kMaxLevels>, kComparisons> u{};
  std::array<std::array<double, kMaxLevels>, kComparisons> u_random{};
  int em_iterations = 0;
  long long random_pairs = 0;     // pairs sampled for u
  long long candidate_pairs = 0;  // pairs EM ran on
};

class Model {
 public:
  Model();  // neutral parameters (every weight 0); Estimate or Load before use

  // Estimates u from up to `random_pairs` random pairs of `records` and m
  // and λ by EM over the agreement patterns of the candidate pairs (each
  // distinct pattern with its count). Also counts the term frequencies of
  // given and family names. `seed` makes sampling reproducible.
  // kInvalidArgument when there are fewer than two records.
  // The random pairs are compared on `threads` threads (the same result on any number).
  Status Estimate(const std::vector<NormalisedRecord>& records, const std::map<Pattern, double>& candidate_patterns,
                  long long random_pairs, uint64_t seed, int threads = 1);

  // Adds the names of `records` to the term-frequency counts (incremental
  // runs). Records with interned names (name_cache.h) are counted by id,
  // each distinct name looked up once.
  void CountTermFrequencies(const std::vector<NormalisedRecord>& records, size_t from);

  PairScore Score(const NormalisedRecord& a, const NormalisedRecord& b, const Pattern& p) const;

  // The weights of an exact agreement on a record's given and family names
  // (term-frequency adjusted), looked up once per record so that scoring
  // many pairs does not look names up again; then Score from them.
  struct ExactNameWeights {
    float given = 0, family = 0;
    float full = 0;  // both names together, by the full name's own frequency
  };
  ExactNameWeights ExactWeights(const NormalisedRecord& r) const;
  // The parts of ExactWeights: an exact agreement on the given (k = 0) or
  // family (k = 1) name `value`, and on both names of `r`.
  double TermWeight(int k, const std::string& value) const;
  double FullNameWeight(const NormalisedRecord& r) const;
  PairScore Score(const Pattern& p, ExactNameWeights a, ExactNameWeights b) const;
  Explanation Explain(const NormalisedRecord& a, const NormalisedRecord& b) const;

  const ModelParameters& parameters() const { return params_; }
  // The parameters (not the term frequencies, which are recounted from the records).
  nlohmann::json ToJson() const;
  // A model of another version than kResolutionVersion is read for its
  // version only (neutral parameters): it is not to be scored with.
  static Result<Model> FromJson(const nlohmann::json& j);

 private:
  void ComputeWeights();
  // One EM session over the patterns `select` accepts, with the fields
  // `in_likelihood` deciding the posterior and m (u) re-estimated for the
  // fields in free_m (free_u). Adds its iterations to `iterations`; returns
  // the share of matches among the selected pairs.
  static constexpr double kMinSessionPairs = 20;
  static constexpr double kUPriorPairs = 1000;
  double RunEm(const std::map<Pattern, double>& patterns, const std::function<bool(const Pattern&)>& select,
               const std::array<bool, kComparisons>& in_likelihood, const std::array<bool, kComparisons>& free_m,
               const std::array<bool, kComparisons>& free_u, int& iterations);

  ModelParameters params_;
  std::array<std::array<double, kMaxLevels>, kComparisons> weight_{};
  double prior_ = 0;
  // A full name's key: a 64-bit hash of both names (no string built).
  static uint64_t FullNameKey(const NormalisedRecord& r);

  std::unordered_map<std::string, uint32_t> given_tf_, family_tf_;
  std::unordered_map<uint64_t, uint32_t> full_tf_;
  uint64_t tf_total_ = 0;
};

}  // namespace disrupt::resolve

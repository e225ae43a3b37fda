// Entity resolution: which records, across members, are the same person.
//
// A Resolver holds a resolved set of person records and grows it:
//   Add(records)  queues records;
//   Run()         normalises the queued records, finds candidate pairs by
//                 blocking (only pairs with at least one new record), on the
//                 first run estimates the Fellegi–Sunter model (model.h) by
//                 EM, scores the candidate pairs, and re-clusters;
//   Decide(d)     records an analyst's decision (same / not same / revoke)
//                 and re-clusters; decisions are kept and respected by every
//                 later run, and revoking one restores the model's verdict.
// So a new import is resolved against the existing set without re-running
// everything: earlier pairs keep their scores and the model its parameters.
//
// Blocking keys (a pair is compared when the records share one): both names
// in either order, each by its first token's phonetic key or, when that key
// has fewer than three consonants, by its spelling (and then by the keys
// with the birth year); any name token's key with the other part's initial
// and the birth year; the full date of birth with either initial; without
// a date of birth, a name key with the other part's initial; the first two
// and the last two words of the address; document number; phone. Blocks
// larger than max_block are skipped (counted in stats()).
//
// Clustering: links whose match probability reaches match_probability are
// merged, strongest first, into clusters (union-find), with two guards
// against chaining: a merge is refused when an analyst said two of the
// records are not the same person, or when at least as many of the already
// compared pairs across the two groups are clear non-matches (below
// reject_probability) as are matches. Refused merges and pairs in the
// uncertain band [review_probability, match_probability) become review
// items. A cluster's id is the id of its earliest-added record, so ids are
// stable as records are added.
//
// Cost: normalisation O(n); blocking O(n log n); scoring O(candidate pairs)
// on `threads` threads; clustering O(E log E) over the scored pairs.
// Memory: about 16 bytes per scored pair plus the normalised records.
//
// Thread safety: a Resolver is used from one thread at a time; Run() starts
// and joins its own worker threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "resolve/model.h"
#include "resolve/name_cache.h"
#include "resolve/record.h"

namespace disrupt::resolve {

struct ResolverOptions {
  double match_probability = 0.5;    // links at or above are merged
  double review_probability = 0.1;   // links at or above (and below match) go to review
  double reject_probability = 0.01;  // chaining guard: below this a compared pair is a clear non-match
  size_t max_block = 1000;           // blocks with more records are skipped
  long long random_pairs = 100000;   // random pairs sampled for u_random (at most 20 per record)
  uint64_t seed = 1;
  int threads = 2;
};

enum class Verdict { kSame, kNotSame, kRevoked };
std::string_view ToString(Verdict v);
Result<Verdict> ParseVerdict(std::string_view s);

// An analyst's decision on a pair of records. The latest decision on a
// pair wins; kRevoked withdraws the earlier ones.
struct Decision {
  std::string a, b;        // record ids
  Verdict verdict = Verdict::kSame;
  std::string analyst;
  long long at = 0;        // Unix seconds
  std::string note;
};

struct ReviewItem {
  std::string a, b;
  double probability = 0;
  double weight = 0;
  std::string reason;  // "uncertain", "would chain two groups", "analyst said not same"
};

// A scored pair, by record ids (for storage between runs).
struct StoredLink {
  std::string a, b;
  double weight = 0;
};

// Seconds spent in one phase: wall clock, and CPU time of all threads.
struct PhaseTime {
  double wall = 0, cpu = 0;
};

struct ResolverStats {
  long long records = 0;
  long long candidate_pairs = 0;    // compared in all runs
  long long skipped_blocks = 0;     // blocks over max_block
  long long largest_block = 0;      // records in the largest block compared
  long long links = 0;              // merges made by the model
  long long refused_merges = 0;     // by the chaining guard or a not-same decision
  long long clusters = 0;
  // Time of each phase of the last Run() (for benchmarks; cluster: also of
  // the last re-clustering).
  PhaseTime normalise, blocking, compare, estimate, score, cluster;
};

// One link that holds a cluster together, for the explanation of a cluster.
struct ClusterLink {
  std::string a, b;
  double weight = 0;
  double probability = 0;
  bool decided = false;  // an analyst's "same" decision rather than the model
};

class Resolver {
 public:
  // Validates the options: status() is kInvalidArgument naming the option
  // when they are inconsistent.
  explicit Resolver(ResolverOptions options = {});
  const Status& status() const { return status_; }

  // Queues records for the next Run(). kInvalidArgument (naming the record)
  // for an empty id or an id already in the set; nothing is queued then.
  Status Add(std::vector<PersonRecord> records);

  // Uses `model` instead of estimating one on the first Run().
  void SetModel(Model model);

  // Resolves the queued records against the set (see above). Fails with
  // status() or kFailedPrecondition when there is nothing to resolve.
  Status Run();

  // Records a decision and re-clusters. kNotFound when a record id is unknown.
  Status Decide(const Decision& decision);
  // Records earlier decisions (replayed from a store) and re-clusters once.
  // Decisions about records not in the set are kept for when they arrive.
  void LoadDecisions(std::vector<Decision> decisions);
  // Replaces every decision with `decisions` (e.g. the store's list after
  // another process appended to it) and re-clusters once.
  void ReplaceDecisions(std::vector<Decision> decisions);

  // Restores links scored by an earlier Run() (e.g. loaded from a
  // ResolutionStore) for records already added: their pairs are not scored
  // again. Call after Add() of those records and SetModel(), before Run();
  // records covered become part of the resolved set. kNotFound for an
  // unknown id. Re-clusters the restored set.
  Status RestoreLinks(const std::vector<StoredLink>& links, const std::vector<std::string>& resolved_ids);

  // Results (valid after Run()).
  // (record_id, cluster_id) in the order records were added.
  std::vector<std::pair<std::string, std::string>> Assignments() const;
  const std::vector<ReviewItem>& review() const { return review_; }
  // The links that hold each cluster of two or more records together, by cluster id.
  const std::map<std::string, std::vector<ClusterLink>>& cluster_links() const { return cluster_links_; }
  // Why two records score as they do; kNotFound for an unknown id.
  Result<Explanation> Explain(const std::string& a, const std::string& b) const;
  const Model& model() const { return model_; }
  const ResolverStats& stats() const { return stats_; }
  const std::vector<FieldIssue>& issues() const { return issues_; }
  const std::vector<Decision>& decisions() const { return decisions_; }
  // Every scored pair, by record ids, for storage.
  std::vector<StoredLink> Links() const;
  const std::vector<PersonRecord>& records() const { return records_; }

 private:
  struct Link {
    uint32_t a, b;
    float weight;
  };
  std::vector<std::pair<uint32_t, uint32_t>> CandidatePairs(size_t first_new);
  void NormaliseNew();  // normalises records_[normalised_.size(), end)
  Status ScorePairs(const std::vector<std::pair<uint32_t, uint32_t>>& pairs);
  void Cluster();
  double Probability(double weight) const;

  ResolverOptions options_;
  Status status_;
  std::vector<PersonRecord> records_;
  std::vector<NormalisedRecord> normalised_;
  NameInterner names_;  // ids of the normalised records' name parts
  std::vector<CompactRecord> compact_;  // Compact(normalised_[i])
  std::unordered_map<std::string, uint32_t> index_;
  size_t resolved_ = 0;  // records_[0, resolved_) have been scored
  std::vector<Link> links_;
  Model model_;
  bool model_ready_ = false;
  std::vector<Decision> decisions_;
  std::vector<uint32_t> root_;  // cluster of each record (index of its earliest record)
  std::vector<ReviewItem> review_;
  std::map<std::string, std::vector<ClusterLink>> cluster_links_;
  std::vector<FieldIssue> issues_;
  ResolverStats stats_;
};

}  // namespace disrupt::resolve

// The resolver: blocking, scoring, clustering, decisions; see resolver.h.
#include "resolve/resolver.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <thread>

#include <time.h>

#include "core/date.h"
#include "resolve/name_cache.h"

namespace disrupt::resolve {

namespace {

// Hash of the concatenated parts (no temporary strings).
uint64_t HashParts(std::initializer_list<std::string_view> parts) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (std::string_view part : parts) {
    for (char c : part) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
    h ^= 0xff;  // separator, so that ("ab","c") and ("a","bc") differ
    h *= 1099511628211ull;
  }
  return h;
}

// A name token for blocking: its phonetic key, or the token itself when the
// key is too short to be selective ("anel" and "inoli" share the key "nl").
std::string_view BlockToken(const std::string& token, const std::string& key) {
  return key.size() >= 3 || key.size() >= token.size() ? std::string_view(key) : std::string_view(token);
}

// The blocking keys of one record (see resolver.h).
void BlockingKeys(const NormalisedRecord& r, std::vector<uint64_t>& keys) {
  keys.clear();
  std::string_view gi = r.given.empty() ? std::string_view() : std::string_view(r.given.front()).substr(0, 1);
  std::string_view fi = r.family.empty() ? std::string_view() : std::string_view(r.family.front()).substr(0, 1);
  std::string y = r.dob.year ? std::to_string(r.dob.year) : std::string();
  // Both names, in either order, each by its first token's key, or by its
  // spelling when the key is too short to be selective (BlockToken: a key
  // of one or two consonants, "km" or "nl", is shared by many unrelated
  // names). A name keyed by its spelling also meets by the phonetic keys
  // with the birth year, so that "Kim" and "Keum" born the same year do.
  std::string_view gt = r.given.empty() ? std::string_view() : BlockToken(r.given.front(), r.given_key);
  std::string_view ft = r.family.empty() ? std::string_view() : BlockToken(r.family.front(), r.family_key);
  if (!r.given_key.empty() && !r.family_key.empty()) {
    const auto& [lo, hi] = std::minmax(gt, ft);
    keys.push_back(HashParts({"N", lo, hi}));
    if (r.dob.year && (gt != r.given_key || ft != r.family_key)) {
      const auto& [klo, khi] = std::minmax(r.given_key, r.family_key);
      keys.push_back(HashParts({"K", klo, khi, y}));
    }
  } else if (!r.given_key.empty() && r.given.size() == 1) {
    keys.push_back(HashParts({"N", gt}));  // a single name
    if (r.dob.year && gt != r.given_key) keys.push_back(HashParts({"K", r.given_key, y}));
  }
  if (r.dob.year) {
    // Any name token's key with the other part's initial and the birth year:
    // survives a misspelt or missing other part and the parts written in
    // either order.
    for (size_t t = 0; t < r.given.size(); ++t) keys.push_back(HashParts({"Y", BlockToken(r.given[t], r.given_keys[t]), fi, y}));
    for (size_t t = 0; t < r.family.size(); ++t) {
      keys.push_back(HashParts({"Y", BlockToken(r.family[t], r.family_keys[t]), gi, y}));
    }
    if (r.dob.complete()) {
      // The full date with either initial: survives both names misspelt.
      std::string d = r.dob.ToString();
      if (!gi.empty()) keys.push_back(HashParts({"D", d, gi}));
      if (!fi.empty() && fi != gi) keys.push_back(HashParts({"D", d, fi}));
    }
  } else {
    // No date of birth: the family name's key with the given initial.
    if (!r.family_key.empty() && !gi.empty()) keys.push_back(HashParts({"F", r.family_key, gi}));
    if (!r.given_key.empty() && !fi.empty()) keys.push_back(HashParts({"F", r.given_key, fi}));
  }
  // The start and the end of the address (street, and town or postcode).
  if (!r.address.empty()) {
    std::string_view a = r.address;
    size_t first = a.find(' ');
    size_t second = first == std::string_view::npos ? first : a.find(' ', first + 1);
    keys.push_back(HashParts({"A", a.substr(0, second)}));
    size_t last = a.rfind(' ');
    size_t before = last == std::string_view::npos || last == 0 ? std::string_view::npos : a.rfind(' ', last - 1);
    if (before != std::string_view::npos) keys.push_back(HashParts({"B", a.substr(before + 1)}));
  }
  if (!r.document.empty()) keys.push_back(HashParts({"X", r.document}));
  if (r.phone.size() >= kPhoneTail) keys.push_back(HashParts({"P", std::string_view(r.phone).substr(r.phone.size() - kPhoneTail)}));
}

// Wall and CPU (all threads of the process) time of a phase.
class PhaseTimer {
 public:
  PhaseTimer() : wall_(std::chrono::steady_clock::now()), cpu_(Cpu()) {}
  void Stop(PhaseTime& into) const {
    into.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count();
    into.cpu = Cpu() - cpu_;
  }

 private:
  static double Cpu() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
  std::chrono::steady_clock::time_point wall_;
  double cpu_;
};

// Runs work(t) for t in [0, threads) on that many threads (the last on this one).
template <typename Work>
void RunThreads(int threads, Work work) {
  std::vector<std::thread> pool;
  for (int t = 0; t + 1 < threads; ++t) pool.emplace_back(work, t);
  work(threads - 1);
  for (auto& th : pool) th.join();
}

// Sorts `v` on up to two threads: each half sorted, then merged from both
// ends at once. The result is the sorted sequence, as std::sort gives.
template <typename T>
void ParallelSort(std::vector<T>& v, int threads) {
  if (threads < 2 || v.size() < 100000) {
    std::sort(v.begin(), v.end());
    return;
  }
  const auto begin = v.begin(), middle = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), end = v.end();
  RunThreads(2, [&](int t) { t == 0 ? std::sort(begin, middle) : std::sort(middle, end); });
  // Below the pivot: the first quarter of the first half and what is less
  // than the pivot in the second half; the rest above.
  const auto first_split = begin + static_cast<std::ptrdiff_t>(v.size() / 4);
  const T pivot = *first_split;
  const auto second_split = std::lower_bound(middle, end, pivot);
  std::vector<T> out(v.size());
  const auto upper = out.begin() + ((first_split - begin) + (second_split - middle));
  RunThreads(2, [&](int t) {
    if (t == 0) std::merge(begin, first_split, middle, second_split, out.begin());
    else std::merge(first_split, middle, second_split, end, upper);
  });
  v.swap(out);
}

uint64_t PairKey(uint32_t a, uint32_t b) {
  if (a > b) std::swap(a, b);
  return (static_cast<uint64_t>(a) << 32) | b;
}

}  // namespace

std::string_view ToString(Verdict v) {
  switch (v) {
    case Verdict::kSame: return "same";
    case Verdict::kNotSame: return "not_same";
    case Verdict::kRevoked: return "revoked";
  }
  return "revoked";
}

Result<Verdict> ParseVerdict(std::string_view s) {
  if (s == "same") return Verdict::kSame;
  if (s == "not_same" || s == "not-same") return Verdict::kNotSame;
  if (s == "revoked" || s == "revoke") return Verdict::kRevoked;
  return Status::InvalidArgument("verdict must be same, not_same or revoked", "verdict");
}

Resolver::Resolver(ResolverOptions options) : options_(options) {
  if (!(options_.match_probability > 0 && options_.match_probability < 1)) {
    status_ = Status::InvalidArgument("must be in (0, 1)", "match_probability");
  } else if (!(options_.review_probability > 0 && options_.review_probability <= options_.match_probability)) {
    status_ = Status::InvalidArgument("must be in (0, match_probability]", "review_probability");
  } else if (!(options_.reject_probability >= 0 && options_.reject_probability < options_.review_probability)) {
    status_ = Status::InvalidArgument("must be in [0, review_probability)", "reject_probability");
  } else if (options_.max_block < 2) {
    status_ = Status::InvalidArgument("must be at least 2", "max_block");
  } else if (options_.threads < 1) {
    status_ = Status::InvalidArgument("must be at least 1", "threads");
  }
}

Status Resolver::Add(std::vector<PersonRecord> records) {
  // Ids go into the index as they are checked (one lookup each); on an
  // error those of this batch are taken out again, so nothing is queued.
  index_.reserve(index_.size() + records.size());
  auto undo = [&](size_t count) {
    for (size_t j = 0; j < count; ++j) index_.erase(records[j].id);
  };
  for (size_t i = 0; i < records.size(); ++i) {
    const std::string& id = records[i].id;
    if (id.empty()) {
      undo(i);
      return Status::InvalidArgument("record without an id", "record " + std::to_string(i + 1));
    }
    if (!index_.emplace(id, static_cast<uint32_t>(records_.size() + i)).second) {
      undo(i);
      return Status::InvalidArgument("duplicate record id", "record_id " + id);
    }
  }
  records_.reserve(records_.size() + records.size());
  for (auto& r : records) records_.push_back(std::move(r));
  return Status::Ok();
}

void Resolver::SetModel(Model model) {
  model_ = std::move(model);
  model_ready_ = true;
}

double Resolver::Probability(double weight) const { return 1.0 / (1.0 + std::exp2(-weight)); }

std::vector<std::pair<uint32_t, uint32_t>> Resolver::CandidatePairs(size_t first_new) {
  const size_t n = normalised_.size();
  const int threads = static_cast<int>(std::min<size_t>(options_.threads, std::max<size_t>(1, n / 10000)));
  // Keys of each record, on every thread; the parts are joined in record order.
  std::vector<std::vector<std::pair<uint64_t, uint32_t>>> parts(threads);
  RunThreads(threads, [&](int t) {
    auto& part = parts[t];
    part.reserve(n / threads * 6);
    std::vector<uint64_t> keys;
    for (size_t i = n * t / threads; i < n * (t + 1) / threads; ++i) {
      BlockingKeys(normalised_[i], keys);
      for (uint64_t k : keys) part.emplace_back(k, static_cast<uint32_t>(i));
    }
  });
  std::vector<std::pair<uint64_t, uint32_t>> entries = std::move(parts[0]);
  for (int t = 1; t < threads; ++t) entries.insert(entries.end(), parts[t].begin(), parts[t].end());
  parts.clear();
  ParallelSort(entries, threads);
  // Blocks (runs of one key), split between the threads at block boundaries.
  std::vector<size_t> bounds{0};
  for (int t = 1; t < threads; ++t) {
    size_t b = std::max(bounds.back(), entries.size() * t / threads);
    while (b > 0 && b < entries.size() && entries[b].first == entries[b - 1].first) ++b;
    bounds.push_back(b);
  }
  bounds.push_back(entries.size());
  std::vector<std::vector<uint64_t>> pair_parts(threads);
  std::vector<long long> skipped(threads, 0), largest(threads, 0);
  RunThreads(threads, [&](int t) {
    auto& pairs = pair_parts[t];
    for (size_t start = bounds[t]; start < bounds[t + 1];) {
      size_t end = start;
      while (end < entries.size() && entries[end].first == entries[start].first) ++end;
      size_t size = end - start;
      if (size > options_.max_block) {
        ++skipped[t];
      } else if (size > 1 && entries[end - 1].second >= first_new) {
        largest[t] = std::max<long long>(largest[t], static_cast<long long>(size));
        for (size_t x = start; x < end; ++x) {
          for (size_t y = x + 1; y < end; ++y) {
            if (entries[y].second >= first_new) pairs.push_back(PairKey(entries[x].second, entries[y].second));
          }
        }
      }
      start = end;
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  });
  for (int t = 0; t < threads; ++t) {
    stats_.skipped_blocks += skipped[t];
    stats_.largest_block = std::max(stats_.largest_block, largest[t]);
  }
  entries = {};
  std::vector<uint64_t> pairs = std::move(pair_parts[0]);
  for (int t = 1; t < threads; ++t) {
    size_t middle = pairs.size();
    pairs.insert(pairs.end(), pair_parts[t].begin(), pair_parts[t].end());
    pair_parts[t] = {};
    std::inplace_merge(pairs.begin(), pairs.begin() + static_cast<std::ptrdiff_t>(middle), pairs.end());
  }
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  std::vector<std::pair<uint32_t, uint32_t>> out(pairs.size());
  RunThreads(threads, [&](int t) {
    for (size_t i = pairs.size() * t / threads; i < pairs.size() * (t + 1) / threads; ++i) {
      out[i] = {static_cast<uint32_t>(pairs[i] >> 32), static_cast<uint32_t>(pairs[i])};
    }
  });
  return out;
}

Status Resolver::ScorePairs(const std::vector<std::pair<uint32_t, uint32_t>>& pairs) {
  const size_t n = pairs.size();
  const int threads = static_cast<int>(std::min<size_t>(options_.threads, std::max<size_t>(1, n / 1000)));
  std::vector<Pattern> patterns(n);
  PhaseTimer compare;
  auto run_parallel = [&](const std::function<void(size_t, size_t)>& work) {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      size_t lo = n * t / threads, hi = n * (t + 1) / threads;
      pool.emplace_back(work, lo, hi);
    }
    for (auto& th : pool) th.join();
  };
  run_parallel([&](size_t lo, size_t hi) {
    PartSimilarityCache cache;
    constexpr size_t kAhead = 8;  // the second records are scattered: fetch them early
    for (size_t i = lo; i < hi; ++i) {
      if (i + kAhead < hi) __builtin_prefetch(&compact_[pairs[i + kAhead].second]);
      const auto [a, b] = pairs[i];
      patterns[i] = Compare(normalised_[a], compact_[a], normalised_[b], compact_[b], &cache);
    }
  });
  compare.Stop(stats_.compare);
  PhaseTimer estimate;
  if (!model_ready_) {
    // Count distinct patterns through a hash of their packed bytes.
    std::unordered_map<uint64_t, double> packed;
    for (const auto& p : patterns) {
      uint64_t key = 0;
      std::memcpy(&key, p.data(), sizeof key);
      packed[key] += 1;
    }
    std::map<Pattern, double> counts;
    for (const auto& [key, count] : packed) {
      Pattern p;
      std::memcpy(p.data(), &key, sizeof key);
      counts[p] = count;
    }
    long long random_pairs = std::min<long long>(options_.random_pairs, 20LL * normalised_.size());
    DISRUPT_RETURN_IF_ERROR(model_.Estimate(normalised_, counts, random_pairs, options_.seed, options_.threads));
    model_ready_ = true;
  } else {
    // Records resolved earlier were counted already; count the new ones.
    model_.CountTermFrequencies(normalised_, resolved_);
  }
  estimate.Stop(stats_.estimate);
  PhaseTimer score;
  // Exact-name weights once per distinct name (names recur), not per pair;
  // the full name's once per record.
  std::vector<Model::ExactNameWeights> exact(normalised_.size());
  {
    const size_t records = normalised_.size();
    std::vector<float> given(names_.size() + 1, NAN), family(names_.size() + 1, NAN);
    for (const auto& r : normalised_) {
      if (r.given_id && std::isnan(given[r.given_id])) given[r.given_id] = static_cast<float>(model_.TermWeight(0, r.given_value));
      if (r.family_id && std::isnan(family[r.family_id])) {
        family[r.family_id] = static_cast<float>(model_.TermWeight(1, r.family_value));
      }
    }
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (size_t i = records * t / threads; i < records * (t + 1) / threads; ++i) {
          const auto& r = normalised_[i];
          exact[i].given = r.given_id ? given[r.given_id] : static_cast<float>(model_.TermWeight(0, r.given_value));
          exact[i].family = r.family_id ? family[r.family_id] : static_cast<float>(model_.TermWeight(1, r.family_value));
          exact[i].full = static_cast<float>(model_.FullNameWeight(r));
        }
      });
    }
    for (auto& th : pool) th.join();
  }
  size_t first = links_.size();
  links_.resize(first + n);
  run_parallel([&](size_t lo, size_t hi) {
    for (size_t i = lo; i < hi; ++i) {
      const auto& [a, b] = pairs[i];
      PairScore s = model_.Score(patterns[i], exact[a], exact[b]);
      links_[first + i] = Link{a, b, static_cast<float>(s.weight)};
    }
  });
  stats_.candidate_pairs += static_cast<long long>(n);
  score.Stop(stats_.score);
  return Status::Ok();
}

Status Resolver::Run() {
  if (!status_.ok()) return status_;
  if (records_.size() == resolved_) return Status::FailedPrecondition("no new records to resolve");
  size_t first_new = resolved_;
  PhaseTimer normalise;
  NormaliseNew();
  normalise.Stop(stats_.normalise);
  if (!model_ready_ && records_.size() < 2) return Status::FailedPrecondition("at least two records are needed");
  PhaseTimer blocking;
  auto pairs = CandidatePairs(first_new);
  blocking.Stop(stats_.blocking);
  DISRUPT_RETURN_IF_ERROR(ScorePairs(pairs));
  resolved_ = records_.size();
  stats_.records = static_cast<long long>(records_.size());
  PhaseTimer cluster;
  Cluster();
  cluster.Stop(stats_.cluster);
  return Status::Ok();
}

void Resolver::NormaliseNew() {
  // Phone parsing and transliteration dominate: normalise on all threads,
  // keeping issues in record order.
  size_t from = normalised_.size(), n = records_.size() - from;
  normalised_.resize(records_.size());
  int threads = static_cast<int>(std::min<size_t>(options_.threads, std::max<size_t>(1, n / 1000)));
  std::vector<std::vector<FieldIssue>> issues(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      size_t lo = from + n * t / threads, hi = from + n * (t + 1) / threads;
      for (size_t i = lo; i < hi; ++i) normalised_[i] = Normalise(records_[i], &issues[t]);
    });
  }
  for (auto& th : pool) th.join();
  for (auto& part : issues) issues_.insert(issues_.end(), part.begin(), part.end());
  // Ids in record order (one thread), then the compact forms on all threads.
  for (size_t i = from; i < normalised_.size(); ++i) names_.Assign(normalised_[i]);
  compact_.resize(normalised_.size());
  RunThreads(threads, [&](int t) {
    for (size_t i = from + n * t / threads; i < from + n * (t + 1) / threads; ++i) compact_[i] = Compact(normalised_[i]);
  });
}

Status Resolver::RestoreLinks(const std::vector<StoredLink>& links, const std::vector<std::string>& resolved_ids) {
  for (const auto& id : resolved_ids) {
    if (!index_.count(id)) return Status::NotFound("restored record not added: " + id);
  }
  for (const auto& l : links) {
    auto a = index_.find(l.a), b = index_.find(l.b);
    if (a == index_.end() || b == index_.end()) return Status::NotFound("link refers to an unknown record");
    links_.push_back(Link{a->second, b->second, static_cast<float>(l.weight)});
  }
  // Restored records must be the first ones added, so that [0, resolved_) is the resolved set.
  std::vector<bool> restored(records_.size(), false);
  for (const auto& id : resolved_ids) restored[index_[id]] = true;
  size_t k = 0;
  while (k < restored.size() && restored[k]) ++k;
  for (size_t i = k; i < restored.size(); ++i) {
    if (restored[i]) return Status::InvalidArgument("restored records must be added before new ones", "records");
  }
  NormaliseNew();
  normalised_.resize(k);  // records after k are normalised again by Run()
  compact_.resize(k);
  if (model_ready_) model_.CountTermFrequencies(normalised_, 0);
  resolved_ = k;
  stats_.records = static_cast<long long>(k);
  stats_.candidate_pairs += static_cast<long long>(links.size());
  Cluster();
  return Status::Ok();
}

void Resolver::LoadDecisions(std::vector<Decision> decisions) {
  for (auto& d : decisions) decisions_.push_back(std::move(d));
  if (resolved_ > 0) Cluster();
}

void Resolver::ReplaceDecisions(std::vector<Decision> decisions) {
  decisions_ = std::move(decisions);
  if (resolved_ > 0) Cluster();
}

Status Resolver::Decide(const Decision& decision) {
  if (!index_.count(decision.a)) return Status::NotFound("unknown record: " + decision.a);
  if (!index_.count(decision.b)) return Status::NotFound("unknown record: " + decision.b);
  if (decision.a == decision.b) return Status::InvalidArgument("a decision needs two different records", "b");
  decisions_.push_back(decision);
  if (resolved_ > 0) Cluster();
  return Status::Ok();
}

void Resolver::Cluster() {
  const uint32_t n = static_cast<uint32_t>(resolved_);
  // The latest decision on each pair.
  std::map<uint64_t, Verdict> decided;
  for (const auto& d : decisions_) {
    auto a = index_.find(d.a), b = index_.find(d.b);
    if (a == index_.end() || b == index_.end() || a->second >= n || b->second >= n) continue;
    uint64_t key = PairKey(a->second, b->second);
    if (d.verdict == Verdict::kRevoked) decided.erase(key);
    else decided[key] = d.verdict;
  }
  std::vector<std::vector<uint32_t>> cannot(n);
  for (const auto& [key, verdict] : decided) {
    if (verdict != Verdict::kNotSame) continue;
    uint32_t a = static_cast<uint32_t>(key >> 32), b = static_cast<uint32_t>(key);
    cannot[a].push_back(b);
    cannot[b].push_back(a);
  }
  const double match_weight = std::log2(options_.match_probability / (1 - options_.match_probability));
  const double review_weight = std::log2(options_.review_probability / (1 - options_.review_probability));
  const double reject_weight =
      options_.reject_probability > 0 ? std::log2(options_.reject_probability / (1 - options_.reject_probability))
                                      : -1e300;
  // The chaining guard only ever looks at pairs between two groups being
  // merged, and every member of such a group is an endpoint of a match or
  // of a "same" decision ("active"); and it counts only matches and clear
  // non-matches. So its adjacency (CSR) holds just those pairs among active
  // records, a small share of all scored pairs.
  std::vector<bool> active(n, false);
  for (const auto& l : links_) {
    if (l.a < n && l.b < n && l.weight >= match_weight) active[l.a] = active[l.b] = true;
  }
  for (const auto& [key, verdict] : decided) {
    if (verdict == Verdict::kSame) active[static_cast<uint32_t>(key >> 32)] = active[static_cast<uint32_t>(key)] = true;
  }
  auto guarded = [&](const Link& l) {
    return l.a < n && l.b < n && active[l.a] && active[l.b] && (l.weight >= match_weight || l.weight < reject_weight);
  };
  std::vector<uint32_t> offset(n + 1, 0);
  for (const auto& l : links_) {
    if (!guarded(l)) continue;
    ++offset[l.a + 1];
    ++offset[l.b + 1];
  }
  for (uint32_t i = 0; i < n; ++i) offset[i + 1] += offset[i];
  std::vector<std::pair<uint32_t, float>> adj(offset[n]);
  {
    std::vector<uint32_t> fill(offset.begin(), offset.end() - 1);
    for (const auto& l : links_) {
      if (!guarded(l)) continue;
      adj[fill[l.a]++] = {l.b, l.weight};
      adj[fill[l.b]++] = {l.a, l.weight};
    }
  }
  // Union-find; each group's members form a circular list through next.
  std::vector<uint32_t> parent(n), next(n), size(n, 1);
  for (uint32_t i = 0; i < n; ++i) parent[i] = next[i] = i;
  auto find = [&](uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  auto unite = [&](uint32_t ra, uint32_t rb) {
    if (size[ra] < size[rb]) std::swap(ra, rb);
    parent[rb] = ra;
    size[ra] += size[rb];
    std::swap(next[ra], next[rb]);  // splices the two circular lists
  };
  review_.clear();
  cluster_links_.clear();
  std::vector<std::tuple<uint32_t, uint32_t, double, bool>> used;  // a, b, weight, decided
  stats_.links = stats_.refused_merges = 0;

  for (const auto& [key, verdict] : decided) {
    if (verdict != Verdict::kSame) continue;
    uint32_t a = static_cast<uint32_t>(key >> 32), b = static_cast<uint32_t>(key);
    uint32_t ra = find(a), rb = find(b);
    if (ra != rb) unite(ra, rb);
    used.emplace_back(a, b, 0.0, true);
  }

  std::vector<const Link*> order;
  for (const auto& l : links_) {
    if (l.a < n && l.b < n && l.weight >= review_weight) order.push_back(&l);
  }
  std::sort(order.begin(), order.end(), [](const Link* x, const Link* y) {
    return x->weight != y->weight ? x->weight > y->weight : PairKey(x->a, x->b) < PairKey(y->a, y->b);
  });
  auto add_review = [&](const Link& l, std::string reason) {
    review_.push_back({records_[l.a].id, records_[l.b].id, Probability(l.weight), l.weight, std::move(reason)});
  };
  for (const Link* l : order) {
    auto it = decided.find(PairKey(l->a, l->b));
    if (it != decided.end()) continue;  // an analyst already decided this pair
    uint32_t ra = find(l->a), rb = find(l->b);
    if (ra == rb) continue;
    if (l->weight < match_weight) {
      add_review(*l, "uncertain");
      continue;
    }
    // Guards: a not-same decision across the groups, or more clear
    // non-matches than matches among the pairs compared across them.
    const uint32_t small = size[ra] <= size[rb] ? ra : rb;
    const uint32_t other = small == ra ? rb : ra;
    bool forbidden = false;
    long long agree = 0, disagree = 0;
    uint32_t r = small;
    do {
      for (uint32_t c : cannot[r]) forbidden |= find(c) == other;
      for (uint32_t e = offset[r]; e < offset[r + 1]; ++e) {
        if (find(adj[e].first) != other) continue;
        if (adj[e].second >= match_weight) ++agree;
        else if (adj[e].second < reject_weight) ++disagree;
      }
      r = next[r];
    } while (r != small);
    if (forbidden) {
      ++stats_.refused_merges;
      add_review(*l, "analyst said not same");
      continue;
    }
    if (disagree >= agree) {  // the link itself counts as one agreement
      ++stats_.refused_merges;
      add_review(*l, "would chain two groups");
      continue;
    }
    unite(ra, rb);
    ++stats_.links;
    used.emplace_back(l->a, l->b, l->weight, false);
  }

  // Cluster ids: the earliest record of each cluster.
  root_.assign(n, 0);
  std::vector<uint32_t> earliest(n, UINT32_MAX);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t r = find(i);
    earliest[r] = std::min(earliest[r], i);
  }
  stats_.clusters = 0;
  for (uint32_t i = 0; i < n; ++i) {
    root_[i] = earliest[find(i)];
    if (root_[i] == i) ++stats_.clusters;
  }
  for (const auto& [a, b, w, is_decision] : used) {
    ClusterLink cl{records_[a].id, records_[b].id, w, is_decision ? 1.0 : Probability(w), is_decision};
    cluster_links_[records_[root_[a]].id].push_back(std::move(cl));
  }
  std::sort(review_.begin(), review_.end(), [](const ReviewItem& x, const ReviewItem& y) {
    return x.probability != y.probability ? x.probability > y.probability : std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
}

std::vector<std::pair<std::string, std::string>> Resolver::Assignments() const {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(root_.size());
  for (size_t i = 0; i < root_.size(); ++i) out.emplace_back(records_[i].id, records_[root_[i]].id);
  return out;
}

Result<Explanation> Resolver::Explain(const std::string& a, const std::string& b) const {
  auto ia = index_.find(a), ib = index_.find(b);
  if (ia == index_.end() || ia->second >= normalised_.size()) return Status::NotFound("unknown record: " + a);
  if (ib == index_.end() || ib->second >= normalised_.size()) return Status::NotFound("unknown record: " + b);
  return model_.Explain(normalised_[ia->second], normalised_[ib->second]);
}

std::vector<StoredLink> Resolver::Links() const {
  std::vector<StoredLink> out;
  out.reserve(links_.size());
  for (const auto& l : links_) out.push_back({records_[l.a].id, records_[l.b].id, l.weight});
  return out;
}

}  // namespace disrupt::resolve

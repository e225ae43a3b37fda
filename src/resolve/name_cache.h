// Fast name comparison for resolve/: names recur (a few thousand given and
// family names make up most records), so each distinct name part is given
// an integer id once, and the similarity of two parts is computed once per
// worker and then looked up by their ids.
//
//   NameInterner         gives each distinct token list (a record's given
//                        part, family part, and all its tokens together) an
//                        id; equal ids mean equal token lists.
//   PartSimilarityCache  a direct-mapped cache of PartSimilarity by the
//                        ordered pair of ids. A slot holds one pair; a
//                        collision replaces it. What it returns is always
//                        what PartSimilarity would compute, so results do
//                        not depend on the cache's size or history.
//
// Thread safety: a NameInterner is used from one thread at a time; a
// PartSimilarityCache belongs to one thread. Memory: the cache takes
// 16 bytes per slot (2^20 slots by default, 16 MiB).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "resolve/record.h"

namespace disrupt::resolve {

class NameInterner {
 public:
  // Sets r.given_id, r.family_id and r.all_id (0 for an empty part). Ids
  // are 1, 2, ... in the order the token lists are first seen.
  void Assign(NormalisedRecord& r);
  size_t size() const { return names_.size(); }

 private:
  // An open-addressing table of ids (names recur: most calls find one), each
  // slot the id with the top bits of its name's hash, so that a probe reads
  // the name itself only when those agree; at most half full.
  uint32_t Intern(std::string_view joined);
  static uint64_t Hash(std::string_view s);
  void Grow();
  std::vector<std::string> names_;  // names_[id - 1]
  std::vector<uint64_t> slots_;     // (hash >> 32) << 32 | id, 0 when empty
  std::string joined_;              // scratch: given and family tokens together
};

class PartSimilarityCache {
 public:
  explicit PartSimilarityCache(int log2_slots = 20);
  // The similarity of the parts with ids a_id and b_id (in this order),
  // if this cache holds it.
  bool Find(uint32_t a_id, uint32_t b_id, double& similarity);
  // Keeps the similarity computed for the parts a_id and b_id.
  void Put(uint32_t a_id, uint32_t b_id, double similarity);
  long long hits() const { return hits_; }
  long long misses() const { return misses_; }

 private:
  static uint64_t Key(uint32_t a, uint32_t b) { return (static_cast<uint64_t>(a) << 32) | b; }
  size_t Slot(uint64_t key) const { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_); }
  int shift_;
  std::vector<uint64_t> keys_;
  std::vector<double> values_;
  long long hits_ = 0, misses_ = 0;
};

}  // namespace disrupt::resolve
